using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CorsKit.Cli.Gateway;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Policy;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 10 item 18: idle or slow clients cannot hold the proxy's connections without end, and legitimate clients are
/// served while thousands of idle sockets are open. Loopback only; every wait is bounded.
/// </summary>
public sealed class GatewayConnectionLimitTests
{
    private static readonly CorsPolicyOptions Policy = new() { Origins = [App] };

    [Fact]
    public void Defaults_are_documented_values_and_fit_the_open_file_limit()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), GatewayLimits.Default.KeepAlive);
        Assert.Equal(TimeSpan.FromSeconds(10), GatewayLimits.Default.RequestHeaders);
        // Half of what the limit leaves after 128 reserved descriptors, at most 10,000.
        Assert.Equal(10_000, GatewayLimits.DefaultMaxConnections(1_048_576));
        Assert.Equal(10_000, GatewayLimits.DefaultMaxConnections(null));
        Assert.Equal(448, GatewayLimits.DefaultMaxConnections(1024));
        Assert.Equal(1, GatewayLimits.DefaultMaxConnections(64));
    }

    [Fact]
    public async Task Legitimate_clients_are_served_while_5000_idle_sockets_are_held()
    {
        const int Idle = 5000;
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("ok"));
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);
        Assert.True(proxy.Config.Limits.MaxConnections > Idle + 100,
            $"this machine's open-file limit leaves room for {proxy.Config.Limits.MaxConnections} connections; the test needs {Idle + 100} (ulimit -n 20000)");
        var held = new List<Socket>(Idle);
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            for (var batch = 0; batch < Idle; batch += 250)
            {
                var sockets = Enumerable.Range(0, 250).Select(_ => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)).ToList();
                held.AddRange(sockets);
                await Task.WhenAll(sockets.Select(s => s.ConnectAsync(IPAddress.Loopback, proxy.Address.Port, deadline.Token).AsTask()));
            }

            // Every idle socket is connected and says nothing; now real requests, each on its own connection.
            using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 20, PooledConnectionLifetime = TimeSpan.Zero });
            var clock = Stopwatch.StartNew();
            var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(async i =>
            {
                using var response = await client.SendAsync(Get(proxy.Address, $"/real/{i}", App), deadline.Token);
                return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(deadline.Token));
            }));

            Assert.All(answers, a => Assert.Equal((HttpStatusCode.OK, "ok"), a));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"100 requests took {clock.Elapsed}");
            Assert.Equal(Idle, held.Count(s => s.Connected));
        }
        finally
        {
            foreach (var socket in held)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task Over_the_cap_a_connection_is_closed_at_once_and_idle_ones_are_closed_after_the_keep_alive_timeout()
    {
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("ok"));
        var limits = new GatewayLimits(20, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy, limits: limits);
        var idle = new List<Socket>();
        try
        {
            for (var i = 0; i < 20; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                idle.Add(socket);
                await socket.ConnectAsync(IPAddress.Loopback, proxy.Address.Port);
            }
            await Task.Delay(200); // let Kestrel accept all twenty

            // The 21st: accepted by the kernel, closed by Kestrel without an answer.
            using (var over = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
            {
                await over.ConnectAsync(IPAddress.Loopback, proxy.Address.Port);
                Assert.Equal(0, await ReadOrZeroAsync(over, TimeSpan.FromSeconds(5)));
            }

            // Kestrel closes each idle connection once the keep-alive timeout (1 s) has passed.
            var clock = Stopwatch.StartNew();
            foreach (var socket in idle)
            {
                Assert.Equal(0, await ReadOrZeroAsync(socket, TimeSpan.FromSeconds(10)));
            }
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"idle connections closed after {clock.Elapsed}");

            using var client = Client();
            using var response = await client.SendAsync(Get(proxy.Address, "/after", App));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            foreach (var socket in idle)
            {
                socket.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_client_that_sends_its_headers_too_slowly_is_cut_off()
    {
        // Slowloris: a header line every half second never completes the head within requestHeadersTimeout.
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("ok"));
        var limits = GatewayLimits.Default with { RequestHeaders = TimeSpan.FromSeconds(1) };
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy, limits: limits);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, proxy.Address.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: {proxy.Address.Authority}\r\n"));
        var clock = Stopwatch.StartNew();

        var cut = false;
        for (var i = 0; i < 20 && !cut; i++)
        {
            await Task.Delay(500);
            try
            {
                await socket.SendAsync(Encoding.ASCII.GetBytes($"X-Slow-{i}: 1\r\n"));
                cut = socket.Poll(0, SelectMode.SelectRead); // Kestrel answered (408) or closed
            }
            catch (SocketException)
            {
                cut = true;
            }
        }

        Assert.True(cut, "the connection was still open after 10 s of slow headers");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6), $"cut off after {clock.Elapsed}");
        Assert.Empty(upstream.Seen);
    }

    /// <summary>Reads one chunk: 0 when the peer closed (or reset) within <paramref name="timeout"/>.</summary>
    private static async Task<int> ReadOrZeroAsync(Socket socket, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[1024];
        try
        {
            var total = 0;
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancel.Token)) > 0)
            {
                total += read; // an error answer before the close is fine; the close is what counts
            }
            return 0;
        }
        catch (SocketException)
        {
            return 0; // reset: closed too
        }
        catch (OperationCanceledException)
        {
            return -1; // still open
        }
    }
}
