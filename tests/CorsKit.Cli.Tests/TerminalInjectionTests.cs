using System.Net;
using System.Net.Sockets;
using System.Text;
using CorsKit.Cli.Output;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.GatewaySupport;
using CorsKit.Policy;
using Microsoft.AspNetCore.Http;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;
using static CorsKit.Cli.Tests.CheckSupport.RawServer;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Terminal escape injection (issue 10, item 6): bytes a server or a client chose (ESC starting an OSC title change or
/// a screen clear, BEL, 8-bit CSI, bidi overrides) must reach the operator's terminal and logs as visible
/// <c>\uXXXX</c> text, through <see cref="TerminalText.Escape"/>, on every human output path; JSON keeps the exact value.
/// </summary>
public sealed class TerminalInjectionTests
{
    private const string Page = "http://127.0.0.1:7100";

    // OSC 0 (set the window title) ended by BEL, CSI 2J (clear the screen), an 8-bit CSI (U+009B) and DEL, as bytes.
    private const string Hostile = "\u001b]0;pwned\u0007\u001b[2J\u009b31m\u007f";
    private const string HostileEscaped = "\\u001B]0;pwned\\u0007\\u001B[2J\\u009B31m\\u007F";

    // Every character a terminal acts on or that reorders text (UAX #9 explicit directional controls), and only those.
    [Fact]
    public void Escape_rewrites_exactly_the_controls_and_bidi_characters()
    {
        var unsafeSet = new HashSet<int>();
        for (var c = 0; c <= 0x1F; c++)
        {
            unsafeSet.Add(c);
        }

        for (var c = 0x7F; c <= 0x9F; c++)
        {
            unsafeSet.Add(c);
        }

        foreach (var c in new[] { 0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069 })
        {
            unsafeSet.Add(c);
        }

        for (var c = 0; c <= 0xFFFF; c++)
        {
            var text = ((char)c).ToString();
            var escaped = TerminalText.Escape(text);
            if (unsafeSet.Contains(c))
            {
                Assert.Equal($"\\u{c:X4}", escaped);
            }
            else
            {
                Assert.Same(text, escaped);
            }
        }

        Assert.Equal("a" + HostileEscaped + "\\u202Eb", TerminalText.Escape("a" + Hostile + "\u202Eb"));
        // A message of several lines we composed (config errors) keeps its line feeds, nothing else.
        Assert.Equal("a\\u001B\n\\u000Db", TerminalText.EscapeLines("a\u001b\n\rb"));
    }

    // check's human report: a header value, a Location, and the status line quoted in an error.
    [Theory]
    [InlineData("chromium", "HTTP/1.1 200 OK")]
    [InlineData("chromium", "HTTP/1.1 101 " + Hostile)]   // Chromium: 101 is a network error quoting the status line
    [InlineData("firefox", "HTTP/1.1 " + Hostile)]        // Firefox: no status code is a network error quoting it
    public async Task Check_text_output_escapes_what_the_server_sent(string browser, string statusLine)
    {
        await using var server = RawServer.Start(_ => Head(statusLine, "X-Evil: " + Hostile, "Location: /next" + Hostile, "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok");

        var text = await RunAsync("check", server.Origin + "/t", "--origin", Page, "--browser", browser);
        var json = await RunAsync("check", server.Origin + "/t", "--origin", Page, "--browser", browser, "--format", "json");

        AssertTerminalSafe(text.Out);
        Assert.Contains(HostileEscaped, text.Out, StringComparison.Ordinal);
        if (statusLine.Contains(Hostile, StringComparison.Ordinal))
        {
            Assert.Equal(2, text.ExitCode);
            // The JSON error keeps the server's exact bytes.
            Assert.Contains(Hostile, json.Json.GetProperty("error").GetProperty("explanation").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(0, text.ExitCode);
            var headers = json.Json.GetProperty("actual").GetProperty("response").GetProperty("headers");
            Assert.Equal(["/next" + Hostile], HeaderValues(headers, "Location"));
            Assert.Equal([Hostile], HeaderValues(headers, "X-Evil"));
        }
    }

    // Request-derived values: the URL and origin from a batch line (text summary), and the one-sentence input error.
    [Fact]
    public async Task Check_summary_and_input_errors_escape_the_users_values()
    {
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input,
                "{\"url\":\"http://127.0.0.1:9/\\u001b[2J\\u202e\",\"origin\":\"https://a.example\"}\n"
                + "{\"url\":\"http://127.0.0.1:9/x\",\"origin\":\"https://a\\u001b]0;x\\u0007.example/\"}\n");
            var batch = await RunAsync("check", "--input", input, "--format", "text");
            AssertTerminalSafe(batch.Out);
            Assert.Contains("/\\u001B[2J\\u202E", batch.Out, StringComparison.Ordinal);
            Assert.Contains("https://a\\u001B]0;x\\u0007.example/", batch.Out, StringComparison.Ordinal);

            var single = await RunAsync("check", "http://127.0.0.1:9/x", "--origin", "https://a\u001b]0;x\u0007\u202e.example/");
            Assert.Equal(2, single.ExitCode);
            AssertTerminalSafe(single.Err);
            Assert.Contains("\\u001B]0;x\\u0007\\u202E", single.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(input);
        }
    }

    // audit's human and Markdown reports print the evidence's CORS headers and the origins the server trusts.
    [Fact]
    public async Task Audit_reports_escape_what_the_server_sent()
    {
        await using var server = RawServer.Start(request => Head("HTTP/1.1 200 OK",
            "Access-Control-Allow-Origin: " + (request.Header("Origin") ?? "*"), "Access-Control-Allow-Credentials: true",
            "Vary: Origin" + Hostile, "Content-Length: 2") + "ok");

        foreach (var format in new[] { "human", "markdown" })
        {
            var run = await RunAsync("audit", server.Origin + "/api", "--trusted-origin", "https://app.example", "--format", format);
            Assert.Equal(1, run.ExitCode);
            AssertTerminalSafe(run.Out);
            Assert.Contains(HostileEscaped, run.Out, StringComparison.Ordinal);
        }
    }

    // The proxy/gateway request log: the client's Origin and request target are the client's choice.
    [Fact]
    public async Task The_request_log_escapes_the_clients_origin_and_target()
    {
        await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("ok"));
        var log = new StringWriter();
        var policy = new CorsPolicyOptions { Origins = ["https://app.example"] };
        await using (var proxy = await GatewayHarness.StartProxyAsync(new Uri(upstream.Origin), policy, log))
        {
            // Raw bytes: HttpClient would refuse these values before they reach the wire.
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, proxy.Address.Port);
            var stream = client.GetStream();
            var origin = Encoding.UTF8.GetBytes("https://evil.example\u202e");
            // The proxy decodes header values as Latin-1 so their bytes reach the upstream as sent (issue 10 item 8): the
            // UTF-8 bytes C2 9B are logged as U+00C2 and the C1 control U+009B, which is escaped.
            await stream.WriteAsync(Encoding.UTF8.GetBytes("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\nOrigin: https://e\u001b]0;pwned\u0007\u009b.example\r\n\r\n"));
            await new StreamReader(stream).ReadToEndAsync();

            using var second = new TcpClient();
            await second.ConnectAsync(IPAddress.Loopback, proxy.Address.Port);
            var secondStream = second.GetStream();
            byte[] bytes = [.. Encoding.Latin1.GetBytes("GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\nOrigin: "), .. origin, .. "\r\n\r\n"u8.ToArray()];
            await secondStream.WriteAsync(bytes);
            await new StreamReader(secondStream).ReadToEndAsync();
        }

        var text = log.ToString();
        AssertTerminalSafe(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 2, text);
        Assert.StartsWith("GET /a origin=https://e\\u001B]0;pwned\\u0007\u00C2\\u009B.example cors=denied ", lines[0], StringComparison.Ordinal);
        // U+202E's UTF-8 bytes E2 80 AE, read as Latin-1: U+00E2, the C1 control U+0080 (escaped), U+00AE.
        Assert.Contains("\u00E2\\u0080\u00AE cors=denied", lines[1], StringComparison.Ordinal);
    }

    // The gateway's config errors quote the file's values, at start (one sentence, exit 2) and on a hot reload.
    [Fact]
    public async Task Gateway_config_errors_escape_the_files_values()
    {
        var dir = Directory.CreateTempSubdirectory("corskit-escape-").FullName;
        try
        {
            await using var upstream = await LoopbackServer.StartAsync(context => context.Response.WriteAsync("ok"));
            var config = Path.Combine(dir, "gateway.json");
            string File(string path) => $$"""{ "listen": "127.0.0.1:0", "routes": [ { "path": "{{path}}", "to": "{{upstream.Origin}}" } ] }""";
            await System.IO.File.WriteAllTextAsync(config, File("v2\\u001b]0;pwned\\u0007"));
            var start = await RunAsync("gateway", "--config", config);
            Assert.Equal(2, start.ExitCode);
            AssertTerminalSafe(start.Err);
            Assert.Contains("v2\\u001B]0;pwned\\u0007", start.Err, StringComparison.Ordinal);

            await System.IO.File.WriteAllTextAsync(config, File("/api/"));
            var output = new LineWriter();
            var error = new LineWriter();
            using var stop = new CancellationTokenSource();
            var running = Cli.RunAsync(["gateway", "--config", config, "--quiet"], output, error, stop.Token);
            await output.WaitForLineAsync("corskit gateway: ");
            await System.IO.File.WriteAllTextAsync(config, File("v3\\u001b[2J"));
            await error.WaitForLineAsync("corskit gateway: gateway.json has ");
            await error.WaitForLineAsync("  routes[0].path: ");
            AssertTerminalSafe(error.ToString());
            Assert.Contains("v3\\u001B[2J", error.ToString(), StringComparison.Ordinal);
            await stop.CancelAsync();
            Assert.Equal(0, await running.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>No character a terminal acts on except the line breaks the output itself writes.</summary>
    private static void AssertTerminalSafe(string output)
    {
        var bad = output.Select((c, i) => (c, i)).Where(x => x.c is not '\n' and not '\r' && TerminalText.IsUnsafe(x.c)).ToList();
        Assert.True(bad.Count == 0, $"raw U+{(bad.Count > 0 ? (int)bad[0].c : 0):X4} at {(bad.Count > 0 ? bad[0].i : 0)}: …{(bad.Count > 0 ? output.Substring(Math.Max(0, bad[0].i - 40), Math.Min(80, output.Length - Math.Max(0, bad[0].i - 40))) : "")}…");
    }
}
