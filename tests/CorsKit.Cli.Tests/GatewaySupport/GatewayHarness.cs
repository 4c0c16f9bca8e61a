using System.Net;
using System.Net.Sockets;
using CorsKit.Cli.Gateway;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Policy;

namespace CorsKit.Cli.Tests.GatewaySupport;

/// <summary>Starts the gateway server in-process on 127.0.0.1, port 0, and gives a client that follows no redirect.</summary>
internal static class GatewayHarness
{
    public const string App = "https://app.example.com";
    public const string Evil = "https://evil.example.net";

    /// <summary>What <c>corskit proxy --to upstream</c> runs: one route <c>/</c> with one policy.</summary>
    public static Task<GatewayServer> StartProxyAsync(Uri upstream, CorsPolicyOptions policy, TextWriter? log = null, TimeSpan? timeout = null, TimeSpan? connectTimeout = null,
        GatewayLimits? limits = null)
    {
        var config = GatewayConfig.SingleUpstream(new IPEndPoint(IPAddress.Loopback, 0), upstream, policy, CorsPolicy.Build(policy)) with
        {
            Timeouts = new GatewayTimeouts(connectTimeout ?? GatewayTimeouts.Default.Connect, timeout ?? GatewayTimeouts.Default.Response),
            Limits = limits ?? GatewayLimits.Default,
        };
        return GatewayServer.StartAsync(config, log);
    }

    /// <summary>An upstream that never sends its response headers (until the proxy gives up and closes).</summary>
    public static Task<LoopbackServer> SilentUpstreamAsync() => LoopbackServer.StartAsync(async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The proxy timed out and closed the connection.
        }
    });

    public static HttpClient Client() => new(new SocketsHttpHandler { AllowAutoRedirect = false, UseProxy = false, UseCookies = false });

    public static HttpRequestMessage Get(Uri server, string pathAndQuery, string? origin = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server, pathAndQuery));
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return request;
    }

    /// <summary>Every line of a response header (response and content headers), or empty.</summary>
    public static IReadOnlyList<string> Lines(HttpResponseMessage response, string name)
    {
        var lines = new List<string>();
        if (response.Headers.NonValidated.TryGetValues(name, out var values))
        {
            lines.AddRange(values);
        }
        if (response.Content.Headers.NonValidated.TryGetValues(name, out var content))
        {
            lines.AddRange(content);
        }
        return lines;
    }

    /// <summary>A loopback port that nothing listens on (bound by the OS, then released).</summary>
    public static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
