using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using CorsKit.Fetch;

namespace CorsKit.Diagnostics.Har;

/// <summary>
/// Reads a HAR file (HAR 1.2, W3C Web Performance WG draft "HTTP Archive (HAR) format"; the files Chromium DevTools'
/// "Save all as HAR", Firefox's "Save All As HAR" and Playwright's <c>recordHar</c> write). Tolerant: a member of the
/// wrong type or missing is read as absent, an entry without a method or URL is skipped and counted. Any text in, no
/// exception out: what is not JSON, or not a HAR, gives false and one sentence.
/// </summary>
public static class HarReader
{
    /// <summary>Nesting allowed in the JSON: a HAR is about six levels deep; anything far deeper is not a HAR.</summary>
    private const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Options = new()
    {
        MaxDepth = MaxDepth,
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    /// <summary>Parses <paramref name="text"/> as a HAR file.</summary>
    public static bool TryRead(string? text, [NotNullWhen(true)] out HarLog? log, out string error)
    {
        log = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the HAR file is empty.";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text.AsMemory().TrimStart('\uFEFF'), Options);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1})" : "";
            error = $"the HAR file is not valid JSON{where}.";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("log", out var root) || root.ValueKind != JsonValueKind.Object)
            {
                error = "the JSON has no \"log\" object: expected a HAR file (DevTools' \"Save all as HAR\", Firefox's \"Save All As HAR\").";
                return false;
            }

            if (!root.TryGetProperty("entries", out var entries) || entries.ValueKind != JsonValueKind.Array)
            {
                error = "the HAR file has no \"log.entries\" array.";
                return false;
            }

            var read = new List<HarEntry>();
            var skipped = 0;
            foreach (var entry in entries.EnumerateArray())
            {
                if (ReadEntry(entry, read.Count + skipped) is { } e)
                {
                    read.Add(e);
                }
                else
                {
                    skipped++;
                }
            }

            log = new HarLog
            {
                Creator = Text(Member(root, "creator"), "name") ?? "",
                Browser = Text(Member(root, "browser"), "name") ?? "",
                Pages = ReadPages(Member(root, "pages")),
                Entries = read,
                Skipped = skipped,
            };
            error = "";
            return true;
        }
    }

    private static HarEntry? ReadEntry(JsonElement entry, int index)
    {
        var request = Member(entry, "request");
        var method = Text(request, "method");
        var url = Text(request, "url");
        if (string.IsNullOrEmpty(method) || string.IsNullOrEmpty(url))
        {
            return null;
        }

        var response = Member(entry, "response");
        var initiator = Member(entry, "_initiator");
        return new HarEntry
        {
            Index = index,
            Method = method,
            Url = url,
            ParsedUrl = Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null,
            RequestHeaders = Headers(Member(request, "headers")),
            RequestCookieCount = Member(request, "cookies") is { ValueKind: JsonValueKind.Array } cookies ? cookies.GetArrayLength() : 0,
            Body = Text(Member(request, "postData"), "text"),
            Status = Int(response, "status") ?? 0,
            ResponseHeaders = Headers(Member(response, "headers")),
            RedirectUrl = Text(response, "redirectURL") ?? "",
            Error = Text(response, "_error") ?? Text(entry, "_error"),
            Started = Text(entry, "startedDateTime") is { } started
                && DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            ResourceType = Text(entry, "_resourceType"),
            InitiatorType = initiator is { ValueKind: JsonValueKind.String } ? initiator.Value.GetString() : Text(initiator, "type"),
            InitiatorRequestId = Text(initiator, "requestId"),
            InitiatorUrl = Text(initiator, "url"),
            RequestId = Text(entry, "_requestId"),
            PageRef = Text(entry, "pageref"),
        };
    }

    private static List<HarPage> ReadPages(JsonElement? pages)
    {
        var list = new List<HarPage>();
        if (pages is { ValueKind: JsonValueKind.Array })
        {
            foreach (var page in pages.Value.EnumerateArray())
            {
                list.Add(new HarPage(Text(page, "id") ?? "", Text(page, "title") ?? ""));
            }
        }

        return list;
    }

    /// <summary>HAR <c>headers</c>: <c>[{name, value}]</c>. A value holding line breaks is several lines of the same
    /// name, as DevTools splits CDP's joined header map (SDK NetworkManager, headers map to array: one entry per
    /// <c>\n</c>-separated value).</summary>
    private static List<HttpHeader> Headers(JsonElement? headers)
    {
        var list = new List<HttpHeader>();
        if (headers is not { ValueKind: JsonValueKind.Array })
        {
            return list;
        }

        foreach (var header in headers.Value.EnumerateArray())
        {
            var name = Text(header, "name");
            if (string.IsNullOrEmpty(name))
            {
                continue;
            }

            var value = Text(header, "value") ?? "";
            foreach (var line in value.Split('\n'))
            {
                list.Add(new HttpHeader(name, line.TrimEnd('\r')));
            }
        }

        return list;
    }

    private static JsonElement? Member(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var value) ? value : null;

    private static string? Text(JsonElement? element, string name) =>
        Member(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static int? Int(JsonElement? element, string name) => Member(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var d) && d is >= int.MinValue and <= int.MaxValue => (int)d,
        { ValueKind: JsonValueKind.String } s when int.TryParse(s.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
        _ => null,
    };
}
