using System.Text.Json.Nodes;

namespace CorsKit.Tests.Diagnostics.Har;

/// <summary>Builds small HAR files for the tests: entries as a writer shapes them, headers as (name, value) pairs.</summary>
internal static class HarText
{
    public static JsonObject Entry(string method, string url, (string, string)[] requestHeaders, int status, (string, string)[] responseHeaders,
        double secondsAfterStart, string? resourceType = null, JsonObject? initiator = null, string? error = null, string? requestId = null)
    {
        var entry = new JsonObject
        {
            ["pageref"] = "page_1",
            ["startedDateTime"] = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.Zero).AddSeconds(secondsAfterStart).ToString("o", System.Globalization.CultureInfo.InvariantCulture),
            ["request"] = new JsonObject
            {
                ["bodySize"] = 0,
                ["method"] = method,
                ["url"] = url,
                ["httpVersion"] = "HTTP/1.1",
                ["headers"] = Headers(requestHeaders),
                ["cookies"] = new JsonArray(),
                ["queryString"] = new JsonArray(),
                ["headersSize"] = -1,
            },
            ["response"] = new JsonObject
            {
                ["status"] = status,
                ["statusText"] = status == 0 ? "" : "OK",
                ["httpVersion"] = "HTTP/1.1",
                ["headers"] = Headers(responseHeaders),
                ["cookies"] = new JsonArray(),
                ["content"] = new JsonObject { ["mimeType"] = "text/plain", ["size"] = 0 },
                ["redirectURL"] = responseHeaders.FirstOrDefault(h => h.Item1.Equals("location", StringComparison.OrdinalIgnoreCase)).Item2 ?? "",
                ["headersSize"] = -1,
                ["bodySize"] = -1,
            },
            ["cache"] = new JsonObject(),
            ["timings"] = new JsonObject { ["blocked"] = 0, ["dns"] = 0, ["connect"] = 0, ["ssl"] = 0, ["send"] = 0, ["wait"] = 1, ["receive"] = 0 },
            ["time"] = 1,
        };
        if (resourceType is not null)
        {
            entry["_resourceType"] = resourceType;
        }

        if (initiator is not null)
        {
            entry["_initiator"] = initiator;
        }

        if (error is not null)
        {
            entry["response"]!["_error"] = error;
        }

        if (requestId is not null)
        {
            entry["_requestId"] = requestId;
        }

        return entry;
    }

    public static string Log(string creator, string pageUrl, params JsonObject[] entries) => new JsonObject
    {
        ["log"] = new JsonObject
        {
            ["version"] = "1.2",
            ["creator"] = new JsonObject { ["name"] = creator, ["version"] = "1" },
            ["browser"] = new JsonObject { ["name"] = creator, ["version"] = "1" },
            ["pages"] = new JsonArray(new JsonObject { ["id"] = "page_1", ["title"] = pageUrl, ["startedDateTime"] = "2026-12-03T10:00:00.000Z" }),
            ["entries"] = new JsonArray([.. entries]),
        },
    }.ToJsonString();

    private static JsonArray Headers((string Name, string Value)[] headers) =>
        new([.. headers.Select(h => (JsonNode)new JsonObject { ["name"] = h.Name, ["value"] = h.Value })]);
}
