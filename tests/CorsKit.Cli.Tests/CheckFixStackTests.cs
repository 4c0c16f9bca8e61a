using CorsKit.Cli.Check;
using CorsKit.Cli.Tests.CheckSupport;

namespace CorsKit.Cli.Tests;

/// <summary>
/// The fix is a change to what the server sends now, and its configuration is shown for the server's own stack
/// (issue 11, diagnosis 3): detected from the response, picked with --stack, all of them with --fix all; --short prints
/// three lines.
/// </summary>
public sealed class CheckFixStackTests
{
    private const string Page = "https://app.example";

    // A preflight that allows content-type only; the script also sends x-api-key.
    private static Task<LoopbackServer> HeaderServerAsync() => LoopbackServer.StartAsync(
        new Reply(204, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Headers", "content-type"), ("Vary", "Origin")),
        new Reply(200, ("Access-Control-Allow-Origin", "{origin}")));

    private static string[] Args(LoopbackServer server, params string[] more) =>
        ["check", server.Origin + "/api/data", "--origin", Page, "-X", "POST", "-H", "Content-Type: application/json", "-H", "X-Api-Key: 1", .. more];

    [Fact]
    public async Task Header_fix_amends_the_allowed_list_and_keeps_what_is_there()
    {
        await using var server = await HeaderServerAsync();

        var run = await CliRun.RunAsync(Args(server, "--format", "json"));

        Assert.Equal("HeaderDisallowedByPreflightResponse", run.Json.GetProperty("error").GetProperty("code").GetString());
        var fix = run.Json.GetProperty("fix").GetString()!;
        Assert.Contains("Add `x-api-key` to Access-Control-Allow-Headers", fix, StringComparison.Ordinal);
        Assert.Contains("keep `content-type`", fix, StringComparison.Ordinal);
        Assert.Contains("`Access-Control-Allow-Headers: content-type, x-api-key`", fix, StringComparison.Ordinal);
        Assert.Equal(["content-type, x-api-key"], CliRun.HeaderValues(run.Json.GetProperty("fixHeaders").GetProperty("preflight"), "Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Kestrel_is_detected_and_only_its_snippets_are_shown()
    {
        // Kestrel sends `Server: Kestrel` by default (KestrelServerOptions.AddServerHeader).
        await using var server = await HeaderServerAsync();

        var run = await CliRun.RunAsync(Args(server, "--format", "json"));

        Assert.Equal("aspnetcore", run.Json.GetProperty("stack").GetString());
        var snippets = run.Json.GetProperty("fixSnippets").EnumerateArray().ToList();
        Assert.Equal(["aspnetcore"], snippets.Select(s => s.GetProperty("stack").GetString()!));
        Assert.Contains(".WithHeaders(\"content-type\", \"x-api-key\")", snippets[0].GetProperty("code").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stack_option_picks_one_and_fix_all_shows_every_stack()
    {
        await using var server = await HeaderServerAsync();

        var go = await CliRun.RunAsync(Args(server, "--stack", "go", "--format", "json"));
        var all = await CliRun.RunAsync(Args(server, "--fix", "all", "--format", "json"));

        Assert.Equal(["go"], go.Json.GetProperty("fixSnippets").EnumerateArray().Select(s => s.GetProperty("stack").GetString()!));
        Assert.Contains("AllowedHeaders: []string{\"content-type\", \"x-api-key\"}", go.Json.GetProperty("fixSnippets")[0].GetProperty("code").GetString()!, StringComparison.Ordinal);
        Assert.Equal(Enum.GetValues<ServerStack>().Select(StackDetector.Name), all.Json.GetProperty("fixSnippets").EnumerateArray().Select(s => s.GetProperty("stack").GetString()!));
    }

    [Fact]
    public async Task Unknown_stack_is_a_usage_error_in_one_sentence()
    {
        await using var server = await HeaderServerAsync();

        var run = await CliRun.RunAsync(Args(server, "--stack", "cobol"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'cobol' is not a stack", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Short_prints_verdict_cause_and_fix_in_three_lines()
    {
        await using var server = await HeaderServerAsync();

        var run = await CliRun.RunAsync(Args(server, "--short"));

        var lines = run.Out.TrimEnd('\n').Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("BLOCKED", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("Cause: ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("Fix:   ", lines[2], StringComparison.Ordinal);
        Assert.Contains("x-api-key", lines[2], StringComparison.Ordinal);
        Assert.Equal(1, run.ExitCode);
    }

    [Fact]
    public async Task Explain_short_prints_three_lines_an_item_with_the_shared_fix_text()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, $"Access to fetch at 'https://api.example/v1/items' from origin '{Page}' has been blocked by CORS policy: "
                + "Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.\n");

            var run = await CliRun.RunAsync("explain", file, "--short");

            var lines = run.Out.TrimEnd('\n').Split('\n');
            Assert.Equal(3, lines.Length);
            Assert.Equal("BLOCKED https://api.example/v1/items from https://app.example  HeaderDisallowedByPreflightResponse (x-api-key)", lines[0]);
            Assert.StartsWith("Cause: ", lines[1], StringComparison.Ordinal);
            // The same sentence check writes (CorsFailures), without the server's current list, which a console line lacks.
            Assert.Equal("Fix:   Add `x-api-key` to Access-Control-Allow-Headers on the OPTIONS response: `Access-Control-Allow-Headers: x-api-key`. Or stop sending the header.", lines[2]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
