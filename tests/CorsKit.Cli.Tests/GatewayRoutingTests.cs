using System.Net;
using CorsKit.Cli.Gateway;
using CorsKit.Cli.Tests.CheckSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary><c>corskit gateway</c>: routes by longest path prefix to two real upstreams, each with its own policy.</summary>
public sealed class GatewayRoutingTests : IAsyncLifetime
{
    private const string Partner = "https://partner.example.org";
    private LoopbackServer _a = null!;
    private LoopbackServer _b = null!;
    private GatewayServer _gateway = null!;

    /// <summary>Names itself and the target it received, and (wrongly) reflects any Origin with credentials.</summary>
    private static RequestDelegate Upstream(string name) => context =>
    {
        context.Response.Headers["X-Upstream"] = name;
        context.Response.Headers["X-Raw-Target"] = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers.Origin.ToString();
        context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
        if (context.Request.Method == "OPTIONS")
        {
            context.Response.StatusCode = 405;
        }
        return Task.CompletedTask;
    };

    public async Task InitializeAsync()
    {
        _a = await LoopbackServer.StartAsync(context => Upstream("a")(context));
        _b = await LoopbackServer.StartAsync(context => Upstream("b")(context));
        var json = $$"""
            {
              // comments and trailing commas are allowed, as in a policy file
              "listen": "127.0.0.1:0",
              "policies": {
                "web": { "origins": ["{{App}}"], "methods": ["DELETE"] },
                "partner": { "origins": ["{{Partner}}"], "credentials": true },
              },
              "routes": [
                { "path": "/api/", "to": "{{_a.Origin}}", "policy": "web" },
                { "path": "/api/partner/", "to": "{{_b.Origin}}/", "policy": "Partner" },
                { "path": "/static/", "to": "{{_a.Origin}}" },
              ]
            }
            """;
        var config = GatewayConfigReader.Read(json, out var errors);
        Assert.Empty(errors);
        _gateway = await GatewayServer.StartAsync(config!, null);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task Shorter_prefix_goes_to_its_upstream_with_its_policy()
    {
        using var client = Client();
        using var response = await client.SendAsync(Get(_gateway.Address, "/api/orders?id=3", App));

        Assert.Equal(["a"], Lines(response, "X-Upstream"));
        Assert.Equal(["/api/orders?id=3"], Lines(response, "X-Raw-Target")); // the route prefix is kept
        Assert.Equal([App], Lines(response, "Access-Control-Allow-Origin"));
        Assert.Empty(Lines(response, "Access-Control-Allow-Credentials")); // "web" has no credentials
    }

    [Fact]
    public async Task Longest_prefix_wins_and_its_policy_applies()
    {
        using var client = Client();
        using var partner = await client.SendAsync(Get(_gateway.Address, "/api/partner/feed", Partner));
        using var app = await client.SendAsync(Get(_gateway.Address, "/api/partner/feed", App));

        Assert.Equal(["b"], Lines(partner, "X-Upstream"));
        Assert.Equal(["/api/partner/feed"], Lines(partner, "X-Raw-Target")); // no double slash after "to": ".../"
        Assert.Equal([Partner], Lines(partner, "Access-Control-Allow-Origin"));
        Assert.Equal(["true"], Lines(partner, "Access-Control-Allow-Credentials"));
        Assert.Equal(["b"], Lines(app, "X-Upstream"));
        Assert.Empty(Lines(app, "Access-Control-Allow-Origin")); // App is allowed on /api/ but not on /api/partner/
    }

    [Fact]
    public async Task Preflight_uses_the_routes_policy()
    {
        using var client = Client();
        using var api = new HttpRequestMessage(HttpMethod.Options, new Uri(_gateway.Address, "/api/orders/3"));
        api.Headers.Add("Origin", App);
        api.Headers.Add("Access-Control-Request-Method", "DELETE");
        using var partner = new HttpRequestMessage(HttpMethod.Options, new Uri(_gateway.Address, "/api/partner/3"));
        partner.Headers.Add("Origin", Partner);
        partner.Headers.Add("Access-Control-Request-Method", "DELETE");

        using var allowed = await client.SendAsync(api);
        using var denied = await client.SendAsync(partner);

        Assert.Equal(HttpStatusCode.NoContent, allowed.StatusCode);
        Assert.Equal(["DELETE"], Lines(allowed, "Access-Control-Allow-Methods"));
        // The partner route's policy lists no method: DELETE is denied there, answered with that policy's own list
        // so the browser names the method (docs/middleware.md, "Denied preflights that name their cause").
        Assert.Equal(HttpStatusCode.NoContent, denied.StatusCode);
        Assert.Equal(["GET, HEAD, POST"], Lines(denied, "Access-Control-Allow-Methods"));
        Assert.DoesNotContain(_a.Seen, r => r.Method == "OPTIONS");
        Assert.DoesNotContain(_b.Seen, r => r.Method == "OPTIONS");
    }

    [Fact]
    public async Task Route_without_policy_has_no_cors_headers_and_forwards_preflights()
    {
        using var client = Client();
        using var response = await client.SendAsync(Get(_gateway.Address, "/static/app.js", App));
        using var options = new HttpRequestMessage(HttpMethod.Options, new Uri(_gateway.Address, "/static/app.js"));
        options.Headers.Add("Origin", App);
        options.Headers.Add("Access-Control-Request-Method", "PUT");
        using var preflight = await client.SendAsync(options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["a"], Lines(response, "X-Upstream"));
        Assert.Empty(Lines(response, "Access-Control-Allow-Origin"));
        Assert.Empty(Lines(response, "Access-Control-Allow-Credentials"));
        Assert.Empty(Lines(response, "Vary"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, preflight.StatusCode); // DisableCorsKit: the app decides
        Assert.Empty(Lines(preflight, "Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Unknown_path_is_404_and_reaches_no_upstream()
    {
        using var client = Client();
        using var response = await client.SendAsync(Get(_gateway.Address, "/apix", App));
        using var root = await client.SendAsync(Get(_gateway.Address, "/", App));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, root.StatusCode);
        Assert.Equal("corskit: no route matches this path.\n", await response.Content.ReadAsStringAsync());
        Assert.Empty(Lines(response, "Access-Control-Allow-Origin"));
        Assert.Empty(_a.For("/apix"));
        Assert.Empty(_b.For("/apix"));
    }

    [Theory]
    [InlineData("/static/../api/orders", "a", "/api/orders")]
    [InlineData("/static/%2e%2E/api/partner/x?q=1", "b", "/api/partner/x?q=1")]
    public async Task Dot_segments_are_routed_and_forwarded_as_the_same_normalised_path(string target, string upstream, string forwarded)
    {
        // The route is chosen on Kestrel's normalised path and the forwarded URL is normalised by System.Uri (both
        // RFC 3986 §5.2.4 remove_dot_segments), so "/static/../api/..." cannot be routed as one path and forwarded as
        // another. HttpClient would normalise the path itself: write the request line by hand (RFC 9112 §3).
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, _gateway.Address.Port);
        var stream = tcp.GetStream();
        var head = $"GET {target} HTTP/1.1\r\nHost: {_gateway.Address.Authority}\r\nOrigin: {App}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head));
        var response = await new StreamReader(stream, System.Text.Encoding.ASCII).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 200 ", response, StringComparison.Ordinal);
        Assert.Contains($"\r\nX-Upstream: {upstream}\r\n", response, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"\r\nX-Raw-Target: {forwarded}\r\n", response, StringComparison.OrdinalIgnoreCase);
    }
}
