using CorsKit.BrowserTests.Harness;
using static CorsKit.BrowserTests.Harness.Build;

namespace CorsKit.BrowserTests;

/// <summary>A WebKit-only named case: the outcome and every request the server must see, in order. Trace items are
/// <c>P{hop} {ACRM} h={ACRH or -} o={Origin}</c> for a preflight and <c>A{hop} {method} o={Origin or -}</c> for an
/// actual request; <c>{page}</c> is the page's origin.</summary>
public sealed record WebKitCase(string Name, Scenario Scenario, bool Allowed, string[] Trace)
{
    public override string ToString() => Name;
}

/// <summary>
/// Each WebKit behaviour that differs from Chromium or Firefox, as the smallest scenario that shows it (pinned to
/// WebKitGTK 2.50, listed in docs/browser-verification.md with the WebKit source that explains it). Run in WebKit
/// only; the named scenarios shared with the other engines cover the rest.
/// </summary>
public static class WebKitScenarios
{
    /// <summary>The id of the first WebKit scenario.</summary>
    public const int FirstId = 980_000;

    /// <summary>Every case, ids assigned.</summary>
    public static IReadOnlyList<WebKitCase> All { get; } = Create();

    /// <summary>xunit member data: the case names.</summary>
    public static TheoryData<string> Names() => new(All.Select(c => c.Name));

    /// <summary>The case called <paramref name="name"/>.</summary>
    public static WebKitCase Get(string name) => All.Single(c => c.Name == name);

    private static List<WebKitCase> Create()
    {
        var list = new List<WebKitCase>();
        void Add(string name, Scenario s, bool allowed, params string[] trace) =>
            list.Add(new WebKitCase(name, s with { Id = FirstId + list.Count, Name = name }, allowed, trace));
        ScenarioRequest Xhr(string method, string? body, params Line[] headers) => new(method, headers, "same-origin", body, "xhr");

        // NetworkDataTaskSoup shouldRedirectAsGET: a DELETE sent on to another origin becomes a GET, even on a 307;
        // the next hop is preflighted again (m_isSimpleRequest stays false) with the new method.
        Add("delete-307-to-another-origin-becomes-get",
            Named("", Req("DELETE", "omit"), Hop(Site.Api, R(200, Acao(), Acam("DELETE")), Redirect(307, 1, false, Acao())),
                Hop(Site.ApiLocalhost, R(200, Acao("*"), Acam("DELETE")), R(200, Acao("*"), H(ReadHeader, "1")))),
            true, "P0 DELETE h=- o={page}", "A0 DELETE o={page}", "P1 GET h=- o=null", "A1 GET o=null");
        // The same DELETE on a 307 to the same origin stays a DELETE.
        Add("delete-307-same-origin-stays-delete",
            Named("", Req("DELETE", "omit"), Hop(Site.Api, R(200, Acao(), Acam("DELETE")), Redirect(307, 1, false, Acao())),
                Hop(Site.Api, R(200, Acao(), Acam("DELETE")), Ok())),
            true, "P0 DELETE h=- o={page}", "A0 DELETE o={page}", "P1 DELETE h=- o={page}", "A1 DELETE o={page}");
        // NetworkLoadChecker builds every preflight from the script's headers: Authorization, dropped from the request
        // on the way to another origin, is still listed and must still be allowed.
        Add("authorization-still-listed-after-cross-origin-redirect",
            Named("", Req("GET", "omit", null, H("Authorization", "Bearer t")), Hop(Site.Page, R(200), Redirect(301, 1)),
                Hop(Site.Api, R(200, Acao(), Acah("x-other")), Ok())),
            false, "A0 GET o=-", "P1 GET h=authorization o={page}");
        // The web process (SubresourceLoader::checkRedirectionCrossOriginAccessControl) refuses a Location with
        // user:pass@ leading to another origin; the network process has already sent that hop's preflight.
        Add("userinfo-redirect-refused-after-the-preflight",
            Named("", Req("PUT", "omit"), Hop(Site.Page, R(200), Redirect(307, 1, true)), Hop(Site.Api, R(200, Acao(), Acam("PUT")), Ok())),
            false, "A0 PUT o={page}", "P1 PUT h=- o={page}");
        // The web process checks a cross-origin hop's redirect again with the credentials policy of the start: a
        // "same-origin" request begun on the page's origin counts as credentialed, so ACAC is needed.
        Add("same-origin-credentials-recheck-needs-acac",
            Named("", Req(), Hop(Site.Page, R(200), Redirect(302, 1)), Hop(Site.Api, R(200), Redirect(302, 2, false, Acao())),
                Hop(Site.Api, R(200), Ok())),
            false, "A0 GET o=-", "A1 GET o={page}");
        Add("same-origin-credentials-recheck-passes-with-acac",
            Named("", Req(), Hop(Site.Page, R(200), Redirect(302, 1)), Hop(Site.Api, R(200), Redirect(302, 2, false, Acao(), Acac())),
                Hop(Site.Api, R(200), Ok())),
            true, "A0 GET o=-", "A1 GET o={page}", "A2 GET o={page}");
        // NetworkDataTaskSoup::continueHTTPRedirection clears Origin only on a cross-origin hop: a same-origin POST
        // redirected (301, now a GET) keeps its Origin header.
        Add("same-origin-post-301-keeps-origin",
            Named("", Req("POST", "same-origin", "x"), Hop(Site.Page, R(200), Redirect(301, 1)), Hop(Site.Page, R(200), R(200, H(ReadHeader, "1")))),
            true, "A0 POST o={page}", "A1 GET o={page}");
        // XMLHttpRequest.cpp replaceCharsetInMediaTypeIfNeeded: send() re-serializes a Content-Type whose charset is
        // not UTF-8; the quotes of the second value disappear, so no preflight.
        Add("xhr-send-rewrites-charset",
            Named("", Xhr("POST", "x", H("Content-Type", "text/plain;charset=latin1"), H("Content-Type", "text/plain; charset=\"utf-8\"")),
                Hop(Site.Api, R(200, Acao()), Ok())),
            true, "A0 POST o={page}");
        // A same-origin first hop is not CORS-checked; the Content-Type a 303 removed still makes the next hop need a
        // preflight that lists it (the script's headers again).
        Add("same-origin-put-303-preflights-dropped-content-type",
            Named("", Req("PUT", "omit", "x", H("Content-Type", "application/json")), Hop(Site.Page, R(200), Redirect(303, 1)),
                Hop(Site.Api, R(200, Acao(), Acah("content-type")), Ok())),
            true, "A0 PUT o={page}", "P1 GET h=content-type o={page}", "A1 GET o={page}");
        // CrossOriginAccessControl.cpp validatePreflightResponse caches the parsed preflight before judging the headers:
        // the credentialed request fails ("*" is literal with credentials), the entry stays, and the uncredentialed
        // request right after is sent without a preflight ("*" now admits X-A).
        Add("refused-preflight-still-cached",
            Named("", Req("GET", "include", null, H("X-A", "1")), Hop(Site.Api, R(200, Acao(), Acac(), Acah("*"), MaxAge("600")), Ok(Acac())))
                with { Then = [Req("GET", "omit", null, H("X-A", "1"))] },
            true, "P0 GET h=x-a o={page}", "A0 GET o={page}");
        // A preflight made after a tainting redirect (Origin: null) is keyed by that load's own opaque origin: the same
        // request again preflights the second hop again, while the first hop's entry is reused.
        Add("opaque-origin-preflight-not-reused",
            Named("", Req("PUT", "omit"), Hop(Site.Api, R(200, Acao(), Acam("PUT"), MaxAge("600")), Redirect(307, 1, false, Acao())),
                Hop(Site.ApiLocalhost, R(200, Acao("*"), Acam("PUT"), MaxAge("600")), R(200, Acao("*"), H(ReadHeader, "1"))))
                with { Then = [Req("PUT", "omit")] },
            true, "P0 PUT h=- o={page}", "A0 PUT o={page}", "P1 PUT h=- o=null", "A1 PUT o=null", "A0 PUT o={page}", "P1 PUT h=- o=null", "A1 PUT o=null");
        return list;
    }
}
