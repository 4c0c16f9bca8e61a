using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Diagnostics;

/// <summary>
/// Which header of a request recorded by a browser (a HAR entry, a DevTools "Copy as cURL/fetch") the browser wrote on
/// its own rather than the page's script. Counting them as script-set would invent a preflight (or change the one)
/// the page never caused. The one copy of this rule: the copied-request reader and the HAR judge both ask it.
/// <list type="bullet">
/// <item>Fetch §2.2.2 forbidden request-headers (<see cref="FetchRules.IsForbiddenRequestHeaderName"/>, Chromium's list,
/// which adds <c>User-Agent</c>): <c>Origin</c>, <c>Referer</c>, <c>Cookie</c>, <c>Host</c>, <c>Sec-*</c>, <c>Proxy-*</c>, ….</item>
/// <item><c>Accept-Language</c>: the user agent appends it when the request has none (Fetch §4.1 "fetch").</item>
/// <item><c>Priority</c> (RFC 9218) and <c>Upgrade-Insecure-Requests</c> (navigations): Chromium's network stack.</item>
/// <item><c>Cache-Control: no-cache</c> with <c>Pragma: no-cache</c>: what net/http/http_network_transaction.cc adds for a
/// cache-bypassing load (DevTools' "Disable cache"), when both were present (<see cref="BypassesCache"/>).</item>
/// <item>HTTP/2 pseudo-headers (<c>:authority</c>, …, RFC 9113 §8.3), which HAR files list, and older DevTools copies
/// of them without the colon.</item>
/// </list>
/// </summary>
public static class BrowserSetHeaders
{
    /// <summary>True when <paramref name="name"/> is a header the browser set itself.</summary>
    public static bool IsBrowserSet(string name, bool bypassCache)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(':')
            || FetchRules.IsForbiddenRequestHeaderName(name, BrowserProfile.Chromium)
            || Is(name, "accept-language") || Is(name, "priority") || Is(name, "upgrade-insecure-requests")
            || Is(name, "authority") || Is(name, "method") || Is(name, "path") || Is(name, "scheme")
            || (bypassCache && (Is(name, "cache-control") || Is(name, "pragma")));
    }

    /// <summary>True when the headers hold both <c>Cache-Control: no-cache</c> and <c>Pragma: no-cache</c>.</summary>
    public static bool BypassesCache(IEnumerable<HttpHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var list = headers as IReadOnlyCollection<HttpHeader> ?? [.. headers];
        return Has(list, "cache-control", "no-cache") && Has(list, "pragma", "no-cache");
    }

    private static bool Is(string name, string expected) => name.Equals(expected, StringComparison.OrdinalIgnoreCase);

    private static bool Has(IEnumerable<HttpHeader> headers, string name, string value) =>
        headers.Any(h => Is(h.Name.Trim(), name) && h.Value.Trim().Equals(value, StringComparison.OrdinalIgnoreCase));
}
