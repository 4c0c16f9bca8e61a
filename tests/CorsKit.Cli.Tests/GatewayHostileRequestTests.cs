using System.Text;
using CorsKit.Cli.Gateway;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.GatewaySupport;
using CorsKit.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary>
/// The running proxy and gateway against hostile bytes on the wire, by class rather than by case (issue 10): seeded
/// random request targets, header bytes, <c>Connection</c> lists and upstream answers, each sent over a raw TCP socket,
/// each checked against the property the class must keep. The seed is in every assertion message.
/// </summary>
public sealed class GatewayHostileRequestTests
{
    private const int Seed = 20261203;
    private static readonly CorsPolicyOptions Policy = new() { Origins = [App] };

    private static readonly string[] PathAtoms =
        ["..", ".", "%2e%2e", "%2E.", ".%2e", "%2e", "..%2f", "..%2F", "%2f..", "..%5c", "%5C..", "\\", "..\\", "%2f", "%5c",
         "admin", "x", "", "%252e%252e%252f", "%25", "a%2Fb", "..;", ";..", "%c0%ae%c0%ae", "%u002e", "..%00", "caf%C3%A9", "\"", "{}", "|", "^", "`", "[::]", "@", "%%", "?..%2f", "#"];

    [Fact]
    public async Task No_target_reaches_an_upstream_path_outside_the_route_prefix()
    {
        // Class: path escapes (item 1). Whatever the target, the upstream receives either nothing (refused or no
        // route) or a target that stays below "/public/" even for an upstream that decodes every escape (three
        // times over), reads "\" as "/" and then removes dot segments.
        var received = new List<string>();
        await using var upstream = await LoopbackServer.StartAsync(context =>
        {
            lock (received)
            {
                received.Add(context.Features.Get<IHttpRequestFeature>()!.RawTarget);
            }
            return Task.CompletedTask;
        });
        var json = $$"""{ "listen": "127.0.0.1:0", "routes": [ { "path": "/public/", "to": "{{upstream.Origin}}" } ] }""";
        await using var gateway = await GatewayServer.StartAsync(GatewayConfigReader.Read(json, out _)!, null);
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin + "/public"), Policy);
        var random = new Random(Seed);
        var forwarded = 0;
        for (var i = 0; i < 300; i++)
        {
            var target = "/public/" + string.Join('/', Enumerable.Range(0, random.Next(1, 6)).Select(_ => PathAtoms[random.Next(PathAtoms.Length)]));
            var server = i % 2 == 0 ? gateway.Address : proxy.Address;
            var sent = server == proxy.Address ? target["/public".Length..] : target;
            lock (received)
            {
                received.Clear();
            }
            var answer = await RawClient.SendAsync(server, RawClient.Get(server, sent));
            var status = RawClient.Status(answer);
            Assert.True(status is 200 or 400 or 404, $"seed {Seed}, case {i}: {sent} -> {status}");
            string[] seen;
            lock (received)
            {
                seen = [.. received];
            }
            if (status != 200)
            {
                Assert.True(seen.Length == 0, $"seed {Seed}, case {i}: {sent} was refused with {status} but reached the upstream as {string.Join(" ", seen)}");
                continue;
            }
            forwarded++;
            var at = Assert.Single(seen);
            var worst = WorstCaseUpstreamPath(at);
            Assert.True(worst.StartsWith("/public/", StringComparison.Ordinal) || worst == "/public",
                $"seed {Seed}, case {i}: {sent} reached the upstream as {at}, which a decoding upstream reads as {worst}");
        }
        Assert.InRange(forwarded, 30, 290); // both outcomes exercised
    }

    /// <summary>What the most permissive upstream makes of a path: decode (three rounds), "\" is "/", remove dots.</summary>
    private static string WorstCaseUpstreamPath(string target)
    {
        var path = target.Split('?')[0];
        for (var round = 0; round < 3; round++)
        {
            path = Uri.UnescapeDataString(path);
        }
        var output = new List<string>();
        foreach (var segment in path.Replace('\\', '/').Split('/').Skip(1))
        {
            if (segment == "..")
            {
                if (output.Count > 0)
                {
                    output.RemoveAt(output.Count - 1);
                }
            }
            else if (segment != ".")
            {
                output.Add(segment);
            }
        }
        return "/" + string.Join('/', output);
    }

    [Fact]
    public async Task Any_header_bytes_reach_the_upstream_as_sent_or_are_refused_by_the_server()
    {
        // Class: non-ASCII header values (item 8). Never a 502: either Kestrel refuses the request (400) or the
        // upstream receives exactly the bytes the client sent.
        await using var upstream = RawUpstream.Start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);
        var random = new Random(Seed + 1);
        var delivered = 0;
        for (var i = 0; i < 200; i++)
        {
            var value = new StringBuilder();
            for (var n = random.Next(1, 24); n > 0; n--)
            {
                value.Append(random.Next(4) switch
                {
                    0 => (char)random.Next(0x80, 0x100), // any high byte, alone or as part of UTF-8
                    1 => (char)random.Next(0x21, 0x7F),
                    2 => ' ',
                    _ => Encoding.Latin1.GetString(Encoding.UTF8.GetBytes(char.ConvertFromUtf32(random.Next(0xA0, 0x2FFFF) is var c && c is >= 0xD800 and <= 0xDFFF ? 0xE9 : c)))[0],
                });
            }
            var text = value.ToString().Trim();
            if (text.Length == 0)
            {
                continue;
            }
            var before = upstream.Heads.Count;
            var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, "/h", $"X-Bytes: {text}", $"Cookie: c={text}"));
            var status = RawClient.Status(answer);
            Assert.True(status is 200 or 400, $"seed {Seed + 1}, case {i}: {status} for {Convert.ToHexString(Encoding.Latin1.GetBytes(text))}");
            if (status == 200)
            {
                delivered++;
                var head = upstream.Heads.ToArray()[before];
                Assert.Contains($"\r\nX-Bytes: {text}\r\n", head, StringComparison.Ordinal);
                Assert.Contains($"\r\nCookie: c={text}\r\n", head, StringComparison.Ordinal);
            }
        }
        Assert.True(delivered > 150, $"seed {Seed + 1}: only {delivered} delivered");
    }

    [Fact]
    public async Task A_header_named_in_any_connection_list_never_reaches_the_upstream()
    {
        // Class: Connection options (item 13), in every mix with keep-alive, close and Upgrade, on one or two lines.
        await using var upstream = RawUpstream.Start("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);
        var random = new Random(Seed + 2);
        string[] known = ["keep-alive", "close", "Upgrade", "Keep-Alive", "CLOSE", "upgrade"];
        for (var i = 0; i < 100; i++)
        {
            var named = $"X-Hop-{i}";
            var tokens = Enumerable.Range(0, random.Next(0, 3)).Select(_ => known[random.Next(known.Length)]).Append(named).OrderBy(_ => random.Next()).ToList();
            var lines = random.Next(3) == 0 && tokens.Count > 1
                ? new[] { $"Connection: {string.Join(", ", tokens.Take(1))}", $"Connection: {string.Join(",", tokens.Skip(1))}" }
                : [$"Connection: {string.Join(random.Next(2) == 0 ? ", " : ",", tokens)}"];
            var before = upstream.Heads.Count;
            var request = $"GET /c HTTP/1.1\r\nHost: {proxy.Address.Authority}\r\n{string.Concat(lines.Select(l => l + "\r\n"))}{named}: secret-{i}\r\nConnection: close\r\n\r\n";

            var answer = await RawClient.SendAsync(proxy.Address, request);

            Assert.True(RawClient.Status(answer) == 200, $"seed {Seed + 2}, case {i}: {answer}");
            var head = upstream.Heads.ToArray()[before];
            Assert.True(!head.Contains($"secret-{i}", StringComparison.Ordinal), $"seed {Seed + 2}, case {i}: {string.Join(" | ", lines)} forwarded {named}");
        }
    }

    [Fact]
    public async Task Connection_lists_of_concurrent_requests_never_mix()
    {
        // The Connection lines are recorded per parsing thread (ReceivedHeaders): under concurrency each request must
        // still drop exactly its own hop-by-hop header and keep every other one.
        var heads = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        await using var upstream = await LoopbackServer.StartAsync(context =>
        {
            heads[context.Request.Path.Value!] = string.Join("\n", context.Request.Headers.Select(h => $"{h.Key}: {h.Value}"));
            return Task.CompletedTask;
        });
        await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);

        await Parallel.ForEachAsync(Enumerable.Range(0, 400), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var option = (i % 3) switch { 0 => "close", 1 => "keep-alive", _ => "Upgrade" };
            var request = $"GET /r{i} HTTP/1.1\r\nHost: {proxy.Address.Authority}\r\nConnection: {option}, X-Hop-{i}\r\nX-Hop-{i}: secret\r\nX-Keep-{i}: kept\r\n{(option == "close" ? "" : "Connection: close\r\n")}\r\n";
            var answer = await RawClient.SendAsync(proxy.Address, request);
            Assert.True(RawClient.Status(answer) == 200, $"case {i}: {answer}");
        });

        for (var i = 0; i < 400; i++)
        {
            var head = heads[$"/r{i}"];
            Assert.True(!head.Contains($"X-Hop-{i}", StringComparison.OrdinalIgnoreCase), $"case {i}: its hop-by-hop header was forwarded:\n{head}");
            Assert.True(head.Contains($"X-Keep-{i}: kept", StringComparison.OrdinalIgnoreCase), $"case {i}: an end-to-end header was dropped:\n{head}");
        }
    }

    [Fact]
    public async Task Any_upstream_answer_becomes_a_valid_answer_with_cors_headers()
    {
        // Class: upstream answers Kestrel cannot write (items 9, 11): random status lines, Content-Length forms,
        // bodies on bodiless statuses and header bytes. The client always gets a well-formed status between 200 and
        // 599 from the proxy; a 502 always carries the CORS headers, Vary and a reason.
        var random = new Random(Seed + 3);
        string[] statuses = ["000", "001", "099", "100", "101", "199", "200", "204", "205", "299", "304", "404", "599", "600", "999", "20", "2000", "abc", "-1"];
        string[] lengths = ["", "0", "5", "abc", "-1", "5, 5", "5, 6", "05", "99999999999999999999", " 5 ", "5\r\nContent-Length: 6", "5\r\nContent-Length: 5"];
        string[] extras = ["", "X-Ok: fine\r\n", "X-Latin: caf\u00e9\r\n", "X-Ctl: a\u0001b\r\n", "Transfer-Encoding: chunked\r\n", "Connection: keep-alive, X-In\r\nX-In: 1\r\n"];
        for (var i = 0; i < 120; i++)
        {
            var status = statuses[random.Next(statuses.Length)];
            var length = lengths[random.Next(lengths.Length)];
            var extra = extras[random.Next(extras.Length)];
            var body = extra.StartsWith("Transfer-Encoding", StringComparison.Ordinal) ? "5\r\nhello\r\n0\r\n\r\n" : "hello";
            var raw = $"HTTP/1.1 {status} Reason\r\n{extra}{(length.Length == 0 ? "" : $"Content-Length: {length}\r\n")}\r\n{body}";
            await using var upstream = RawUpstream.Start(raw);
            await using var proxy = await StartProxyAsync(new Uri(upstream.Origin), Policy);

            var answer = await RawClient.SendAsync(proxy.Address, RawClient.Get(proxy.Address, "/u", $"Origin: {App}"), TimeSpan.FromSeconds(20));

            var code = RawClient.Status(answer);
            Assert.True(code is >= 200 and <= 599 && code != 500, $"seed {Seed + 3}, case {i}: {code} for {raw}");
            Assert.True(RawClient.Header(answer, "Access-Control-Allow-Origin").SequenceEqual([App]), $"seed {Seed + 3}, case {i}: no CORS for {raw}\n{answer}");
            if (code == 502)
            {
                Assert.Contains("Origin", string.Join(",", RawClient.Header(answer, "Vary")), StringComparison.Ordinal);
                Assert.Contains($"corskit: the upstream {upstream.Origin} ", RawClient.Body(answer), StringComparison.Ordinal);
            }
            Assert.Empty(RawClient.Header(answer, "X-In"));
        }
    }
}
