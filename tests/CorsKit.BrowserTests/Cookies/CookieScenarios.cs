namespace CorsKit.BrowserTests.Cookies;

/// <summary>
/// The cookie scenario matrix: each cookie variant (RFC 6265bis §5.6 attributes, CHIPS) is set, then read by a
/// fetch from the page, on each of the three page/API relations.
/// </summary>
public static class CookieScenarios
{
    /// <summary>Set by a top-level navigation to the API host (first-party response), read with
    /// <c>credentials: "include"</c>.</summary>
    private static readonly (string Name, string Attributes, bool Login, string Probe)[] Navigation =
    [
        ("nav/plain", "", false, "r"),
        // The named case: a login answers with a SameSite=Lax session cookie (no Expires/Max-Age).
        ("nav/lax-session", "; SameSite=Lax", false, "r"),
        ("nav/strict", "; SameSite=Strict", false, "r"),
        ("nav/none", "; SameSite=None", false, "r"),
        ("nav/none-secure", "; SameSite=None; Secure", false, "r"),
        ("nav/none-secure-partitioned", "; SameSite=None; Secure; Partitioned", false, "r"),
        ("nav/partitioned", "; Partitioned", false, "r"),
        ("nav/secure-partitioned", "; Secure; Partitioned", false, "r"),
        ("nav/secure", "; Secure", false, "r"),
        ("nav/max-age-3600", "; Max-Age=3600", false, "r"),
        ("nav/max-age-0", "; Max-Age=0", false, "r"),
        ("nav/expired", "; Expires=Thu, 01 Jan 1970 00:00:01 GMT", false, "r"),
        ("nav/path-match", "; Path=/k/{id}/r", false, "r"),
        ("nav/path-mismatch", "; Path=/k/{id}/x", false, "x"),
        // Set by login.<api site>: host-only stays on login, Domain=<api site> reaches the API host.
        ("nav/login-host-only", "", true, "r"),
        ("nav/login-domain-parent", "; Domain={site}", true, "r"),
        ("nav/login-domain-parent-none-secure", "; Domain={site}; SameSite=None; Secure", true, "r"),
    ];

    /// <summary>Set by the page's credentialed fetch to the API host, read with <c>credentials: "include"</c>.</summary>
    private static readonly (string Name, string Attributes)[] Fetch =
    [
        ("fetch/plain", ""),
        ("fetch/lax", "; SameSite=Lax"),
        ("fetch/strict", "; SameSite=Strict"),
        ("fetch/none", "; SameSite=None"),
        ("fetch/none-secure", "; SameSite=None; Secure"),
        ("fetch/none-secure-partitioned", "; SameSite=None; Secure; Partitioned"),
        ("fetch/partitioned", "; Partitioned"),
        ("fetch/secure", "; Secure"),
        ("fetch/domain-parent", "; Domain={site}"),
        ("fetch/domain-parent-none-secure", "; Domain={site}; SameSite=None; Secure"),
    ];

    /// <summary>Every scenario, ids assigned in order.</summary>
    public static IReadOnlyList<CookieScenario> All { get; } = Create();

    /// <summary>The scenarios <paramref name="browser"/> runs: all of them, but for
    /// <see cref="CookieBrowser.ChromiumThirdPartyAllowed"/> only the cross-site ones, the only relation a third-party
    /// cookie setting can change (a full run once gave the same-origin and same-site rows of plain Chromium).</summary>
    public static IReadOnlyList<CookieScenario> For(CookieBrowser browser) =>
        browser == CookieBrowser.ChromiumThirdPartyAllowed ? [.. All.Where(s => s.Relation == SiteRelation.CrossSite)] : All;

    private static List<CookieScenario> Create()
    {
        var list = new List<CookieScenario>();
        foreach (SiteRelation relation in Enum.GetValues<SiteRelation>())
        {
            string site = relation == SiteRelation.CrossSite ? "site-b.localhost" : "site-a.localhost";
            foreach (var (name, attributes, login, probe) in Navigation)
            {
                list.Add(new CookieScenario(name, relation, CookieSetter.Navigation, attributes.Replace("{site}", site, StringComparison.Ordinal),
                    SetOnLoginHost: login, ProbeDirectory: probe));
            }
            list.Add(new CookieScenario("nav/plain-read-same-origin-mode", relation, CookieSetter.Navigation, "", ReadCredentials.SameOrigin));
            list.Add(new CookieScenario("nav/plain-read-omit", relation, CookieSetter.Navigation, "", ReadCredentials.Omit));
            list.Add(new CookieScenario("nav/none-secure-read-omit", relation, CookieSetter.Navigation, "; SameSite=None; Secure", ReadCredentials.Omit));
            foreach (var (name, attributes) in Fetch)
            {
                list.Add(new CookieScenario(name, relation, CookieSetter.FetchInclude, attributes.Replace("{site}", site, StringComparison.Ordinal)));
            }
            list.Add(new CookieScenario("fetch-omit/none-secure", relation, CookieSetter.FetchOmit, "; SameSite=None; Secure"));
        }
        return list.Select((s, i) => s with { Id = i }).ToList();
    }
}
