using System.Text.Json;
using CorsKit.Model;

namespace CorsKit.Playground.Features.Live;

/// <summary>What the real browser's fetch() gave (playground.js liveFetch).</summary>
internal sealed record RealOutcome(bool Allowed, int Status, string[] Readable, string? Error)
{
    /// <summary>Reads liveFetch's JSON answer.</summary>
    public static RealOutcome Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        return new RealOutcome(
            root.GetProperty("allowed").GetBoolean(),
            root.GetProperty("status").GetInt32(),
            [.. root.GetProperty("readable").EnumerateArray().Select(e => e.GetString() ?? "")],
            root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null);
    }

    /// <summary>The script's header lines as liveFetch takes them: [["name","value"],…] (split at the first colon;
    /// the scenario was validated before it ran).</summary>
    public static string HeadersJson(IReadOnlyList<string> lines)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartArray();
            foreach (var line in lines)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    w.WriteStartArray();
                    w.WriteStringValue(line[..colon].Trim());
                    w.WriteStringValue(line[(colon + 1)..].Trim());
                    w.WriteEndArray();
                }
            }
            w.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary>One compared item: the model's value, the real browser's, and whether they agree.</summary>
internal sealed record LiveRow(string Item, string Model, string Browser)
{
    public bool Agrees => Model == Browser;
}

/// <summary>The model's verdict next to what the real browser did and what reached the live servers.</summary>
internal static class LiveComparison
{
    private const string None = "(none)";

    public static IReadOnlyList<LiveRow> Compare(CorsVerdict model, RealOutcome real, IReadOnlyList<LiveRequest> reached)
    {
        var preflight = reached.FirstOrDefault(r => r.Method == "OPTIONS" && r.Header("Access-Control-Request-Method") is not null);
        var modelOrigins = model.Exchanges.Select(e => HeaderOf(e.Request, "Origin") ?? None);
        return
        [
            new("Verdict", model.Allowed ? "allowed" : "blocked", real.Allowed ? "allowed" : "blocked"),
            new("Preflight sent", model.PreflightSent ? "yes" : "no", preflight is not null ? "yes" : "no"),
            new("Access-Control-Request-Method", model.PreflightRequestMethod ?? None, preflight?.Header("Access-Control-Request-Method") ?? None),
            new("Access-Control-Request-Headers", model.PreflightRequestHeaders ?? None, preflight?.Header("Access-Control-Request-Headers") ?? None),
            new("Origin of each request", string.Join(" | ", modelOrigins), string.Join(" | ", reached.Select(r => r.Header("Origin") ?? None))),
            new("Readable headers", Names(model.ReadableHeaders), Names(real.Readable)),
        ];
    }

    private static string Names(IEnumerable<string> names)
    {
        var list = names.Select(n => n.ToLowerInvariant()).Distinct().Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? None : string.Join(", ", list);
    }

    private static string? HeaderOf(OutgoingRequest request, string name)
    {
        var values = request.Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}
