using CorsKit.Cli.Check;
using CorsKit.Cli.Output;
using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary>Text output details, batch text mode, the in-process API the demo uses, and the --browser switch.</summary>
public sealed class CheckOutputTests
{
    private const string Page = "https://shop.example";

    [Fact]
    public void Colour_is_off_for_any_writer_but_the_console_and_marks_cors_headers_when_on()
    {
        Assert.False(Ansi.For(new StringWriter()).Enabled);

        var result = new CheckResult
        {
            Url = "http://127.0.0.1:1/",
            Origin = Page,
            Browser = "chromium",
            Allowed = true,
            Actual = new CheckExchange(CorsKit.Model.ExchangeKind.Actual, true,
                new WireRequest("GET", "http://127.0.0.1:1/", [new("Origin", Page), new("Accept", "*/*")]),
                new WireResponse(200, [new("Access-Control-Allow-Origin", "*"), new("Server", "x")])),
        };
        using var coloured = new StringWriter();
        CheckTextRenderer.Render(result, coloured, new Ansi(true));

        Assert.Contains("\u001b[36m  * Origin: https://shop.example\u001b[0m", coloured.ToString());
        Assert.Contains("\u001b[36m  * Access-Control-Allow-Origin: *\u001b[0m", coloured.ToString());
        Assert.Contains("    Server: x", coloured.ToString());
        Assert.Contains("\u001b[1;32mALLOWED\u001b[0m", coloured.ToString());
    }

    [Fact]
    public async Task Runner_api_returns_the_result_and_the_summary_line_names_the_error()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "https://other.example")));

        var result = await CheckRunner.RunAsync(new CheckRequest { Url = api.Origin + "/x", Origin = Page }, new CheckSettings());

        Assert.False(result.Allowed);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("AllowOriginMismatch", result.Error!.Code);
        var summary = CheckTextRenderer.Summary(result, Ansi.Plain);
        Assert.Equal($"BLOCKED GET {api.Origin}/x from {Page} [same-origin]  AllowOriginMismatch (https://other.example)", summary);
    }

    [Fact]
    public async Task Browser_add_fetch_metadata_and_accept_and_the_transcript_shows_what_was_sent()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "*")));

        var run = await RunAsync("check", api.Origin + "/m", "--origin", Page, "--format", "json");

        // https://shop.example → http://127.0.0.1 is cross-site (W3C Fetch Metadata §2.1); fetch() adds Accept: */*.
        var seen = Assert.Single(api.Seen);
        Assert.Equal("cross-site", seen.Header("Sec-Fetch-Site"));
        Assert.Equal("cors", seen.Header("Sec-Fetch-Mode"));
        Assert.Equal("empty", seen.Header("Sec-Fetch-Dest"));
        Assert.Equal("*/*", seen.Header("Accept"));
        var shown = run.Json.GetProperty("actual").GetProperty("request").GetProperty("headers");
        foreach (var name in new[] { "Sec-Fetch-Site", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Accept", "Origin" })
        {
            Assert.Equal([seen.Header(name)!], HeaderValues(shown, name));
        }
    }

    [Fact]
    public async Task Browser_option_changes_the_rules_followed()
    {
        // A script-set User-Agent: Chromium drops it (forbidden in net/http/http_util.cc, crbug.com/571722), so no
        // preflight; Firefox follows the Fetch standard, where it is not forbidden but not safelisted either, so it
        // preflights with ACRH user-agent. Both pinned against the real browsers by the comparison scenario
        // "script-user-agent".
        await using var api = await LoopbackServer.StartAsync(
            new Reply(204, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Headers", "user-agent")),
            new Reply(200, ("Access-Control-Allow-Origin", "*")));

        var chromium = await RunAsync("check", api.Origin + "/c", "--origin", Page, "-H", "User-Agent: bot", "--format", "json");
        var firefox = await RunAsync("check", api.Origin + "/f", "--origin", Page, "-H", "User-Agent: bot", "--browser", "firefox", "--format", "json");

        Assert.Equal("chromium", chromium.Json.GetProperty("browser").GetString());
        Assert.Equal(["User-Agent"], Strings(chromium.Json.GetProperty("droppedHeaders")));
        Assert.DoesNotContain(api.For("/c"), r => r.Method == "OPTIONS");

        Assert.Equal("firefox", firefox.Json.GetProperty("browser").GetString());
        Assert.Equal("user-agent", api.For("/f").First(r => r.Method == "OPTIONS").Header("Access-Control-Request-Headers"));
        Assert.Equal("bot", api.For("/f").Last().Header("User-Agent"));
        Assert.Equal(0, chromium.ExitCode);
        Assert.Equal(0, firefox.ExitCode);
    }

    [Fact]
    public async Task Batch_text_format_prints_one_summary_line_per_request()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "{origin}")));
        var file = Path.Combine(Path.GetTempPath(), $"corskit-text-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, [
            $$"""{"url": "{{api.Origin}}/a", "origin": "{{Page}}"}""",
            "not json",
        ]);
        try
        {
            var run = await RunAsync("check", "--input", file, "--format", "text");

            var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.StartsWith($"ALLOWED GET {api.Origin}/a from {Page}", lines[0]);
            Assert.StartsWith("ERROR", lines[1]);
            Assert.Contains("line 2: not valid JSON", lines[1]);
            Assert.Equal(2, run.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Chromium_local_network_access_is_a_warning_that_never_changes_the_verdict()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "*")));

        // LNA (WICG local-network-access): public → loopback needs the user's permission from a secure context and is
        // refused from a non-secure one; a loopback page reaching loopback is not gated; Firefox has no such gate here.
        var secure = await RunAsync("check", api.Origin + "/", "--origin", "https://shop.example", "--format", "json");
        var insecure = await RunAsync("check", api.Origin + "/", "--origin", "http://shop.example", "--format", "json");
        var loopback = await RunAsync("check", api.Origin + "/", "--origin", "http://localhost:3000", "--format", "json");
        var firefox = await RunAsync("check", api.Origin + "/", "--origin", "https://shop.example", "--browser", "firefox", "--format", "json");

        Assert.Contains("LocalNetworkAccessPermissionDenied", Assert.Single(Strings(secure.Json.GetProperty("warnings"))));
        Assert.Contains("InsecureLocalNetwork", Assert.Single(Strings(insecure.Json.GetProperty("warnings"))));
        Assert.Empty(Strings(loopback.Json.GetProperty("warnings")));
        Assert.Empty(Strings(firefox.Json.GetProperty("warnings")));
        Assert.All(new[] { secure, insecure, loopback, firefox }, run => Assert.Equal(0, run.ExitCode));
    }

    [Fact]
    public async Task Transcript_labels_a_preflight_needed_after_a_redirect()
    {
        // A PUT redirected (307 keeps the method) to another origin needs a new preflight there (Fetch §4.4 HTTP-redirect
        // fetch re-runs main fetch; CORS-preflight fetch for the new URL).
        await using var target = await LoopbackServer.StartAsync(
            new Reply(204, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT")),
            new Reply(200, ("Access-Control-Allow-Origin", "*")));
        await using var start = await LoopbackServer.StartAsync(context => (context.Request.Method == "OPTIONS"
            ? new Reply(204, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Methods", "PUT"))
            : new Reply(307, ("Location", target.Origin + "/b"), ("Access-Control-Allow-Origin", "*"))).WriteAsync(context));

        var run = await RunAsync("check", start.Origin + "/a", "--origin", "http://localhost:3000", "-X", "PUT");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"Preflight: OPTIONS {start.Origin}/a", run.Out);
        Assert.Contains($"Request: PUT {start.Origin}/a", run.Out);
        Assert.Contains($"Preflight after redirect 1: OPTIONS {target.Origin}/b", run.Out);
        Assert.Contains($"Redirect 1: PUT {target.Origin}/b", run.Out);
        Assert.Equal(["OPTIONS", "PUT"], target.Seen.Select(r => r.Method));
    }
}
