using System.Net;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.GatewaySupport;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary><c>corskit proxy</c> and <c>corskit gateway</c> on the command line: usage errors, config validation, a real run.</summary>
public sealed class GatewayCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("corskit-gateway-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string File(string name, string text)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData(new[] { "proxy", "--origin", App }, "corskit: --to is required: the upstream API to forward to, such as --to http://127.0.0.1:5000.")]
    [InlineData(new[] { "proxy", "--to", "ftp://127.0.0.1/", "--origin", App }, "corskit: --to 'ftp://127.0.0.1/' is not an http:// or https:// URL.")]
    [InlineData(new[] { "proxy", "--to", "127.0.0.1:5000", "--origin", App }, "corskit: --to '127.0.0.1:5000' is not an http:// or https:// URL.")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000/?a=1", "--origin", App }, "corskit: --to 'http://127.0.0.1:5000/?a=1' must be a scheme, host, port and optional path (no user info, query or fragment).")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000" }, "corskit: a policy is required: give --origin (repeatable) or --policy FILE.")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--listen", "8080" }, "corskit: --listen '8080' is not an address and port such as 127.0.0.1:8080, [::1]:8080 or localhost:8080.")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--listen", "example.com:8080" }, "corskit: --listen 'example.com:8080' is not an address and port such as 127.0.0.1:8080, [::1]:8080 or localhost:8080.")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--listen", "127.0.0.1:70000" }, "corskit: --listen '127.0.0.1:70000' is not an address and port such as 127.0.0.1:8080, [::1]:8080 or localhost:8080.")]
    [InlineData(new[] { "gateway" }, "corskit: --config is required: the gateway config file (docs/gateway.md).")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--max-connections", "0" }, "corskit: --max-connections '0' must be a whole number of connections from 1 to 1000000.")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--max-connections", "1e3" }, "corskit: --max-connections '1e3' must be a whole number of connections from 1 to 1000000.")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--keep-alive-timeout", "0" }, "corskit: --keep-alive-timeout '0' must be a number of seconds greater than 0 and at most 3600.")]
    [InlineData(new[] { "proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--request-headers-timeout", "Infinity" }, "corskit: --request-headers-timeout 'Infinity' must be a number of seconds greater than 0 and at most 3600.")]
    public async Task Usage_errors_exit_2_with_one_sentence(string[] args, string expected)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected + "\n", run.Err.ReplaceLineEndings("\n"));
        Assert.Equal("", run.Out);
    }

    [Theory]
    [InlineData("gateway", "--config", "corskit: cannot read the config file '/dev/zero': it is larger than 1 MiB, the limit for this file.")]
    [InlineData("proxy", "--policy", "corskit: cannot read the policy file '/dev/zero': it is larger than 1 MiB, the limit for this file.")]
    public async Task Dev_zero_as_config_or_policy_fails_fast_naming_the_limit(string command, string option, string expected)
    {
        // Issue 10 item 17: File.ReadAllText grew to gigabytes here.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        string[] args = command == "proxy" ? [command, "--to", "http://127.0.0.1:5000", option, "/dev/zero"] : [command, option, "/dev/zero"];

        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected + "\n", run.Err.ReplaceLineEndings("\n"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("192.0.2.1:0")] // TEST-NET-1 (RFC 5737): never an address of this machine; binding sends nothing
    [InlineData("[2001:db8::1]:0")] // the IPv6 documentation prefix (RFC 3849)
    public async Task Listen_on_an_address_not_on_this_machine_is_one_sentence(string listen)
    {
        // Issue 10 item 15, for the flag and for the config file.
        var flag = await CliRun.RunAsync("proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--listen", listen);
        var path = File("gateway.json", $$"""{ "listen": "{{listen}}", "routes": [ { "path": "/", "to": "http://127.0.0.1:5000" } ] }""");
        var config = await CliRun.RunAsync("gateway", "--config", path);

        foreach (var run in new[] { flag, config })
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Matches(@"^corskit: cannot listen on \S+: this machine has no such address \(.+\)\.\n$", run.Err.ReplaceLineEndings("\n"));
            Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Duplicate_keys_at_any_level_and_routes_that_can_never_match_are_all_reported()
    {
        // Issue 10 item 16: JSON objects with a repeated name were merged (the last "routes" won silently); names are
        // case-insensitive, so "Routes" repeats "routes". Route paths are matched against the normalised request
        // path (GatewayTarget), so a path with dot segments, escapes other than %2F or a control character can never
        // match.
        var path = File("gateway.json", """
            {
              "routes": [ { "path": "/api/", "to": "http://127.0.0.1:5001", "to": "http://127.0.0.1:5002" } ],
              "policies": { "web": { "origins": ["https://app.example.com"], "Origins": ["https://evil.example.net"] } },
              "Routes": [
                { "path": "/../admin", "to": "http://127.0.0.1:5001" },
                { "path": "/public/%2e%2e/admin", "to": "http://127.0.0.1:5001" },
                { "path": "/caf%C3%A9/", "to": "http://127.0.0.1:5001" },
                { "path": "/a\u0000b", "to": "http://127.0.0.1:5001" },
                { "path": "/a\\b", "to": "http://127.0.0.1:5001" },
                { "path": "/x/..%2Fy", "to": "http://127.0.0.1:5001" },
                { "path": "/ok%2Fencoded/", "to": "http://127.0.0.1:5001" }
              ],
              "timeout": 5,
              "TIMEOUT": 6
            }
            """);

        var run = await CliRun.RunAsync("gateway", "--config", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"""
            corskit: the config file '{path}' has 10 errors:
              routes[0]: "to" is given more than once.
              policies.web: "Origins" is given more than once.
              "Routes" is given more than once.
              "TIMEOUT" is given more than once.
              routes[0].path: '/../admin' can never match: requests are routed on their path with dot segments removed and escapes other than %2F decoded; write '/admin'.
              routes[1].path: '/public/%2e%2e/admin' can never match: requests are routed on their path with dot segments removed and escapes other than %2F decoded; write '/admin'.
              routes[2].path: '/caf%C3%A9/' can never match: requests are routed on their path with dot segments removed and escapes other than %2F decoded; write '/café/'.
              routes[3].path: "/a\u0000b" contains a control character, which no request path the gateway routes can hold.
              routes[4].path: '/a\b' contains a backslash, which the gateway refuses in request paths.
              routes[5].path: '/x/..%2Fy' can never match: the path has an encoded '/' or '\' next to a dot segment, which an upstream that decodes it would read as leaving the route's path.

            """, run.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Connection_limits_in_the_config_are_checked()
    {
        var path = File("gateway.json", """
            { "maxConnections": 0, "keepAliveTimeout": "30", "requestHeadersTimeout": 1e9, "routes": [ { "path": "/", "to": "http://127.0.0.1:5000" } ] }
            """);

        var run = await CliRun.RunAsync("gateway", "--config", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"""
            corskit: the config file '{path}' has 3 errors:
              maxConnections: '0' must be a whole number of connections from 1 to 1000000.
              keepAliveTimeout: '"30"' must be a number of seconds greater than 0 and at most 3600.
              requestHeadersTimeout: '1e9' must be a number of seconds greater than 0 and at most 3600.

            """, run.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Policy_file_and_policy_flags_cannot_be_combined()
    {
        var policy = File("policy.json", $$"""{ "origins": ["{{App}}"] }""");

        var run = await CliRun.RunAsync("proxy", "--to", "http://127.0.0.1:5000", "--policy", policy, "--origin", App);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("corskit: --policy and the policy flags (--origin, --credentials, --method, --request-header, --expose-header, --max-age) cannot be combined; put everything in the policy file.\n", run.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Invalid_policy_from_flags_exits_2_with_corskits_messages()
    {
        var run = await CliRun.RunAsync("proxy", "--to", "http://127.0.0.1:5000", "--origin", "https://app.example.com/");

        Assert.Equal(2, run.ExitCode);
        // The message docs/policy.md gives for a trailing slash (NonCanonicalOrigin).
        Assert.Equal("corskit: the policy is invalid: origins: 'https://app.example.com/' is not written the way browsers send origins (trailing slash); write 'https://app.example.com'.\n",
            run.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Config_without_routes_is_an_error()
    {
        var path = File("gateway.json", """{ "routes": [] }""");

        var run = await CliRun.RunAsync("gateway", "--config", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"corskit: the config file '{path}' has 1 error:\n  routes: at least one route is required.\n", run.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Missing_config_file_exits_2()
    {
        var path = Path.Combine(_dir, "absent.json");

        var run = await CliRun.RunAsync("gateway", "--config", path);

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"corskit: cannot read the config file '{path}': ", run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Invalid_config_lists_every_error_at_once()
    {
        var path = File("gateway.json", """
            {
              "listen": "127.0.0.1",
              "policies": {
                "web": { "origins": ["https://app.example.com/"] },
                "ok": { "origins": ["https://app.example.com"] }
              },
              "routes": [
                { "path": "/api/", "to": "http://127.0.0.1:5001", "policy": "web" },
                { "path": "/v2/", "to": "ftp://127.0.0.1:5002", "policy": "nope" },
                { "path": "/v3/", "to": "http://127.0.0.1:5003", "policy": "missing" },
                { "path": "/v3/", "to": "http://127.0.0.1:5004" },
                { "path": "v4", "to": "http://127.0.0.1:5004" },
                { "path": "/v5/", "to": "http://127.0.0.1:5005", "prefix": "/x" }
              ],
              "listn": "127.0.0.1:8080"
            }
            """);

        var run = await CliRun.RunAsync("gateway", "--config", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"""
            corskit: the config file '{path}' has 9 errors:
              listen: '127.0.0.1' is not an address and port such as 127.0.0.1:8080, [::1]:8080 or localhost:8080.
              policies.web: origins: 'https://app.example.com/' is not written the way browsers send origins (trailing slash); write 'https://app.example.com'.
              routes[1].to: 'ftp://127.0.0.1:5002' is not an http:// or https:// URL.
              routes[4].path: 'v4' must be a path prefix starting with '/' (no query or fragment).
              routes[5]: unknown property 'prefix' (expected path, to, policy, stripPrefix, loadBalancing, http2, dangerouslyAcceptAnyServerCertificate).
              unknown property 'listn' (expected listen, connectTimeout, timeout, idleTimeout, maxConnections, keepAliveTimeout, requestHeadersTimeout, policies, routes).
              routes '/v2/': policy 'nope' is not defined in "policies".
              routes '/v3/': policy 'missing' is not defined in "policies".
              routes '/v3/': the path is listed more than once.

            """, run.Err.ReplaceLineEndings("\n"));
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Policy_with_an_unknown_property_is_reported_with_the_closest_setting()
    {
        var path = File("gateway.json", """{ "policies": { "web": { "origin": ["https://app.example.com"] } }, "routes": [{ "path": "/", "to": "http://127.0.0.1:5001" }] }""");

        var run = await CliRun.RunAsync("gateway", "--config", path);

        Assert.Equal(2, run.ExitCode);
        var lines = run.Err.ReplaceLineEndings("\n").TrimEnd().Split('\n');
        Assert.Equal($"corskit: the config file '{path}' has 1 error:", lines[0]);
        Assert.Equal("  policies.web: unknown property 'origin' (did you mean 'origins'?).", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Proxy_runs_until_cancelled_prints_its_address_and_one_line_per_request_and_exits_0()
    {
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("hello"));
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();

        var running = Cli.RunAsync(["proxy", "--to", upstream.Origin, "--origin", App, "--expose-header", "X-Request-Id", "--listen", "127.0.0.1:0"],
            output, TextWriter.Null, stop.Token);
        var banner = await output.WaitForLineAsync("corskit proxy: ");
        var match = System.Text.RegularExpressions.Regex.Match(banner, @"^corskit proxy: (http://127\.0\.0\.1:\d+) -> (\S+), policy: (.*)$");
        Assert.True(match.Success, banner);
        Assert.Equal(upstream.Origin, match.Groups[2].Value);
        Assert.Equal($"origins {App}, exposed X-Request-Id", match.Groups[3].Value);

        using (var client = Client())
        using (var response = await client.SendAsync(Get(new Uri(match.Groups[1].Value), "/hi", App)))
        {
            Assert.Equal("hello", await response.Content.ReadAsStringAsync());
            Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
        }
        var line = await output.WaitForLineAsync("GET ");
        Assert.Matches(@"^GET /hi origin=https://app\.example\.com cors=allowed 200 \d+ms$", line);

        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Quiet_proxy_prints_its_address_but_no_line_per_request()
    {
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("hello"));
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();

        var running = Cli.RunAsync(["proxy", "--to", upstream.Origin, "--origin", App, "--listen", "127.0.0.1:0", "--quiet"],
            output, TextWriter.Null, stop.Token);
        var banner = await output.WaitForLineAsync("corskit proxy: ");
        var address = new Uri(banner["corskit proxy: ".Length..banner.IndexOf(" -> ", StringComparison.Ordinal)]);
        using (var client = Client())
        {
            for (var i = 0; i < 3; i++)
            {
                using var response = await client.SendAsync(Get(address, "/hi", App));
                Assert.Equal("hello", await response.Content.ReadAsStringAsync());
                Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
            }
        }
        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        // The three requests were answered (asserted above) and nothing but the start-up line was printed.
        Assert.Equal(banner + "\n", output.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Gateway_runs_from_a_config_file_and_lists_its_routes()
    {
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("v1"));
        var path = File("gateway.json", $$"""
            {
              "listen": "127.0.0.1:0",
              "policies": { "web": { "origins": ["{{App}}"] } },
              "routes": [
                { "path": "/", "to": "{{upstream.Origin}}" },
                { "path": "/api/", "to": "{{upstream.Origin}}", "policy": "web" }
              ]
            }
            """);
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();

        var running = Cli.RunAsync(["gateway", "--config", path], output, TextWriter.Null, stop.Token);
        var banner = await output.WaitForLineAsync("corskit gateway: ");
        await output.WaitForLineAsync("  / ");
        var address = System.Text.RegularExpressions.Regex.Match(banner, @"^corskit gateway: (http://127\.0\.0\.1:\d+), 2 routes$");
        Assert.True(address.Success, banner);
        var text = output.ToString().ReplaceLineEndings("\n");
        Assert.Contains($"\n  /api/ -> {upstream.Origin}, policy web\n  / -> {upstream.Origin}, no CORS\n", text, StringComparison.Ordinal);

        using (var client = Client())
        using (var response = await client.SendAsync(Get(new Uri(address.Groups[1].Value), "/api/x", App)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
        }

        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Address_in_use_exits_2_with_one_sentence()
    {
        await using var busy = await LoopbackServer.StartAsync(_ => Task.CompletedTask);
        var port = new Uri(busy.Origin).Port;

        var run = await CliRun.RunAsync("proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--listen", $"127.0.0.1:{port}");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"corskit: cannot listen on 127.0.0.1:{port}: ", run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Trim().Split('\n'));
    }
}
