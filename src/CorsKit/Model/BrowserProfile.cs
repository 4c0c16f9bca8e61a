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

    /// <summary>How preflight results are stored.</summary>
    public PreflightCacheStyle CacheStyle { get; init; } = PreflightCacheStyle.ReplacePerUrl;

    /// <summary>An <c>Access-Control-Max-Age</c> that is not all digits (<c>-1</c>, <c>+5</c>, <c>1.5</c>, two lines)
    /// means "do not cache" instead of the 5 s default. Firefox only.</summary>
    public bool UnparseableMaxAgeDisablesCache { get; init; }

    /// <summary>The preflight cache lookup treats only <c>GET</c> and <c>POST</c> as needing no method entry (not
    /// <c>HEAD</c>). Firefox only (nsPreflightCache::CacheEntry::CheckRequest).</summary>
    public bool CacheExemptsOnlyGetAndPost { get; init; }

    /// <summary>More than one <c>Access-Control-Allow-Origin</c> line is reported as its own reason
    /// (Firefox CORSMultipleAllowOriginNotAllowed counts header lines).</summary>
    public bool CountsAllowOriginLines { get; init; }

    /// <summary>An empty <c>Access-Control-Expose-Headers</c> line makes Chromium expose nothing from that response
    /// (its own WPT expectation for access-control-expose-headers-parsing fails the <c>""</c> + <c>bb-8</c> row).</summary>
    public bool EmptyExposeHeadersLineDropsList { get; init; }
}
