using System.Collections.Concurrent;
using System.Text.Json;
using CorsKit.Cli.Audit;
using CorsKit.Cli.Demo;
using Microsoft.AspNetCore.Http;

namespace CorsKit.Cli.Tests;

/// <summary>Redirect policy, proxy support and the request budget of <c>corskit audit</c>.</summary>
public sealed class AuditTransportTests
{
    private const string T = AuditTestServer.Trusted;

    private static async Task<(int Exit, string Out)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.RunAsync(["audit", .. args], output, error);
        return (exit, output.ToString());
    }

    private static List<string> Ids(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.GetProperty("targets")[0].GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToList();
    }

    /// <summary>/api/data redirects to /api/real, which reflects any origin with credentials; the redirect itself has
    /// no CORS headers, so a browser is blocked at the redirect.</summary>
    private static Task<LoopbackServer> RedirectingAsync() => LoopbackServer.StartAsync(async context =>
    {
        if (context.Request.Path == "/api/data")
        {
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/api/real";
            return;
        }

        context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin.ToString();
        context.Response.Headers.AccessControlAllowCredentials = "true";
        context.Response.Headers.Vary = "Origin";
        await context.Response.WriteAsync("{}");
    });

    [Fact]
    public async Task The_first_response_is_judged_unless_redirects_are_followed()
    {
        await using var server = await RedirectingAsync();
        var url = new Uri(server.BaseAddress, "api/data").AbsoluteUri;
        var (exit, json) = await RunAsync(url, "-t", T, "--format", "json");
        Assert.Equal(0, exit);
        Assert.Empty(Ids(json));
        var (followedExit, followed) = await RunAsync(url, "-t", T, "--format", "json", "--follow-redirects");
        Assert.Equal(1, followedExit);
        Assert.Contains("origin-reflected", Ids(followed));
        Assert.Contains("/api/real", followed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_go_through_the_proxy()
    {
        // The target's host name does not resolve; only the proxy, which sends everything to the test server, makes
        // the audit possible.
        await using var target = await AuditTestServer.StartAsync(new CorsBehaviour { Allow = o => o });
        var seen = new ConcurrentBag<string>();
        using var upstream = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false });
        await using var proxy = await LoopbackServer.StartAsync(async context =>
        {
            seen.Add(context.Request.Host.Value!);
            var forward = new HttpRequestMessage(new HttpMethod(context.Request.Method), new Uri(target.BaseAddress, context.Request.Path.Value!.TrimStart('/')));
            foreach (var header in context.Request.Headers.Where(h => h.Key is not ("Host" or "Proxy-Connection")))
            {
                forward.Headers.TryAddWithoutValidation(header.Key, header.Value.ToArray());
            }

            using var response = await upstream.SendAsync(forward);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var header in response.Headers)
            {
                context.Response.Headers[header.Key] = header.Value.ToArray();
            }

            await response.Content.CopyToAsync(context.Response.Body);
        });
        var (exit, json) = await RunAsync($"http://corskit-target.invalid:{target.BaseAddress.Port}/api/data", "-t", T, "--format", "json", "--proxy", proxy.BaseAddress.AbsoluteUri);
        Assert.Equal(1, exit);
        Assert.Contains("origin-reflected", Ids(json));
        Assert.Contains($"corskit-target.invalid:{target.BaseAddress.Port}", seen);
    }

    [Fact]
    public async Task The_users_session_cookie_and_headers_reach_authenticated_endpoints()
    {
        // Reflects the origin (with credentials) only for a logged-in user with an API key.
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var loggedIn = context.Request.Headers.Cookie.ToString().Contains("session=abc", StringComparison.Ordinal)
                && context.Request.Headers["X-Api-Key"] == "k1";
            if (loggedIn && context.Request.Headers.Origin.Count > 0)
            {
                context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin.ToString();
                context.Response.Headers.AccessControlAllowCredentials = "true";
                context.Response.Headers.Vary = "Origin";
            }

            context.Response.StatusCode = loggedIn ? 200 : 401;
            await context.Response.WriteAsync("{}");
        });
        var url = new Uri(server.BaseAddress, "api/me").AbsoluteUri;
        var (anonymous, json) = await RunAsync(url, "-t", T, "--format", "json");
        Assert.Equal(0, anonymous);
        Assert.Empty(Ids(json));
        var (exit, authenticated) = await RunAsync(url, "-t", T, "--format", "json", "--cookie", "session=abc", "-H", "X-Api-Key: k1");
        Assert.Equal(1, exit);
        Assert.Contains("origin-reflected", Ids(authenticated));
        Assert.Contains("Cookie: corskit_probe=1; session=abc", authenticated, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Transient_connection_resets_are_retried()
    {
        // The first request on every new connection is cut off before a response: a real reset, not a fake transport.
        var count = 0;
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            if (Interlocked.Increment(ref count) == 1)
            {
                context.Abort();
                return;
            }

            context.Response.Headers.AccessControlAllowOrigin = context.Request.Headers.Origin.ToString();
            context.Response.Headers.AccessControlAllowCredentials = "true";
            context.Response.Headers.Vary = "Origin";
            await context.Response.WriteAsync("{}");
        });
        var url = new Uri(server.BaseAddress, "api/data").AbsoluteUri;
        var (failed, json) = await RunAsync(url, "-t", T, "--format", "json", "--retries", "0", "--concurrency", "1");
        Assert.Equal(2, failed);
        using (var document = JsonDocument.Parse(json))
        {
            // An abort is a TCP reset, or an end of stream when it wins the race with the request (RawHttpClient's words).
            Assert.Matches("was reset before a response arrived|closed the connection without sending a response", document.RootElement.GetProperty("targets")[0].GetProperty("error").GetString());
        }

        count = 0;
        var (exit, retried) = await RunAsync(url, "-t", T, "--format", "json", "--retries", "1", "--concurrency", "1");
        Assert.Equal(1, exit);
        Assert.Contains("origin-reflected", Ids(retried));
    }

    [Fact]
    public async Task Error_urls_are_compared_with_the_targets_on_their_host()
    {
        // 404s keep the CORS headers; only the 500 from /api/fail (an exception handler that runs before CORS) loses them.
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            var failing = context.Request.Path == "/api/fail";
            context.Response.Headers.Vary = "Origin";
            if (!failing && context.Request.Headers.Origin == T)
            {
                context.Response.Headers.AccessControlAllowOrigin = T;
            }

            context.Response.StatusCode = failing ? 500 : context.Request.Path == "/api/data" ? 200 : 404;
            await context.Response.WriteAsync("{}");
        });
        var url = new Uri(server.BaseAddress, "api/data").AbsoluteUri;
        var (_, plain) = await RunAsync(url, "-t", T, "--format", "json");
        Assert.Empty(Ids(plain));
        var (_, withErrorUrl) = await RunAsync(url, "-t", T, "--format", "json", "--error-url", new Uri(server.BaseAddress, "api/fail").AbsoluteUri);
        Assert.Equal(["cors-missing-on-error"], Ids(withErrorUrl));
        Assert.Contains("(status 500)", withErrorUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_probe_is_counted_and_a_correct_server_costs_the_same()
    {
        await using var server = await AuditTestServer.StartAsync(new CorsBehaviour { Allow = o => o == T ? o : null });
        var report = await AuditRunner.RunAsync(new AuditSettings { Targets = [new Uri(server.BaseAddress, "api/data")], TrustedOrigins = [T] });
        var target = Assert.Single(report.Targets);
        Assert.Empty(target.Findings);
        // trusted 1 + planned probes + 1 without Origin + 3 preflights + 2 private-network preflights + 3 error requests
        // (missing path; the browser model's preflight for the JSON POST, then the POST with malformed JSON).
        Assert.Equal(1 + ProbePlanner.Plan([T], [T]).Count + 1 + 3 + 2 + 3, target.Requests);
    }
}
