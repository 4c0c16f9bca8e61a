using CorsKit.Model;

namespace CorsKit.Cookies;

/// <summary>
/// How one browser engine applies the cookie rules of RFC 6265bis where the engines differ, as shipped. Observed with
/// default profiles on loopback (<c>*.localhost</c> sites) in Debian's Chromium 156, Firefox 153 ESR and WebKitGTK 2.50
/// (issue 14; tests/CorsKit.Tests/Cookies/ObservedCookieTests.cs holds every observation, docs/cookies.md the table).
/// </summary>
public sealed record CookieBehaviour
{
    /// <summary>What this describes, for messages (<c>Chromium 156 (Debian)</c>).</summary>
    public required string Name { get; init; }

    /// <summary>How a cookie without <c>SameSite</c> is treated: <see cref="CookieSameSite.Lax"/> in Chromium
    /// ("Lax by default", net/cookies/cookie_constants.h CookieEffectiveSameSite::LAX_MODE), like
    /// <see cref="CookieSameSite.None"/> in Firefox (<c>network.cookie.sameSite.laxByDefault</c> false) and WebKit.</summary>
    public required CookieSameSite UnspecifiedSameSite { get; init; }

    /// <summary>The third-party cookie policy.</summary>
    public required ThirdPartyCookies ThirdParty { get; init; }

    /// <summary><c>SameSite=None</c> needs <c>Secure</c> (RFC 6265bis §5.7 step 18). Chromium; not WebKit, which
    /// accepts it over plain http.</summary>
    public bool SameSiteNoneRequiresSecure { get; init; }

    /// <summary><c>Secure</c> cookies are stored from, and sent to, plain-http loopback URLs (<c>localhost</c>,
    /// <c>*.localhost</c>, <c>127.0.0.1</c>: potentially trustworthy origins). Chromium and Firefox; WebKit stores
    /// <c>Secure</c> cookies from https only.</summary>
    public bool SecureOnLoopbackHttp { get; init; }

    /// <summary>The <c>Partitioned</c> attribute (CHIPS) keys the cookie to the top-level site. Chromium and Firefox
    /// (which partitions every third-party cookie anyway; with the page as top level, a first-party <c>Partitioned</c>
    /// cookie behaves the same either way); WebKit ignores the attribute.</summary>
    public bool HonoursPartitioned { get; init; }

    /// <summary>A <c>Partitioned</c> cookie without <c>Secure</c> is refused (Chromium and Firefox, observed; WebKit
    /// stores it as an ordinary cookie).</summary>
    public bool PartitionedRequiresSecure { get; init; }

    /// <summary>Debian's Chromium 156: SameSite Lax by default, third-party cookies blocked (only <c>SameSite=None;
    /// Secure; Partitioned</c> works cross-site).</summary>
    public static CookieBehaviour Chromium { get; } = new()
    {
        Name = "Chromium 156 (Debian)",
        UnspecifiedSameSite = CookieSameSite.Lax,
        ThirdParty = ThirdPartyCookies.Block,
        SameSiteNoneRequiresSecure = true,
        SecureOnLoopbackHttp = true,
        HonoursPartitioned = true,
        PartitionedRequiresSecure = true,
    };

    /// <summary>Google Chrome: Chromium's rules with third-party cookies allowed, as Chrome ships.</summary>
    public static CookieBehaviour Chrome { get; } = Chromium with { Name = "Google Chrome", ThirdParty = ThirdPartyCookies.Allow };

    /// <summary>Firefox 153 ESR: Total Cookie Protection partitions third-party cookies; a missing <c>SameSite</c>
    /// acts like <c>None</c> and needs no <c>Secure</c>, while an explicit <c>SameSite=None</c> and <c>Partitioned</c>
    /// do need it (observed in Firefox 153.8 ESR: <c>*/nav/none</c> and <c>*/nav/partitioned</c> never stored).</summary>
    public static CookieBehaviour Firefox { get; } = new()
    {
        Name = "Firefox 153 ESR",
        UnspecifiedSameSite = CookieSameSite.None,
        ThirdParty = ThirdPartyCookies.Partition,
        SameSiteNoneRequiresSecure = true,
        SecureOnLoopbackHttp = true,
        HonoursPartitioned = true,
        PartitionedRequiresSecure = true,
    };

    /// <summary>Safari: WebKit with Intelligent Tracking Prevention's full third-party cookie blocking (on in every
    /// shipped Safari; WebKitGTK's <c>--enable-itp</c>): nothing cross-site; <c>Partitioned</c> ignored;
    /// <c>Secure</c> only from https.</summary>
    public static CookieBehaviour Safari { get; } = new()
    {
        Name = "Safari (WebKit, tracking prevention on)",
        UnspecifiedSameSite = CookieSameSite.None,
        ThirdParty = ThirdPartyCookies.Block,
    };

    /// <summary>WebKitGTK 2.50 as Debian ships it (tracking prevention off): a response to a page on another host sets
    /// no cookie (for <c>*.localhost</c> even a same-site host, unless <c>Domain</c> covers the page's host), but
    /// cookies set first-party are sent cross-site.</summary>
    public static CookieBehaviour WebKitGtk { get; } = Safari with { Name = "WebKitGTK 2.50 (tracking prevention off)", ThirdParty = ThirdPartyCookies.BlockNew };

    /// <summary>The shipped behaviour of <paramref name="engine"/>'s profile.</summary>
    public static CookieBehaviour For(BrowserEngine engine) => engine switch
    {
        BrowserEngine.Firefox => Firefox,
        BrowserEngine.Safari => Safari,
        _ => Chromium,
    };
}
