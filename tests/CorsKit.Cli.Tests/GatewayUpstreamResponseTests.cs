using CorsKit.Cli.Tests.GatewaySupport;
using CorsKit.Policy;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 10 items 9 and 11: an upstream answer that cannot be forwarded as HTTP (an invalid status, broken framing,
/// an upgrade) becomes a 502 with CorsKit's CORS headers, <c>Vary</c> and a one-line reason, and is logged as 502.
/// The upstreams are raw TCP servers: Kestrel refuses to write these answers.
/// </summary>
public sealed class GatewayUpstreamResponseTests
{
    private static readonly CorsPolicyOptions Policy = new() { Origins = [App], Credentials = true };

    public static TheoryData<string, string> Unforwardable => new()
    {
        // RFC 9112 §6.3 item 5: an invalid Content-Length is an unrecoverable framing error; a proxy "MUST close the
        // connection to the server, discard the received response, and send a 502 (Bad Gateway) response".
        { "HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nhello", "Content-Length" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello!", "Content-Length" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\nhello!", "Content-Length" },
        { "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nhello", "Content-Length" },
        { "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\nhello", "Content-Length" },
        // RFC 9110 §15.3.5: a 204 "cannot contain content"; one that announces a body is broken.
        { "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello", "204" },
        { "HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "204" },
        // RFC 9110 §15: status codes are 100..599; "a client that receives a response with an invalid status code
        // SHOULD process the response as if it had a 5xx" (item 11).
        { "HTTP/1.1 000 Zero\r\nContent-Length: 0\r\n\r\n", "status" },
        { "HTTP/1.1 600 Six\r\nContent-Length: 0\r\n\r\n", "status" },
        { "HTTP/1.1 999 Nine\r\nContent-Length: 0\r\n\r\n", "status" },
        // Upgrades are not supported (the Upgrade header is never forwarded), so a 101 cannot be honoured (item 11).
        { "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n", "101" },
    };

    [Theory]
    [MemberData(nameof(Unforwardable))]
    public async Task An_unforwardable_answer_is_a_502_with_cors_headers_vary_a_reason_and_a_log_line(string upstreamAnswer, string reasonMentions)
    {
        await using var upstream = RawUpstream.Start(upstreamAnswer);
        var log = new LineWriter();
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy, log);

        var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, "/orders", $"Origin: {App}"));

        Assert.Equal(502, RawClient.Status(answer));
        Assert.Equal([App], RawClient.Header(answer, "Access-Control-Allow-Origin"));
        Assert.Equal(["true"], RawClient.Header(answer, "Access-Control-Allow-Credentials"));
        Assert.Contains("Origin", string.Join(",", RawClient.Header(answer, "Vary")), StringComparison.Ordinal);
        Assert.Contains($"corskit: the upstream {upstream.Origin} ", RawClient.Body(answer), StringComparison.Ordinal);
        Assert.Contains(reasonMentions, RawClient.Body(answer), StringComparison.Ordinal);
        Assert.DoesNotContain("could not be reached", RawClient.Body(answer), StringComparison.Ordinal);
        Assert.Single(upstream.Heads);
        var line = await log.WaitForLineAsync("GET /orders ");
        Assert.Matches(@" cors=allowed 502 \d+ms", line);
    }

    [Fact]
    public async Task An_answer_that_is_not_http_at_all_is_a_502_that_says_so()
    {
        await using var upstream = RawUpstream.Start("SSH-2.0-OpenSSH_9.6\r\n");
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);

        var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, "/orders", $"Origin: {App}"));

        Assert.Equal(502, RawClient.Status(answer));
        Assert.Equal([App], RawClient.Header(answer, "Access-Control-Allow-Origin"));
        Assert.Contains("not a valid HTTP response", RawClient.Body(answer), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\nhello", "200", "hello")]
    [InlineData("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", "204", "")]
    [InlineData("HTTP/1.1 299 Custom\r\nContent-Length: 2\r\n\r\nok", "299", "ok")]
    [InlineData("HTTP/1.1 599 Custom\r\nContent-Length: 2\r\n\r\nno", "599", "no")]
    public async Task Valid_edge_cases_pass_through(string upstreamAnswer, string status, string body)
    {
        // RFC 9110 §8.6: repeated identical Content-Length values may be accepted as one; any code 100..599 is valid.
        await using var upstream = RawUpstream.Start(upstreamAnswer);
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);

        var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, "/orders", $"Origin: {App}"));

        Assert.StartsWith($"HTTP/1.1 {status} ", answer, StringComparison.Ordinal);
        Assert.Equal([App], RawClient.Header(answer, "Access-Control-Allow-Origin"));
        Assert.Equal(body, RawClient.Body(answer));
    }
}
