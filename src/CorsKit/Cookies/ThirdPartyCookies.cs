namespace CorsKit.Cookies;

/// <summary>What a browser does with cookies in a third-party context: a request whose site (scheme and registrable
/// domain) differs from the top-level page's site.</summary>
public enum ThirdPartyCookies
{
    /// <summary>Third-party cookies are set and sent like first-party ones (only <c>SameSite</c> limits them).
    /// Google Chrome's shipped default.</summary>
    Allow,
    /// <summary>Third-party cookies are neither set nor sent; only <c>Partitioned</c> cookies (CHIPS), when the engine
    /// honours them, work cross-site, keyed to the top-level site. Debian's Chromium and Safari (ITP's full
    /// third-party cookie blocking).</summary>
    Block,
    /// <summary>Every cookie in a third-party context lives in a jar keyed to the top-level site: a cross-site response
    /// sets cookies there and only requests made under the same top-level site read them (Firefox's Total Cookie
    /// Protection, <c>network.cookie.cookieBehavior</c> 5).</summary>
    Partition,
    /// <summary>A response whose cookie domain does not match the page's host (by base domain; by host under an unlisted
    /// top-level label such as <c>localhost</c>) cannot set cookies, but cookies the site set as a first party are sent on
    /// cross-site requests (WebKit's "accept cookies only from the main document's domain": WebKitGTK's default
    /// <c>WEBKIT_COOKIE_POLICY_ACCEPT_NO_THIRD_PARTY</c> with tracking prevention off).</summary>
    BlockNew,
}
