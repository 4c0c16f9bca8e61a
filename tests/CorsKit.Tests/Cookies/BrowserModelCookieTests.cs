using CorsKit.Cookies;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using CorsKit.Tests.Model;
using static CorsKit.Tests.Model.ScriptedServer;

namespace CorsKit.Tests.Cookies;

/// <summary>The model with a cookie store: what goes on the wire, what is stored, and the decisions on the verdict.</summary>
public class BrowserModelCookieTests
{
    private static readonly Origin App = Origin.Parse("http://app.localhost:8000");
    private static readonly Origin Api = Origin.Parse("http://api.localhost:9000");

    private static CorsRequest Fetch(string url, CredentialsMode credentials = CredentialsMode.Include, string method = "GET", params HttpHeader[] headers) =>
        new() { Origin = App, Url = new Uri(url), Credentials = credentials, Method = method, Headers = headers };

    private static HttpHeader[] Allow(params HttpHeader[] more) =>
        [new("Access-Control-Allow-Origin", App.Serialized), new("Access-Control-Allow-Credentials", "true"), .. more];

    [Fact]
    public async Task A_credentialed_cross_site_fetch_carries_only_what_the_browser_sends_and_says_why_not_the_rest()
    {
        var store = new CookieStore(CookieBehaviour.Chrome, new ManualClock());
        store.Receive("session=1; SameSite=Lax", new Uri("http://api.localhost:9000/login"), Api);
        store.Receive("cross=2; SameSite=None; Secure", new Uri("http://api.localhost:9000/login"), Api);
        var server = new ScriptedServer(_ => Respond(200, Allow()));

        var verdict = await new BrowserModel(BrowserProfile.Chromium) { Cookies = store }.RunAsync(Fetch("http://api.localhost:9000/me"), server.Transport);

        Assert.True(verdict.Allowed);
        Assert.Equal("cross=2", Header(Assert.Single(server.Requests), "Cookie"));
        var exchange = Assert.Single(verdict.Exchanges);
        Assert.Null(Header(exchange.Request, "Cookie")); // the CORS algorithm's own request never has it
        Assert.Equal("cross=2", Header(exchange.Wire!, "Cookie"));
        var left = Assert.Single(Assert.Single(verdict.CookieAttachments).LeftOut);
        Assert.Equal(("session", CookieExclusion.SameSiteLaxNotTopLevelNavigation), (left.Cookie.Name, left.Exclusion));
    }

    [Fact]
    public async Task The_default_profile_engine_behaviour_is_used_and_debian_chromium_sends_nothing_cross_site()
    {
        var store = new CookieStore(BrowserProfile.Chromium.Cookies);
        store.Receive("cross=2; SameSite=None; Secure", new Uri("http://api.localhost:9000/login"), Api);
        var server = new ScriptedServer(_ => Respond(200, Allow()));
        var verdict = await new BrowserModel(BrowserProfile.Chromium) { Cookies = store }.RunAsync(Fetch("http://api.localhost:9000/me"), server.Transport);
        Assert.Null(Header(Assert.Single(server.Requests), "Cookie"));
        Assert.Equal(CookieExclusion.ThirdPartyBlocked, Assert.Single(verdict.CookieAttachments[0].Decisions).Exclusion);
        Assert.Equal(ThirdPartyCookies.Partition, BrowserProfile.Firefox.Cookies.ThirdParty);
        Assert.Equal(ThirdPartyCookies.Block, BrowserProfile.Safari.Cookies.ThirdParty);
    }

    [Fact]
    public async Task A_response_that_fails_the_CORS_check_still_sets_its_cookie()
    {
        // Fetch §4.6 HTTP-network fetch stores Set-Cookie before §4.3 HTTP fetch runs the CORS check.
        var store = new CookieStore(CookieBehaviour.Firefox, new ManualClock());
        var server = new ScriptedServer(_ => Respond(200, new HttpHeader("Set-Cookie", "sid=1")));
        var model = new BrowserModel(BrowserProfile.Firefox) { Cookies = store };

        var first = await model.RunAsync(Fetch("http://api.localhost:9000/login"), server.Transport);
        var second = await model.RunAsync(Fetch("http://api.localhost:9000/me"), server.Transport);

        Assert.False(first.Allowed);
        Assert.True(Assert.Single(first.Exchanges).SetCookies.Single().Stored);
        Assert.Equal("http://app.localhost", store.Cookies.Single().PartitionKey);
        Assert.Equal("sid=1", Header(server.Requests[1], "Cookie"));
        Assert.False(second.Allowed);
    }

    [Fact]
    public async Task Preflights_carry_no_cookie_and_their_Set_Cookie_is_ignored_and_an_unsent_request_shows_its_cookies()
    {
        var store = new CookieStore(CookieBehaviour.Chrome, new ManualClock());
        store.Receive("cross=2; SameSite=None; Secure", new Uri("http://api.localhost:9000/"), Api);
        var server = new ScriptedServer(r => r.Method == "OPTIONS" ? Respond(403, new HttpHeader("Set-Cookie", "pre=1; SameSite=None; Secure")) : Respond(200, Allow()));

        var verdict = await new BrowserModel(BrowserProfile.Chromium) { Cookies = store }
            .RunAsync(Fetch("http://api.localhost:9000/me", method: "PUT"), server.Transport);

        Assert.False(verdict.Allowed);
        var preflight = Assert.Single(verdict.Exchanges);
        Assert.Null(Header(server.Requests[0], "Cookie"));
        Assert.Null(preflight.Cookies);
        Assert.Equal(SetCookieRejection.CredentialsNotIncluded, preflight.SetCookies.Single().Rejection);
        Assert.Equal("cross=2", verdict.UnsentCookies!.Header);
        Assert.Single(store.Cookies);
    }

    [Fact]
    public async Task A_cookie_set_on_a_redirect_goes_with_the_next_hop()
    {
        var store = new CookieStore(CookieBehaviour.Chrome, new ManualClock());
        var server = new ScriptedServer(r => r.Url.AbsolutePath == "/start"
            ? Respond(302, [.. Allow(), new("Location", "/end"), new("Set-Cookie", "hop=1; SameSite=None; Secure")])
            : Respond(200, Allow()));

        var verdict = await new BrowserModel(BrowserProfile.Chromium) { Cookies = store }.RunAsync(Fetch("http://api.localhost:9000/start"), server.Transport);

        Assert.True(verdict.Allowed);
        Assert.Equal([null, "hop=1"], server.Requests.Select(r => Header(r, "Cookie")));
    }

    [Fact]
    public async Task Without_a_store_nothing_changes()
    {
        var server = new ScriptedServer(_ => Respond(200, Allow(new HttpHeader("Set-Cookie", "a=1"))));
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Fetch("http://api.localhost:9000/me"), server.Transport);
        Assert.Null(Assert.Single(verdict.Exchanges).Wire);
        Assert.Empty(verdict.CookieAttachments);
        Assert.Empty(verdict.Exchanges[0].SetCookies);
    }
}
