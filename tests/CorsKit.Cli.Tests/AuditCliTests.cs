using System.Text.Json;
using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests;

/// <summary>The <c>corskit audit</c> command end to end: output formats, exit codes, usage errors.</summary>
public sealed class AuditCliTests
{
    private const string T = AuditTestServer.Trusted;

    private static readonly CorsBehaviour Reflecting = new() { Allow = o => o };
    private static readonly CorsBehaviour Correct = new() { Allow = o => o == T ? o : null };

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.RunAsync(["audit", .. args], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    private static string Url(Demo.LoopbackServer server) => new Uri(server.BaseAddress, "api/data").AbsoluteUri;

    [Fact]
    public async Task Json_report_has_the_documented_shape()
    {
        await using var server = await AuditTestServer.StartAsync(Reflecting);
        var (exit, stdout, _) = await RunAsync(Url(server), "--trusted-origin", T, "--format", "json");
        Assert.Equal(1, exit);
        using var json = JsonDocument.Parse(stdout);
        var target = Assert.Single(json.RootElement.GetProperty("targets").EnumerateArray());
        Assert.Equal(Url(server), target.GetProperty("url").GetString());
        var finding = Assert.Single(target.GetProperty("findings").EnumerateArray());
        Assert.Equal("origin-reflected", finding.GetProperty("id").GetString());
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("title").GetString()));
        Assert.Equal("https://corskit-evil.net", finding.GetProperty("origin").GetString());
        Assert.True(finding.GetProperty("credentials").GetBoolean());
        Assert.False(string.IsNullOrEmpty(finding.GetProperty("fix").GetString()));
        var evidence = finding.GetProperty("evidence");
        Assert.Equal("GET", evidence.GetProperty("request").GetProperty("method").GetString());
        var sent = evidence.GetProperty("request").GetProperty("headers").EnumerateArray().Select(h => h.GetString()).ToList();
        Assert.Contains("Origin: https://corskit-evil.net", sent);
        Assert.Contains(sent, h => h!.StartsWith("Cookie: ", StringComparison.Ordinal));
        Assert.Equal(200, evidence.GetProperty("response").GetProperty("status").GetInt32());
        var received = evidence.GetProperty("response").GetProperty("headers").EnumerateArray().Select(h => h.GetString()).ToList();
        Assert.Contains("Access-Control-Allow-Origin: https://corskit-evil.net", received);
        Assert.True(evidence.GetProperty("related").GetArrayLength() > 0);
        var summary = json.RootElement.GetProperty("summary");
        Assert.Equal(1, summary.GetProperty("targets").GetInt32());
        Assert.Equal(1, summary.GetProperty("findings").GetInt32());
        Assert.Equal(1, summary.GetProperty("bySeverity").GetProperty("critical").GetInt32());
        Assert.Equal(1, summary.GetProperty("byId").GetProperty("origin-reflected").GetInt32());
        Assert.True(summary.GetProperty("failed").GetBoolean());
    }

    [Fact]
    public async Task Sarif_report_is_sarif_2_1_0_with_rules_and_results()
    {
        await using var server = await AuditTestServer.StartAsync(Reflecting);
        var (_, stdout, _) = await RunAsync(Url(server), "-t", T, "--format", "sarif");
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("2.1.0", json.RootElement.GetProperty("version").GetString());
        var run = Assert.Single(json.RootElement.GetProperty("runs").EnumerateArray());
        var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(FindingCatalog.All.Select(k => k.Id), rules);
        var result = Assert.Single(run.GetProperty("results").EnumerateArray());
        Assert.Equal("origin-reflected", result.GetProperty("ruleId").GetString());
        Assert.Equal("error", result.GetProperty("level").GetString());
        Assert.Equal(rules.IndexOf("origin-reflected"), result.GetProperty("ruleIndex").GetInt32());
        Assert.Equal(Url(server), result.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());

        // Issue 9 "Also": the probes that prove the finding (and those its cause explains) are in the result.
        var probes = result.GetProperty("properties").GetProperty("probes").EnumerateArray().ToList();
        Assert.True(probes.Count > 10);
        Assert.Equal("https://corskit-evil.net", probes[0].GetProperty("origin").GetString());
        Assert.Equal("https://corskit-evil.net", probes[0].GetProperty("accessControlAllowOrigin").GetString());
        Assert.Contains(probes, p => p.GetProperty("origin").GetString() == "null");
    }

    [Fact]
    public async Task Markdown_and_human_reports_group_by_host()
    {
        await using var server = await AuditTestServer.StartAsync(Reflecting);
        var (_, markdown, _) = await RunAsync(Url(server), "-t", T, "--format", "markdown");
        Assert.Contains("# CorsKit audit", markdown, StringComparison.Ordinal);
        Assert.Contains($"## {server.BaseAddress.Authority}", markdown, StringComparison.Ordinal);
        Assert.Contains("| critical | `origin-reflected` |", markdown, StringComparison.Ordinal);
        var (_, human, _) = await RunAsync(Url(server), "-t", T);
        Assert.Contains(server.BaseAddress.Authority, human, StringComparison.Ordinal);
        Assert.Contains("CRITICAL  origin-reflected", human, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", human, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_code_follows_fail_on()
    {
        await using var reflecting = await AuditTestServer.StartAsync(Reflecting);
        await using var correct = await AuditTestServer.StartAsync(Correct);
        await using var missingVary = await AuditTestServer.StartAsync(Correct with { Allow = o => o is T or "https://www.example.com" ? o : null, Vary = false });
        Assert.Equal(1, (await RunAsync(Url(reflecting), "-t", T)).Exit);
        Assert.Equal(0, (await RunAsync(Url(reflecting), "-t", T, "--fail-on", "none")).Exit);
        Assert.Equal(0, (await RunAsync(Url(correct), "-t", T)).Exit);
        Assert.Equal(0, (await RunAsync(Url(correct), "-t", T, "--fail-on", "info")).Exit);
        Assert.Equal(0, (await RunAsync(Url(missingVary), "-t", T)).Exit);
        Assert.Equal(1, (await RunAsync(Url(missingVary), "-t", T, "--fail-on", "low")).Exit);
    }

    [Fact]
    public async Task Many_targets_from_a_file_and_report_to_a_file()
    {
        await using var reflecting = await AuditTestServer.StartAsync(Reflecting);
        await using var correct = await AuditTestServer.StartAsync(Correct);
        var input = Path.GetTempFileName();
        var report = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(input, ["# targets", Url(reflecting), "", Url(correct)]);
            var (exit, stdout, stderr) = await RunAsync("--input", input, "-t", T, "--format", "json", "--output", report, "--concurrency", "4", "--rate-limit", "500");
            Assert.Equal(1, exit);
            Assert.Equal("", stdout);
            Assert.Contains("report written to", stderr, StringComparison.Ordinal);
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report));
            var targets = json.RootElement.GetProperty("targets").EnumerateArray().ToList();
            Assert.Equal([Url(reflecting), Url(correct)], targets.Select(t => t.GetProperty("url").GetString()));
            Assert.Equal(0, targets[1].GetProperty("findings").GetArrayLength());
        }
        finally
        {
            File.Delete(input);
            File.Delete(report);
        }
    }

    [Fact]
    public async Task Trusted_origins_may_be_repeated_or_listed()
    {
        await using var server = await AuditTestServer.StartAsync(Correct);
        var (exit, stdout, _) = await RunAsync(Url(server), "-t", T + ", https://admin.example.com", "-t", "https://www.example.com", "--format", "json");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var trusted = json.RootElement.GetProperty("targets")[0].GetProperty("trustedOrigins").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal([T, "https://admin.example.com", "https://www.example.com"], trusted);
    }

    [Fact]
    public async Task Unreachable_target_is_reported_and_exits_2()
    {
        int port;
        await using (var server = await AuditTestServer.StartAsync(Correct))
        {
            port = server.BaseAddress.Port;
        }

        var (exit, stdout, _) = await RunAsync($"http://127.0.0.1:{port}/api/data", "-t", T, "--format", "json", "--retries", "0", "--timeout", "3");
        Assert.Equal(2, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Contains("refused", json.RootElement.GetProperty("targets")[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        // Only the trusted-origin request is tried; the probes are not sent to a target that does not answer.
        Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("requests").GetInt32());
    }

    [Theory]
    [InlineData(new string[0], "at least one target")]
    [InlineData(new[] { "ftp://example.com/" }, "not an http")]
    [InlineData(new[] { "http://127.0.0.1/", "--trusted-origin", "not an origin" }, "--trusted-origin")]
    [InlineData(new[] { "http://127.0.0.1/", "--format", "xml" }, "--format")]
    [InlineData(new[] { "http://127.0.0.1/", "--fail-on", "severe" }, "--fail-on")]
    [InlineData(new[] { "http://127.0.0.1/", "-H", "no colon" }, "--header")]
    [InlineData(new[] { "http://127.0.0.1/", "--concurrency", "0" }, "--concurrency")]
    [InlineData(new[] { "http://127.0.0.1/", "--input", "/nonexistent/corskit-urls.txt" }, "cannot read")]
    [InlineData(new[] { "http://127.0.0.1/", "--no-such-option" }, "--no-such-option")]
    public async Task Usage_errors_exit_2_with_one_sentence(string[] args, string expected)
    {
        var (exit, stdout, stderr) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith("corskit: ", stderr, StringComparison.Ordinal);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.Single(stderr.TrimEnd().Split('\n'));
    }

    [Theory]
    [InlineData("https://*.example.com", "is a pattern")]
    [InlineData("^https://app\\.example\\.com$", "is a pattern")]
    [InlineData("https://app.example.com/", "did you mean https://app.example.com?")]
    [InlineData("HTTPS://App.Example.com", "did you mean https://app.example.com?")]
    [InlineData("app.example.com", "is not a serialised origin")]
    [InlineData("null", "is not a serialised origin")]
    public async Task Trusted_origins_that_are_patterns_or_not_serialised_are_refused(string value, string expected)
    {
        // Issue 9 item 4: exit 2 and one sentence, before any request is sent.
        var (exit, stdout, stderr) = await RunAsync("https://127.0.0.1:9/api/data", "-t", value);
        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        Assert.Contains(expected, stderr, StringComparison.Ordinal);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_trusted_origins_stderr_says_what_was_not_tested_and_which_candidates_were_tried()
    {
        await using var server = await AuditTestServer.StartAsync(Correct);
        var (exit, stdout, stderr) = await RunAsync(Url(server), "--format", "json");
        Assert.Equal(0, exit);
        Assert.Contains("no --trusted-origin given", stderr, StringComparison.Ordinal);
        Assert.Contains("-t https://", stderr, StringComparison.Ordinal);
        // A loopback target has no registrable domain: its own origin is the only candidate, and the server refuses it.
        Assert.Contains($"tried {server.BaseAddress.GetLeftPart(UriPartial.Authority)}; none was allowed", stderr, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(stdout))
        {
            var tried = json.RootElement.GetProperty("targets")[0].GetProperty("candidatesTried").EnumerateArray().Select(e => e.GetString()).ToList();
            Assert.Equal([server.BaseAddress.GetLeftPart(UriPartial.Authority)], tried);
        }

        var (_, _, given) = await RunAsync(Url(server), "-t", T, "--format", "json");
        Assert.DoesNotContain("no --trusted-origin given", given, StringComparison.Ordinal);
    }
}
