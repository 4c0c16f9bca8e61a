using System.Text;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.GatewaySupport;
using CorsKit.Policy;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 10 items 8, 12 and 13: what a client sends is forwarded byte for byte (UTF-8 header values included), a
/// broken or stalled upload is the client's fault (400/408), and every header named in <c>Connection</c> is dropped.
/// </summary>
public sealed class GatewayClientRequestTests
{
    private static readonly CorsPolicyOptions Policy = new() { Origins = [App] };

    [Fact]
    public async Task Utf8_request_header_bytes_reach_the_upstream_unchanged()
    {
        // Browsers send cookie values as bytes (RFC 6265 §5.4 leaves them opaque); YARP forwards them as Latin-1 so
        // every byte survives the round trip.
        await using var upstream = RawUpstream.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);
        var cookie = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("name=Zoë; city=Zürich; emoji=🍪"));

        var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, "/me", $"Origin: {App}", $"Cookie: {cookie}", "X-Plain: é"));

        Assert.Equal(200, RawClient.Status(answer));
        var head = Assert.Single(upstream.Heads);
        Assert.Contains($"\r\nCookie: {cookie}\r\n", head, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Plain: é\r\n", head, StringComparison.Ordinal); // one Latin-1 byte, 0xE9, as sent
    }

    [Fact]
    public async Task Utf8_response_header_bytes_reach_the_client_unchanged()
    {
        var disposition = Encoding.Latin1.GetString(Encoding.UTF8.GetBytes("attachment; filename=\"Überweisung.pdf\""));
        await using var upstream = RawUpstream.Start($"HTTP/1.1 200 OK\r\nContent-Disposition: {disposition}\r\nX-Latin: caf\u00e9\r\nContent-Length: 2\r\n\r\nok");
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);

        var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, "/file", $"Origin: {App}"));

        Assert.Equal(200, RawClient.Status(answer));
        Assert.Equal([disposition], RawClient.Header(answer, "Content-Disposition"));
        Assert.Equal(["caf\u00e9"], RawClient.Header(answer, "X-Latin"));
        Assert.Equal([App], RawClient.Header(answer, "Access-Control-Allow-Origin"));
        Assert.Equal("ok", RawClient.Body(answer));
    }

    [Theory]
    [InlineData("keep-alive, X-Secret")]
    [InlineData("close, X-Secret")]
    [InlineData("X-Secret, keep-alive")]
    [InlineData("Keep-Alive,X-Secret,Upgrade")]
    public async Task Headers_named_in_connection_are_dropped_whatever_else_it_holds(string connection)
    {
        // RFC 9110 §7.6.1: a proxy "MUST remove or replace any received connection options before forwarding".
        await using var upstream = RawUpstream.Start("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);
        var request = $"GET /hop HTTP/1.1\r\nHost: {proxy.Address.Authority}\r\nConnection: {connection}\r\nX-Secret: s3cr3t\r\nX-Kept: yes\r\n\r\n";

        var answer = await RawClient.SendAsync(proxy.Address, request, TimeSpan.FromSeconds(10));

        Assert.Equal(200, RawClient.Status(answer));
        var head = Assert.Single(upstream.Heads);
        Assert.DoesNotContain("X-Secret", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("s3cr3t", head, StringComparison.Ordinal);
        Assert.Contains("\r\nX-Kept: yes\r\n", head, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("keep-alive, X-Upstream-Private")]
    [InlineData("close, X-Upstream-Private")]
    public async Task Response_headers_named_in_connection_are_dropped_too(string connection)
    {
        await using var upstream = RawUpstream.Start($"HTTP/1.1 200 OK\r\nConnection: {connection}\r\nX-Upstream-Private: internal\r\nX-Kept: yes\r\nContent-Length: 2\r\n\r\nok");
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);

        var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, "/hop"));

        Assert.Equal(200, RawClient.Status(answer));
        Assert.Empty(RawClient.Header(answer, "X-Upstream-Private"));
        Assert.Equal(["yes"], RawClient.Header(answer, "X-Kept"));
    }

    [Theory]
    [InlineData("Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", 400)]
    [InlineData("Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n", 400)]
    // Kestrel's MinRequestBodyDataRate (240 bytes/s after a 5 s grace period) ends an upload that stalls.
    [InlineData("Content-Length: 100000\r\n\r\nonly a few bytes", 408)]
    public async Task A_malformed_or_stalled_upload_is_the_clients_fault_not_a_502(string framingAndBody, int expected)
    {
        await using var upstream = await LoopbackServer.StartAsync(context => context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted));
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);
        var request = $"POST /upload HTTP/1.1\r\nHost: {proxy.Address.Authority}\r\nOrigin: {App}\r\n{framingAndBody}";

        var answer = await RawClient.SendAsync(proxy.Address, request, TimeSpan.FromSeconds(30));

        Assert.Equal(expected, RawClient.Status(answer));
        Assert.Equal([App], RawClient.Header(answer, "Access-Control-Allow-Origin"));
        Assert.Contains("corskit: the request body could not be read (", RawClient.Body(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("could not be reached", answer, StringComparison.Ordinal);
    }
}
