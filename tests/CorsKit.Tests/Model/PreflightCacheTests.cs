using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Tests.Model;

/// <summary>Preflight cache timing and structure per profile (browser-cors.md §1.12, §3.1, §4, §7 #28-34).</summary>
public class PreflightCacheTests
{
    private static readonly Origin Page = Origin.Parse("https://a.example");

    private static ScriptedServer Server(Func<int, (string Headers, string? MaxAge)> perPreflight)
    {
        var count = 0;
        return new ScriptedServer(r =>
        {
            List<HttpHeader> h = [new("Access-Control-Allow-Origin", "https://a.example"), new("Access-Control-Allow-Credentials", "true")];
            if (r.Method == "OPTIONS")
            {
                var (headers, maxAge) = perPreflight(count++);
                h.Add(new("Access-Control-Allow-Methods", "PUT"));
                h.Add(new("Access-Control-Allow-Headers", headers));
                if (maxAge is not null)
                {
                    h.Add(new("Access-Control-Max-Age", maxAge));
                }

                return new IncomingResponse { Status = 204, Headers = h };
            }

            return new IncomingResponse { Status = 200, Headers = h };
        });
    }

    private static CorsRequest Put(string header = "X-A", CredentialsMode credentials = CredentialsMode.SameOrigin)
        => new() { Origin = Page, Url = new Uri("https://b.example/r"), Method = "PUT", Headers = [new(header, "1")], Credentials = credentials };

    /// <summary>Firefox's cache as nsCORSListenerProxy.cpp describes it (per method/header, digits only, 86400 s cap),
    /// which the real Firefox ESR 153 does not reuse across requests (see <see cref="FirefoxDoesNotReuseAPreflight"/>).</summary>
    private static readonly BrowserProfile FirefoxSource = new()
    {
        Engine = BrowserEngine.Firefox, Name = "firefox-source", MaxPreflightMaxAge = TimeSpan.FromSeconds(86400),
        CacheStyle = PreflightCacheStyle.PerMethodAndHeader, UnparseableMaxAgeDisablesCache = true, CacheExemptsOnlyGetAndPost = true,
    };

    private static BrowserProfile ProfileNamed(string name) => name == "firefox-source" ? FirefoxSource : BrowserProfile.TryGet(name, out var p) ? p : throw new ArgumentException(name);

    [Theory]
    [InlineData("chromium", null, 4, 1)] // default 5 s
    [InlineData("chromium", null, 5, 2)]
    [InlineData("chromium", "86400", 7199, 1)] // cap 7200 s
    [InlineData("chromium", "86400", 7200, 2)]
    [InlineData("firefox-source", "86400", 86399, 1)] // cap 86400 s
    [InlineData("firefox-source", "86400", 86400, 2)]
    [InlineData("firefox", "86400", 0, 2)] // the real Firefox ESR 153 preflights again
    [InlineData("safari", "86400", 599, 1)] // cap 600 s
    [InlineData("safari", "86400", 600, 2)]
    [InlineData("chromium", "0", 0, 2)] // §7 #31
    [InlineData("chromium", "-1", 0, 2)] // §7 #30
    [InlineData("firefox-source", "-1", 0, 2)]
    [InlineData("chromium", "abc", 4, 1)] // §7 #32: Chromium falls back to 5 s
    [InlineData("firefox-source", "abc", 0, 2)] // Firefox's source does not cache unparseable values
    [InlineData("firefox-source", "10, 20", 0, 2)]
    public async Task ExpiryPerProfile(string profileName, string? maxAge, int secondsLater, int expectedPreflights)
    {
        var profile = ProfileNamed(profileName);
        var clock = new ManualClock();
        var model = new BrowserModel(profile, clock);
        var server = Server(_ => ("x-a", maxAge));
        Assert.True((await model.RunAsync(Put(), server.Transport)).Allowed);
        clock.Advance(TimeSpan.FromSeconds(secondsLater));
        var second = await model.RunAsync(Put(), server.Transport);
        Assert.True(second.Allowed);
        Assert.Equal(expectedPreflights, server.Preflights);
        Assert.Equal(expectedPreflights == 2, second.PreflightSent);
    }

    [Fact]
    public async Task ChromiumReplacesTheEntryWhileFirefoxAccumulates() // §7 #33
    {
        foreach (var (profile, expected) in new[] { (BrowserProfile.Chromium, 3), (FirefoxSource, 2), (BrowserProfile.Firefox, 3) })
        {
            var model = new BrowserModel(profile, new ManualClock());
            var server = Server(i => (i == 0 ? "x-a" : "x-b", "100"));
            await model.RunAsync(Put("X-A"), server.Transport);
            await model.RunAsync(Put("X-B"), server.Transport); // new preflight, allows only x-b
            var third = await model.RunAsync(Put("X-A"), server.Transport);
            Assert.Equal(profile == FirefoxSource, third.Allowed);
            Assert.Equal(expected, server.Preflights);
        }
    }

    [Fact]
    public async Task NonCredentialedEntryCannotServeCredentialedRequest() // §7 #34
    {
        var model = new BrowserModel(BrowserProfile.Chromium, new ManualClock());
        var server = Server(_ => ("x-a", "100"));
        await model.RunAsync(Put(), server.Transport);
        await model.RunAsync(Put(credentials: CredentialsMode.Include), server.Transport);
        Assert.Equal(2, server.Preflights);
        await model.RunAsync(Put(), server.Transport); // the credentialed entry serves a non-credentialed request
        Assert.Equal(2, server.Preflights);
    }

    [Fact]
    public async Task FailedRequestErasesTheEntryAndClearEmptiesTheCache()
    {
        var model = new BrowserModel(BrowserProfile.Chromium, new ManualClock());
        var server = Server(_ => ("x-a", "100"));
        await model.RunAsync(Put(), server.Transport);
        await model.RunAsync(Put(), server.Transport);
        Assert.Equal(1, server.Preflights);
        model.ClearPreflightCache();
        await model.RunAsync(Put(), server.Transport);
        Assert.Equal(2, server.Preflights);
    }

    [Fact]
    public async Task ChromiumNeverCachesAuthorizationAdmittedByStar()
    {
        var model = new BrowserModel(BrowserProfile.Chromium, new ManualClock());
        var server = new ScriptedServer(r => new IncomingResponse
        {
            Status = r.Method == "OPTIONS" ? 204 : 200,
            Headers = [new("Access-Control-Allow-Origin", "*"), new("Access-Control-Allow-Headers", "*"), new("Access-Control-Max-Age", "100")],
        });
        var request = new CorsRequest { Origin = Page, Url = new Uri("https://b.example/r"), Headers = [new("Authorization", "Bearer x")] };
        Assert.True((await model.RunAsync(request, server.Transport)).Allowed); // §7 #7: "*" covers Authorization in Chromium
        Assert.True((await model.RunAsync(request, server.Transport)).Allowed);
        Assert.Equal(2, server.Preflights);
    }

    [Fact]
    public async Task FirefoxDoesNotReuseAPreflight()
    {
        // Observed in Firefox ESR 153 (tests/CorsKit.BrowserTests cache-* cases): Max-Age 600, a second PUT 300 ms later.
        var model = new BrowserModel(BrowserProfile.Firefox, new ManualClock());
        var server = Server(_ => ("x-a", "600"));
        await model.RunAsync(Put(), server.Transport);
        var second = await model.RunAsync(Put(), server.Transport);
        Assert.True(second.PreflightSent);
        Assert.Equal(2, server.Preflights);
    }
}
