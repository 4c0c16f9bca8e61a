using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;
using Microsoft.AspNetCore.Http;

namespace CorsKit.Cli.Tests;

/// <summary>What a scenario's server sees when answering: which server, the request, and the other origins.</summary>
public sealed record ServerTurn(bool OnB, bool IsOptions, string Page, string B, string PathAndQuery)
{
    /// <summary>API A's origin.</summary>
    public string A { get; init; } = "";

    /// <summary>The request's Origin header.</summary>
    public string Origin { get; init; } = "";
}

/// <summary>One server configuration and the script's request.</summary>
public sealed record ComparisonScenario(string Name, Func<ServerTurn, Reply> Respond, string Method = "GET",
    string[][]? Headers = null, string Credentials = "same-origin", string? Body = null)
{
    public override string ToString() => Name;
}

/// <summary>
/// Three loopback servers: the page's origin, API A, and API B (redirect targets). A and B answer
/// <c>/s/{scenario}</c> as the scenario says; the page server serves a blank page and, for Firefox, a runner page that
/// fetches every scenario and posts the results back.
/// </summary>
public sealed class ComparisonServers : IAsyncDisposable
{
    private readonly TaskCompletionSource<string> _results = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public LoopbackServer Page { get; private set; } = null!;
    public LoopbackServer A { get; private set; } = null!;
    public LoopbackServer B { get; private set; } = null!;

    /// <summary>The JSON the runner page posted.</summary>
    public Task<string> RunnerResults => _results.Task;

    /// <summary>The runner page's script input: [{name, url, init}].</summary>
    public string RunnerSpec { get; set; } = "[]";

    public static async Task<ComparisonServers> StartAsync()
    {
        var self = new ComparisonServers();
        self.Page = await LoopbackServer.StartAsync(self.PageAsync);
        self.A = await LoopbackServer.StartAsync(context => self.RespondAsync(context, onB: false));
        self.B = await LoopbackServer.StartAsync(context => self.RespondAsync(context, onB: true));
        return self;
    }

    private async Task PageAsync(HttpContext context)
    {
        if (context.Request.Path == "/results" && context.Request.Method == "POST")
        {
            using var reader = new StreamReader(context.Request.Body);
            _results.TrySetResult(await reader.ReadToEndAsync());
            return;
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        if (context.Request.Path == "/runner.html")
        {
            // The spec is JSON inside a script element; "</" cannot occur in it (no scenario value contains it).
            await context.Response.WriteAsync($$"""
                <!doctype html><title>corskit runner</title>
                <script id="spec" type="application/json">{{RunnerSpec}}</script>
                <script>
                (async () => {
                  // The browser holds a cookie for the API host (cookies ignore the port); `check` gets the same one.
                  document.cookie = 'sid=abc; path=/';
                  const results = [];
                  for (const s of JSON.parse(document.getElementById('spec').textContent)) {
                    try {
                      const response = await fetch(s.url, s.init);
                      await response.arrayBuffer();
                      results.push({ name: s.name, ok: true, headers: [...response.headers.keys()] });
                    } catch (e) {
                      results.push({ name: s.name, ok: false, headers: [], error: String(e) });
                    }
                  }
                  await fetch('/results', { method: 'POST', body: JSON.stringify(results) });
                })();
                </script>
                """);
            return;
        }

        await context.Response.WriteAsync("<!doctype html><title>corskit check comparison</title>");
    }

    private Task RespondAsync(HttpContext context, bool onB)
    {
        var name = context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) ?? "";
        var scenario = CheckChromiumComparisonTests.Scenarios.FirstOrDefault(s => s.Name == name);
        if (scenario is null)
        {
            context.Response.StatusCode = 404;
            return Task.CompletedTask;
        }

        var turn = new ServerTurn(onB, context.Request.Method == "OPTIONS", Page.Origin, B.Origin, context.Request.Path + context.Request.QueryString)
        {
            A = A.Origin,
            Origin = context.Request.Headers.Origin.ToString(),
        };
        var reply = scenario.Respond(turn);
        reply = reply with { Headers = [.. reply.Headers.Select(h => (h.Name, h.Value.Replace("{page}", Page.Origin, StringComparison.Ordinal)))] };
        return reply.WriteAsync(context);
    }

    /// <summary>Runs <c>corskit check</c> for <paramref name="scenario"/> as <paramref name="browser"/>, tagging the URL with run=<paramref name="run"/>.</summary>
    public Task<CliOutcome> CheckAsync(ComparisonScenario scenario, string browser, string run)
    {
        var args = new List<string> { "check", $"{A.Origin}/s/{scenario.Name}?run={run}", "--origin", Page.Origin, "-X", scenario.Method,
            "--credentials", scenario.Credentials, "--cookie", "sid=abc", "--browser", browser, "--format", "json",
            // Only what the browser sends: the wire is compared request by request (CorsKit's probes are not the browser's).
            "--no-probes" };
        foreach (var h in scenario.Headers ?? [])
        {
            args.AddRange(["-H", $"{h[0]}: {h[1]}"]);
        }

        if (scenario.Body is { } body)
        {
            args.AddRange(["-d", body]);
        }

        return CliRun.RunAsync([.. args]);
    }

    /// <summary>The CORS-relevant part of every request a run put on the wire, per server, in order.</summary>
    public List<string> Wire(string run, string name)
    {
        var lines = new List<string>();
        foreach (var (server, label) in new[] { (A, "A"), (B, "B") })
        {
            foreach (var r in server.Seen.Where(r => r.Path == $"/s/{name}" && r.Query == $"?run={run}"))
            {
                lines.Add(string.Join(" | ", label, r.Method, r.Path, "Origin=" + r.Header("Origin"),
                    "ACRM=" + r.Header("Access-Control-Request-Method"), "ACRH=" + r.Header("Access-Control-Request-Headers"),
                    "Cookie=" + r.Header("Cookie"), "Accept=" + r.Header("Accept"),
                    "Referer=" + r.Header("Referer"),
                    "Sec-Fetch=" + r.Header("Sec-Fetch-Site") + "," + r.Header("Sec-Fetch-Mode") + "," + r.Header("Sec-Fetch-Dest"),
                    "script header=" + (r.Header("X-Custom") ?? r.Header("Authorization") ?? r.Header("X-Api-Key"))));
            }
        }

        return lines;
    }

    public async ValueTask DisposeAsync()
    {
        await Page.DisposeAsync();
        await A.DisposeAsync();
        await B.DisposeAsync();
    }
}

/// <summary>The comparison servers and one headless Chromium holding a cookie for the API host.</summary>
public sealed class ChromiumComparisonFixture : IAsyncLifetime
{
    public ComparisonServers Servers { get; private set; } = null!;
    public ChromiumPage Chromium { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Servers = await ComparisonServers.StartAsync();
        // The browser holds a cookie for the API host (cookies ignore the port), and `check` is given the same one.
        Chromium = await ChromiumPage.OpenAsync(Servers.Page.Origin + "/", new Microsoft.Playwright.Cookie { Name = "sid", Value = "abc", Url = Servers.A.Origin + "/" });
    }

    public async Task DisposeAsync()
    {
        await Chromium.DisposeAsync();
        await Servers.DisposeAsync();
    }
}

/// <summary>
/// The same request made by real headless Chromium (from a page on another loopback origin) and by <c>corskit check</c>
/// against the same live server configuration: verdict, what reached the server (preflight, Origin,
/// Access-Control-Request-Method/-Headers, cookies, every redirect hop), Chromium's CorsError and failed parameter,
/// the console message, and the readable response headers must all agree.
/// </summary>
public sealed class CheckChromiumComparisonTests(ChromiumComparisonFixture fixture) : IClassFixture<ChromiumComparisonFixture>
{
    private static readonly (string, string) Star = ("Access-Control-Allow-Origin", "*");
    private static readonly (string, string) Echo = ("Access-Control-Allow-Origin", "{origin}");
    private static readonly (string, string) Credentialed = ("Access-Control-Allow-Credentials", "true");

    private static Reply R(int status, params (string, string)[] headers) => new(status, headers);

    private static Func<ServerTurn, Reply> Simple(Reply actual) => t => t.IsOptions ? R(500) : actual;

    private static Func<ServerTurn, Reply> Preflighted(Reply preflight, Reply actual) => t => t.IsOptions ? preflight : actual;

    private static Func<ServerTurn, Reply> Redirected(Reply onA, Reply onB) =>
        t => t.OnB ? onB : onA with { Headers = [("Location", t.B + t.PathAndQuery), .. onA.Headers] };

    private static string[] H(string name, string value) => [name, value];

    // A passes the preflight and answers the PUT with 307 to B; B would pass its own preflight and the PUT.
    private static Reply PreflightThenRedirect(ServerTurn t)
    {
        var preflight = R(204, t.OnB ? Star : Echo, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "content-type"));
        if (t.IsOptions)
        {
            return preflight;
        }

        return t.OnB ? R(200, Star) : R(307, Echo, ("Location", t.B + t.PathAndQuery));
    }

    public static readonly IReadOnlyList<ComparisonScenario> Scenarios =
    [
        new("get-star", Simple(R(200, Star))),
        new("get-echo-expose", Simple(R(200, Echo, ("Access-Control-Expose-Headers", "X-Total, x-other"), ("X-Total", "3"), ("X-Secret", "s"), ("Cache-Control", "no-store")))),
        new("get-expose-star", Simple(R(200, Star, ("Access-Control-Expose-Headers", "*"), ("X-Total", "3"), ("Set-Cookie", "a=b")))),
        new("get-no-acao", Simple(R(200))),
        new("get-acao-mismatch", Simple(R(200, ("Access-Control-Allow-Origin", "https://other.example")))),
        new("get-acao-trailing-slash", Simple(R(200, ("Access-Control-Allow-Origin", "{origin}/")))),
        new("get-acao-twice", Simple(R(200, Echo, Echo))),
        new("get-acao-invalid", Simple(R(200, ("Access-Control-Allow-Origin", "app.example")))),
        new("get-acao-null", Simple(R(200, ("Access-Control-Allow-Origin", "null")))),
        new("cred-star", Simple(R(200, Star, Credentialed)), Credentials: "include"),
        new("cred-no-acac", Simple(R(200, Echo)), Credentials: "include"),
        new("cred-acac-uppercase", Simple(R(200, Echo, ("Access-Control-Allow-Credentials", "True"))), Credentials: "include"),
        new("cred-ok", Simple(R(200, Echo, Credentialed, ("X-Total", "1"))), Credentials: "include"),
        new("post-text-plain", Simple(R(200, Echo)), "POST", [H("Content-Type", "text/plain;charset=UTF-8")], Body: "hi"),
        new("put-json-ok", Preflighted(R(204, Echo, ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "Content-Type")), R(200, Echo)),
            "PUT", [H("Content-Type", "application/json")], Body: "{}"),
        new("preflight-no-acao", Preflighted(R(204, ("Access-Control-Allow-Methods", "PUT")), R(200, Echo)), "PUT"),
        new("preflight-404", Preflighted(R(404, Echo, ("Access-Control-Allow-Methods", "PUT")), R(200, Echo)), "PUT"),
        new("preflight-method-denied", Preflighted(R(204, Echo, ("Access-Control-Allow-Methods", "GET, POST")), R(200, Echo)), "DELETE"),
        new("preflight-header-denied", Preflighted(R(204, Echo, ("Access-Control-Allow-Headers", "content-type")), R(200, Echo)),
            "GET", [H("X-Api-Key", "k"), H("Content-Type", "application/json")]),
        new("preflight-header-sorting", Preflighted(R(204, Echo, ("Access-Control-Allow-Headers", "x-a, x-b")), R(200, Echo)),
            "GET", [H("X-B", "1"), H("x-a", "2"), H("X-A", "3")]),
        // Firefox keeps one ACRH name per header entry spelling when the script passes an array of pairs (what
        // `check -H` means); a Headers object would be iterated combined, giving each name once.
        new("preflight-header-sorting-same-values", Preflighted(R(204, Echo, ("Access-Control-Allow-Headers", "x-a, x-b")), R(200, Echo)),
            "GET", [H("X-B", "1"), H("x-a", "1"), H("X-A", "2")]),
        new("preflight-wildcards", Preflighted(R(204, Star, ("Access-Control-Allow-Methods", "*"), ("Access-Control-Allow-Headers", "*")), R(200, Star)),
            "PUT", [H("X-Custom", "1")]),
        new("preflight-wildcards-credentialed", Preflighted(R(204, Echo, Credentialed, ("Access-Control-Allow-Methods", "*"), ("Access-Control-Allow-Headers", "*")), R(200, Echo, Credentialed)),
            "PUT", [H("X-Custom", "1")], "include"),
        new("script-user-agent", Preflighted(R(204, Star, ("Access-Control-Allow-Headers", "user-agent")), R(200, Star)),
            "GET", [H("User-Agent", "corskit-test")]),
        new("preflight-authorization-star", Preflighted(R(204, Star, ("Access-Control-Allow-Headers", "*")), R(200, Star)),
            "GET", [H("Authorization", "Bearer t")]),
        new("patch-lowercase", Preflighted(R(204, Echo, ("Access-Control-Allow-Methods", "PATCH")), R(200, Echo)), "patch"),
        new("patch-lowercase-allowed", Preflighted(R(204, Echo, ("Access-Control-Allow-Methods", "patch")), R(200, Echo)), "patch", [H("Content-Type", "application/json")], Body: "{}"),
        new("put-lowercase-normalized", Preflighted(R(204, Echo, ("Access-Control-Allow-Methods", "PUT")), R(200, Echo)), "put"),
        new("preflight-bad-allow-methods", Preflighted(R(204, Echo, ("Access-Control-Allow-Methods", "PUT, bad value")), R(200, Echo)), "PUT"),
        new("preflight-redirect", Preflighted(R(302, Echo, ("Location", "/elsewhere")), R(200, Echo)), "PUT"),
        new("redirect-taint-fixed-acao", Redirected(R(302, Echo), R(200, ("Access-Control-Allow-Origin", "{page}")))),
        new("redirect-taint-null-ok", Redirected(R(307, Echo), R(200, Echo, ("X-Total", "1"), ("Access-Control-Expose-Headers", "x-total")))),
        new("redirect-without-acao", Redirected(R(301), R(200, Star))),
        new("redirect-after-preflight-307", PreflightThenRedirect, "PUT", [H("Content-Type", "application/json")], Body: "{}"),
        new("redirect-303-post-becomes-get", Redirected(R(303, Echo), R(200, Star)), "POST", [H("Content-Type", "text/plain")], Body: "x"),
        new("preflight-star-with-credentials", Preflighted(R(204, Star, Credentialed, ("Access-Control-Allow-Methods", "PUT")), R(200, Echo, Credentialed)),
            "PUT", Credentials: "include"),
        new("head-simple", Simple(R(200, Echo, ("X-Total", "5"), ("Access-Control-Expose-Headers", "x-total"))), "HEAD"),
        new("expose-star-credentialed", Simple(R(200, Echo, Credentialed, ("Access-Control-Expose-Headers", "*"), ("X-Total", "5"))), Credentials: "include"),
        new("expose-invalid-list", Simple(R(200, Star, ("Access-Control-Expose-Headers", "x-total, bad value"), ("X-Total", "5")))),
        new("range-safelisted", Simple(R(206, Star)), "GET", [H("Range", "bytes=0-10")]),
        new("range-suffix-preflight", Preflighted(R(204, Star, ("Access-Control-Allow-Headers", "range")), R(206, Star)), "GET", [H("Range", "bytes=-10")]),
        new("content-type-form-no-preflight", Simple(R(200, Echo)), "POST", [H("Content-Type", "application/x-www-form-urlencoded")], Body: "a=b"),
        new("preflight-credentials-no-acac", Preflighted(R(204, Echo, ("Access-Control-Allow-Methods", "PUT")), R(200, Echo, Credentialed)), "PUT", Credentials: "include"),
        new("preflight-acao-mismatch", Preflighted(R(204, ("Access-Control-Allow-Origin", "https://other.example"), ("Access-Control-Allow-Methods", "PUT")), R(200, Echo)), "PUT"),
        new("redirect-308-put-denied-on-b", t => t.OnB
                ? R(204, Star)
                : t.IsOptions ? R(204, Echo, ("Access-Control-Allow-Methods", "PUT")) : R(308, Echo, ("Location", t.B + t.PathAndQuery)),
            "PUT"),
        // A → B → A: back on A the request is still tainted (Origin: null), so A's echo must answer "null".
        new("redirect-back-to-a-tainted", t => t.OnB
                ? R(302, Star, ("Location", t.A + t.PathAndQuery))
                : t.Origin == "null" ? R(200, Echo) : R(302, Echo, ("Location", t.B + t.PathAndQuery))),
        new("acac-twice", Simple(R(200, Echo, Credentialed, Credentialed)), Credentials: "include"),
        // The cookie the browser holds for A's host goes to B on the same host, another port (RFC 6265 §8.5), and
        // `check --cookie` must send it there and nowhere else (issue 10 item 5).
        new("redirect-credentialed-cookie-other-port", Redirected(R(302, Echo, Credentialed), R(200, Echo, Credentialed)), Credentials: "include"),
        // ... but not to another host: B reached as localhost gets no cookie.
        new("redirect-credentialed-cookie-other-host", t => t.OnB
                ? R(200, Echo, Credentialed)
                : R(302, ("Location", t.B.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + t.PathAndQuery), Echo, Credentialed),
            Credentials: "include"),
    ];

    public static IEnumerable<object[]> Names => Scenarios.Select(s => new object[] { s.Name });

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Check_agrees_with_Chromium(string name)
    {
        var scenario = Scenarios.Single(s => s.Name == name);
        var servers = fixture.Servers;
        var url = $"{servers.A.Origin}/s/{name}?run=chromium";

        var browser = await fixture.Chromium.FetchAsync(url, scenario.Method, scenario.Headers ?? [], scenario.Credentials, scenario.Body);
        var run = await servers.CheckAsync(scenario, "chromium", "check");
        var json = run.Json;

        Assert.True(browser.Ok == json.GetProperty("allowed").GetBoolean(), $"{name}: Chromium ok={browser.Ok} ({browser.CorsError}); check said {run.Out}");
        Assert.Equal(browser.Ok ? 0 : 1, run.ExitCode);

        // What reached the servers, hop by hop (preflight, Origin, ACRM, ACRH, cookies), must be the same.
        Assert.Equal(string.Join("\n", servers.Wire("chromium", name)), string.Join("\n", servers.Wire("check", name)));

        var error = json.GetProperty("error");
        if (browser.Ok)
        {
            Assert.Equal(JsonValueKind.Null, error.ValueKind);
            Assert.Equal(browser.ReadableHeaders.Order(StringComparer.Ordinal), CliRun.Strings(json.GetProperty("readableHeaders")));
            return;
        }

        Assert.NotNull(browser.CorsError);
        Assert.Equal(browser.CorsError, error.GetProperty("code").GetString());
        Assert.Equal(browser.FailedParameter ?? "", error.GetProperty("parameter").GetString());
        Assert.NotNull(browser.ConsoleMessage);
        Assert.Equal(browser.ConsoleMessage!.Replace("run=chromium", "run=check", StringComparison.Ordinal), error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Refused_connection_is_the_same_net_error_in_Chromium_and_in_check()
    {
        int port;
        using (var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        var url = $"http://127.0.0.1:{port}/nothing-here";
        var browser = await fixture.Chromium.FetchAsync(url, "GET", [], "omit", null);
        var run = await CliRun.RunAsync("check", url, "--origin", fixture.Servers.Page.Origin, "--format", "json");

        Assert.False(browser.Ok);
        Assert.Null(browser.CorsError); // not a CORS error in DevTools either
        Assert.Equal(2, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal("network", error.GetProperty("kind").GetString());
        Assert.Equal(browser.NetError, error.GetProperty("netError").GetString());
    }

    [Fact]
    public async Task Connection_closed_without_a_response_is_the_same_net_error_in_Chromium_and_in_check()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                // Read the request, then close without answering.
                using var client = await listener.AcceptTcpClientAsync(stop.Token);
                var buffer = new byte[8192];
                _ = await client.GetStream().ReadAsync(buffer, stop.Token);
            }
        });

        var url = $"http://127.0.0.1:{port}/closes";
        var browser = await fixture.Chromium.FetchAsync(url, "GET", [], "omit", null);
        var run = await CliRun.RunAsync("check", url, "--origin", fixture.Servers.Page.Origin, "--format", "json");
        await stop.CancelAsync();
        listener.Stop();
        await Task.WhenAny(accepting);

        Assert.False(browser.Ok);
        Assert.Null(browser.CorsError);
        Assert.Equal(2, run.ExitCode);
        Assert.Equal(browser.NetError, run.Json.GetProperty("error").GetProperty("netError").GetString());
    }

    [Fact]
    public async Task Untrusted_certificate_is_the_same_net_error_in_Chromium_and_in_check_and_insecure_skips_it()
    {
        using var certificate = LoopbackServer.SelfSignedCertificate();
        await using var https = await LoopbackServer.StartAsync(context => new Reply(200, ("Access-Control-Allow-Origin", "*")).WriteAsync(context), certificate);
        var url = https.Origin + "/tls";
        Assert.StartsWith("https://", url);

        var browser = await fixture.Chromium.FetchAsync(url, "GET", [], "omit", null);
        var strict = await CliRun.RunAsync("check", url, "--origin", fixture.Servers.Page.Origin, "--format", "json");
        var insecure = await CliRun.RunAsync("check", url, "--origin", fixture.Servers.Page.Origin, "--format", "json", "--insecure");

        Assert.False(browser.Ok);
        Assert.Null(browser.CorsError);
        Assert.Equal(2, strict.ExitCode);
        Assert.Equal("tls", strict.Json.GetProperty("error").GetProperty("network").GetString());
        Assert.Equal(browser.NetError, strict.Json.GetProperty("error").GetProperty("netError").GetString());
        Assert.Equal(0, insecure.ExitCode);
    }

    [Fact]
    public async Task Local_network_access_warning_quotes_what_Chromium_does_when_the_page_is_public()
    {
        // Make the page's address space public (a Chromium testing switch), keep the API on loopback: headless
        // Chromium denies the Local Network Access permission and never sends the request.
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "*")));
        var pagePort = new Uri(fixture.Servers.Page.Origin).Port;
        await using var publicPage = await ChromiumPage.OpenAsync(fixture.Servers.Page.Origin + "/", null, $"--ip-address-space-overrides=127.0.0.1:{pagePort}=public");

        var browser = await publicPage.FetchAsync(api.Origin + "/lna", "GET", [], "omit", null);
        Assert.Empty(api.Seen); // blocked before anything was sent
        var run = await CliRun.RunAsync("check", api.Origin + "/lna", "--origin", "https://shop.example", "--format", "json");

        Assert.False(browser.Ok);
        Assert.Equal("LocalNetworkAccessPermissionDenied", browser.CorsError);
        var console = browser.ConsoleMessage;
        Assert.NotNull(console);
        var reason = console[(console.IndexOf("CORS policy: ", StringComparison.Ordinal) + "CORS policy: ".Length)..];
        var warning = Assert.Single(CliRun.Strings(run.Json.GetProperty("warnings")));
        Assert.Contains("LocalNetworkAccessPermissionDenied", warning);
        Assert.Contains(reason, warning);
    }
}
