using CorsKit.Cookies;

namespace CorsKit.Model;

/// <summary>The browser engines CorsKit models.</summary>
public enum BrowserEngine
{
    /// <summary>Chromium (Chrome, Edge, Opera, …). The default; verified against Debian's Chromium.</summary>
    Chromium,
    /// <summary>Firefox (Gecko). Verified against Debian's Firefox ESR.</summary>
    Firefox,
    /// <summary>Safari (WebKit). Modelled from WebKit's sources only; not verified in a real browser here.</summary>
    Safari,
}

/// <summary>How a browser stores preflight results.</summary>
public enum PreflightCacheStyle
{
    /// <summary>One entry per (origin, URL, credentials) holding the method and header sets of the latest preflight;
    /// a new preflight replaces it, and a lookup that does not cover the request erases it (Chromium
    /// services/network/cors/preflight_cache.cc; WebKit CrossOriginPreflightResultCache.cpp).</summary>
    ReplacePerUrl,
    /// <summary>Separate method and header-name entries, each with its own expiry, accumulating across preflights
    /// (Fetch §4.9 "CORS-preflight cache"; Firefox nsCORSListenerProxy.cpp nsPreflightCache).</summary>
    PerMethodAndHeader,
}

/// <summary>
/// Where one browser engine departs from the Fetch standard. Every field cites the source it was read from
/// (see docs/browser-model.md).
/// </summary>
public sealed partial class BrowserProfile
{
    /// <summary>The engine this profile describes.</summary>
    public required BrowserEngine Engine { get; init; }

    /// <summary>The lowercase name used on the command line: <c>chromium</c>, <c>firefox</c>, <c>safari</c>.</summary>
    public required string Name { get; init; }

    /// <summary>The version the profile was checked against (or read from), for messages and reports.</summary>
    public string Version { get; init; } = "";

    /// <summary>Script-set <c>User-Agent</c> is a forbidden header (silently dropped). Chromium only
    /// (net/http/http_util.cc, crbug.com/571722); per Fetch it is allowed and needs a preflight.</summary>
    public bool UserAgentIsForbidden { get; init; }

    /// <summary>The client-hint names <c>dpr</c>, <c>width</c>, <c>viewport-width</c>, <c>device-memory</c>,
    /// <c>rtt</c>, <c>downlink</c>, <c>ect</c>, <c>save-data</c> are CORS-safelisted with valid values. Chromium only
    /// (services/network/public/cpp/cors/cors.cc).</summary>
    public bool SafelistsClientHints { get; init; }

    /// <summary><c>Access-Control-Allow-Headers: *</c> also admits <c>Authorization</c> (no credentials). The Fetch
    /// standard says it must not; Chromium (kCorsNonWildcardRequestHeadersSupport disabled), Firefox
    /// (network.cors_preflight.authorization_covered_by_wildcard, default true) and WebKit all let it.</summary>
    public bool WildcardCoversAuthorization { get; init; } = true;

    /// <summary>The preflight cache lifetime when <c>Access-Control-Max-Age</c> is absent or unusable (5 s everywhere).</summary>
    public TimeSpan DefaultPreflightMaxAge { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The largest preflight cache lifetime honoured: Chromium 7200 s (preflight_result.cc kMaxTimeout),
    /// Firefox 86400 s (nsCORSListenerProxy.cpp), Safari 600 s (CrossOriginPreflightResultCache.cpp).</summary>
    public required TimeSpan MaxPreflightMaxAge { get; init; }

    /// <summary>Whether a cached preflight is reused by a later request at all. False for Firefox: Firefox ESR 153
    /// preflighted again every request made 300 ms after a successful preflight to the same URL, whatever the
    /// <c>Access-Control-Max-Age</c> (observed by tests/CorsKit.BrowserTests; only back-to-back requests sometimes
    /// reused an entry), although nsCORSListenerProxy.cpp keeps a cache capped at 86400 s.</summary>
    public bool ReusesPreflightCache { get; init; } = true;

    /// <summary>How preflight results are stored.</summary>
    public PreflightCacheStyle CacheStyle { get; init; } = PreflightCacheStyle.ReplacePerUrl;

    /// <summary>An <c>Access-Control-Max-Age</c> that is not all digits (<c>-1</c>, <c>+5</c>, <c>1.5</c>, two lines)
    /// means "do not cache" instead of the 5 s default. Firefox only.</summary>
    public bool UnparseableMaxAgeDisablesCache { get; init; }

    /// <summary>The preflight cache lookup treats only <c>GET</c> and <c>POST</c> as needing no method entry (not
    /// <c>HEAD</c>). Firefox only (nsPreflightCache::CacheEntry::CheckRequest).</summary>
    public bool CacheExemptsOnlyGetAndPost { get; init; }

    /// <summary>A <c>Content-Type</c> value holding a comma-separated list (for example two lines a script appended,
    /// combined as <c>a, b</c>) is not CORS-safelisted even when its first type is. Firefox only
    /// (nsContentUtils::IsAllowedNonCorsContentType parses with NS_ParseRequestContentType, which rejects lists);
    /// observed in Firefox ESR 153 by tests/CorsKit.BrowserTests.</summary>
    public bool ContentTypeListsAreNotSafelisted { get; init; }

    /// <summary>On a redirect to a URL whose origin is not the page's, the client-hint headers (<c>dpr</c>,
    /// <c>width</c>, <c>viewport-width</c>, <c>device-memory</c>, <c>rtt</c>, <c>downlink</c>, <c>ect</c>,
    /// <c>save-data</c>) are removed from the request, script-set ones included. Chromium only (observed in
    /// Chromium 156: hints are only sent to the first-party origin).</summary>
    public bool DropsClientHintsOnRedirectAwayFromPage { get; init; }

    /// <summary>When <c>fetch()</c> gets its headers as a sequence or record (not a <c>Headers</c> object), each
    /// entry is safelisted on its own (as the Fetch standard says) and <c>Access-Control-Request-Headers</c> lists the
    /// lowercase name once per unsafe entry, repeats included (<c>[["X-Test","1"],["x-test","1"]]</c> →
    /// <c>x-test,x-test</c>; two <c>Content-Type: text/plain</c> entries → no preflight). Firefox only (observed in
    /// Firefox ESR 153); through a <c>Headers</c> object or XHR the entries arrive combined, and Chromium always
    /// combines and de-duplicates.</summary>
    public bool SafelistsSequenceEntriesSeparately { get; init; }

    /// <summary>After a redirect rewrote the request to GET and dropped its body headers, preflights from the second
    /// hop after the rewrite on list the dropped CORS-unsafe body headers (<c>content-type</c>) again in
    /// <c>Access-Control-Request-Headers</c>, although the request no longer carries them. Firefox only (observed in
    /// Firefox ESR 153, two scenarios; the first preflight after the rewrite does not list them).</summary>
    public bool RelistsDroppedBodyHeaders { get; init; }

    /// <summary>A preflight sent after a tainting redirect carries the page's origin (and is checked against it),
    /// while the actual request carries <c>Origin: null</c>. Firefox only (observed in Firefox ESR 153).</summary>
    public bool PreflightUsesPageOrigin { get; init; }

    /// <summary>A preflight to a URL that is same-origin with the page (reached through a redirect) is not CORS-checked:
    /// its <c>Access-Control-Allow-Origin</c>/<c>-Credentials</c> are ignored, the other preflight checks still apply.
    /// Firefox only (observed in Firefox ESR 153: a preflight answered <c>Access-Control-Allow-Origin: null</c> to
    /// <c>Origin: {page}</c> passes when the URL is on the page's origin).</summary>
    public bool SkipsPreflightCorsCheckOnPageOrigin { get; init; }

    /// <summary>An <c>XMLHttpRequest</c> with upload listeners is preflighted even without a body (Firefox only,
    /// observed in Firefox ESR 153; XHR and Chromium tie the use-CORS-preflight flag to a body).</summary>
    public bool UploadListenerPreflightsWithoutBody { get; init; }

    /// <summary>A same-origin request redirected to a same-origin <c>Location</c> that carries <c>user:pass@</c> is
    /// aborted (<c>net::ERR_ABORTED</c>, no CORS error). Chromium only (observed in Chromium 156); the Fetch standard
    /// and Firefox follow it.</summary>
    public bool AbortsSameOriginRedirectWithCredentials { get; init; }

    /// <summary>Once a hop of a redirect chain needed a preflight, or carried CORS-unsafe request headers (even on a
    /// same-origin first hop), every later cross-origin hop is preflighted, even when the rewritten request (GET after
    /// a 303, body headers dropped) needs none. An unsafe method on a same-origin first hop does not do this. Firefox only (observed in Firefox ESR
    /// 153: the later preflight carries <c>Access-Control-Request-Method: GET</c> and no request headers).</summary>
    public bool PreflightsEveryHopAfterAPreflight { get; init; }

    private CookieBehaviour? _cookies;

    /// <summary>How this engine stores and sends cookies (SameSite default, third-party policy, Secure on loopback,
    /// CHIPS); the engine's shipped behaviour (<see cref="CookieBehaviour.For"/>) unless set.</summary>
    public CookieBehaviour Cookies { get => _cookies ?? CookieBehaviour.For(Engine); init => _cookies = value; }
}
