using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CorsKit.Scenarios;

namespace CorsKit.Playground.Features.Live;

/// <summary>What <c>GET /api/info</c> says about the backend (docs/playground.md, the backend API).</summary>
public sealed record BackendInfo(bool Live, string ApiOrigin, string OtherOrigin, bool RemoteCheck);

/// <summary>One request that reached a live server, in arrival order.</summary>
public sealed record LiveRequest(string Origin, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The combined value of a header (names compared case-insensitively), or null.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}

/// <summary>The answer of <c>POST /api/check</c>.</summary>
internal sealed record CheckAnswer(int? ExitCode, string Transcript, string? Error);

/// <summary>
/// The page's backend, served by <c>corskit playground</c> on the page's own origin. A static host has none: any
/// answer to <c>/api/info</c> that is not the expected JSON means "no backend".
/// </summary>
internal sealed class PlaygroundApi(HttpClient http)
{
    public async Task<(BackendInfo? Info, string Reason)> InfoAsync()
    {
        try
        {
            using var response = await http.GetAsync("api/info");
            if (!response.IsSuccessStatusCode)
            {
                return (null, $"This page is served without the playground backend (/api/info answered {(int)response.StatusCode}): run `corskit playground` for live mode and URL checks.");
            }
            using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = doc.RootElement;
            return (new BackendInfo(
                root.TryGetProperty("live", out var live) && live.ValueKind == JsonValueKind.True,
                root.TryGetProperty("apiOrigin", out var api) ? api.GetString() ?? "" : "",
                root.TryGetProperty("otherOrigin", out var other) ? other.GetString() ?? "" : "",
                root.TryGetProperty("remoteCheck", out var remote) && remote.ValueKind == JsonValueKind.True), "");
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException)
        {
            return (null, "This page is served without the playground backend (no /api/info): run `corskit playground` for live mode and URL checks.");
        }
    }

    public async Task<(string? Id, Scenario? Relocated, string Error)> StartLiveAsync(string pageOrigin, Scenario scenario)
    {
        var body = new StringBuilder();
        body.Append("{\"pageOrigin\":").Append(JsonSerializer.Serialize(pageOrigin, PlaygroundJson.Default.String))
            .Append(",\"scenario\":").Append(scenario.ToJson()).Append('}');
        try
        {
            using var content = new StringContent(body.ToString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var response = await http.PostAsync("api/live", content);
            var text = await response.Content.ReadAsStringAsync();
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (!response.IsSuccessStatusCode)
            {
                return (null, null, root.TryGetProperty("error", out var e) ? e.GetString() ?? text : text);
            }
            var id = root.GetProperty("id").GetString();
            return Scenario.TryFromJson(root.GetProperty("scenario").GetRawText(), out var relocated, out var error)
                ? (id, relocated, "") : (null, null, error);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException or TaskCanceledException)
        {
            return (null, null, "The live server could not be started: " + ex.Message);
        }
    }

    public async Task<IReadOnlyList<LiveRequest>?> RequestsAsync(string id)
    {
        try
        {
            using var doc = JsonDocument.Parse(await http.GetStringAsync($"api/live/{Uri.EscapeDataString(id)}/requests"));
            var list = new List<LiveRequest>();
            foreach (var item in doc.RootElement.EnumerateArray())
            {
                var headers = new List<KeyValuePair<string, string>>();
                if (item.TryGetProperty("headers", out var hs))
                {
                    foreach (var pair in hs.EnumerateArray())
                    {
                        headers.Add(new(pair[0].GetString() ?? "", pair[1].GetString() ?? ""));
                    }
                }
                list.Add(new LiveRequest(Text(item, "origin"), Text(item, "method"), Text(item, "target"), headers));
            }
            return list;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or IndexOutOfRangeException or TaskCanceledException)
        {
            return null;
        }

        static string Text(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetString() ?? "" : "";
    }

    public async Task<CheckAnswer> CheckAsync(string url, string origin, string method, IReadOnlyList<KeyValuePair<string, string>> headers, string credentials)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("url", url);
            w.WriteString("origin", origin);
            w.WriteString("method", method);
            w.WriteStartArray("headers");
            foreach (var h in headers)
            {
                w.WriteStartArray();
                w.WriteStringValue(h.Key);
                w.WriteStringValue(h.Value);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteString("credentials", credentials);
            w.WriteEndObject();
        }
        try
        {
            using var content = new ByteArrayContent(buffer.ToArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync("api/check", content);
            var text = await response.Content.ReadAsStringAsync();
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.TryGetProperty("error", out var error))
            {
                return new CheckAnswer(null, "", error.GetString());
            }
            return new CheckAnswer(root.TryGetProperty("exitCode", out var code) && code.TryGetInt32(out var c) ? c : null,
                root.TryGetProperty("transcript", out var t) ? t.GetString() ?? "" : "", null);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or InvalidOperationException or TaskCanceledException)
        {
            return new CheckAnswer(null, "", "The check could not run: " + ex.Message);
        }
    }
}
