using CorsKit.Cli.Gateway;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.GatewaySupport;
using CorsKit.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 10 item 1: the path a request is routed on is exactly the path forwarded. A backslash or a dot segment met
/// after routing must not move the request to another path, and an encoded slash or backslash must not let a
/// decoding upstream leave the route's prefix. Requests are written as raw bytes (curl --path-as-is would do the same).
/// </summary>
public sealed class GatewayPathEscapeTests : IAsyncLifetime
{
    private LoopbackServer _upstream = null!;
    private GatewayServer _gateway = null!;

    /// <summary>Answers with the request target it received.</summary>
    private static Task EchoTarget(HttpContext context)
    {
        context.Response.Headers["X-Raw-Target"] = context.Features.Get<IHttpRequestFeature>()!.RawTarget;
        return Task.CompletedTask;
    }

    public async Task InitializeAsync()
    {
        _upstream = await LoopbackServer.StartAsync(EchoTarget);
        var json = $$"""
            {
              "listen": "127.0.0.1:0",
              "policies": { "web": { "origins": ["{{App}}"] } },
              "routes": [ { "path": "/public/", "to": "{{_upstream.Origin}}", "policy": "web" } ]
            }
            """;
        var config = GatewayConfigReader.Read(json, out var errors);
        Assert.Empty(errors);
        _gateway = await GatewayServer.StartAsync(config!, null);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Theory]
    [InlineData(@"/public/..\admin")]
    [InlineData(@"/public/..\..\admin")]
    [InlineData(@"/public\..\admin")]
    [InlineData("/public/..%2Fadmin")]
    [InlineData("/public/..%2fadmin")]
    [InlineData("/public/..%5Cadmin")]
    [InlineData("/public/%2e%2e%2fadmin")]
    [InlineData("/public/%2E%2E%5Cadmin")]
    [InlineData("/public/.%2e%2Fadmin")]
    [InlineData("/public/x%2F..%2F..%2Fadmin")]
    [InlineData("/public/%252e%252e%252fadmin")]
    [InlineData("/public/%c0%ae%c0%ae/admin")] // overlong UTF-8 for "." (RFC 3629 §10), which lax decoders accept
    [InlineData("/public/..%c0%afadmin")]
    [InlineData("/public/..%e0%80%afadmin")]
    public async Task A_backslash_or_an_encoded_separator_next_to_dots_is_refused_and_reaches_no_upstream(string target)
    {
        var answer = await RawClient.SendAsync(_gateway.Address, RawClient.Get(_gateway.Address, target, $"Origin: {App}"));

        Assert.Equal(400, RawClient.Status(answer));
        Assert.Contains("corskit: ", RawClient.Body(answer), StringComparison.Ordinal);
        Assert.Empty(_upstream.Seen);
    }

    [Theory]
    [InlineData("/public/../admin")]
    [InlineData("/public/%2e%2e/admin")]
    [InlineData("/public/.%2E/admin")]
    [InlineData("/public/x/../../admin")]
    public async Task Dot_segments_that_leave_the_prefix_match_no_route(string target)
    {
        var answer = await RawClient.SendAsync(_gateway.Address, RawClient.Get(_gateway.Address, target));

        Assert.Equal(404, RawClient.Status(answer));
        Assert.Empty(_upstream.Seen);
    }

    [Theory]
    [InlineData("/public/a/../b", "/public/b")]
    [InlineData("/public/./a/%2e/b?x=..%2F", "/public/a/b?x=..%2F")]
    [InlineData("/public/a%2Fb", "/public/a%2Fb")]
    [InlineData("/public/a%5Cb", "/public/a%5Cb")]
    [InlineData("/public/..a/b..", "/public/..a/b..")]
    [InlineData("/public/caf%C3%A9", "/public/caf%C3%A9")]
    public async Task What_is_forwarded_is_the_path_that_was_routed(string target, string forwarded)
    {
        var answer = await RawClient.SendAsync(_gateway.Address, RawClient.Get(_gateway.Address, target));

        Assert.Equal(200, RawClient.Status(answer));
        Assert.Equal([forwarded], RawClient.Header(answer, "X-Raw-Target"));
    }

    [Theory]
    [InlineData("/../admin", "/base/admin")]
    [InlineData("/%2e%2e/admin", "/base/admin")]
    [InlineData("/a/../../admin?q", "/base/admin?q")]
    public async Task Proxy_with_an_upstream_path_never_leaves_it(string target, string forwarded)
    {
        // With `proxy --to http://up/base` the upstream path is the prefix: "/../admin" must not reach "/admin".
        await using var proxy = await StartProxyAsync(new Uri(_upstream.Origin + "/base"), new CorsPolicyOptions { Origins = [App] });

        var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, target));

        Assert.Equal(200, RawClient.Status(answer));
        Assert.Equal([forwarded], RawClient.Header(answer, "X-Raw-Target"));
    }

    [Theory]
    [InlineData("/..%2Fadmin")]
    [InlineData(@"/..\admin")]
    [InlineData("/%2e%2e%5cadmin")]
    public async Task Proxy_with_an_upstream_path_refuses_encoded_escapes(string target)
    {
        await using var proxy = await StartProxyAsync(new Uri(_upstream.Origin + "/base"), new CorsPolicyOptions { Origins = [App] });

        var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, target));

        Assert.Equal(400, RawClient.Status(answer));
        Assert.Empty(_upstream.Seen);
    }

    [Fact]
    public async Task Absolute_form_targets_follow_the_same_rules()
    {
        // RFC 9112 §3.2.2: a server must accept the absolute-form; Kestrel parses it with System.Uri, which turns
        // "\" into "/" before the gateway sees the path. The raw target is what counts.
        var escape = await RawClient.SendAsync(_gateway.Address, RawClient.Get(_gateway.Address, $@"http://{_gateway.Address.Authority}/public/..\admin"));
        var plain = await RawClient.SendAsync(_gateway.Address, RawClient.Get(_gateway.Address, $"http://{_gateway.Address.Authority}/public/a?b=1"));

        Assert.Equal(400, RawClient.Status(escape));
        Assert.Equal(200, RawClient.Status(plain));
        Assert.Equal(["/public/a?b=1"], RawClient.Header(plain, "X-Raw-Target"));
    }
}
