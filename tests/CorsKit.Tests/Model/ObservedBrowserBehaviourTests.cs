using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using static CorsKit.Tests.Model.ScriptedServer;

namespace CorsKit.Tests.Model;

/// <summary>
/// Behaviour the real browsers showed in tests/CorsKit.BrowserTests that the sources did not predict
/// (/work/notes/disagreements.md, Chromium 156.0.8078.79 and Firefox 153.7.0esr, 2026-11-22).
/// </summary>
public class ObservedBrowserBehaviourTests
{
    private static readonly Origin Page = Origin.Parse("http://127.0.0.1:1000");
    private const string Api = "http://127.0.0.1:2000";
    private const string ApiLocalhost = "http://localhost:3000";

    /// <summary>Every URL echoes what it is told: redirects per the map, preflights allow everything for the Origin sent.</summary>
    private static ScriptedServer Server(Dictionary<string, (int Status, string Location)> redirects, Func<OutgoingRequest, string>? allowOrigin = null)
        => new(r =>
        {
            List<HttpHeader> h = [new("Access-Control-Allow-Origin", allowOrigin?.Invoke(r) ?? Header(r, "Origin") ?? "*")];
            if (r.Method == "OPTIONS")
            {
                h.Add(new("Access-Control-Allow-Methods", "PUT, DELETE, PATCH, GET"));
                h.Add(new("Access-Control-Allow-Headers", "dpr, content-type, x-a"));
                h.Add(new("Access-Control-Max-Age", "0"));
                return new IncomingResponse { Status = 204, Headers = h };
            }

            if (redirects.TryGetValue(r.Url.AbsoluteUri, out var hop))
            {
                h.Add(new("Location", hop.Location));
                return new IncomingResponse { Status = hop.Status, Headers = h };
            }

            return new IncomingResponse { Status = 200, Headers = h };
        });

    private static string Trace(ScriptedServer server) => string.Join(" | ", server.Requests.Select(r =>
        $"{r.Method} {r.Url.Authority} o={Header(r, "Origin")} m={Header(r, "Access-Control-Request-Method") ?? "-"} h={Header(r, "Access-Control-Request-Headers") ?? "-"}"));

    private static Task<CorsVerdict> Run(BrowserProfile profile, ScriptedServer server, string url, string method, params HttpHeader[] headers)
        => new BrowserModel(profile).RunAsync(new CorsRequest { Origin = Page, Url = new Uri(url), Method = method, Headers = headers, Credentials = CredentialsMode.Omit }, server.Transport);

    [Fact]
    public async Task ChromiumDropsClientHintsOnRedirectAwayFromThePage()
    {
        // Scenario #949: GET with DPR "" (unsafe) → 301 to the same API origin: no DPR, so no second preflight.
        var server = Server(new() { [$"{Api}/0"] = (301, $"{Api}/1") });
        await Run(BrowserProfile.Chromium, server, $"{Api}/0", "GET", new HttpHeader("DPR", ""));
        Assert.Equal($"OPTIONS 127.0.0.1:2000 o={Page} m=GET h=dpr | GET 127.0.0.1:2000 o={Page} m=- h=- | GET 127.0.0.1:2000 o={Page} m=- h=-", Trace(server));

        // Scenario #625: kept on the hop to the page's own origin, dropped on the next hop away from it.
        var kept = Server(new() { [$"{Api}/0"] = (307, $"{Page}/1"), [$"{Page}/1"] = (307, $"{Api}/2") });
        await Run(BrowserProfile.Chromium, kept, $"{Api}/0", "PATCH", new HttpHeader("DPR", ""), new HttpHeader("X-A", "1"));
        Assert.Equal(["dpr,x-a", "dpr,x-a", "x-a"], kept.Requests.Where(r => r.Method == "OPTIONS").Select(r => Header(r, "Access-Control-Request-Headers")));

        // Firefox keeps it.
        var firefox = Server(new() { [$"{Api}/0"] = (307, $"{Api}/1") });
        await Run(BrowserProfile.Firefox, firefox, $"{Api}/0", "GET", new HttpHeader("DPR", ""));
        Assert.Equal(2, firefox.Preflights);
        Assert.All(firefox.Requests.Where(r => r.Method == "OPTIONS"), r => Assert.Equal("dpr", Header(r, "Access-Control-Request-Headers")));
    }

    [Fact]
    public async Task FirefoxPreflightsWithThePageOriginAfterATaintingRedirect()
    {
        // Scenario preflight-after-tainting-redirect(-ACAO-null): Api → ApiLocalhost taints; Firefox's preflight
        // still says the page origin and must be allowed for it; the actual request says null.
        var redirects = new Dictionary<string, (int, string)> { [$"{Api}/0"] = (307, $"{ApiLocalhost}/1") };
        var server = Server(redirects);
        var verdict = await Run(BrowserProfile.Firefox, server, $"{Api}/0", "PUT");
        Assert.True(verdict.Allowed);
        Assert.Equal($"OPTIONS 127.0.0.1:2000 o={Page} m=PUT h=- | PUT 127.0.0.1:2000 o={Page} m=- h=- | OPTIONS localhost:3000 o={Page} m=PUT h=- | PUT localhost:3000 o=null m=- h=-", Trace(server));

        // A preflight answering ACAO: null fails in Firefox and passes in Chromium.
        string NullOnLocalhost(OutgoingRequest r) => r.Url.Host == "localhost" ? "null" : Page.Serialized;
        var firefox = await Run(BrowserProfile.Firefox, Server(redirects, NullOnLocalhost), $"{Api}/0", "PUT");
        Assert.Equal(ChromiumCorsError.PreflightAllowOriginMismatch, firefox.Failure!.Code);
        Assert.True((await Run(BrowserProfile.Chromium, Server(redirects, NullOnLocalhost), $"{Api}/0", "PUT")).Allowed);
    }

    [Fact]
    public async Task FirefoxDoesNotCorsCheckAPreflightOnThePageOrigin()
    {
        // Scenarios #168, #496, …: Api → (302) page origin; the preflight there answers ACAO null to Origin {page}.
        string NullOnPage(OutgoingRequest r) => r.Url.Port == 1000 ? "null" : Page.Serialized;
        var redirects = new Dictionary<string, (int, string)> { [$"{Api}/0"] = (307, $"{Page}/1") };
        var firefox = Server(redirects, NullOnPage);
        Assert.True((await Run(BrowserProfile.Firefox, firefox, $"{Api}/0", "PUT")).Allowed);
        Assert.Equal(2, firefox.Preflights);
        // Chromium sends Origin: null there, so ACAO null passes the ordinary check too.
        Assert.True((await Run(BrowserProfile.Chromium, Server(redirects, NullOnPage), $"{Api}/0", "PUT")).Allowed);
        // Other preflight checks still apply in Firefox.
        var badMethods = new ScriptedServer(r => r.Method == "OPTIONS" && r.Url.Port == 1000
            ? Respond(204, new HttpHeader("Access-Control-Allow-Origin", "null"), new HttpHeader("Access-Control-Allow-Methods", "GET"))
            : firefox.Transport(r, default).Result);
        var verdict = await Run(BrowserProfile.Firefox, badMethods, $"{Api}/0", "PUT");
        Assert.Equal(ChromiumCorsError.MethodDisallowedByPreflightResponse, verdict.Failure!.Code);
    }

    [Fact]
    public async Task FirefoxPreflightsEveryHopOnceAPreflightWasNeeded()
    {
        // Scenario #90 / preflighted-then-303-to-get: PUT → 303 → GET still gets a preflight (ACRM GET, no ACRH).
        var server = Server(new() { [$"{Api}/0"] = (303, $"{Api}/1") });
        await Run(BrowserProfile.Firefox, server, $"{Api}/0", "PUT", new HttpHeader("Content-Type", "application/json"));
        Assert.Equal($"OPTIONS 127.0.0.1:2000 o={Page} m=PUT h=content-type | PUT 127.0.0.1:2000 o={Page} m=- h=- | OPTIONS 127.0.0.1:2000 o={Page} m=GET h=- | GET 127.0.0.1:2000 o={Page} m=- h=-", Trace(server));

        var chromium = Server(new() { [$"{Api}/0"] = (303, $"{Api}/1") });
        await Run(BrowserProfile.Chromium, chromium, $"{Api}/0", "PUT", new HttpHeader("Content-Type", "application/json"));
        Assert.Equal(1, chromium.Preflights);
    }

    [Theory]
    [InlineData("Text/Plain;charset=utf-8", "Text/Plain;charset=utf-8", false)]
    [InlineData("text/plain;charset=UTF-8", "application/json", false)]
    public void FirefoxDoesNotSafelistAppendedContentTypes(string first, string second, bool chromiumPreflights)
    {
        // Scenario content-type-charset-appended-twice, generated #436.
        // The harness's runner appends to a Headers object, which hands Firefox the combined value.
        var request = new CorsRequest { Origin = Page, Url = new Uri($"{Api}/"), Method = "POST", Headers = [new("Content-Type", first), new("Content-Type", second)], HeadersObject = true };
        Assert.Equal(chromiumPreflights, new BrowserModel(BrowserProfile.Chromium).Classify(request).NeedsPreflight);
        var firefox = new BrowserModel(BrowserProfile.Firefox).Classify(request);
        Assert.True(firefox.NeedsPreflight);
        Assert.Equal("content-type", firefox.AccessControlRequestHeaders);
    }

    [Fact]
    public async Task ChromiumAbortsASameOriginRedirectWithCredentials()
    {
        // C5 / named same-origin-redirect-to-userinfo: Chromium rejects with net::ERR_ABORTED, Firefox follows.
        var redirects = new Dictionary<string, (int, string)> { [$"{Page}/0"] = (302, "http://user:pass@127.0.0.1:1000/1") };
        var chromium = Server(redirects);
        var verdict = await Run(BrowserProfile.Chromium, chromium, $"{Page}/0", "GET");
        Assert.Equal("net::ERR_ABORTED", verdict.Failure!.NetworkError);
        Assert.Null(verdict.Failure.Code);
        Assert.Single(chromium.Requests);
        Assert.True((await Run(BrowserProfile.Firefox, Server(redirects), $"{Page}/0", "GET")).Allowed);
    }

    [Theory]
    [InlineData("GET", null)]
    [InlineData("HEAD", null)]
    [InlineData("POST", null)]
    [InlineData("POST", "x")]
    public void UploadListenerPreflights(string method, string? body)
    {
        // F7: Firefox preflights an XHR with upload listeners even without a body; Chromium only with one.
        var request = new CorsRequest { Origin = Page, Url = new Uri($"{Api}/"), Method = method, Body = body, UploadListener = true, Initiator = Initiator.XmlHttpRequest };
        Assert.True(new BrowserModel(BrowserProfile.Firefox).Classify(request).NeedsPreflight);
        Assert.Equal(body is not null, new BrowserModel(BrowserProfile.Chromium).Classify(request).NeedsPreflight);
    }

    [Fact]
    public async Task FirefoxPreflightsAfterASameOriginFirstHopThatWouldHaveNeededOne()
    {
        // F2' (#593): PUT with an unsafe Content-Type to the page's origin → 303 → GET cross-origin: Firefox preflights.
        var redirects = new Dictionary<string, (int, string)> { [$"{Page}/0"] = (303, $"{ApiLocalhost}/1") };
        var firefox = Server(redirects);
        await Run(BrowserProfile.Firefox, firefox, $"{Page}/0", "PUT", new HttpHeader("Content-Type", "text/plain,"));
        Assert.Equal($"PUT 127.0.0.1:1000 o={Page} m=- h=- | OPTIONS localhost:3000 o={Page} m=GET h=- | GET localhost:3000 o={Page} m=- h=-", Trace(firefox));
        var chromium = Server(redirects);
        await Run(BrowserProfile.Chromium, chromium, $"{Page}/0", "PUT", new HttpHeader("Content-Type", "text/plain,"));
        Assert.Equal(0, chromium.Preflights);

        // #1073: an unsafe method alone (PUT, no unsafe header) does not make Firefox preflight the GET after a 303.
        var methodOnly = Server(redirects);
        await Run(BrowserProfile.Firefox, methodOnly, $"{Page}/0", "PUT");
        Assert.Equal(0, methodOnly.Preflights);
    }

    [Fact]
    public async Task FirefoxListsEachSpellingOfAHeaderName()
    {
        // corskit check comparison "preflight-header-sorting" (Firefox ESR 153): X-B, x-a, X-A → x-a,x-a,x-b.
        HttpHeader[] headers = [new("X-B", "1"), new("x-a", "2"), new("X-A", "3")];
        var request = new CorsRequest { Origin = Page, Url = new Uri($"{Api}/"), Headers = headers };
        Assert.Equal("x-a,x-a,x-b", new BrowserModel(BrowserProfile.Firefox).Classify(request).AccessControlRequestHeaders);
        Assert.Equal("x-a,x-b", new BrowserModel(BrowserProfile.Chromium).Classify(request).AccessControlRequestHeaders);
        var firefox = new ScriptedServer(r => Respond(r.Method == "OPTIONS" ? 204 : 200, new HttpHeader("Access-Control-Allow-Origin", "*"), new HttpHeader("Access-Control-Allow-Headers", "x-a, x-b")));
        Assert.True((await Run(BrowserProfile.Firefox, firefox, $"{Api}/", "GET", headers)).Allowed);
        Assert.Equal("x-a,x-a,x-b", Header(firefox.Requests[0], "Access-Control-Request-Headers"));
        // Through a Headers object (browser harness acrh-sorted) or XHR, Firefox lists x-a once.
        Assert.Equal("x-a,x-b", new BrowserModel(BrowserProfile.Firefox).Classify(request with { HeadersObject = true }).AccessControlRequestHeaders);
        Assert.Equal("x-a,x-b", new BrowserModel(BrowserProfile.Firefox).Classify(request with { Initiator = Initiator.XmlHttpRequest }).AccessControlRequestHeaders);
    }

    [Fact]
    public void FirefoxJudgesEachEntryOfAHeaderSequence()
    {
        var firefox = new BrowserModel(BrowserProfile.Firefox);
        var chromium = new BrowserModel(BrowserProfile.Chromium);
        CorsRequest Request(string method, params HttpHeader[] headers) => new() { Origin = Page, Url = new Uri($"{Api}/"), Method = method, Headers = headers };

        // F8 #803: one name per unsafe entry, identical spelling included.
        Assert.Equal("x-test,x-test", firefox.Classify(Request("GET", new("X-Test", "1"), new("X-Test", "1"))).AccessControlRequestHeaders);
        Assert.Equal("x-test", chromium.Classify(Request("GET", new("X-Test", "1"), new("X-Test", "1"))).AccessControlRequestHeaders);
        // F9 #1064: each Content-Type entry safelisted on its own → no preflight; Chromium combines → preflight.
        var twice = Request("GET", new("Content-Type", "text/plain"), new("content-type", "text/plain"));
        Assert.False(firefox.Classify(twice).NeedsPreflight);
        Assert.Equal("content-type", chromium.Classify(twice).AccessControlRequestHeaders);
        // F9 #1172: two unsafe Content-Type entries are listed twice.
        Assert.Equal("content-language,content-type,content-type", firefox.Classify(Request("POST",
            new("Content-Type", "multipart/form-data;\""), new("Content-Language", "de(DE)"), new("Content-Type", "application/json"))).AccessControlRequestHeaders);
        // F9 #576: the safelisted Content-Type entries do not appear.
        Assert.Equal("accept,dpr", firefox.Classify(Request("PUT",
            new("Content-Type", "text/plain"), new("Accept", "\"quoted\""), new("DPR", "2"), new("Content-Type", "text/plain"))).AccessControlRequestHeaders);
    }

    [Fact]
    public async Task FirefoxRelistsDroppedBodyHeadersFromTheSecondHopAfterARewrite()
    {
        // #318: POST with an unsafe Content-Type → 302 (POST → GET, Content-Type dropped) → 302 → page origin.
        var redirects = new Dictionary<string, (int, string)> { [$"{Api}/0"] = (302, $"{Api}/1"), [$"{Api}/1"] = (302, $"{Page}/2") };
        var firefox = Server(redirects);
        await Run(BrowserProfile.Firefox, firefox, $"{Api}/0", "POST", new HttpHeader("Content-Type", "application/json"));
        Assert.Equal(["content-type", null, "content-type"], firefox.Requests.Where(r => r.Method == "OPTIONS").Select(r => Header(r, "Access-Control-Request-Headers")));
        Assert.All(firefox.Requests.Where(r => r.Method == "GET"), r => Assert.Null(Header(r, "Content-Type")));
    }
}
