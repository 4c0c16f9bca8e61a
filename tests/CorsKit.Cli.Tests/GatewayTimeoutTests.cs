using System.Net;
using System.Net.Sockets;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.GatewaySupport;
using Microsoft.AspNetCore.Http;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary><c>--connect-timeout</c> / <c>--timeout</c> on <c>proxy</c>, <c>connectTimeout</c> / <c>timeout</c> in the gateway config.</summary>
public sealed class GatewayTimeoutTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("corskit-gateway-timeout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Starts <c>corskit proxy ARGS --listen 127.0.0.1:0 --quiet</c> in-process; its address and the running command.</summary>
    private static async Task<(Uri Address, Task<int> Running)> RunProxyAsync(CancellationToken stop, params string[] args)
    {
        var output = new LineWriter();
        var running = Cli.RunAsync(["proxy", .. args, "--listen", "127.0.0.1:0", "--quiet"], output, TextWriter.Null, stop);
        var banner = await output.WaitForLineAsync("corskit proxy: ");
        return (new Uri(banner["corskit proxy: ".Length..banner.IndexOf(" -> ", StringComparison.Ordinal)]), running);
    }

    [Fact]
    public async Task Proxy_timeout_flag_gives_504_with_cors_headers_for_an_allowed_origin()
    {
        await using var upstream = await SilentUpstreamAsync();
        using var stop = new CancellationTokenSource();
        var (address, running) = await RunProxyAsync(stop.Token, "--to", upstream.Origin, "--origin", App, "--credentials", "--timeout", "0.5");

        using (var client = Client())
        {
            using var allowed = await client.SendAsync(Get(address, "/slow", App));
            Assert.Equal(HttpStatusCode.GatewayTimeout, allowed.StatusCode);
            Assert.Equal([App], Lines(allowed, "Access-Control-Allow-Origin"));
            Assert.Equal(["true"], Lines(allowed, "Access-Control-Allow-Credentials"));
            Assert.Equal($"corskit: the upstream {upstream.Origin} sent no response within 0.5 s.\n", await allowed.Content.ReadAsStringAsync());

            using var denied = await client.SendAsync(Get(address, "/slow", Evil));
            Assert.Equal(HttpStatusCode.GatewayTimeout, denied.StatusCode);
            Assert.Empty(Lines(denied, "Access-Control-Allow-Origin"));
        }
        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Gateway_config_timeout_gives_504_with_cors_headers()
    {
        await using var upstream = await SilentUpstreamAsync();
        var path = Path.Combine(_dir, "gateway.json");
        await File.WriteAllTextAsync(path, $$"""
            {
              "listen": "127.0.0.1:0",
              "timeout": 1,
              "connectTimeout": 5,
              "policies": { "web": { "origins": ["{{App}}"] } },
              "routes": [ { "path": "/", "to": "{{upstream.Origin}}", "policy": "web" } ]
            }
            """);
        var output = new LineWriter();
        using var stop = new CancellationTokenSource();
        var running = Cli.RunAsync(["gateway", "--config", path, "--quiet"], output, TextWriter.Null, stop.Token);
        var banner = await output.WaitForLineAsync("corskit gateway: ");
        var address = new Uri(banner["corskit gateway: ".Length..banner.IndexOf(", ", StringComparison.Ordinal)]);

        using (var client = Client())
        using (var response = await client.SendAsync(Get(address, "/slow", App)))
        {
            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
            Assert.Equal($"corskit: the upstream {upstream.Origin} sent no response within 1 s.\n", await response.Content.ReadAsStringAsync());
        }
        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Connect_timeout_gives_504_when_the_upstream_accepts_no_connection()
    {
        // A listening socket whose accept queue is full: Linux drops further SYNs (tcp_v4_syn_recv_sock, "listen
        // queue overflow"), so a connect neither succeeds nor is refused; it just waits, as for a dead host.
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(0);
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var fillers = new List<Socket>();
        try
        {
            // Fill the queue (backlog 0 still admits one or two) until a connect no longer completes at once.
            for (var i = 0; i < 8; i++)
            {
                var filler = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                fillers.Add(filler);
                var connect = filler.ConnectAsync(IPAddress.Loopback, port);
                if (await Task.WhenAny(connect, Task.Delay(500)) != connect)
                {
                    break;
                }
            }
            await using var proxy = await StartProxyAsync(new Uri($"http://127.0.0.1:{port}"), new CorsKit.Policy.CorsPolicyOptions { Origins = [App] },
                connectTimeout: TimeSpan.FromSeconds(1));
            using var client = Client();

            using var response = await client.SendAsync(Get(proxy.Address, "/", App));

            Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
            Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
            Assert.Equal($"corskit: the upstream http://127.0.0.1:{port} accepted no connection within 1 s.\n", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            foreach (var filler in fillers)
            {
                filler.Dispose();
            }
        }
    }

    [Fact]
    public async Task Idle_timeout_aborts_a_response_whose_body_stalls_and_cancels_the_upstream_request()
    {
        var upstreamCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await LoopbackServer.StartAsync(async context =>
        {
            await context.Response.WriteAsync("first part;");
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                upstreamCancelled.TrySetResult();
            }
        });
        using var stop = new CancellationTokenSource();
        var (address, running) = await RunProxyAsync(stop.Token, "--to", upstream.Origin, "--origin", App, "--idle-timeout", "0.5");

        using (var client = Client())
        using (var response = await client.SendAsync(Get(address, "/stream", App), HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
            var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[64];
            var read = await body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("first part;", System.Text.Encoding.UTF8.GetString(buffer, 0, read));
            // The status line has gone out, so the only signal left is a broken connection (not a clean end).
            // (A TimeoutException here would be the bounded wait: the proxy never gave up.)
            var error = await Record.ExceptionAsync(() => body.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.IsAssignableFrom<IOException>(error);
            // Still inside the client's using: the proxy, not the client going away, ended the upstream request.
            await upstreamCancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }
        await stop.CancelAsync();
        Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
    }

    [Theory]
    [InlineData("--timeout", "0")]
    [InlineData("--timeout", "3601")]
    [InlineData("--timeout", "abc")]
    [InlineData("--timeout", "NaN")]
    [InlineData("--timeout", "Infinity")]
    [InlineData("--connect-timeout", "0")]
    [InlineData("--connect-timeout", "1e9")]
    [InlineData("--connect-timeout", "1,5")]
    [InlineData("--idle-timeout", "0")]
    [InlineData("--idle-timeout", "3600.001")]
    public async Task Invalid_proxy_timeout_exits_2_with_one_sentence(string option, string value)
    {
        var run = await CliRun.RunAsync("proxy", "--to", "http://127.0.0.1:5000", "--origin", App, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"corskit: {option} '{value}' must be a number of seconds greater than 0 and at most 3600.\n", run.Err.ReplaceLineEndings("\n"));
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task Negative_proxy_timeout_exits_2_with_one_sentence()
    {
        var run = await CliRun.RunAsync("proxy", "--to", "http://127.0.0.1:5000", "--origin", App, "--timeout=-1");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("corskit: --timeout '-1' must be a number of seconds greater than 0 and at most 3600.\n", run.Err.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Invalid_config_timeouts_are_listed_with_the_other_errors()
    {
        var path = Path.Combine(_dir, "gateway.json");
        await File.WriteAllTextAsync(path, """
            {
              "connectTimeout": "15",
              "timeout": 0,
              "idleTimeout": null,
              "policies": { "web": { "origins": ["https://app.example.com/"] } },
              "routes": [ { "path": "/", "to": "http://127.0.0.1:5000", "policy": "web" } ],
              "Timeout": 3600.5
            }
            """);

        var run = await CliRun.RunAsync("gateway", "--config", path);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"""
            corskit: the config file '{path}' has 6 errors:
              "Timeout" is given more than once.
              connectTimeout: '"15"' must be a number of seconds greater than 0 and at most 3600.
              timeout: '0' must be a number of seconds greater than 0 and at most 3600.
              idleTimeout: 'null' must be a number of seconds greater than 0 and at most 3600.
              policies.web: origins: 'https://app.example.com/' is not written the way browsers send origins (trailing slash); write 'https://app.example.com'.
              Timeout: '3600.5' must be a number of seconds greater than 0 and at most 3600.

            """, run.Err.ReplaceLineEndings("\n"));
    }
}
