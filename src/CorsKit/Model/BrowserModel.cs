using CorsKit.Cookies;

namespace CorsKit.Model;

/// <summary>
/// The Fetch standard's CORS algorithm as one browser runs it. It decides whether a preflight is needed, builds the
/// preflight and actual requests exactly as the browser would, evaluates each response (the CORS check, the preflight
/// checks, redirect rules), keeps a preflight cache, and reports the outcome with Chromium's and Firefox's error names.
/// </summary>
public sealed partial class BrowserModel
{
    private readonly PreflightCache _cache;

    /// <summary>Creates a model of <paramref name="profile"/> with an empty preflight cache.</summary>
    public BrowserModel(BrowserProfile profile)
        : this(profile, TimeProvider.System)
    {
    }

    /// <summary>Creates a model of <paramref name="profile"/> whose preflight cache reads the time from
    /// <paramref name="timeProvider"/> (inject a fake clock to test cache expiry deterministically).</summary>
    public BrowserModel(BrowserProfile profile, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(timeProvider);
        Profile = profile;
        _cache = new PreflightCache(profile, timeProvider);
    }

    /// <summary>The browser this model follows.</summary>
    public BrowserProfile Profile { get; }

    /// <summary>The browser's cookies, or null (the default) for a model that attaches and stores none. With a store, every
    /// actual request whose credentials flag is set carries the <c>Cookie</c> header the store decides (added to the
    /// wire request, never seen by the CORS algorithm), every response's <c>Set-Cookie</c> is offered to the store
    /// (stored only when the request carried credentials: Fetch §4.6 "HTTP-network fetch", before and whatever the
    /// CORS check decides), and each exchange records the decisions (<see cref="Exchange.Cookies"/>).</summary>
    public CookieStore? Cookies { get; init; }
}
