using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.RedTeamSupport;
using Microsoft.AspNetCore.Http;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 10, the check and audit part: credentials on redirects (items 2, 5), CR/LF in audit's headers (14), numeric
/// flags (15), input files (17) and check's time budget (20), each reproduced against real servers on loopback.
/// Local Network Access on redirects (item 4) is in <see cref="LocalNetworkNamespaceTests"/>.
/// </summary>
public sealed class CheckAuditRedTeamTests
{
    private const string Page = "https://app.example";

    // A: /start redirects to B on "localhost" (another host), /port to B on 127.0.0.1 (same host, other port),
    // /same to A's own /land-a; every answer allows the origin with credentials, so the chain goes on.
    private static async Task<(LoopbackServer A, LoopbackServer B)> RedirectPairAsync()
    {
        var b = await LoopbackServer.StartAsync(Allow);
        var port = new Uri(b.Origin).Port;
        var a = await LoopbackServer.StartAsync(context =>
        {
            var location = context.Request.Path.Value switch
            {
                "/start" => $"http://localhost:{port}/land",
                "/port" => $"http://127.0.0.1:{port}/land",
                "/same" => "/land-a",
                _ => null,
            };
            if (location is not null && context.Request.Method != "OPTIONS")
            {
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = location;
            }

            return Allow(context);
        });
        return (a, b);
    }

    private static Task Allow(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        context.Response.Headers.AccessControlAllowOrigin = origin.Length > 0 ? origin : "*";
        context.Response.Headers.AccessControlAllowCredentials = "true";
        context.Response.Headers.Vary = "Origin";
        return Task.CompletedTask;
    }

    private static IEnumerable<string> Values(SeenRequest r) => r.Headers.Select(h => h.Value);

    // Item 2: audit --follow-redirects re-sent --cookie and -H values to whatever host a target redirected to.
    [Fact]
    public async Task Audit_follow_redirects_sends_user_credentials_only_to_the_target_origin()
    {
        var (a, b) = await RedirectPairAsync();
        await using var _ = a;
        await using var __ = b;
        var run = await RunAsync("audit", a.Origin + "/start", a.Origin + "/same", "-t", "https://app.example.com", "--follow-redirects", "--retries", "0",
            "--cookie", "session=s3cr3t", "-H", "Authorization: Bearer t0k3n", "-H", "X-Api-Key: k3y", "--format", "json");

        Assert.True(run.ExitCode is 0 or 1, run.Err);
        // The redirect was followed to B, and B saw none of the user's credentials (probe cookie only).
        var onB = b.For("/land");
        Assert.NotEmpty(onB);
        Assert.All(onB, r =>
        {
            Assert.DoesNotContain(Values(r), v => v.Contains("s3cr3t", StringComparison.Ordinal) || v.Contains("t0k3n", StringComparison.Ordinal) || v.Contains("k3y", StringComparison.Ordinal));
            Assert.Null(r.Header("Authorization"));
            Assert.Null(r.Header("X-Api-Key"));
        });
        Assert.Contains(onB, r => r.Header("Cookie") == "corskit_probe=1");

        // The target's own origin gets them, before and after a same-origin redirect.
        Assert.Contains(a.For("/start"), r => r.Header("Authorization") == "Bearer t0k3n" && r.Header("Cookie")!.Contains("session=s3cr3t", StringComparison.Ordinal));
        Assert.Contains(a.For("/land-a"), r => r.Header("Authorization") == "Bearer t0k3n" && r.Header("X-Api-Key") == "k3y"
            && r.Header("Cookie")!.Contains("session=s3cr3t", StringComparison.Ordinal));
    }

    // Item 5: check --cookie went to a redirect target on another host.
    [Fact]
    public async Task Check_cookie_goes_only_to_the_host_of_the_URL()
    {
        var (a, b) = await RedirectPairAsync();
        await using var _ = a;
        await using var __ = b;

        var run = await RunAsync("check", a.Origin + "/start", "--origin", Page, "--credentials", "include", "--cookie", "sid=s3cr3t", "--format", "json");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("sid=s3cr3t", Assert.Single(a.For("/start")).Header("Cookie"));
        Assert.Null(Assert.Single(b.For("/land")).Header("Cookie"));
        var hop = Assert.Single(run.Json.GetProperty("redirects").EnumerateArray());
        Assert.Empty(HeaderValues(hop.GetProperty("request").GetProperty("headers"), "Cookie"));

        // Same host, other port: cookies do not isolate by port (RFC 6265 §8.5), so the browser sends it there.
        var port = await RunAsync("check", a.Origin + "/port", "--origin", Page, "--credentials", "include", "--cookie", "sid=s3cr3t", "--format", "json");
        Assert.Equal(0, port.ExitCode);
        Assert.Equal(2, b.For("/land").Count);
        Assert.Equal("sid=s3cr3t", b.For("/land")[^1].Header("Cookie"));
    }

    // Item 14: audit put CR/LF from --cookie and -H on the wire, where check refuses the same input.
    [Theory]
    [InlineData("--cookie", "a=b\r\nX-Injected: 1", "corskit: --cookie: ")]
    [InlineData("--cookie", "a=b\nX-Injected: 1", "corskit: --cookie: ")]
    [InlineData("--cookie", "a=b\0c", "corskit: --cookie: ")]
    [InlineData("-H", "X-A: b\r\nX-Injected: 1", "corskit: --header: ")]
    [InlineData("-H", "X-A: b\rX-Injected: 1", "corskit: --header: ")]
    [InlineData("-H", "Bad Name: b", "corskit: --header: ")]
    public async Task Audit_refuses_line_breaks_in_user_headers_before_sending_anything(string flag, string value, string prefix)
    {
        await using var server = await LoopbackServer.StartAsync(Allow);
        var run = await RunAsync("audit", server.Origin + "/", "-t", "https://app.example.com", "--retries", "0", flag, value);
        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith(prefix, run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.TrimEnd('\n').Split('\n'));
        Assert.Empty(server.Seen);

        // check gives the same answer for the same value (one rule).
        var check = await RunAsync("check", server.Origin + "/", "--origin", Page, flag, value);
        Assert.Equal(2, check.ExitCode);
        Assert.Empty(server.Seen);
    }

    // Item 15: out-of-range numbers crashed with a stack trace (OverflowException, ArgumentOutOfRangeException).
    [Theory]
    [InlineData("audit", "--timeout", "1e12")]
    [InlineData("audit", "--timeout", "Infinity")]
    [InlineData("audit", "--timeout", "3000000")]
    [InlineData("audit", "--timeout", "NaN")]
    [InlineData("audit", "--timeout", "0")]
    [InlineData("audit", "--timeout", "0.0000001")]
    [InlineData("audit", "--rate-limit", "1e-7")]
    [InlineData("audit", "--rate-limit", "Infinity")]
    [InlineData("audit", "--rate-limit", "-1")]
    [InlineData("audit", "--concurrency", "0")]
    [InlineData("audit", "--concurrency", "1e3")]
    [InlineData("check", "--timeout", "1e12")]
    [InlineData("check", "--timeout", "Infinity")]
    [InlineData("check", "--timeout", "3000000")]
    [InlineData("check", "--timeout", "-0")]
    [InlineData("check", "--timeout", "0.0000001")]
    public async Task Out_of_range_numbers_are_one_sentence_and_exit_2(string command, string flag, string value)
    {
        string[] args = command == "audit"
            ? ["audit", "http://127.0.0.1:9/", "-t", "https://app.example.com", "--retries", "0", flag, value]
            : ["check", "http://127.0.0.1:9/", "--origin", Page, flag, value];
        var run = await RunAsync(args);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Err.TrimEnd('\n').Split('\n'));
        Assert.StartsWith($"corskit: {flag} must be ", line, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
    }

    // Item 17: /dev/zero as an input list reached gigabytes; it must fail fast with bounded memory.
    [Theory]
    [InlineData("check", "--input")]
    [InlineData("audit", "-i")]
    public async Task Dev_zero_as_input_fails_fast_within_bounded_memory(string command, string flag)
    {
        var run = await CliProcess.CorskitAsync(TimeSpan.FromSeconds(20), 400L * 1024 * 1024, command, flag, "/dev/zero");
        Assert.Null(run.Killed);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Err.TrimEnd('\n').Split('\n'));
        Assert.Contains("/dev/zero", line, StringComparison.Ordinal);
        Assert.Contains("longer than 1 MiB", line, StringComparison.Ordinal);
        Assert.True(run.PeakRssBytes < 200L * 1024 * 1024, $"peak RSS {run.PeakRssBytes / 1024 / 1024} MiB");
    }

    // Item 17: a long line in a file is refused with its line number; the lines before it still ran.
    [Fact]
    public async Task An_over_long_input_line_is_refused_with_its_number()
    {
        await using var server = await LoopbackServer.StartAsync(Allow);
        var file = Path.GetTempFileName();
        try
        {
            var first = $"{{\"url\": \"{server.Origin}/one\", \"origin\": \"{Page}\"}}\n";
            await File.WriteAllTextAsync(file, first + "{\"url\": \"" + new string('a', 2 * 1024 * 1024) + "\"}\n");
            var run = await RunAsync("check", "--input", file);
            Assert.Equal(2, run.ExitCode);
            Assert.Equal($"corskit: cannot read '{file}': line 2 is longer than 1 MiB, the limit for a line.", run.Err.TrimEnd('\n'));
            Assert.Single(run.JsonLines);
            Assert.Single(server.For("/one"));

            await File.WriteAllTextAsync(file, "http://127.0.0.1:9/\n" + new string('a', 2 * 1024 * 1024));
            var audit = await RunAsync("audit", "-i", file);
            Assert.Equal(2, audit.ExitCode);
            Assert.Equal($"corskit: cannot read {file}: line 2 is longer than 1 MiB, the limit for a line.", audit.Err.TrimEnd('\n'));
        }
        finally
        {
            File.Delete(file);
        }
    }

    // Item 17: the input list is streamed, so results come while the list is still being written.
    [Fact]
    public async Task Check_input_is_streamed_result_by_result()
    {
        await using var server = await LoopbackServer.StartAsync(Allow);
        var fifo = Path.Combine(Path.GetTempPath(), $"corskit-fifo-{Guid.NewGuid():N}");
        using (var mkfifo = Process.Start("mkfifo", fifo))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        try
        {
            var output = new LineWriter();
            using var error = new StringWriter();
            var run = Task.Run(() => Cli.RunAsync(["check", "--input", fifo], output, error));
            await using (var writer = new StreamWriter(new FileStream(fifo, FileMode.Open, FileAccess.Write)))
            {
                await writer.WriteLineAsync($"{{\"url\": \"{server.Origin}/first\", \"origin\": \"{Page}\"}}");
                await writer.FlushAsync();
                // The first result must arrive while the writer is still open (before: only after end of input).
                var first = await output.FirstLine.WaitAsync(TimeSpan.FromSeconds(15));
                Assert.Contains("/first", first, StringComparison.Ordinal);
                await writer.WriteLineAsync($"{{\"url\": \"{server.Origin}/second\", \"origin\": \"{Page}\"}}");
            }

            Assert.Equal(0, await run.WaitAsync(TimeSpan.FromSeconds(30)));
            Assert.Equal(2, output.Lines.Count);
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    // Item 20: --timeout applied per hop, so a slow redirect loop took about 21 times the timeout.
    [Fact]
    public async Task Check_timeout_is_the_budget_of_the_whole_check()
    {
        await using var server = await LoopbackServer.StartAsync(async context =>
        {
            await Task.Delay(400);
            context.Response.StatusCode = 302;
            context.Response.Headers.Location = "/loop";
            await Allow(context);
        });
        var clock = Stopwatch.StartNew();
        var run = await RunAsync("check", server.Origin + "/loop", "--origin", Page, "--timeout", "1", "--format", "json");
        clock.Stop();

        Assert.Equal(2, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal("timeout", error.GetProperty("network").GetString());
        Assert.Equal("net::ERR_TIMED_OUT", error.GetProperty("netError").GetString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.InRange(server.For("/loop").Count, 1, 4);
    }

    /// <summary>A thread-safe writer that records lines and signals the first one.</summary>
    private sealed class LineWriter : TextWriter
    {
        private readonly Lock _lock = new();
        private readonly StringBuilder _current = new();
        private readonly TaskCompletionSource<string> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<string> Lines { get; } = [];

        public Task<string> FirstLine => _first.Task;

        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value)
        {
            lock (_lock)
            {
                if (value == '\n')
                {
                    Lines.Add(_current.ToString());
                    _first.TrySetResult(_current.ToString());
                    _current.Clear();
                }
                else if (value != '\r')
                {
                    _current.Append(value);
                }
            }
        }

        public override void Write(string? value)
        {
            foreach (var c in value ?? "")
            {
                Write(c);
            }
        }

        public override void WriteLine(string? value) => Write(value + "\n");

        public override Task WriteLineAsync(string? value)
        {
            WriteLine(value);
            return Task.CompletedTask;
        }

        public override Task WriteAsync(string? value)
        {
            Write(value);
            return Task.CompletedTask;
        }
    }
}
