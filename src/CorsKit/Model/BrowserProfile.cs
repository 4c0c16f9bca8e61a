using CorsKit.Cookies;

namespace CorsKit.Model;

/// <summary>The browser engines CorsKit models.</summary>
public enum BrowserEngine
{
    /// <summary>Chromium (Chrome, Edge, Opera, …). The default; verified against Debian's Chromium.</summary>
    Chromium,
    /// <summary>Firefox (Gecko). Verified against Debian's Firefox ESR.</summary>
    Firefox,
    /// <summary>Safari (WebKit). Modelled from WebKit's sources; verified against WebKitGTK 2.50 (the same WebCore CORS code).</summary>
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

    /// <summary>An <c>XMLHttpRequest</c> with upload listeners is preflighted even without a body (Firefox, observed in
    /// Firefox ESR 153; WebKit, XMLHttpRequest::createRequest sets PreflightPolicy::Force whenever an upload listener
    /// is registered, observed in WebKitGTK 2.50; XHR and Chromium tie the use-CORS-preflight flag to a body).</summary>
    public bool UploadListenerPreflightsWithoutBody { get; init; }

    /// <summary>A same-origin request redirected to a same-origin <c>Location</c> that carries <c>user:pass@</c> is
    /// aborted (<c>net::ERR_ABORTED</c>, no CORS error). Chromium only (observed in Chromium 156); the Fetch standard
    /// and Firefox follow it.</summary>
    public bool AbortsSameOriginRedirectWithCredentials { get; init; }

    /// <summary>Once a hop of a redirect chain needed a preflight, or carried CORS-unsafe request headers (even on a
    /// same-origin first hop), every later cross-origin hop is preflighted, even when the rewritten request (GET after
    /// a 303, body headers dropped) needs none. An unsafe method on a same-origin first hop does not do this. Firefox (observed in Firefox ESR
    /// 153: the later preflight carries <c>Access-Control-Request-Method: GET</c> and no request headers) and WebKit
    /// (NetworkLoadChecker::checkCORSRequestWithPreflight clears m_isSimpleRequest, and checkCORSRequest preflights every
    /// later CORS-checked hop once it is false; observed in WebKitGTK 2.50).</summary>
    public bool PreflightsEveryHopAfterAPreflight { get; init; }

    private CookieBehaviour? _cookies;

    /// <summary>How this engine stores and sends cookies (SameSite default, third-party policy, Secure on loopback,
    /// CHIPS); the engine's shipped behaviour (<see cref="CookieBehaviour.For"/>) unless set.</summary>
    public CookieBehaviour Cookies { get => _cookies ?? CookieBehaviour.For(Engine); init => _cookies = value; }

    /// <summary>Every hop's preflight decision, <c>Access-Control-Request-Headers</c> and preflight cache lookup use the
    /// request headers the script set, whatever a redirect did to the request: <c>Content-Type</c> dropped by a rewrite
    /// to GET and <c>Authorization</c> dropped on a cross-origin hop are still listed and must still be allowed. WebKit
    /// only (NetworkLoadChecker::checkCORSRequest and checkCORSRequestWithPreflight judge and build the preflight from
    /// m_originalRequestHeaders; observed in WebKitGTK 2.50: a PUT with <c>Content-Type: text/plain,</c> answered 303
    /// preflights the next hop with <c>Access-Control-Request-Method: GET</c>, <c>-Headers: content-type</c>).</summary>
    public bool PreflightsWithOriginalRequestHeaders { get; init; }

    /// <summary>A <c>DELETE</c> redirected to another origin (any 3xx, 307 and 308 included) is followed as a GET
    /// without a body, as a 303 would be. WebKitGTK only: its libsoup network backend does this
    /// (NetworkDataTaskSoup::continueHTTPRedirection, shouldRedirectAsGET: "crossOrigin &amp;&amp; method == DELETE", the
    /// origin compared hop to hop with protocolHostAndPortAreEqual); observed in WebKitGTK 2.50. Safari's CFNetwork
    /// backend has no such rule in WebKit's sources, so this is the one flag of the profile that is GTK's.</summary>
    public bool RedirectsCrossOriginDeleteAsGet { get; init; }

    /// <summary>Each redirect is checked twice: in the network process (NetworkLoadChecker::checkRedirection), which
    /// then already sends the next hop's preflight, and again in the web process
    /// (SubresourceLoader::checkRedirectionCrossOriginAccessControl), which cancels the load before the next actual
    /// request when (a) the <c>Location</c> carries <c>user:pass@</c> and the next URL is cross-origin, even though the
    /// chain so far was same-origin (the network process only checks that once the chain is cross-origin), or (b) a
    /// cross-origin hop's redirect response fails the CORS check made with the credentials policy fixed when the load
    /// started (<c>options().storedCredentialsPolicy</c>): "same-origin" credentials on a URL of the page's origin
    /// count as credentialed, so that hop needs an exact <c>Access-Control-Allow-Origin</c> and
    /// <c>Access-Control-Allow-Credentials: true</c>. WebKit only (observed in WebKitGTK 2.50: the next hop's preflight
    /// arrives, its actual request never does).</summary>
    public bool RechecksRedirectsInWebProcess { get; init; }

    /// <summary>A request that carried an <c>Origin</c> header (a POST, PUT, … on the page's own origin) keeps it when
    /// redirected to the same origin, even once rewritten to GET. WebKitGTK only (NetworkDataTaskSoup::
    /// continueHTTPRedirection copies the previous request and clears <c>Origin</c> only on a cross-origin hop; observed
    /// in WebKitGTK 2.50: a same-origin POST answered 301 sends <c>GET</c> with <c>Origin</c>).</summary>
    public bool KeepsOriginOnSameOriginRedirect { get; init; }

    /// <summary><c>XMLHttpRequest.send()</c> with a body rewrites a script-set <c>Content-Type</c> whose <c>charset</c>
    /// is not UTF-8: the value is parsed as a MIME type, its charset set to <c>UTF-8</c> and re-serialized (XHR §4.5.6
    /// send() step 4.4.2), before the safelist test. WebKit (XMLHttpRequest.cpp replaceCharsetInMediaTypeIfNeeded;
    /// observed in WebKitGTK 2.50: <c>Text/Plain;charset=utf-8, text/plain; charset="utf-8"</c> set twice needs no
    /// preflight, its quotes gone).</summary>
    public bool XhrSendSetsCharsetToUtf8 { get; init; }

    /// <summary>A preflight whose status, CORS check and lists pass is cached even when it then refuses the method or a
    /// header, and a failure never erases a cached entry (only a lookup that does not cover the request replaces it).
    /// WebKit only (CrossOriginAccessControl.cpp validatePreflightResponse appends the entry before reporting
    /// validateMethodAndHeaders' error; observed in WebKitGTK 2.50: an <c>include</c> preflight refused for
    /// <c>Access-Control-Allow-Headers: *</c> serves the next <c>omit</c> request, which is sent without one).</summary>
    public bool CachesRefusedPreflights { get; init; }

    /// <summary>Preflights made with an opaque origin (after a tainting redirect) are never reused by a later request:
    /// the cache key holds the origin's identity, and each load's opaque origin is new. WebKit only
    /// (CrossOriginPreflightResultCache keyed by ClientOrigin; NetworkLoadChecker::checkCORSRedirectedRequest creates
    /// the opaque origin per load; observed in WebKitGTK 2.50).</summary>
    public bool NeverReusesOpaqueOriginPreflights { get; init; }
}
