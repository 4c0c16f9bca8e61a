namespace CorsKit.BrowserTests.Cookies;

/// <summary>
/// The pinned behaviour of the real engines, <b>taken from runs of the real browsers</b> (not from the model, the
/// standards or the issue): Debian's Chromium 156.0.8078.114, Firefox 153.8.0esr and WebKitGTK 2.50.6 MiniBrowser,
/// 2026-12-03. Each cell is two characters: whether the page's reading fetch carried the scenario's cookie
/// (<c>+</c>/<c>-</c>), then whether the first-party probe on the setting host did. A browser update that changes
/// any cell fails <c>CookieTests.Engine_behaves_as_pinned</c>; refresh with
/// <c>CORSKIT_COOKIE_TABLE=/tmp/t.md dotnet test … --filter FullyQualifiedName~CookieTests</c> (the file ends with
/// these rows) after checking the change is real.
/// </summary>
public static class CookieExpectations
{
    /// <summary>The engine settings of the columns, in order.</summary>
    public static readonly CookieBrowser[] Columns = [CookieBrowser.Chromium, CookieBrowser.ChromiumThirdPartyAllowed, CookieBrowser.Firefox, CookieBrowser.WebKit, CookieBrowser.WebKitItp];

    /// <summary>The column of <paramref name="browser"/>.</summary>
    public static int Column(CookieBrowser browser) =>
        Array.IndexOf(Columns, browser);

    /// <summary>Scenario key → codes for Chromium, Chromium with third-party cookies allowed (its same-origin and
    /// same-site cells come from one full run; the suite runs its cross-site rows), Firefox, WebKit, WebKit
    /// --enable-itp.</summary>
    public static readonly IReadOnlyDictionary<string, string> Rows = new Dictionary<string, string>
    {
        ["same-origin/nav/plain"] = "++ ++ ++ ++ ++",
        ["same-origin/nav/lax-session"] = "++ ++ ++ ++ ++",
        ["same-origin/nav/strict"] = "++ ++ ++ ++ ++",
        ["same-origin/nav/none"] = "-- -- -- ++ ++",
        ["same-origin/nav/none-secure"] = "++ ++ ++ -- --",
        ["same-origin/nav/none-secure-partitioned"] = "++ ++ ++ -- --",
        ["same-origin/nav/partitioned"] = "-- -- -- ++ ++",
        ["same-origin/nav/secure-partitioned"] = "++ ++ ++ -- --",
        ["same-origin/nav/secure"] = "++ ++ ++ -- --",
        ["same-origin/nav/max-age-3600"] = "++ ++ ++ ++ ++",
        ["same-origin/nav/max-age-0"] = "-- -- -- -- --",
        ["same-origin/nav/expired"] = "-- -- -- -- --",
        ["same-origin/nav/path-match"] = "++ ++ ++ ++ ++",
        ["same-origin/nav/path-mismatch"] = "-+ -+ -+ -+ -+",
        ["same-origin/nav/login-host-only"] = "-+ -+ -+ -+ -+",
        ["same-origin/nav/login-domain-parent"] = "++ ++ ++ ++ ++",
        ["same-origin/nav/login-domain-parent-none-secure"] = "++ ++ ++ -- --",
        ["same-origin/nav/plain-read-same-origin-mode"] = "++ ++ ++ ++ ++",
        ["same-origin/nav/plain-read-omit"] = "-+ -+ -+ -+ -+",
        ["same-origin/nav/none-secure-read-omit"] = "-+ -+ -+ -- --",
        ["same-origin/fetch/plain"] = "++ ++ ++ ++ ++",
        ["same-origin/fetch/lax"] = "++ ++ ++ ++ ++",
        ["same-origin/fetch/strict"] = "++ ++ ++ ++ ++",
        ["same-origin/fetch/none"] = "-- -- -- ++ ++",
        ["same-origin/fetch/none-secure"] = "++ ++ ++ -- --",
        ["same-origin/fetch/none-secure-partitioned"] = "++ ++ ++ -- --",
        ["same-origin/fetch/partitioned"] = "-- -- -- ++ ++",
        ["same-origin/fetch/secure"] = "++ ++ ++ -- --",
        ["same-origin/fetch/domain-parent"] = "++ ++ ++ ++ ++",
        ["same-origin/fetch/domain-parent-none-secure"] = "++ ++ ++ -- --",
        ["same-origin/fetch-omit/none-secure"] = "-- -- -- -- --",
        ["same-site/nav/plain"] = "++ ++ ++ ++ ++",
        ["same-site/nav/lax-session"] = "++ ++ ++ ++ ++",
        ["same-site/nav/strict"] = "++ ++ ++ ++ ++",
        ["same-site/nav/none"] = "-- -- -- ++ ++",
        ["same-site/nav/none-secure"] = "++ ++ ++ -- --",
        ["same-site/nav/none-secure-partitioned"] = "++ ++ ++ -- --",
        ["same-site/nav/partitioned"] = "-- -- -- ++ ++",
        ["same-site/nav/secure-partitioned"] = "++ ++ ++ -- --",
        ["same-site/nav/secure"] = "++ ++ ++ -- --",
        ["same-site/nav/max-age-3600"] = "++ ++ ++ ++ ++",
        ["same-site/nav/max-age-0"] = "-- -- -- -- --",
        ["same-site/nav/expired"] = "-- -- -- -- --",
        ["same-site/nav/path-match"] = "++ ++ ++ ++ ++",
        ["same-site/nav/path-mismatch"] = "-+ -+ -+ -+ -+",
        ["same-site/nav/login-host-only"] = "-+ -+ -+ -+ -+",
        ["same-site/nav/login-domain-parent"] = "++ ++ ++ ++ ++",
        ["same-site/nav/login-domain-parent-none-secure"] = "++ ++ ++ -- --",
        ["same-site/nav/plain-read-same-origin-mode"] = "-+ -+ -+ -+ -+",
        ["same-site/nav/plain-read-omit"] = "-+ -+ -+ -+ -+",
        ["same-site/nav/none-secure-read-omit"] = "-+ -+ -+ -- --",
        ["same-site/fetch/plain"] = "++ ++ ++ -- ++",
        ["same-site/fetch/lax"] = "++ ++ ++ -- ++",
        ["same-site/fetch/strict"] = "++ ++ ++ -- ++",
        ["same-site/fetch/none"] = "-- -- -- -- ++",
        ["same-site/fetch/none-secure"] = "++ ++ ++ -- --",
        ["same-site/fetch/none-secure-partitioned"] = "++ ++ ++ -- --",
        ["same-site/fetch/partitioned"] = "-- -- -- -- ++",
        ["same-site/fetch/secure"] = "++ ++ ++ -- --",
        ["same-site/fetch/domain-parent"] = "++ ++ ++ ++ ++",
        ["same-site/fetch/domain-parent-none-secure"] = "++ ++ ++ -- --",
        ["same-site/fetch-omit/none-secure"] = "-- -- -- -- --",
        ["cross-site/nav/plain"] = "-+ -+ -+ ++ -+",
        ["cross-site/nav/lax-session"] = "-+ -+ -+ -+ -+",
        ["cross-site/nav/strict"] = "-+ -+ -+ -+ -+",
        ["cross-site/nav/none"] = "-- -- -- ++ -+",
        ["cross-site/nav/none-secure"] = "-+ ++ -+ -- --",
        ["cross-site/nav/none-secure-partitioned"] = "-+ -+ -+ -- --",
        ["cross-site/nav/partitioned"] = "-- -- -- ++ -+",
        ["cross-site/nav/secure-partitioned"] = "-+ -+ -+ -- --",
        ["cross-site/nav/secure"] = "-+ -+ -+ -- --",
        ["cross-site/nav/max-age-3600"] = "-+ -+ -+ ++ -+",
        ["cross-site/nav/max-age-0"] = "-- -- -- -- --",
        ["cross-site/nav/expired"] = "-- -- -- -- --",
        ["cross-site/nav/path-match"] = "-+ -+ -+ ++ -+",
        ["cross-site/nav/path-mismatch"] = "-+ -+ -+ -+ -+",
        ["cross-site/nav/login-host-only"] = "-+ -+ -+ -+ -+",
        ["cross-site/nav/login-domain-parent"] = "-+ -+ -+ ++ -+",
        ["cross-site/nav/login-domain-parent-none-secure"] = "-+ ++ -+ -- --",
        ["cross-site/nav/plain-read-same-origin-mode"] = "-+ -+ -+ -+ -+",
        ["cross-site/nav/plain-read-omit"] = "-+ -+ -+ -+ -+",
        ["cross-site/nav/none-secure-read-omit"] = "-+ -+ -+ -- --",
        ["cross-site/fetch/plain"] = "-- -- +- -- --",
        ["cross-site/fetch/lax"] = "-- -- -- -- --",
        ["cross-site/fetch/strict"] = "-- -- -- -- --",
        ["cross-site/fetch/none"] = "-- -- -- -- --",
        ["cross-site/fetch/none-secure"] = "-- ++ +- -- --",
        ["cross-site/fetch/none-secure-partitioned"] = "+- +- +- -- --",
        ["cross-site/fetch/partitioned"] = "-- -- -- -- --",
        ["cross-site/fetch/secure"] = "-- -- +- -- --",
        ["cross-site/fetch/domain-parent"] = "-- -- +- -- --",
        ["cross-site/fetch/domain-parent-none-secure"] = "-- ++ +- -- --",
        ["cross-site/fetch-omit/none-secure"] = "-- -- -- -- --",
    };
}
