using System.Text;
using CorsKit.Fetch;

namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// Reads the argument words of a copied <c>curl</c> command. DevTools writes (NetworkLogView.ts
/// <c>generateCurlCommand</c>): the URL first, with <c>[ ] { }</c> backslash-escaped against curl's URL globbing;
/// <c>-X METHOD</c> when the method is not the inferred one (GET, or POST when there is a body); one <c>-H 'name: value'</c>
/// per request header (<c>-H 'name;'</c> for an empty value); <c>--data-raw BODY</c>; <c>--compressed</c>; and
/// <c>--insecure</c> for an insecure page. The other options a person adds to such a command by hand are read as curl
/// reads them (curl(1)); anything else is refused by name rather than guessed at.
/// </summary>
internal static class CurlCommand
{
    public static bool TryRead(IReadOnlyList<string> words, out CopiedParts? parts, out string error)
    {
        parts = null;
        if (words.Count == 0 || words[0] is not ("curl" or "curl.exe"))
        {
            error = "a copied cURL command starts with 'curl'.";
            return false;
        }

        string? url = null;
        string? method = null;
        var headers = new List<HttpHeader>();
        var data = new List<string>();
        var head = false;
        for (var i = 1; i < words.Count; i++)
        {
            var word = words[i];
            if (word.Length < 2 || word[0] != '-')
            {
                if (url is not null)
                {
                    error = $"the cURL command names two URLs ('{url}' and '{word}'); paste one request at a time.";
                    return false;
                }

                url = Unglob(word);
                continue;
            }

            // Options taking a value: "-H value", "-Hvalue", "--header value", "--header=value" is not curl syntax.
            var (name, attached) = word.StartsWith("--", StringComparison.Ordinal) || word.Length == 2 ? (word, (string?)null) : (word[..2], word[2..]);
            switch (name)
            {
                case "-H" or "--header" or "-X" or "--request" or "-d" or "--data" or "--data-raw" or "--data-binary"
                    or "--data-ascii" or "-b" or "--cookie" or "-A" or "--user-agent" or "-e" or "--referer" or "--url":
                    string value;
                    if (attached is not null)
                    {
                        value = attached;
                    }
                    else if (i + 1 < words.Count)
                    {
                        value = words[++i];
                    }
                    else
                    {
                        error = $"the cURL option '{name}' has no value.";
                        return false;
                    }

                    if (!TryOption(name, value, headers, data, ref method, ref url, out error))
                    {
                        return false;
                    }

                    break;
                case "-I" or "--head" when attached is null:
                    head = true;
                    break;
                // No effect on what the browser sent: response decoding, TLS verification, and output options.
                case "--compressed" or "--insecure" or "-k" or "-s" or "--silent" or "-S" or "--show-error" or "-v"
                    or "--verbose" or "-i" or "--include" or "-L" or "--location" or "--http1.1" or "--http2" when attached is null:
                    break;
                default:
                    error = $"'{word}' is not a curl option DevTools' Copy as cURL writes or check can use.";
                    return false;
            }
        }

        if (url is null)
        {
            error = "the cURL command has no URL.";
            return false;
        }

        // curl(1) -d: several data options are joined with '&'; with data and no -X the method is POST.
        var body = data.Count == 0 ? null : string.Join('&', data);
        parts = new CopiedParts
        {
            Url = url,
            Method = method ?? (head ? "HEAD" : body is not null ? "POST" : null),
            Headers = headers,
            Body = body,
        };
        error = "";
        return true;
    }

    private static bool TryOption(string name, string value, List<HttpHeader> headers, List<string> data, ref string? method, ref string? url, out string error)
    {
        error = "";
        switch (name)
        {
            case "-H" or "--header":
                // curl(1) -H: "name;" sends the header with an empty value; "name:" with nothing after it removes a
                // header curl would add, so no header is sent.
                var colon = value.IndexOf(':', StringComparison.Ordinal);
                if (colon < 0 && value.EndsWith(';'))
                {
                    headers.Add(new HttpHeader(value[..^1].Trim(), ""));
                }
                else if (colon <= 0)
                {
                    error = $"the header '{value}' is not of the form 'Name: value'.";
                    return false;
                }
                else if (value.AsSpan(colon + 1).Trim(" \t").Length > 0)
                {
                    headers.Add(new HttpHeader(value[..colon], value[(colon + 1)..]));
                }

                return true;
            case "-X" or "--request":
                method = value;
                return true;
            case "-d" or "--data" or "--data-binary" or "--data-ascii" when value.StartsWith('@'):
                error = $"'{name} {value}' reads the body from a file, which a copied request cannot carry; use --data-raw.";
                return false;
            case "-d" or "--data" or "--data-ascii":
                // curl strips CR and LF from -d data (not from --data-binary or --data-raw).
                data.Add(value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal));
                return true;
            case "--data-raw" or "--data-binary":
                data.Add(value);
                return true;
            case "-b" or "--cookie" when !value.Contains('=', StringComparison.Ordinal):
                error = $"'{name} {value}' names a cookie file, which a copied request cannot carry; give the cookies as 'k=v'.";
                return false;
            case "-b" or "--cookie":
                headers.Add(new HttpHeader("Cookie", value));
                return true;
            case "-A" or "--user-agent":
                headers.Add(new HttpHeader("User-Agent", value));
                return true;
            case "-e" or "--referer":
                headers.Add(new HttpHeader("Referer", value));
                return true;
            default: // --url
                if (url is not null)
                {
                    error = $"the cURL command names two URLs ('{url}' and '{value}'); paste one request at a time.";
                    return false;
                }

                url = Unglob(value);
                return true;
        }
    }

    /// <summary>Undoes DevTools' <c>.replace(/[[{}\]]/g, '\\$&amp;')</c> on the URL: curl reads <c>\[</c> as a literal
    /// <c>[</c> rather than the start of a glob range (curl(1) "URL globbing").</summary>
    private static string Unglob(string url)
    {
        if (!url.Contains('\\', StringComparison.Ordinal))
        {
            return url;
        }

        var text = new StringBuilder(url.Length);
        for (var i = 0; i < url.Length; i++)
        {
            if (url[i] == '\\' && i + 1 < url.Length && url[i + 1] is '[' or ']' or '{' or '}')
            {
                i++;
            }

            text.Append(url[i]);
        }

        return text.ToString();
    }
}
