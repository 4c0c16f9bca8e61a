using System.Diagnostics.CodeAnalysis;
using CorsKit.Diagnostics;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// A request copied from Chromium DevTools' Network panel ("Copy as cURL (bash)", "Copy as cURL (cmd)", "Copy as
/// fetch", "Copy as fetch (Node.js)"), turned into the <see cref="CheckRequest"/> that <c>corskit check</c> runs.
/// A copy lists every header the browser put on the wire; the ones the browser sets itself are not the script's and are
/// left for check's own browser wire to send, exactly as the page's <c>fetch()</c> would have had them added (the rule
/// lives in <see cref="BrowserSetHeaders"/>, shared with the HAR reader):
/// <list type="bullet">
/// <item>Fetch §2.2.2 forbidden request-headers (<c>Origin</c>, <c>Referer</c>, <c>Cookie</c>, <c>Host</c>,
/// <c>Accept-Encoding</c>, <c>Connection</c>, <c>Content-Length</c>, every <c>Sec-</c> name such as
/// <c>sec-fetch-*</c> and <c>sec-ch-ua*</c>, every <c>Proxy-</c> name, and in Chromium <c>User-Agent</c>):
/// a script cannot set them (<see cref="FetchRules.IsForbiddenRequestHeaderName"/>, the one copy of that list).
/// <c>Origin</c> gives the page's origin, else <c>Referer</c>'s origin; <c>Cookie</c> gives check's cookie and
/// credentials mode <c>include</c> (a cross-origin fetch carries cookies only in that mode, Fetch §4.6 step 8.17).</item>
/// <item><c>Accept-Language</c>: the user agent appends it when the request has none (Fetch §4.1 "fetch").</item>
/// <item><c>Priority</c> (RFC 9218) and <c>Upgrade-Insecure-Requests</c> (W3C Upgrade Insecure Requests, sent on navigations):
/// written by Chromium's network stack, not by <c>fetch()</c>.</item>
/// <item><c>Cache-Control: no-cache</c> together with <c>Pragma: no-cache</c>: what Chromium's
/// net/http/http_network_transaction.cc adds for a cache-bypassing load (DevTools' "Disable cache").</item>
/// <item>HTTP/2 pseudo-headers that older DevTools copied without their colon (<c>authority</c>, <c>method</c>,
/// <c>path</c>, <c>scheme</c>).</item>
/// </list>
/// Every other header is script-set and kept in order. Arbitrary text in, never an exception out.
/// </summary>
internal static class CopiedRequest
{
    /// <summary>The longest copy read (a request with a large body still fits; a pasted file of junk fails at once).</summary>
    internal const int MaxLength = 8 * 1024 * 1024;

    /// <summary>Parses a copied request. <paramref name="origin"/> is the page's origin from the copy, or null when it
    /// names none (then <c>request.Origin</c> is empty and the caller must ask for <c>--origin</c>).</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out CheckRequest? request, out string? origin, out string error)
        => TryParse(text, out _, out request, out origin, out error);

    /// <summary>As <see cref="TryParse(string?, out CheckRequest?, out string?, out string)"/>, also saying which DevTools
    /// command produced the copy.</summary>
    public static bool TryParse(string? text, out CopiedRequestKind kind, [NotNullWhen(true)] out CheckRequest? request, out string? origin, out string error)
    {
        kind = default;
        request = null;
        origin = null;
        if (text is null || text.Length > MaxLength)
        {
            error = $"a copied request is at most {MaxLength / (1024 * 1024)} MiB of text.";
            return false;
        }

        var trimmed = text.Trim('\uFEFF', ' ', '\t', '\r', '\n');
        CopiedParts? parts;
        if (IsCurl(trimmed, out var cmd))
        {
            kind = cmd ? CopiedRequestKind.CurlCmd : CopiedRequestKind.CurlBash;
            if (!(cmd ? CopiedShellWords.TryCmd(trimmed, out var words, out error) : CopiedShellWords.TryBash(trimmed, out words, out error))
                || !CurlCommand.TryRead(words, out parts, out error))
            {
                return false;
            }
        }
        else if (trimmed.StartsWith("fetch(", StringComparison.Ordinal))
        {
            if (!FetchCall.TryRead(trimmed, out parts, out var node, out error))
            {
                return false;
            }

            kind = node ? CopiedRequestKind.FetchNode : CopiedRequestKind.Fetch;
        }
        else
        {
            error = "expected a request copied from DevTools' Network panel: Copy as cURL (bash or cmd), starting with 'curl', or Copy as fetch, starting with 'fetch('.";
            return false;
        }

        return TryMap(parts!, out request, out origin, out error);
    }

    /// <summary>DevTools quotes every cmd argument with <c>"</c> or <c>^"</c> and every bash argument with <c>'</c> or
    /// <c>$'</c>, so the URL's first character tells the flavours apart.</summary>
    private static bool IsCurl(string text, out bool cmd)
    {
        cmd = false;
        var rest = text.StartsWith("curl.exe", StringComparison.Ordinal) ? text.AsSpan(8)
            : text.StartsWith("curl", StringComparison.Ordinal) ? text.AsSpan(4) : default;
        if (rest.Length == 0 || rest[0] is not (' ' or '\t'))
        {
            return false;
        }

        rest = rest.TrimStart(" \t");
        cmd = rest.Length > 0 && rest[0] is '^' or '"';
        return true;
    }

    private static bool TryMap(CopiedParts parts, [NotNullWhen(true)] out CheckRequest? request, out string? origin, out string error)
    {
        request = null;
        origin = null;
        var script = new List<HttpHeader>();
        var cookies = new List<string>();
        string? originHeader = null, referer = parts.Referrer;
        var bypassCache = BrowserSetHeaders.BypassesCache(parts.Headers);
        foreach (var header in parts.Headers)
        {
            var name = header.Name.Trim();
            if (name.Equals("access-control-request-method", StringComparison.OrdinalIgnoreCase))
            {
                error = "this is the preflight (OPTIONS) DevTools lists for a request; copy the request itself instead.";
                return false;
            }

            if (name.Equals("origin", StringComparison.OrdinalIgnoreCase))
            {
                originHeader ??= header.Value.Trim();
            }
            else if (name.Equals("referer", StringComparison.OrdinalIgnoreCase))
            {
                referer ??= header.Value.Trim();
            }
            else if (name.Equals("cookie", StringComparison.OrdinalIgnoreCase))
            {
                cookies.Add(header.Value.Trim());
            }
            else if (!BrowserSetHeaders.IsBrowserSet(name, bypassCache))
            {
                if (!HeaderInput.TryMake(name, header.Value, out var made, out error))
                {
                    return false;
                }

                script.Add(made);
            }
        }

        origin = originHeader is { Length: > 0 } ? originHeader
            : referer is not null && Origin.TryParse(referer, out var page) && !page.IsOpaque ? page.Serialized
            : null;

        // cURL and Node.js copies do not state the mode; cookies on a cross-origin request mean "include" (above).
        var credentials = parts.Credentials ?? (cookies.Count > 0 ? "include" : "same-origin");
        request = new CheckRequest
        {
            Url = parts.Url,
            Origin = origin ?? "",
            Method = parts.Method ?? "GET",
            Headers = script,
            Credentials = credentials,
            Body = parts.Body,
            Cookie = cookies.Count == 0 ? null : string.Join("; ", cookies),
        };

        // The one validation check itself applies (URL, origin, method, credentials, headers, cookie), so whatever is
        // returned runs unchanged; without an origin in the copy, the origin is checked later, when the caller has one.
        if (!CheckInput.TryBuild(origin is null ? request with { Origin = "null" } : request, out _, out error))
        {
            request = null;
            return false;
        }

        return true;
    }
}
