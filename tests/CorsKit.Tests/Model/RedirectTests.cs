using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using static CorsKit.Tests.Model.ScriptedServer;

namespace CorsKit.Tests.Model;

/// <summary>Fetch §4.4 HTTP-redirect fetch and redirect-taint (browser-cors.md §1.14-1.15, §7 #17-21, #63-66).</summary>
public class RedirectTests
{
    private static readonly Origin Page = Origin.Parse("https://a.example");

    /// <summary>Redirects per a path map; every other response allows any origin that asked (echoes Origin).</summary>
    private static ScriptedServer Chain(Dictionary<string, (int Status, string Location)> redirects, bool echo = true)
        => new(r =>
        {
            var origin = Header(r, "Origin") ?? "none";
            List<HttpHeader> h = echo ? [new("Access-Control-Allow-Origin", origin)] : [];
            if (r.Method == "OPTIONS")
            {
                h.Add(new("Access-Control-Allow-Methods", "PUT"));
                h.Add(new("Access-Control-Allow-Headers", "*"));
                return new IncomingResponse { Status = 204, Headers = h };
            }

            if (redirects.TryGetValue(r.Url.AbsoluteUri, out var hop))
            {
                h.Add(new("Location", hop.Location));
                return new IncomingResponse { Status = hop.Status, Headers = h };
            }

            return new IncomingResponse { Status = 200, Headers = h };
        });

    private static Task<CorsVerdict> Run(ScriptedServer server, string url, string method = "GET", string? body = null, params HttpHeader[] headers)
        => new BrowserModel(BrowserProfile.Chromium).RunAsync(new CorsRequest { Origin = Page, Url = new Uri(url), Method = method, Body = body, Headers = headers }, server.Transport);

    [Fact]
    public async Task CrossOriginHopTaintsOriginToNull() // §7 #17
    {
        var server = Chain(new() { ["https://b.example/1"] = (302, "https://c.example/2") });
        var verdict = await Run(server, "https://b.example/1");
        Assert.True(verdict.Allowed); // c echoes "null"
        Assert.Equal(["https://a.example", "null"], server.Requests.Select(r => Header(r, "Origin")));
    }

    [Fact]
    public async Task HopBackToOwnOriginStaysCorsWithNull() // §7 #18
    {
        var server = Chain(new() { ["https://b.example/1"] = (302, "https://a.example/back") });
        var verdict = await Run(server, "https://b.example/1");
        Assert.True(verdict.Allowed);
        Assert.Equal("null", Header(server.Requests[1], "Origin"));
        Assert.False(server.Requests[1].IncludeCredentials);

        var strict = Chain(new() { ["https://b.example/1"] = (302, "https://a.example/back") }, echo: false);
        var blocked = await Run(strict, "https://b.example/1");
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, blocked.Failure!.Code); // the 302 itself lacks ACAO (§7 #20)
    }

    [Fact]
    public async Task SameOriginHopToCrossOriginIsNotTainted() // §7 #19
    {
        var server = Chain(new() { ["https://a.example/1"] = (302, "https://b.example/2") });
        var verdict = await Run(server, "https://a.example/1");
        Assert.True(verdict.Allowed);
        Assert.Null(Header(server.Requests[0], "Origin"));
        Assert.Equal("https://a.example", Header(server.Requests[1], "Origin"));
    }

    [Fact]
    public async Task UserinfoInLocationIsRejected() // §7 #21
    {
        var server = Chain(new() { ["https://b.example/1"] = (302, "https://user:pass@c.example/2") });
        var verdict = await Run(server, "https://b.example/1");
        Assert.Equal(ChromiumCorsError.RedirectContainsCredentials, verdict.Failure!.Code);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task TwentyRedirectsAreFollowedAndTheTwentyFirstFails() // §7 #65
    {
        var hops = Enumerable.Range(0, 25).ToDictionary(i => $"https://b.example/{i}", i => (302, $"https://b.example/{i + 1}"));
        var failing = await Run(Chain(hops), "https://b.example/0");
        Assert.Equal("net::ERR_TOO_MANY_REDIRECTS", failing.Failure!.NetworkError);
        Assert.Equal(21, failing.Exchanges.Count);

        var twenty = Enumerable.Range(0, 20).ToDictionary(i => $"https://b.example/{i}", i => (302, $"https://b.example/{i + 1}"));
        Assert.True((await Run(Chain(twenty), "https://b.example/0")).Allowed);
    }

    [Theory]
    [InlineData(301, "POST", "GET")]
    [InlineData(302, "POST", "GET")]
    [InlineData(303, "PUT", "GET")]
    [InlineData(303, "HEAD", "HEAD")]
    [InlineData(307, "POST", "POST")]
    [InlineData(308, "PUT", "PUT")]
    [InlineData(301, "PUT", "PUT")]
    public async Task MethodRewrite(int status, string method, string after) // §7 #63
    {
        var server = Chain(new() { ["https://b.example/1"] = (status, "/2") });
        var verdict = await Run(server, "https://b.example/1", method, method is "HEAD" ? null : "{}", method is "HEAD" ? [] : [new HttpHeader("Content-Type", "application/json")]);
        Assert.True(verdict.Allowed);
        var last = server.Requests[^1];
        Assert.Equal(after, last.Method);
        Assert.Equal(new Uri("https://b.example/2"), last.Url);
        if (after == "GET" && method != "GET")
        {
            Assert.Null(last.Body);
            Assert.Null(Header(last, "Content-Type"));
        }
    }

    [Fact]
    public async Task AuthorizationIsDroppedOnCrossOriginHop() // §7 #64
    {
        var server = Chain(new() { ["https://b.example/1"] = (307, "https://b.example/2"), ["https://b.example/2"] = (307, "https://c.example/3") });
        var verdict = await Run(server, "https://b.example/1", "GET", null, new HttpHeader("Authorization", "Bearer x"));
        Assert.True(verdict.Allowed);
        var actuals = server.Requests.Where(r => r.Method == "GET").ToList();
        Assert.Equal(["Bearer x", "Bearer x", null], actuals.Select(r => Header(r, "Authorization")));
        // A new preflight per URL; none after Authorization is gone.
        Assert.Equal(2, server.Preflights);
    }

    [Fact]
    public async Task RedirectToDataUrlFails() // §7 #66
    {
        var server = Chain(new() { ["https://b.example/1"] = (302, "data:text/plain,hi") });
        var verdict = await Run(server, "https://b.example/1");
        Assert.False(verdict.Allowed);
        Assert.Equal("net::ERR_UNSAFE_REDIRECT", verdict.Failure!.NetworkError);
    }

    [Fact]
    public async Task RedirectedFailureNamesBothUrls()
    {
        var server = new ScriptedServer(r => r.Url.AbsolutePath == "/1"
            ? Respond(302, new HttpHeader("Access-Control-Allow-Origin", "*"), new HttpHeader("Location", "/2"))
            : Respond(200));
        var verdict = await Run(server, "https://b.example/1");
        Assert.Equal("Access to fetch at 'https://b.example/2' (redirected from 'https://b.example/1') from origin 'https://a.example' has been blocked by CORS policy: "
            + "No 'Access-Control-Allow-Origin' header is present on the requested resource.", verdict.Failure!.ChromiumMessage);
    }
}
