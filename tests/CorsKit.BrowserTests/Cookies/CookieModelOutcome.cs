using CorsKit.Cookies;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.BrowserTests.Cookies;

/// <summary>
/// What the model (<see cref="CookieStore"/> with an engine's <see cref="CookieBehaviour"/>) decides for one scenario,
/// asked exactly as the browser was: the setting response is received with the top-level origin it had (the setting
/// host itself for a navigation, the page for a fetch), then the page's read and the first-party probe are attached.
/// </summary>
/// <param name="Set">The store's verdict on the <c>Set-Cookie</c> line.</param>
/// <param name="Read">The attachment for the page's reading fetch.</param>
/// <param name="Probe">The attachment for the first-party probe on the setting host.</param>
public sealed record CookieModelOutcome(SetCookieOutcome Set, CookieAttachment Read, CookieAttachment Probe)
{
    /// <summary>The model's behaviour for an engine setting of the harness.</summary>
    public static CookieBehaviour BehaviourOf(CookieBrowser browser) => browser switch
    {
        CookieBrowser.Chromium => CookieBehaviour.Chromium,
        CookieBrowser.ChromiumThirdPartyAllowed => CookieBehaviour.Chrome,
        CookieBrowser.Firefox => CookieBehaviour.Firefox,
        CookieBrowser.WebKit => CookieBehaviour.WebKitGtk,
        _ => CookieBehaviour.Safari,
    };

    /// <summary>Runs <paramref name="scenario"/> through a fresh store following <paramref name="behaviour"/>, with the
    /// hosts served on <paramref name="port"/>.</summary>
    public static CookieModelOutcome Of(CookieScenario scenario, CookieBehaviour behaviour, int port)
    {
        Uri Url(string host, string path) => new($"http://{host}:{port}{path}");
        var store = new CookieStore(behaviour);
        Uri setUrl = Url(scenario.SetHost, scenario.SetPath);
        Origin page = Origin.FromUri(Url(CookieScenario.PageHost, "/"));
        Origin setTop = scenario.Setter == CookieSetter.Navigation ? Origin.FromUri(setUrl) : page;
        SetCookieOutcome set = store.Receive(scenario.SetCookie, setUrl, setTop, scenario.Setter != CookieSetter.FetchOmit);

        Uri readUrl = Url(scenario.ApiHost, scenario.ReadPath);
        CredentialsMode mode = scenario.Credentials switch
        {
            ReadCredentials.Include => CredentialsMode.Include,
            ReadCredentials.SameOrigin => CredentialsMode.SameOrigin,
            _ => CredentialsMode.Omit,
        };
        // Fetch §4.5 step 8.8 (HTTP-network-or-cache fetch): includeCredentials is "include", or "same-origin" with
        // the request tainting "basic" (a same-origin request).
        bool include = mode == CredentialsMode.Include || (mode == CredentialsMode.SameOrigin && scenario.Relation == SiteRelation.SameOrigin);
        CookieAttachment read = store.Attach(readUrl, page, mode, include);

        Uri probeUrl = Url(scenario.SetHost, scenario.ProbePath);
        CookieAttachment probe = store.Attach(probeUrl, Origin.FromUri(probeUrl), CredentialsMode.SameOrigin, true);
        return new CookieModelOutcome(set, read, probe);
    }

    /// <summary>Why the model stores or leaves out the cookie, in one line (for the diff).</summary>
    public string Why()
    {
        var parts = new List<string>();
        if (Set.Rejection is not null || Set.Deleted)
        {
            parts.Add("set: " + (Set.Deleted ? "deleted (expiry in the past)" : Set.Explanation));
        }
        if (Read.LeftOut.FirstOrDefault() is { } r)
        {
            parts.Add("read: " + r.Explanation);
        }
        if (Probe.LeftOut.FirstOrDefault() is { } p)
        {
            parts.Add("1p: " + p.Explanation);
        }
        return string.Join(" | ", parts);
    }
}
