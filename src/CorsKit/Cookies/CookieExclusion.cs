namespace CorsKit.Cookies;

/// <summary>Why a stored cookie is not attached to a request (the browser checks them in this order; the first that
/// applies is reported). <see cref="CookieReasons.Explain(CookieExclusion, Cookie)"/> words each.</summary>
public enum CookieExclusion
{
    /// <summary>The cookie's expiry time has passed (RFC 6265bis §5.7 "remove expired cookies").</summary>
    Expired,
    /// <summary>The request's host does not match: a host-only cookie goes only to its host, a <c>Domain</c> cookie to
    /// that domain and its subdomains (RFC 6265bis §5.1.3 domain-match, §5.8.3 step 1).</summary>
    DomainMismatch,
    /// <summary>The request's path is outside the cookie's <c>Path</c> (RFC 6265bis §5.1.4 path-match).</summary>
    PathMismatch,
    /// <summary>A <c>Secure</c> cookie on a request over a scheme the browser does not count as secure (RFC 6265bis
    /// §5.8.3 step 1: secure-only-flag).</summary>
    SecureOverInsecureScheme,
    /// <summary>fetch()'s credentials mode is <c>omit</c>: no cookies at all (Fetch §4.6 "includeCredentials").</summary>
    CredentialsModeOmit,
    /// <summary>fetch()'s default credentials mode, <c>same-origin</c>, on a cross-origin request: no cookies.</summary>
    CredentialsSameOriginCrossOrigin,
    /// <summary><c>SameSite=Strict</c> on a cross-site request.</summary>
    SameSiteStrictCrossSite,
    /// <summary><c>SameSite=Lax</c> on a cross-site request that is not a top-level navigation (a fetch never is).</summary>
    SameSiteLaxNotTopLevelNavigation,
    /// <summary>No <c>SameSite</c> attribute and a browser that treats that as <c>Lax</c> (Chromium), on a cross-site
    /// fetch.</summary>
    SameSiteUnspecifiedTreatedAsLax,
    /// <summary><c>SameSite=None</c> without <c>Secure</c>, in a browser that requires <c>Secure</c> for it.</summary>
    SameSiteNoneWithoutSecure,
    /// <summary>The browser blocks third-party cookies and the cookie is not partitioned to this top-level site.</summary>
    ThirdPartyBlocked,
    /// <summary>The browser partitions third-party cookies: a cross-site request reads only the jar of the top-level
    /// site, and this cookie was set first-party (outside that jar).</summary>
    ThirdPartyPartitioned,
    /// <summary>A partitioned cookie (CHIPS, or Firefox's partitioned jar) belonging to another top-level site.</summary>
    PartitionedForOtherTopLevelSite,
}
