using CorsKit.Cli.Demo;

using Microsoft.AspNetCore.Http;

namespace CorsKit.Cli.Tests;

/// <summary><c>corskit demo</c>: starts its APIs, audits them, shows browser verdicts, exits 0.</summary>
public sealed class DemoTests
{
    [Fact]
    public async Task Demo_finds_every_misconfiguration_and_nothing_above_info_on_the_correct_api()
    {
        using var output = new StringWriter();
        var exit = await DemoCommand.RunAsync(output, colour: false);
        var text = output.ToString();
        Assert.Equal(0, exit);
        foreach (var api in DemoApis.All.Where(a => a.Expected is not null))
        {
            Assert.Contains(api.Expected!, text, StringComparison.Ordinal);
        }

        Assert.Contains("Every misconfiguration was found, the correct configuration has no finding above info, and the proxy fixed the reflecting API.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_shows_blocked_and_allowed_browser_verdicts()
    {
        using var output = new StringWriter();
        await DemoCommand.RunAsync(output, colour: false);
        var lines = output.ToString().Split('\n');
        // Issue 12 item 12: the label says what the verdict means for the API's owner, the browser's verdict follows.
        string Outcome(string title) => lines.Single(l => l.Contains(title, StringComparison.Ordinal)).Trim().Split(' ')[0];
        string Browser(string title) => lines.Single(l => l.Contains(title, StringComparison.Ordinal)).Trim().Split("(browser: ")[1].TrimEnd(')', '\r');
        Assert.Equal("WORKS", Outcome("the front end reads its account data from the correct API"));
        Assert.Equal("SAFE", Outcome("an attacker's page tries the same on the correct API"));
        Assert.Equal("BLOCKED", Browser("an attacker's page tries the same on the correct API"));
        Assert.Equal("WORKS", Outcome("the front end POSTs JSON (preflight first) to the correct API"));
        Assert.Equal("VULNERABLE", Outcome("an attacker's page reads the reflecting API with the victim's cookies"));
        Assert.Equal("ALLOWED", Browser("an attacker's page reads the reflecting API with the victim's cookies"));
        Assert.Equal("VULNERABLE", Outcome("an attacker's page on app.example.com.corskit-evil.net reads the unanchored-regex API"));
        Assert.Equal("BROKEN", Outcome("the front end reads the '*' + credentials API with cookies"));
        Assert.Equal("BROKEN", Outcome("the front end hits a 404 on the API that drops CORS headers on errors"));
        // The reflecting API behind corskit proxy: the attacker's read that succeeded above is now blocked, the front
        // end still reads, and the audit of the proxy is clean.
        Assert.Equal("SAFE", Outcome("an attacker's page reads the reflecting API through the proxy"));
        Assert.Equal("WORKS", Outcome("the front end reads its account data through the proxy"));
        var fixing = Array.FindIndex(lines, l => l.StartsWith("Fixing the reflecting API without changing it:", StringComparison.Ordinal));
        Assert.True(fixing > 0);
        Assert.Equal("no findings", lines[fixing + 3].Trim());
        Assert.Contains("has been blocked by CORS policy", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_finding_row_has_a_plain_sentence_and_the_cookie_column_is_explained()
    {
        using var output = new StringWriter();
        await DemoCommand.RunAsync(output, colour: false);
        var lines = output.ToString().ReplaceLineEndings("\n").Split('\n');

        var header = Array.FindIndex(lines, l => l.TrimStart().StartsWith("API ", StringComparison.Ordinal));
        Assert.Contains(" WITH COOKIES ORIGIN", lines[header], StringComparison.Ordinal);
        var rows = lines.Skip(header + 1).TakeWhile(l => l.Length > 0).ToList();
        var findingRows = rows.Select((line, i) => (line, i)).Where(x => Audit.FindingCatalog.All.Any(k => x.line.Contains($" {k.Id} ", StringComparison.Ordinal))).ToList();
        Assert.Equal(7, findingRows.Count);
        foreach (var (line, i) in findingRows)
        {
            var kind = Audit.FindingCatalog.All.Single(k => line.Contains($" {k.Id} ", StringComparison.Ordinal));
            Assert.Equal(kind.Plain, rows[i + 1].Trim());
        }

        Assert.StartsWith("WITH COOKIES: yes when ORIGIN reads the response to a request that carries the user's cookies", rows[^1].Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_finding_kind_has_a_plain_sentence()
    {
        Assert.All(Audit.FindingCatalog.All, kind => Assert.Matches(@"^[A-Z].+\.$", kind.Plain));
    }

    [Fact]
    public async Task Corskit_demo_needs_no_arguments_and_exits_0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await Cli.RunAsync(["demo"], output, error));
        Assert.Equal("", error.ToString());
        Assert.Contains("$ corskit audit --trusted-origin https://app.example.com", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_servers_listen_on_loopback_only_and_stop_afterwards()
    {
        var server = await LoopbackServer.StartAsync(async c => await c.Response.WriteAsync("ok"));
        Assert.Equal("127.0.0.1", server.BaseAddress.Host);
        using var http = new HttpClient();
        Assert.Equal("ok", await http.GetStringAsync(server.BaseAddress));
        await server.DisposeAsync();
        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(server.BaseAddress));
    }
}
