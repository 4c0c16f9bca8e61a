using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Cli.Check;

/// <summary>
/// Completes the model's header list with what a browser adds on its own to every fetch: <c>Accept: */*</c> when the
/// script set none (Fetch §4.1 "fetch" step 12), the Fetch Metadata headers (<c>Sec-Fetch-Site</c>,
/// <c>Sec-Fetch-Mode: cors</c>, <c>Sec-Fetch-Dest: empty</c>; W3C Fetch Metadata §2, sent by Chromium, Firefox and
/// Safari), a browser-like <c>User-Agent</c>, <c>Referer</c> under the default referrer policy, and the cookie the user gave, only on requests whose credentials flag is set (Fetch §4.6 step 8.17; never
/// on a preflight) and only to the host it belongs to. Servers that enforce a Fetch Metadata policy then answer <c>check</c> as they answer the browser.
/// The model records each request as completed here (<see cref="Exchange.Wire"/>), so the transcript needs no record
/// of its own.
/// </summary>
internal sealed class BrowserWire(Origin page, Uri cookieUrl, string? cookie, BrowserProfile browser)
{
    private int _site; // 0 same-origin, 1 same-site, 2 cross-site: the most distant URL of the chain so far

    /// <summary>The header lines to put on the wire for <paramref name="request"/>; <paramref name="record"/> false for
    /// a request that is not sent (it then leaves the chain's Sec-Fetch-Site as it is).</summary>
    public IReadOnlyList<HttpHeader> Headers(OutgoingRequest request, bool record = true)
    {
        // Fetch Metadata §2.1: Sec-Fetch-Site reflects every URL in the request's URL list so far (redirects included).
        var site = Math.Max(_site, Relation(request.Url));
        if (browser.Engine == BrowserEngine.Firefox && request.Headers.Any(h => Is(h, "Origin") && h.Value == "null"))
        {
            // Firefox judges the site from the request's (tainted, opaque) origin once a cross-origin redirect has
            // serialized it as null, so it says cross-site where the spec and Chromium say same-site (observed with
            // Firefox ESR 153: CheckFirefoxComparisonTests redirect-taint-*).
            site = 2;
        }

        if (record)
        {
            _site = site;
        }

        var preflight = request.Method == "OPTIONS" && request.Headers.Any(h => Is(h, "Access-Control-Request-Method"));
        var headers = new List<HttpHeader>(request.Headers.Count + 5);
        if (!request.Headers.Any(h => Is(h, "Accept")))
        {
            headers.Add(new HttpHeader("Accept", "*/*"));
        }

        headers.AddRange(request.Headers);
        if (!request.Headers.Any(h => Is(h, "User-Agent")))
        {
            // Some front ends refuse requests without a browser-like User-Agent; send the modelled browser's, marked
            // as corskit. (A script-set User-Agent, which Firefox allows, wins.)
            headers.Add(new HttpHeader("User-Agent", UserAgent(browser.Engine)));
        }

        if (Referrer(request.Url) is { } referrer)
        {
            headers.Add(new HttpHeader("Referer", referrer));
        }

        headers.Add(new HttpHeader("Sec-Fetch-Site", site switch { 0 => "same-origin", 1 => "same-site", _ => "cross-site" }));
        headers.Add(new HttpHeader("Sec-Fetch-Mode", "cors"));
        headers.Add(new HttpHeader("Sec-Fetch-Dest", "empty"));
        // The cookie is the one the browser holds for the URL's host: RFC 6265 §5.4 sends a host-only cookie only to that
        // host (a cross-origin redirect to another host never gets it), and §8.5: cookies do not isolate by port, so the
        // same host on another port does (as Chromium 156 does in CheckChromiumComparisonTests).
        if (!preflight && request.IncludeCredentials && cookie is { Length: > 0 }
            && string.Equals(request.Url.IdnHost, cookieUrl.IdnHost, StringComparison.OrdinalIgnoreCase))
        {
            // After the cookies the model attached from --cookie-jar, in the one Cookie header a browser sends.
            var jar = headers.FindIndex(h => Is(h, "Cookie"));
            if (jar >= 0)
            {
                headers[jar] = new HttpHeader("Cookie", headers[jar].Value + "; " + cookie);
            }
            else
            {
                headers.Add(new HttpHeader("Cookie", cookie));
            }
        }

        return headers;
    }

    // The default referrer policy, strict-origin-when-cross-origin (Referrer Policy §3; Chromium and Firefox): the
    // page's origin, nothing on an https → http downgrade. The page's path is unknown, so a same-origin request also
    // gets the origin (a browser would send the full page URL).
    private string? Referrer(Uri url) =>
        page.IsOpaque || (page.Scheme == "https" && url.Scheme != Uri.UriSchemeHttps) ? null : page.Serialized + "/";

    private static string UserAgent(BrowserEngine engine) => engine switch
    {
        BrowserEngine.Firefox => "Mozilla/5.0 (X11; Linux x86_64; rv:153.0) Gecko/20100101 Firefox/153.0 corskit/1.0",
        BrowserEngine.Safari => "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/26.0 Safari/605.1.15 corskit/1.0",
        _ => "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36 corskit/1.0",
    };

    private int Relation(Uri url)
    {
        var target = Origin.FromUri(url);
        return page.IsOpaque ? 2 : page.IsSameOrigin(target) ? 0 : page.IsSameSite(target) ? 1 : 2;
    }

    private static bool Is(HttpHeader h, string name) => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase);
}
