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
        var request = new CorsRequest { Origin = Page, Url = new Uri($"{Api}/"), Method = "POST", Headers = [new("Content-Type", first), new("Content-Type", second)] };
        Assert.Equal(chromiumPreflights, new BrowserModel(BrowserProfile.Chromium).Classify(request).NeedsPreflight);
        var firefox = new BrowserModel(BrowserProfile.Firefox).Classify(request);
        Assert.True(firefox.NeedsPreflight);
        Assert.Equal("content-type", firefox.AccessControlRequestHeaders);
    }
}
