using System.Net;
using System.Net.WebSockets;
using System.Text;
using CorsKit.Cli.Gateway;
using CorsKit.Cli.Tests.CheckSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary>
/// What the gateway does now that it runs on YARP (issue 15): WebSockets, several destinations per route, stripPrefix,
/// HTTP/2 to the upstream, an upstream with a self-signed certificate. Real Kestrel upstreams on 127.0.0.1.
/// </summary>
public sealed class GatewayYarpTests
{
    private const string Web = """{ "origins": ["https://app.example.com"] }""";

    private static async Task<GatewayServer> StartGatewayAsync(string routes)
    {
        var config = GatewayConfigReader.Read($$"""{ "listen": "127.0.0.1:0", "policies": { "web": {{Web}} }, "routes": [ {{routes}} ] }""", out var errors);
        Assert.True(config is not null, string.Join("\n", errors));
        return await GatewayServer.StartAsync(config, null);
    }

    [Fact]
    public async Task A_websocket_passes_through_the_gateway_both_ways()
    {
        await using var upstream = await StartAsync(HttpProtocols.Http1, app =>
        {
            app.UseWebSockets();
            app.Run(async context =>
            {
                using var socket = await context.WebSockets.AcceptWebSocketAsync();
                var buffer = new byte[1024];
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                var echo = Encoding.UTF8.GetBytes("echo " + Encoding.UTF8.GetString(buffer, 0, received.Count) + " from " + context.Request.Path);
                await socket.SendAsync(echo, WebSocketMessageType.Text, true, context.RequestAborted);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
            });
        });
        await using var gateway = await StartGatewayAsync($$"""{ "path": "/ws/", "to": "{{upstream.Address}}", "policy": "web" }""");

        using var client = new ClientWebSocket();
        client.Options.SetRequestHeader("Origin", App);
        await client.ConnectAsync(new Uri($"ws://{gateway.Address.Authority}/ws/chat"), CancellationToken.None);
        await client.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, CancellationToken.None);
        var buffer = new byte[1024];
        var result = await client.ReceiveAsync(buffer, CancellationToken.None);

        Assert.Equal("echo hello from /ws/chat", Encoding.UTF8.GetString(buffer, 0, result.Count));
        Assert.Equal(WebSocketMessageType.Close, (await client.ReceiveAsync(buffer, CancellationToken.None)).MessageType);
    }

    [Fact]
    public async Task Two_destinations_share_the_requests_round_robin()
    {
        await using var a = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("a"));
        await using var b = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("b"));
        await using var gateway = await StartGatewayAsync($$"""{ "path": "/", "to": ["{{a.Origin}}", "{{b.Origin}}"], "loadBalancing": "RoundRobin", "policy": "web" }""");
        using var client = Client();

        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await client.SendAsync(Get(gateway.Address, "/x", App));
            Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(3, answers.Count(x => x == "a"));
        Assert.Equal(3, answers.Count(x => x == "b"));
        Assert.All(answers.Zip(answers.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
    }

    [Fact]
    public async Task Strip_prefix_forwards_the_rest_of_the_path_below_the_upstreams_own_path()
    {
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("ok"));
        await using var gateway = await StartGatewayAsync($$"""
            { "path": "/api/", "to": "{{upstream.Origin}}/v2", "stripPrefix": true, "policy": "web" },
            { "path": "/caf%2Fé/", "to": "{{upstream.Origin}}", "stripPrefix": true },
            { "path": "/keep/", "to": "{{upstream.Origin}}" }
            """);
        using var client = Client();

        (await client.SendAsync(Get(gateway.Address, "/api/orders/7?x=%2B", App))).Dispose();
        (await client.SendAsync(Get(gateway.Address, "/api/", App))).Dispose();
        (await client.SendAsync(Get(gateway.Address, "/caf%2F%C3%A9/a%2Fb", App))).Dispose();
        (await client.SendAsync(Get(gateway.Address, "/keep/x", App))).Dispose();

        Assert.Equal(["/v2/orders/7?x=%2B", "/v2/", "/a%2Fb", "/keep/x"], upstream.Seen.Select(r => RawPath(r)));
    }

    [Fact]
    public async Task Http2_to_the_upstream_when_the_route_asks_for_it()
    {
        await using var upstream = await StartAsync(HttpProtocols.Http1AndHttp2, app => app.Run(context => context.Response.WriteAsync(context.Request.Protocol)));
        await using var h2c = await StartAsync(HttpProtocols.Http2, app => app.Run(context => context.Response.WriteAsync(context.Request.Protocol)));
        await using var gateway = await StartGatewayAsync($$"""
            { "path": "/one/", "to": "{{upstream.Address}}", "policy": "web" },
            { "path": "/two/", "to": "{{h2c.Address}}", "http2": true, "policy": "web" }
            """);
        using var one = await SendAsync(gateway, "/one/x");
        using var two = await SendAsync(gateway, "/two/x");

        Assert.Equal("HTTP/1.1", await one.Content.ReadAsStringAsync());
        Assert.Equal("HTTP/2", await two.Content.ReadAsStringAsync());
        Assert.Equal([App], Lines(two, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task A_self_signed_upstream_is_refused_unless_the_route_dangerously_accepts_any_certificate()
    {
        using var certificate = LoopbackServer.SelfSignedCertificate();
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("secret"), certificate);
        await using var gateway = await StartGatewayAsync($$"""
            { "path": "/checked/", "to": "{{upstream.Origin}}", "policy": "web" },
            { "path": "/trusting/", "to": "{{upstream.Origin}}", "dangerouslyAcceptAnyServerCertificate": true, "policy": "web" }
            """);
        using var refused = await SendAsync(gateway, "/checked/x");
        using var accepted = await SendAsync(gateway, "/trusting/x");

        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        Assert.Equal([App], Lines(refused, "Access-Control-Allow-Origin"));
        // In words, with the route setting that accepts it (issue 12 item 8: no SecureConnectionError).
        Assert.Equal($"corskit: the upstream {upstream.Origin} refused the TLS handshake or presented a certificate this machine does not trust (for a self-signed upstream you trust, set dangerouslyAcceptAnyServerCertificate on the route).\n", await refused.Content.ReadAsStringAsync());
        Assert.Equal("secret", await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Upstream_down_on_a_gateway_route_is_502_with_cors_headers_and_the_reason_in_body_and_log()
    {
        var port = ClosedPort();
        var config = GatewayConfigReader.Read($$"""{ "listen": "127.0.0.1:0", "policies": { "web": {{Web}} }, "routes": [ { "path": "/", "to": "http://127.0.0.1:{{port}}", "policy": "web" } ] }""", out _)!;
        var log = new StringWriter();
        await using (var gateway = await GatewayServer.StartAsync(config, log))
        {
            using var client = Client();
            using var response = await client.SendAsync(Get(gateway.Address, "/x", App));

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
            Assert.Equal($"corskit: the upstream http://127.0.0.1:{port} could not be reached: connection refused (is it running?).\n", await response.Content.ReadAsStringAsync());
        }
        Assert.Matches($@"^GET /x origin=https://app\.example\.com cors=allowed 502 \d+ms: the upstream http://127\.0\.0\.1:{port} could not be reached: connection refused \(is it running\?\)\r?\n$", log.ToString());
    }

    [Fact]
    public void New_route_properties_are_checked_with_the_others()
    {
        var config = GatewayConfigReader.Read("""
            { "routes": [
              { "path": "/a/", "to": [], "stripPrefix": "yes" },
              { "path": "/b/", "to": ["http://127.0.0.1:1", "http://127.0.0.1:1", 3], "loadBalancing": "Fastest", "http2": 1 }
            ] }
            """, out var errors);

        Assert.Null(config);
        Assert.Equal(
        [
            "routes[0].to: [] is not a URL string or a non-empty array of them.",
            "routes[0].stripPrefix: \"yes\" must be true or false.",
            "routes[1].to[1]: 'http://127.0.0.1:1' is listed more than once.",
            "routes[1].to[2]: 3 is not a URL string.",
            "routes[1].loadBalancing: \"Fastest\" is not one of PowerOfTwoChoices, RoundRobin, LeastRequests, Random, FirstAlphabetical.",
            "routes[1].http2: 1 must be true or false.",
        ], errors);
    }

    private static async Task<HttpResponseMessage> SendAsync(GatewayServer gateway, string path)
    {
        using var client = Client();
        return await client.SendAsync(Get(gateway.Address, path, App));
    }

    private static string RawPath(SeenRequest request) => request.Path + request.Query;

    private static async Task<Kestrel> StartAsync(HttpProtocols protocols, Action<WebApplication> configure)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var app = builder.Build();
        configure(app);
        await app.StartAsync();
        return new Kestrel(app);
    }

    private sealed class Kestrel(WebApplication app) : IAsyncDisposable
    {
        public string Address { get; } = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        public ValueTask DisposeAsync() => app.DisposeAsync();
    }
}
