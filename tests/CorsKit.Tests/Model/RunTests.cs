using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using static CorsKit.Tests.Model.ScriptedServer;

namespace CorsKit.Tests.Model;

public class RunTests
{
    private static readonly Origin Page = Origin.Parse("https://a.example");

    private static CorsRequest Request(string url, string method = "GET", CredentialsMode credentials = CredentialsMode.SameOrigin, params HttpHeader[] headers)
        => new() { Origin = Page, Url = new Uri(url), Method = method, Credentials = credentials, Headers = headers };

    /// <summary>A server that allows <paramref name="allowOrigin"/> for everything, with preflight support.</summary>
    private static ScriptedServer Allowing(string allowOrigin = "https://a.example", string methods = "PUT, DELETE", string headers = "x-custom", bool credentials = false, string? maxAge = null)
        => new(r =>
        {
            List<HttpHeader> h = [new("Access-Control-Allow-Origin", allowOrigin), new("Vary", "Origin")];
            if (credentials)
            {
                h.Add(new("Access-Control-Allow-Credentials", "true"));
            }

            if (r.Method == "OPTIONS")
            {
                h.Add(new("Access-Control-Allow-Methods", methods));
                h.Add(new("Access-Control-Allow-Headers", headers));
                if (maxAge is not null)
                {
                    h.Add(new("Access-Control-Max-Age", maxAge));
                }

                return new IncomingResponse { Status = 204, Headers = h };
            }

            h.Add(new("Content-Type", "text/plain"));
            h.Add(new("X-Secret", "1"));
            return new IncomingResponse { Status = 200, Headers = h };
        });

    [Fact]
    public async Task SimpleGetSendsOriginAndNoPreflight()
    {
        var server = Allowing();
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("https://b.example/x"), server.Transport);
        Assert.True(verdict.Allowed);
        Assert.False(verdict.PreflightSent);
        Assert.True(verdict.ActualSent);
        var sent = Assert.Single(server.Requests);
        Assert.Equal("https://a.example", Header(sent, "Origin"));
        Assert.False(sent.IncludeCredentials); // same-origin credentials mode, cross-origin request
        Assert.Equal(["content-type"], verdict.ReadableHeaders); // vary and x-secret are not exposed
    }

    [Fact]
    public async Task PreflightRequestIsExact()
    {
        var server = Allowing();
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(
            Request("https://b.example/x", "put", CredentialsMode.Include, new HttpHeader("X-Custom", "1"), new HttpHeader("Cookie", "a")), server.Transport);
        Assert.False(verdict.Allowed); // credentials but no ACAC on the preflight
        Assert.Equal(ChromiumCorsError.PreflightInvalidAllowCredentials, verdict.Failure!.Code);
        var preflight = Assert.Single(server.Requests);
        Assert.Equal("OPTIONS", preflight.Method);
        Assert.False(preflight.IncludeCredentials);
        Assert.Equal([new("Accept", "*/*"), new("Access-Control-Request-Method", "PUT"), new("Access-Control-Request-Headers", "x-custom"), new HttpHeader("Origin", "https://a.example")],
            preflight.Headers);
        Assert.Equal("PUT", verdict.PreflightRequestMethod);
        Assert.Equal("x-custom", verdict.PreflightRequestHeaders);
        Assert.Equal(["Cookie"], verdict.DroppedHeaders);
        Assert.False(verdict.ActualSent);
    }

    [Fact]
    public async Task PreflightThenActualWithCredentials()
    {
        var server = Allowing(credentials: true);
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(
            Request("https://b.example/x", "DELETE", CredentialsMode.Include, new HttpHeader("X-Custom", "1")), server.Transport);
        Assert.True(verdict.Allowed);
        Assert.True(verdict.PreflightSent);
        Assert.Equal(2, server.Requests.Count);
        var actual = server.Requests[1];
        Assert.True(actual.IncludeCredentials);
        Assert.Equal([new("X-Custom", "1"), new HttpHeader("Origin", "https://a.example")], actual.Headers);
        Assert.Equal([ExchangeKind.Preflight, ExchangeKind.Actual], verdict.Exchanges.Select(e => e.Kind));
    }

    [Fact]
    public async Task SameOriginGetHasNoOriginAndNoCorsCheck()
    {
        var server = new ScriptedServer(_ => Respond(200, new HttpHeader("X-Anything", "1"), new HttpHeader("Set-Cookie", "a=b")));
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("https://a.example/x", "GET", CredentialsMode.SameOrigin, new HttpHeader("X-Custom", "1")), server.Transport);
        Assert.True(verdict.Allowed);
        Assert.Null(Header(server.Requests[0], "Origin"));
        Assert.True(server.Requests[0].IncludeCredentials);
        Assert.Equal(["x-anything"], verdict.ReadableHeaders);
        // §7 #61: same-origin POST carries Origin.
        await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("https://a.example/x", "POST"), server.Transport);
        Assert.Equal("https://a.example", Header(server.Requests[1], "Origin"));
    }

    [Fact]
    public async Task ActualResponseWithoutAllowOriginFails()
    {
        var server = new ScriptedServer(_ => Respond(200));
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("https://b.example/x"), server.Transport);
        Assert.False(verdict.Allowed);
        Assert.True(verdict.ActualSent);
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, verdict.Failure!.Code);
        Assert.Equal("CORSMissingAllowOrigin", verdict.Failure.FirefoxReason);
        Assert.Contains("`Access-Control-Allow-Origin: https://a.example`", verdict.Failure.Fix, StringComparison.Ordinal);
        Assert.Contains("`Vary: Origin`", verdict.Failure.Fix, StringComparison.Ordinal);
        Assert.Empty(verdict.ReadableHeaders);
    }

    [Fact]
    public async Task TransportFailureIsANetworkErrorVerdict()
    {
        Task<IncomingResponse> Refuse(OutgoingRequest r, CancellationToken ct) => throw new TransportException("refused", "Connection refused");
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("https://b.example/x"), Refuse);
        Assert.False(verdict.Allowed);
        Assert.False(verdict.ActualSent);
        Assert.Equal("net::ERR_CONNECTION_REFUSED", verdict.Failure!.NetworkError);
        Assert.Null(verdict.Failure.Code);
        Assert.Equal("GET https://b.example/x net::ERR_CONNECTION_REFUSED", verdict.Failure.ChromiumMessage);
        var exchange = Assert.Single(verdict.Exchanges);
        Assert.Null(exchange.Response);

        Task<IncomingResponse> Crash(OutgoingRequest r, CancellationToken ct) => throw new InvalidOperationException("boom");
        var crashed = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("https://b.example/x", "PUT"), Crash);
        Assert.Equal("net::ERR_FAILED", crashed.Failure!.NetworkError);
        Assert.True(crashed.PreflightSent);
    }

    [Fact]
    public async Task ScriptErrorsSendNothing()
    {
        var server = Allowing();
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("https://b.example/x", "TRACE"), server.Transport);
        Assert.False(verdict.Allowed);
        Assert.Empty(server.Requests);
        Assert.Equal("TypeError", verdict.Failure!.NetworkError);
        Assert.Equal("TypeError: Failed to execute 'fetch' on 'Window': 'TRACE' HTTP method is unsupported.", verdict.Failure.ChromiumMessage);
    }
}
