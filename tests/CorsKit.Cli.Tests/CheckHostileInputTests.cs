using System.Diagnostics;
using System.Globalization;
using System.Text;
using CorsKit.Cli.Http;
using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;
using static CorsKit.Cli.Tests.CheckSupport.RawServer;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Hostile servers against <c>corskit check</c>'s own HTTP client (issue 10, item 3): whatever a server streams, the
/// client ends with one clear error and its memory stays bounded. Each case is a class of input, not one string.
/// </summary>
public sealed class CheckHostileInputTests
{
    private const string Page = "http://127.0.0.1:7100";

    /// <summary>Writes <paramref name="chunk"/> (Latin-1) again and again until the client goes away.</summary>
    private static Func<RawRequest, Stream, CancellationToken, Task> Forever(string chunk) => async (_, stream, ct) =>
    {
        var one = Encoding.Latin1.GetBytes(chunk);
        // Batch the chunk to ~64 KiB per write so the server outpaces the client, as a real flood does.
        var batch = new byte[Math.Max(one.Length, 64 * 1024 / one.Length * one.Length)];
        for (var i = 0; i + one.Length <= batch.Length; i += one.Length)
        {
            one.CopyTo(batch, i);
        }

        while (!ct.IsCancellationRequested)
        {
            await stream.WriteAsync(batch, ct);
        }
    };

    /// <summary>Writes <paramref name="prefix"/> once, then <paramref name="chunk"/> forever.</summary>
    private static Func<RawRequest, Stream, CancellationToken, Task> Forever(string prefix, string chunk) => async (request, stream, ct) =>
    {
        await stream.WriteAsync(Encoding.Latin1.GetBytes(prefix), ct);
        await Forever(chunk)(request, stream, ct);
    };

    // Streams that never finish a final response head. Chromium resets its header buffer after each 1xx
    // (net/http/http_stream_parser.cc DoParseResponseHeaders) and has no count limit, so a browser would wait forever;
    // check stops at its documented interim limits. A head or a status line that never ends hits the browser's own
    // 256 KiB limit (kMaxHeaderBufSize) as net::ERR_RESPONSE_HEADERS_TOO_BIG.
    public static TheoryData<string, string, string, string> EndlessStreams => new()
    {
        { "endless 100 Continue", "", "HTTP/1.1 100 Continue\r\n\r\n", "interim (1xx) responses" },
        { "endless 103 Early Hints", "", "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n", "interim (1xx) responses" },
        { "endless bare LF 102", "", "HTTP/1.1 102 Processing\n\n", "interim (1xx) responses" },
        { "few large 103s", "", "HTTP/1.1 103 Early Hints\r\nLink: " + new string('a', 200_000) + "\r\n\r\n", "interim (1xx) responses" },
        { "endless header block", "HTTP/1.1 200 OK\r\n", "X-Flood: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", "net::ERR_RESPONSE_HEADERS_TOO_BIG" },
        { "endless header line", "HTTP/1.1 200 OK\r\nX-Flood: ", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "net::ERR_RESPONSE_HEADERS_TOO_BIG" },
        { "endless status line", "HTTP/1.1 200 ", "OKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOKOK", "net::ERR_RESPONSE_HEADERS_TOO_BIG" },
    };

    [Theory]
    [MemberData(nameof(EndlessStreams))]
    public async Task An_endless_response_head_ends_with_one_clear_network_error(string name, string prefix, string chunk, string expected)
    {
        await using var server = RawServer.Streaming(Forever(prefix, chunk));
        var clock = Stopwatch.StartNew();

        // The timeout is far away: the limits, not the clock, must end the check.
        var run = await RunAsync("check", server.Origin + "/flood", "--origin", Page, "--timeout", "120", "--format", "json");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"{name}: took {clock.Elapsed}");
        Assert.Equal(2, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal("network", error.GetProperty("kind").GetString());
        var text = error.GetProperty("netError").GetString() + " " + error.GetProperty("explanation").GetString();
        Assert.Contains(expected, text, StringComparison.Ordinal);
        // The one sentence names the limit, not a wall of the server's bytes.
        Assert.True(text.Length < 600, $"{name}: {text.Length} chars of error");
    }

    // The reproduction: `check` against a server streaming `100 Continue` forever grew by ~150 MB/s. Run the
    // real CLI as its own process and watch its peak resident set (VmHWM) while the flood runs.
    // The second stream: 21 redirect hops, each a 250 KB head of tiny unique header lines (each line is an entry in the
    // transcript, ~30 times its wire size): the unbounded transcript peaked at 180 MB for one check.
    [Theory]
    [InlineData("endless 1xx", "interim (1xx) responses")]
    [InlineData("header lines on every redirect hop", "header lines a response")]
    public async Task A_hostile_stream_keeps_the_process_memory_bounded(string kind, string expected)
    {
        var lines = string.Concat(Enumerable.Range(0, 60_000).Select(i => i.ToString("x", CultureInfo.InvariantCulture) + ":\r\n"))[..250_000];
        await using var server = kind == "endless 1xx"
            ? RawServer.Streaming(Forever("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n"))
            : RawServer.Start(request => Head("HTTP/1.1 302 Found", "Location: " + request.Target + "x", "Access-Control-Allow-Origin: *") [..^2] + lines + "\r\n");
        var cli = Path.Combine(AppContext.BaseDirectory, "CorsKit.Cli");
        var info = new ProcessStartInfo(cli, ["check", server.Origin + "/flood", "--origin", Page, "--timeout", "8", "--format", "json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["DOTNET_gcServer"] = "0";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peakKiB = 0;
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            peakKiB = Math.Max(peakKiB, PeakResidentKiB(process.Id));
            await Task.Delay(20);
        }

        await process.WaitForExitAsync();
        var output = await stdout;
        // A .NET CLI run of check peaks near 45 MB here; the unbounded client passed 1.6 GB (1xx) and 180 MB (lines).
        Assert.True(peakKiB is > 0 and < 100 * 1024, $"{kind}: peak resident set {peakKiB} KiB");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}; stderr: {await stderr}");
        Assert.Equal(2, process.ExitCode);
        Assert.Contains(expected, output, StringComparison.Ordinal);
    }

    private static long PeakResidentKiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
            // The process exited between the check and the read.
        }

        return 0;
    }

    // The header-line bound is a count of lines, not of bytes: 2,000 tiny lines are read, 2,001 are refused.
    [Theory]
    [InlineData(1990, 0)]
    [InlineData(2001, 2)]
    public async Task Header_lines_beyond_the_limit_are_one_clear_error(int count, int exitCode)
    {
        var lines = Enumerable.Range(0, count).Select(i => $"X-{i}: v").ToArray();
        await using var server = RawServer.Start(_ => Head("HTTP/1.1 200 OK", [.. lines, "Access-Control-Allow-Origin: *", "Content-Length: 2"]) + "ok");

        var run = await RunAsync("check", server.Origin + "/lines", "--origin", Page, "--format", "json");

        Assert.Equal(exitCode, run.ExitCode);
        if (exitCode == 2)
        {
            Assert.Contains("more than 2000 lines", run.Json.GetProperty("error").GetProperty("explanation").GetString(), StringComparison.Ordinal);
        }
    }

    // audit reads through HttpClient (SocketsHttpHandler), whose 64 KiB response-header limit counts every interim
    // head too: the same endless stream ends there with one error line and exit 2.
    [Fact]
    public async Task Audit_ends_an_endless_1xx_stream_with_one_error()
    {
        await using var server = RawServer.Streaming(Forever("HTTP/1.1 100 Continue\r\n\r\n"));
        var clock = Stopwatch.StartNew();

        var run = await RunAsync("audit", server.Origin + "/flood", "--trusted-origin", "https://app.example", "--timeout", "60");

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        Assert.Equal(2, run.ExitCode);
        // The audit probes through check's raw client (issue 12: evidence in wire order), so the same interim limit ends it.
        Assert.Contains("interim (1xx) responses", run.Out, StringComparison.Ordinal);
    }

    // The URL parser takes any string: random and mutated inputs never throw, and whatever parses serializes to an
    // href that parses back to itself (URL Standard §4.5: serializing then parsing is the identity). CI runs a small
    // count; CORSKIT_FUZZ_URLS=1000000 runs the long pass.
    [Fact]
    public void The_url_parser_takes_any_input()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("CORSKIT_FUZZ_URLS"), out var n) ? n : 20_000;
        var random = new Random(10_19);
        string[] seeds = ["http://127.0.0.1:8080/a?b#c", "https://[::ffff:7f00:1]:1/", "http:%31%32%37.0.0.1", "http://user:pw@h/..%2e/x", "https://\u00e9.example./"];
        const string alphabet = "hHtTpPsS:/\\?#@[]%.0123456789abcdefxX:;-_~!$&'()*+,= \t\n\r\u0000\u001b\u007f\u0085\u00a0\u00ad\u00e9\u200d\u202e\u3002\uff0e\ud800\udc00\ufeff";
        var parsed = 0;
        for (var i = 0; i < count; i++)
        {
            var chars = new StringBuilder(random.Next(2) == 0 ? seeds[random.Next(seeds.Length)] : "");
            var edits = random.Next(1, 8);
            for (var e = 0; e < edits; e++)
            {
                var at = random.Next(chars.Length + 1);
                if (chars.Length > 0 && random.Next(3) == 0)
                {
                    chars.Remove(Math.Min(at, chars.Length - 1), 1);
                }
                else
                {
                    chars.Insert(at, alphabet[random.Next(alphabet.Length)]);
                }
            }

            var input = chars.ToString();
            if (CorsKit.Origins.WhatwgUrl.TryParse(input, out var url, out var error))
            {
                parsed++;
                Assert.True(CorsKit.Origins.WhatwgUrl.TryParse(url.Href, out var again, out _) && again.Href == url.Href, $"{input} -> {url.Href} does not parse back to itself");
            }
            else
            {
                Assert.False(string.IsNullOrEmpty(error), input);
            }
        }

        // Both outcomes are exercised.
        Assert.InRange(parsed, 1, count - 1);
    }

    // The response reader takes any bytes: random and mutated heads (interim chains, obs-fold, NUL, bare LF, huge codes,
    // cut-off heads) either give a response whose status fits fetch()'s 16 bits and whose header count is within the
    // bound, or a TransportException: nothing else escapes. CI runs a small count; CORSKIT_FUZZ_RESPONSES=1000000 the long pass.
    [Fact]
    public async Task The_response_reader_takes_any_bytes()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("CORSKIT_FUZZ_RESPONSES"), out var n) ? n : 5_000;
        var random = new Random(10_03);
        string[] seeds =
        [
            "HTTP/1.1 200 OK\r\nAccess-Control-Allow-Origin: *\r\nContent-Length: 2\r\n\r\nok",
            "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 302 Found\r\nLocation: /x\r\nLocation: /x\r\n\r\n",
            "HTTP/1.1 100 Continue\n\nHTTP/1.0 99999999999 X\nA:\n b\n\n",
            "ICY 200 OK\r\nX: y\r\n\r\n",
            "http/1.1 204\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
        ];
        const string alphabet = "HTP/1.0 2345\r\n\r\n:;, \t\u0000\u001b\u007f\u0080\u00ff0123456789ABCDEFxX-";
        var responses = 0;
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder(seeds[random.Next(seeds.Length)]);
            for (var e = random.Next(0, 10); e > 0; e--)
            {
                var at = random.Next(text.Length + 1);
                switch (random.Next(4))
                {
                    case 0 when text.Length > 0:
                        text.Remove(Math.Min(at, text.Length - 1), 1);
                        break;
                    case 1:
                        text.Insert(at, seeds[random.Next(seeds.Length)]);
                        break;
                    default:
                        text.Insert(at, alphabet[random.Next(alphabet.Length)]);
                        break;
                }
            }

            using var stream = new MemoryStream(Encoding.Latin1.GetBytes(text.ToString()));
            try
            {
                var response = await Http.RawHttpClient.ReadResponseAsync(stream, "fuzz", i % 2 == 0 ? Http.WireParsing.Chromium : Http.WireParsing.Firefox, CancellationToken.None);
                responses++;
                Assert.InRange(response.Status, 0, 65535);
                Assert.True(response.Headers.Count <= Http.RawHttpClient.MaxHeaderLines);
            }
            catch (CorsKit.Model.TransportException ex)
            {
                Assert.False(string.IsNullOrEmpty(ex.Message));
            }
        }

        Assert.InRange(responses, 1, count - 1);
    }

    // RFC 9112 §5.2 obs-fold lines extend the previous value. Joining them one at a time copied the growing value per
    // line: a 250 KB head of 1,990 continuation lines allocated about 470 MB. Joined once, it stays near the head's size.
    [Fact]
    public void Folded_header_lines_cost_linear_work()
    {
        var piece = new string('a', 120);
        var head = "HTTP/1.1 200 OK\r\nX-Long: start\r\n" + string.Concat(Enumerable.Repeat(" " + piece + "\r\n", 1990)) + "\r\n";

        var before = GC.GetAllocatedBytesForCurrentThread();
        var response = RawHttpClient.Parse(head, "127.0.0.1:1", WireParsing.Chromium);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var value = Assert.Single(response.Headers, h => h.Name == "X-Long").Value;
        Assert.Equal("start " + string.Join(' ', Enumerable.Repeat(piece, 1990)), value);
        Assert.InRange(allocated, 0, 32L * 1024 * 1024);
    }

    // A few interim responses before the final one are normal (100 Continue, 103 Early Hints): still read through.
    [Fact]
    public async Task A_few_interim_responses_are_still_skipped()
    {
        var interim = string.Concat(Enumerable.Repeat("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n", 10));
        await using var server = RawServer.Start(_ => interim + Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok");

        var run = await RunAsync("check", server.Origin + "/hints", "--origin", Page, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(200, run.Json.GetProperty("actual").GetProperty("response").GetProperty("status").GetInt32());
    }
}
