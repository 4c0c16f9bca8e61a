namespace CorsKit.BrowserTests.Cookies;

/// <summary>One engine's run of the cookie scenarios.</summary>
/// <param name="Browser">The engine setting.</param>
/// <param name="Version">The engine's version string.</param>
/// <param name="PageIsSecureContext"><c>window.isSecureContext</c> on <c>http://app.site-a.localhost:P</c>.</param>
/// <param name="Observations">One per scenario, in scenario order.</param>
public sealed record CookieRunResult(
    CookieBrowser Browser, string Version, bool PageIsSecureContext, IReadOnlyList<CookieObservation> Observations);
