using CorsKit.Cookies;
using CorsKit.Model;
using CorsKit.Origins;
using CorsKit.Tests.Model;

namespace CorsKit.Tests.Cookies;

/// <summary>
/// The model against what the real engines did (issue 14): every row observed by tests/CorsKit.BrowserTests/Cookies
/// on 2026-12-03 in Chromium 156.0.8078.114 (Debian; an incognito context agreed on every row), Firefox 153.8.0esr,
/// WebKitGTK 2.50.6 MiniBrowser with its default policy and with <c>--enable-itp</c> (the Safari profile), written
/// down in the cookies-browsers helper's observation table. Page <c>http://app.site-a.localhost</c>; the API is
/// <c>app.site-a</c> (same-origin), <c>api.site-a</c> (same-site) or <c>api.site-b</c> (cross-site). The cookie is set
/// by a response to <c>/k/N/set</c>, either by a top-level navigation to the setting host (<c>nav</c>; the
/// <c>login-*</c> rows set it on <c>login.site-x</c>) or by the page's credentialed fetch (<c>fetch</c>;
/// <c>fetch-omit</c> with credentials omit). Each cell is two letters: Y when the page's credentialed read of
/// <c>/k/N/r/read</c> on the API carried the cookie, then Y when a same-origin fetch from a top-level page on the
/// setting host did.
/// </summary>
public class ObservedCookieTests
{
    private static readonly Origin Page = Origin.Parse("http://app.site-a.localhost:8000");

    public static TheoryData<string, string, string, string, string, string> Observed => new()
    {
        { "same-origin/nav/plain", "", "YY", "YY", "YY", "YY" },
        { "same-origin/nav/lax-session", "; SameSite=Lax", "YY", "YY", "YY", "YY" },
        { "same-origin/nav/strict", "; SameSite=Strict", "YY", "YY", "YY", "YY" },
        { "same-origin/nav/none", "; SameSite=None", "NN", "NN", "YY", "YY" },
        { "same-origin/nav/none-secure", "; SameSite=None; Secure", "YY", "YY", "NN", "NN" },
        { "same-origin/nav/none-secure-partitioned", "; SameSite=None; Secure; Partitioned", "YY", "YY", "NN", "NN" },
        { "same-origin/nav/partitioned", "; Partitioned", "NN", "NN", "YY", "YY" },
        { "same-origin/nav/secure-partitioned", "; Secure; Partitioned", "YY", "YY", "NN", "NN" },
        { "same-origin/nav/secure", "; Secure", "YY", "YY", "NN", "NN" },
        { "same-origin/nav/max-age-3600", "; Max-Age=3600", "YY", "YY", "YY", "YY" },
        { "same-origin/nav/max-age-0", "; Max-Age=0", "NN", "NN", "NN", "NN" },
        { "same-origin/nav/expired", "; Expires=Thu, 01 Jan 1970 00:00:01 GMT", "NN", "NN", "NN", "NN" },
        { "same-origin/nav/path-match", "; Path=/k/N/r", "YY", "YY", "YY", "YY" },
        { "same-origin/nav/path-mismatch", "; Path=/k/N/x", "NY", "NY", "NY", "NY" },
        { "same-origin/nav/login-host-only", "", "NY", "NY", "NY", "NY" },
        { "same-origin/nav/login-domain-parent", "; Domain=site-a.localhost", "YY", "YY", "YY", "YY" },
        { "same-origin/nav/login-domain-parent-none-secure", "; Domain=site-a.localhost; SameSite=None; Secure", "YY", "YY", "NN", "NN" },
        { "same-origin/nav/plain-read-same-origin-mode", "", "YY", "YY", "YY", "YY" },
        { "same-origin/nav/plain-read-omit", "", "NY", "NY", "NY", "NY" },
        { "same-origin/nav/none-secure-read-omit", "; SameSite=None; Secure", "NY", "NY", "NN", "NN" },
        { "same-origin/fetch/plain", "", "YY", "YY", "YY", "YY" },
        { "same-origin/fetch/lax", "; SameSite=Lax", "YY", "YY", "YY", "YY" },
        { "same-origin/fetch/strict", "; SameSite=Strict", "YY", "YY", "YY", "YY" },
        { "same-origin/fetch/none", "; SameSite=None", "NN", "NN", "YY", "YY" },
        { "same-origin/fetch/none-secure", "; SameSite=None; Secure", "YY", "YY", "NN", "NN" },
        { "same-origin/fetch/none-secure-partitioned", "; SameSite=None; Secure; Partitioned", "YY", "YY", "NN", "NN" },
        { "same-origin/fetch/partitioned", "; Partitioned", "NN", "NN", "YY", "YY" },
        { "same-origin/fetch/secure", "; Secure", "YY", "YY", "NN", "NN" },
        { "same-origin/fetch/domain-parent", "; Domain=site-a.localhost", "YY", "YY", "YY", "YY" },
        { "same-origin/fetch/domain-parent-none-secure", "; Domain=site-a.localhost; SameSite=None; Secure", "YY", "YY", "NN", "NN" },
        { "same-origin/fetch-omit/none-secure", "; SameSite=None; Secure", "NN", "NN", "NN", "NN" },
        { "same-site/nav/plain", "", "YY", "YY", "YY", "YY" },
        { "same-site/nav/lax-session", "; SameSite=Lax", "YY", "YY", "YY", "YY" },
        { "same-site/nav/strict", "; SameSite=Strict", "YY", "YY", "YY", "YY" },
        { "same-site/nav/none", "; SameSite=None", "NN", "NN", "YY", "YY" },
        { "same-site/nav/none-secure", "; SameSite=None; Secure", "YY", "YY", "NN", "NN" },
        { "same-site/nav/none-secure-partitioned", "; SameSite=None; Secure; Partitioned", "YY", "YY", "NN", "NN" },
        { "same-site/nav/partitioned", "; Partitioned", "NN", "NN", "YY", "YY" },
        { "same-site/nav/secure-partitioned", "; Secure; Partitioned", "YY", "YY", "NN", "NN" },
        { "same-site/nav/secure", "; Secure", "YY", "YY", "NN", "NN" },
        { "same-site/nav/max-age-3600", "; Max-Age=3600", "YY", "YY", "YY", "YY" },
        { "same-site/nav/max-age-0", "; Max-Age=0", "NN", "NN", "NN", "NN" },
        { "same-site/nav/expired", "; Expires=Thu, 01 Jan 1970 00:00:01 GMT", "NN", "NN", "NN", "NN" },
        { "same-site/nav/path-match", "; Path=/k/N/r", "YY", "YY", "YY", "YY" },
        { "same-site/nav/path-mismatch", "; Path=/k/N/x", "NY", "NY", "NY", "NY" },
        { "same-site/nav/login-host-only", "", "NY", "NY", "NY", "NY" },
        { "same-site/nav/login-domain-parent", "; Domain=site-a.localhost", "YY", "YY", "YY", "YY" },
        { "same-site/nav/login-domain-parent-none-secure", "; Domain=site-a.localhost; SameSite=None; Secure", "YY", "YY", "NN", "NN" },
        { "same-site/nav/plain-read-same-origin-mode", "", "NY", "NY", "NY", "NY" },
        { "same-site/nav/plain-read-omit", "", "NY", "NY", "NY", "NY" },
        { "same-site/nav/none-secure-read-omit", "; SameSite=None; Secure", "NY", "NY", "NN", "NN" },
        { "same-site/fetch/plain", "", "YY", "YY", "NN", "YY" },
        { "same-site/fetch/lax", "; SameSite=Lax", "YY", "YY", "NN", "YY" },
        { "same-site/fetch/strict", "; SameSite=Strict", "YY", "YY", "NN", "YY" },
        { "same-site/fetch/none", "; SameSite=None", "NN", "NN", "NN", "YY" },
        { "same-site/fetch/none-secure", "; SameSite=None; Secure", "YY", "YY", "NN", "NN" },
        { "same-site/fetch/none-secure-partitioned", "; SameSite=None; Secure; Partitioned", "YY", "YY", "NN", "NN" },
        { "same-site/fetch/partitioned", "; Partitioned", "NN", "NN", "NN", "YY" },
        { "same-site/fetch/secure", "; Secure", "YY", "YY", "NN", "NN" },
        { "same-site/fetch/domain-parent", "; Domain=site-a.localhost", "YY", "YY", "YY", "YY" },
        { "same-site/fetch/domain-parent-none-secure", "; Domain=site-a.localhost; SameSite=None; Secure", "YY", "YY", "NN", "NN" },
        { "same-site/fetch-omit/none-secure", "; SameSite=None; Secure", "NN", "NN", "NN", "NN" },
        { "cross-site/nav/plain", "", "NY", "NY", "YY", "NY" },
        { "cross-site/nav/lax-session", "; SameSite=Lax", "NY", "NY", "NY", "NY" },
        { "cross-site/nav/strict", "; SameSite=Strict", "NY", "NY", "NY", "NY" },
        { "cross-site/nav/none", "; SameSite=None", "NN", "NN", "YY", "NY" },
        { "cross-site/nav/none-secure", "; SameSite=None; Secure", "NY", "NY", "NN", "NN" },
        { "cross-site/nav/none-secure-partitioned", "; SameSite=None; Secure; Partitioned", "NY", "NY", "NN", "NN" },
        { "cross-site/nav/partitioned", "; Partitioned", "NN", "NN", "YY", "NY" },
        { "cross-site/nav/secure-partitioned", "; Secure; Partitioned", "NY", "NY", "NN", "NN" },
        { "cross-site/nav/secure", "; Secure", "NY", "NY", "NN", "NN" },
        { "cross-site/nav/max-age-3600", "; Max-Age=3600", "NY", "NY", "YY", "NY" },
        { "cross-site/nav/max-age-0", "; Max-Age=0", "NN", "NN", "NN", "NN" },
        { "cross-site/nav/expired", "; Expires=Thu, 01 Jan 1970 00:00:01 GMT", "NN", "NN", "NN", "NN" },
        { "cross-site/nav/path-match", "; Path=/k/N/r", "NY", "NY", "YY", "NY" },
        { "cross-site/nav/path-mismatch", "; Path=/k/N/x", "NY", "NY", "NY", "NY" },
        { "cross-site/nav/login-host-only", "", "NY", "NY", "NY", "NY" },
        { "cross-site/nav/login-domain-parent", "; Domain=site-b.localhost", "NY", "NY", "YY", "NY" },
        { "cross-site/nav/login-domain-parent-none-secure", "; Domain=site-b.localhost; SameSite=None; Secure", "NY", "NY", "NN", "NN" },
        { "cross-site/nav/plain-read-same-origin-mode", "", "NY", "NY", "NY", "NY" },
        { "cross-site/nav/plain-read-omit", "", "NY", "NY", "NY", "NY" },
        { "cross-site/nav/none-secure-read-omit", "; SameSite=None; Secure", "NY", "NY", "NN", "NN" },
        { "cross-site/fetch/plain", "", "NN", "YN", "NN", "NN" },
        { "cross-site/fetch/lax", "; SameSite=Lax", "NN", "NN", "NN", "NN" },
        { "cross-site/fetch/strict", "; SameSite=Strict", "NN", "NN", "NN", "NN" },
        { "cross-site/fetch/none", "; SameSite=None", "NN", "NN", "NN", "NN" },
        { "cross-site/fetch/none-secure", "; SameSite=None; Secure", "NN", "YN", "NN", "NN" },
        { "cross-site/fetch/none-secure-partitioned", "; SameSite=None; Secure; Partitioned", "YN", "YN", "NN", "NN" },
        { "cross-site/fetch/partitioned", "; Partitioned", "NN", "NN", "NN", "NN" },
        { "cross-site/fetch/secure", "; Secure", "NN", "YN", "NN", "NN" },
        { "cross-site/fetch/domain-parent", "; Domain=site-b.localhost", "NN", "YN", "NN", "NN" },
        { "cross-site/fetch/domain-parent-none-secure", "; Domain=site-b.localhost; SameSite=None; Secure", "NN", "YN", "NN", "NN" },
        { "cross-site/fetch-omit/none-secure", "; SameSite=None; Secure", "NN", "NN", "NN", "NN" },
    };

    [Theory]
    [MemberData(nameof(Observed))]
    public void Each_engine_agrees_with_the_real_one(string scenario, string attributes, string chromium, string firefox, string webkit, string itp) =>
        Assert.Equal(
            $"chromium {chromium}, firefox {firefox}, webkitgtk {webkit}, itp {itp}",
            $"chromium {Run(CookieBehaviour.Chromium, scenario, attributes)}, firefox {Run(CookieBehaviour.Firefox, scenario, attributes)}, "
            + $"webkitgtk {Run(CookieBehaviour.WebKitGtk, scenario, attributes)}, itp {Run(CookieBehaviour.Safari, scenario, attributes)}");

    private static string Run(CookieBehaviour behaviour, string scenario, string attributes)
    {
        var parts = scenario.Split('/');
        var (relation, setter, variant) = (parts[0], parts[1], parts[2]);
        var site = relation == "cross-site" ? "site-b" : "site-a";
        var apiHost = relation switch { "same-origin" => "app.site-a", "same-site" => "api.site-a", _ => "api.site-b" } + ".localhost";
        var setHost = variant.StartsWith("login-", StringComparison.Ordinal) ? $"login.{site}.localhost" : apiHost;
        var setUrl = new Uri($"http://{setHost}:8000/k/N/set");
        var store = new CookieStore(behaviour, new ManualClock());
        var line = "ckN=vN" + attributes.Replace("site-a.localhost", $"{site}.localhost", StringComparison.Ordinal);
        if (setter == "nav")
        {
            store.Receive(line, setUrl, Origin.FromUri(setUrl));
        }
        else
        {
            store.Receive(line, setUrl, Page, includeCredentials: setter == "fetch");
        }

        var readUrl = new Uri($"http://{apiHost}:8000/k/N/r/read");
        var credentials = variant.EndsWith("-read-omit", StringComparison.Ordinal) ? CredentialsMode.Omit
            : variant.EndsWith("-read-same-origin-mode", StringComparison.Ordinal) ? CredentialsMode.SameOrigin : CredentialsMode.Include;
        var include = credentials == CredentialsMode.Include || (credentials == CredentialsMode.SameOrigin && Page.IsSameOrigin(Origin.FromUri(readUrl)));
        var read = store.Attach(readUrl, Page, credentials, include).Header;
        // The first-party probe reads under the cookie's own path on the setting host, from a page on that host.
        var path = attributes.Contains("Path=/k/N/x", StringComparison.Ordinal) ? "/k/N/x" : "/k/N/r/read";
        var firstParty = store.Attach(new Uri($"http://{setHost}:8000{path}"), Origin.FromUri(setUrl), CredentialsMode.SameOrigin, includeCredentials: true).Header;
        Assert.True(read is null or "ckN=vN", read);
        return (read is null ? "N" : "Y") + (firstParty is null ? "N" : "Y");
    }
}
