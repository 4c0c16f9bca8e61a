using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CorsKit.Cli.Tests.CheckSupport;

/// <summary>
/// Records Chromium's DevTools Network events and writes them as a HAR file shaped the way DevTools' own writer shapes
/// them (devtools-frontend front_end/models/har/Log.ts, <c>Entry.build</c>): one entry per request and per redirect
/// hop; a preflight is its own entry with <c>_resourceType: "preflight"</c> and <c>_initiator: {type: "preflight",
/// url, requestId}</c>; request and response headers are the wire headers of the <c>…ExtraInfo</c> events when they
/// came, else those of <c>requestWillBeSent</c>/<c>responseReceived</c>, one HAR header per line (DevTools splits the
/// CDP map's <c>\n</c>-joined values); a request with no response has status 0 and no headers; a failed one carries
/// <c>response._error</c> (the <c>loadingFailed.errorText</c>). No ids of the requests themselves, as in DevTools.
/// </summary>
public sealed class CdpHarRecorder
{
    private readonly List<(string Method, JsonElement Event)> _events = [];
    private readonly Lock _lock = new();

    public CdpHarRecorder(ICDPSession cdp)
    {
        foreach (var name in new[] { "requestWillBeSent", "requestWillBeSentExtraInfo", "responseReceived", "responseReceivedExtraInfo", "loadingFailed", "loadingFinished" })
        {
            cdp.Event("Network." + name).OnEvent += (_, e) =>
            {
                if (e is { } ev)
                {
                    lock (_lock)
                    {
                        _events.Add((name, ev.Clone()));
                    }
                }
            };
        }
    }

    /// <summary>Every <c>loadingFailed</c> so far: requestId → (corsError, failedParameter, errorText, resource type).</summary>
    public IReadOnlyList<JsonElement> Events(string method)
    {
        lock (_lock)
        {
            return [.. _events.Where(e => e.Method == method).Select(e => e.Event)];
        }
    }

    private sealed class Hop
    {
        public required string RequestId { get; init; }
        public required JsonElement Will { get; init; }
        public JsonElement? WillExtra { get; set; }
        public JsonElement? Response { get; set; }
        public JsonElement? ResponseExtra { get; set; }
        public string? Error { get; set; }
    }

    /// <summary>The HAR text of everything recorded, for a page on <paramref name="pageUrl"/>.</summary>
    public string ToHar(string pageUrl)
    {
        List<(string Method, JsonElement Event)> events;
        lock (_lock)
        {
            events = [.. _events];
        }

        var hops = new List<Hop>();
        var current = new Dictionary<string, Hop>();
        var willExtra = new Dictionary<string, Queue<JsonElement>>();
        var responseExtra = new Dictionary<string, Queue<JsonElement>>();
        foreach (var (method, e) in events)
        {
            var id = e.GetProperty("requestId").GetString()!;
            switch (method)
            {
                case "requestWillBeSent":
                    if (e.TryGetProperty("redirectResponse", out var redirect) && current.TryGetValue(id, out var previous))
                    {
                        previous.Response = redirect;
                    }

                    var hop = new Hop { RequestId = id, Will = e };
                    hops.Add(hop);
                    current[id] = hop;
                    break;
                case "requestWillBeSentExtraInfo":
                    Enqueue(willExtra, id, e);
                    break;
                case "responseReceivedExtraInfo":
                    Enqueue(responseExtra, id, e);
                    break;
                case "responseReceived":
                    if (current.TryGetValue(id, out var received))
                    {
                        received.Response = e.GetProperty("response");
                    }

                    break;
                case "loadingFailed":
                    if (current.TryGetValue(id, out var failed))
                    {
                        failed.Error = e.GetProperty("errorText").GetString();
                    }

                    break;
            }
        }

        // The ExtraInfo events of one request id belong to its hops in order (DevTools pairs them the same way); only
        // the last hop can lack one (its preflight stopped it before the network), so pairing in order is exact.
        foreach (var group in hops.GroupBy(h => h.RequestId))
        {
            var list = group.ToList();
            if (willExtra.TryGetValue(group.Key, out var wq))
            {
                foreach (var hop in list)
                {
                    if (wq.Count == 0)
                    {
                        break;
                    }

                    hop.WillExtra = wq.Dequeue();
                }
            }

            if (responseExtra.TryGetValue(group.Key, out var rq))
            {
                foreach (var hop in list)
                {
                    if (rq.Count == 0)
                    {
                        break;
                    }

                    hop.ResponseExtra = rq.Dequeue();
                }
            }
        }

        var entries = new JsonArray();
        foreach (var hop in hops)
        {
            entries.Add(Entry(hop));
        }

        var har = new JsonObject
        {
            ["log"] = new JsonObject
            {
                ["version"] = "1.2",
                ["creator"] = new JsonObject { ["name"] = "WebInspector", ["version"] = "537.36" },
                ["pages"] = new JsonArray(new JsonObject
                {
                    ["startedDateTime"] = DateTimeOffset.UtcNow.ToString("o", CultureInfo.InvariantCulture),
                    ["id"] = "page_1",
                    ["title"] = pageUrl,
                    ["pageTimings"] = new JsonObject { ["onContentLoad"] = -1, ["onLoad"] = -1 },
                }),
                ["entries"] = entries,
            },
        };
        return har.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    private static void Enqueue(Dictionary<string, Queue<JsonElement>> map, string id, JsonElement e)
    {
        if (!map.TryGetValue(id, out var q))
        {
            map[id] = q = new Queue<JsonElement>();
        }

        q.Enqueue(e);
    }

    private static JsonObject Entry(Hop hop)
    {
        var request = hop.Will.GetProperty("request");
        var type = hop.Will.TryGetProperty("type", out var t) ? t.GetString()! : "Other";
        var requestHeaders = hop.WillExtra is { } wx ? wx.GetProperty("headers") : request.GetProperty("headers");
        JsonElement? responseHeaders = hop.ResponseExtra is { } rx ? rx.GetProperty("headers") : hop.Response is { } r ? r.GetProperty("headers") : null;
        var status = hop.ResponseExtra is { } rs ? rs.GetProperty("statusCode").GetInt32() : hop.Response is { } r2 ? r2.GetProperty("status").GetInt32() : 0;
        var location = responseHeaders is { } rh ? rh.EnumerateObject().FirstOrDefault(p => p.Name.Equals("location", StringComparison.OrdinalIgnoreCase)).Value : default;
        var started = DateTimeOffset.FromUnixTimeMilliseconds((long)(hop.Will.GetProperty("wallTime").GetDouble() * 1000));
        var requestObject = new JsonObject
        {
            ["method"] = request.GetProperty("method").GetString(),
            ["url"] = request.GetProperty("url").GetString(),
            ["httpVersion"] = "HTTP/1.1",
            ["headers"] = Headers(requestHeaders),
            ["queryString"] = new JsonArray(),
            ["cookies"] = new JsonArray(),
            ["headersSize"] = -1,
            ["bodySize"] = 0,
        };
        if (request.TryGetProperty("postData", out var postData))
        {
            requestObject["postData"] = new JsonObject { ["mimeType"] = "text/plain;charset=UTF-8", ["text"] = postData.GetString() };
        }

        var response = new JsonObject
        {
            ["status"] = status,
            ["statusText"] = "",
            ["httpVersion"] = status == 0 ? "" : "HTTP/1.1",
            ["headers"] = responseHeaders is { } h ? Headers(h) : new JsonArray(),
            ["cookies"] = new JsonArray(),
            ["content"] = new JsonObject { ["size"] = 0, ["mimeType"] = "x-unknown" },
            ["redirectURL"] = location.ValueKind == JsonValueKind.String ? location.GetString() : "",
            ["headersSize"] = -1,
            ["bodySize"] = -1,
            ["_transferSize"] = 0,
            ["_error"] = hop.Error,
        };
        return new JsonObject
        {
            ["_initiator"] = JsonNode.Parse(hop.Will.GetProperty("initiator").GetRawText()),
            ["_priority"] = "High",
            // DevTools' resource type names (front_end/core/common/ResourceType.ts): the CDP type lowercased, except that
            // a request whose initiator is a preflight is given the Preflight type (CDP itself reports it as Other).
            ["_resourceType"] = Initiator(hop.Will) == "preflight" ? "preflight" : type.ToLowerInvariant(),
            ["cache"] = new JsonObject(),
            ["connection"] = "",
            ["pageref"] = "page_1",
            ["request"] = requestObject,
            ["response"] = response,
            ["serverIPAddress"] = "127.0.0.1",
            ["startedDateTime"] = started.ToString("o", CultureInfo.InvariantCulture),
            ["time"] = 0,
            ["timings"] = new JsonObject { ["blocked"] = -1, ["dns"] = -1, ["ssl"] = -1, ["connect"] = -1, ["send"] = 0, ["wait"] = 0, ["receive"] = 0 },
        };
    }

    private static string? Initiator(JsonElement will) =>
        will.TryGetProperty("initiator", out var i) && i.TryGetProperty("type", out var t) ? t.GetString() : null;

    /// <summary>A CDP header map as HAR headers: one entry per line of a <c>\n</c>-joined value.</summary>
    private static JsonArray Headers(JsonElement map)
    {
        var array = new JsonArray();
        foreach (var p in map.EnumerateObject())
        {
            foreach (var value in (p.Value.GetString() ?? "").Split('\n'))
            {
                array.Add(new JsonObject { ["name"] = p.Name, ["value"] = value });
            }
        }

        return array;
    }
}
