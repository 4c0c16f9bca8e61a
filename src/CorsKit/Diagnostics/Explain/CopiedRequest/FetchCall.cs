using System.Text.Json;
using CorsKit.Fetch;

namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// Reads a copied <c>fetch(…)</c> call. DevTools writes (NetworkLogView.ts <c>generateFetchCall</c>)
/// <c>fetch(${JSON.stringify(url)}, ${JSON.stringify(options, null, 2)});</c> with the options <c>headers</c> (an
/// object; the forbidden headers and any name with ':' left out), <c>referrer</c> (the Referer header's value),
/// <c>referrerPolicy</c>, <c>body</c> (a string or null), <c>method</c>, <c>mode: "cors"</c> and
/// <c>credentials</c> (<c>include</c> when the request carried cookies or Authorization, else <c>omit</c>). The
/// Node.js style drops <c>mode</c> and <c>credentials</c> and moves <c>cookie</c>, <c>Referer</c> and
/// <c>Referrer-Policy</c> into the headers. Both are JSON between <c>fetch(</c> and <c>)</c>, so they are read as the
/// JSON array <c>[url, options]</c>.
/// </summary>
internal static class FetchCall
{
    public static bool TryRead(string text, out CopiedParts? parts, out bool node, out string error)
    {
        try
        {
            return TryReadCore(text, out parts, out node, out error);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or ArgumentException)
        {
            // JSON that is not well formed, or a string escape that is not valid UTF-16 (System.Text.Json refuses
            // "\uD800" alone when the string is read).
            parts = null;
            node = false;
            error = "the arguments of the fetch call are not the JSON DevTools' Copy as fetch writes (fetch(\"URL\", { \"headers\": {…}, … })).";
            return false;
        }
    }

    private static bool TryReadCore(string text, out CopiedParts? parts, out bool node, out string error)
    {
        parts = null;
        node = false;
        var call = text.TrimEnd(' ', '\t', '\r', '\n', ';');
        if (!call.StartsWith("fetch(", StringComparison.Ordinal) || !call.EndsWith(')'))
        {
            error = "a copied fetch call has the form fetch(\"URL\", { … });";
            return false;
        }

        // "Copy all as fetch" joins the calls with " ;\n" (generateAllFetchCall); a Windows clipboard may make it "\r\n".
        var lines = call.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (lines.Contains(");\nfetch(", StringComparison.Ordinal) || lines.Contains(") ;\nfetch(", StringComparison.Ordinal))
        {
            error = "the text holds more than one fetch call (\"Copy all as fetch\"); paste one request at a time.";
            return false;
        }

        using (var document = JsonDocument.Parse("[" + call["fetch(".Length..^1] + "]", new JsonDocumentOptions { MaxDepth = 16 }))
        {
            var arguments = document.RootElement;
            if (arguments.GetArrayLength() is < 1 or > 2 || arguments[0].ValueKind != JsonValueKind.String)
            {
                error = "a copied fetch call has the URL as a string and at most one options object.";
                return false;
            }

            var options = arguments.GetArrayLength() == 2 ? arguments[1] : default;
            if (options.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined))
            {
                error = "the second argument of the fetch call is not an options object.";
                return false;
            }

            var headers = new List<HttpHeader>();
            string? method = null, body = null, referrer = null, credentials = null, mode = null;
            if (options.ValueKind == JsonValueKind.Object)
            {
                foreach (var option in options.EnumerateObject())
                {
                    var value = option.Value;
                    switch (option.Name)
                    {
                        case "headers" when value.ValueKind == JsonValueKind.Object:
                            foreach (var header in value.EnumerateObject())
                            {
                                if (header.Value.ValueKind != JsonValueKind.String)
                                {
                                    error = $"the header '{header.Name}' in the fetch call is not a string.";
                                    return false;
                                }

                                headers.Add(new HttpHeader(header.Name, header.Value.GetString()!));
                            }

                            break;
                        case "body" when value.ValueKind is JsonValueKind.String or JsonValueKind.Null:
                            body = value.GetString();
                            break;
                        case "method" when value.ValueKind == JsonValueKind.String:
                            method = value.GetString();
                            break;
                        case "referrer" when value.ValueKind == JsonValueKind.String:
                            referrer = value.GetString();
                            break;
                        case "credentials" when value.ValueKind == JsonValueKind.String:
                            credentials = value.GetString();
                            break;
                        case "mode" when value.ValueKind == JsonValueKind.String:
                            mode = value.GetString();
                            break;
                        case "referrerPolicy" or "cache" or "redirect" or "integrity" or "keepalive" or "priority":
                            break;
                        default:
                            error = $"the fetch option '{option.Name}' is not one DevTools' Copy as fetch writes as {value.ValueKind.ToString().ToLowerInvariant()}.";
                            return false;
                    }
                }
            }

            if (mode is not (null or "cors"))
            {
                error = $"the fetch call uses mode '{mode}'; CORS checks apply to mode 'cors' (DevTools always copies that).";
                return false;
            }

            // "Copy as fetch" always writes mode "cors"; only the Node.js style leaves it (and credentials) out. That
            // style also turns the request's referrer policy into a "Referrer-Policy" request header, which no browser
            // sent: drop it, or it would look like a script-set, non-safelisted header that needs a preflight.
            node = mode is null && credentials is null;
            if (node)
            {
                headers.RemoveAll(h => h.Name.Equals("referrer-policy", StringComparison.OrdinalIgnoreCase));
            }
            parts = new CopiedParts
            {
                Url = arguments[0].GetString()!,
                Method = method,
                Headers = headers,
                Body = body,
                Referrer = referrer,
                Credentials = credentials,
            };
            error = "";
            return true;
        }
    }
}
