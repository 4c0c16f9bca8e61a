using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Firefox's and Safari's console text in <c>corskit explain</c> (the browser detected from the wording, mapped to
/// Chromium's CorsError) and in <c>corskit check</c> (each browser's text, the checked browser's first; issue 11
/// Diagnosis item 4). The lines are as Firefox ESR 153 and WebKitGTK 2.50 logged them (BrowserConsoleTextTests).
/// </summary>
public sealed class ExplainBrowsersCliTests
{
    private const string FirefoxBlocked = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";

    private static async Task<CliOutcome> ExplainAsync(string text, params string[] args)
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, text);
            return await RunAsync(["explain", file, .. args]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Firefox_preflight_pair_is_one_item_with_the_browser_code_and_candidates()
    {
        var run = await ExplainAsync(
            FirefoxBlocked + "http://localhost:18932/s/pf_header. (Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response). [Learn More]\n"
            + FirefoxBlocked + "http://localhost:18932/s/pf_header. (Reason: CORS request did not succeed). Status code: (null). [Learn More]\n"
            + FirefoxBlocked + "http://localhost:18932/s/missing. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.\n",
            "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Collection(run.JsonLines,
            header =>
            {
                Assert.Equal("firefox", header.GetProperty("browser").GetString());
                Assert.Equal("HeaderDisallowedByPreflightResponse", header.GetProperty("code").GetString());
                Assert.Equal("x-custom", header.GetProperty("parameter").GetString());
                Assert.Equal("CORSMissingAllowHeaderFromPreflight2", header.GetProperty("reason").GetString());
                Assert.Equal(System.Text.Json.JsonValueKind.Null, header.GetProperty("initiator").ValueKind);
                // Firefox names no origin: the check holds the placeholder and says so.
                Assert.Equal("corskit check http://localhost:18932/s/pf_header --origin https://your-page.example -H 'x-custom: 1'", header.GetProperty("check").GetString());
                Assert.Contains("does not name the page's origin", header.GetProperty("checkNote").GetString(), StringComparison.Ordinal);
                // Each browser's text for the same failure, Firefox's (the pasted one) first.
                var console = header.GetProperty("console");
                Assert.Equal(["firefox", "chromium", "safari"], console.EnumerateObject().Select(p => p.Name));
                Assert.StartsWith("Access to fetch at 'http://localhost:18932/s/pf_header' from origin 'https://your-page.example' has been blocked by CORS policy: Request header field x-custom is not allowed",
                    console.GetProperty("chromium").GetString(), StringComparison.Ordinal);
                Assert.Equal("Request header field x-custom is not allowed by Access-Control-Allow-Headers.\nFetch API cannot load http://localhost:18932/s/pf_header due to access control checks.",
                    console.GetProperty("safari").GetString());
            },
            missing =>
            {
                Assert.Equal("MissingAllowOriginHeader", missing.GetProperty("code").GetString());
                Assert.Equal(["MissingAllowOriginHeader", "PreflightMissingAllowOriginHeader"], missing.GetProperty("candidates").EnumerateArray().Select(c => c.GetString()));
                Assert.Contains("(status 404)", missing.GetProperty("explanation").GetString(), StringComparison.Ordinal);
            });
    }

    [Fact]
    public async Task Safari_copy_is_explained_as_safari_with_its_origin_and_alternatives_in_text()
    {
        var run = await ExplainAsync("""
            [Error] Preflight response is not successful. Status code: 403
            [Error] Fetch API cannot load http://192.168.1.189:11434/api/generate due to access control checks.
            [Error] Failed to load resource: Preflight response is not successful. Status code: 403
            """);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Err);
        var text = run.Out.ReplaceLineEndings("\n");
        Assert.Contains("1. safari console, line 1: BLOCKED fetch http://192.168.1.189:11434/api/generate from a page on (origin not named)", text, StringComparison.Ordinal);
        Assert.Contains("code:      PreflightMissingAllowOriginHeader  (safari: PreflightNotSuccessful)", text, StringComparison.Ordinal);
        Assert.Contains("or else:   PreflightInvalidStatus, PreflightDisallowedRedirect, PreflightAllowOriginMismatch", text, StringComparison.Ordinal);
        Assert.Contains("In each browser's console:\n     Safari:   Preflight response is not successful. Status code: 403\n               Fetch API cannot load http://192.168.1.189:11434/api/generate due to access control checks.\n     Chromium: ", text, StringComparison.Ordinal);
        Assert.Single(text.Split('\n'), l => l.Contains(". safari console", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Browser_option_puts_that_browsers_text_first_and_a_bad_name_is_a_usage_error()
    {
        const string Chromium = "Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.";

        var safari = await ExplainAsync(Chromium, "--browser", "safari", "--format", "json");
        var bad = await ExplainAsync(Chromium, "--browser", "lynx");

        Assert.Equal(1, safari.ExitCode);
        var item = Assert.Single(safari.JsonLines);
        Assert.Equal("chromium", item.GetProperty("browser").GetString());
        Assert.Equal(["safari", "chromium", "firefox"], item.GetProperty("console").EnumerateObject().Select(p => p.Name));
        Assert.Equal("Origin https://app.example is not allowed by Access-Control-Allow-Origin. Status code: N\nFetch API cannot load https://api.example/x due to access control checks.",
            item.GetProperty("console").GetProperty("safari").GetString());
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("", bad.Out);
        Assert.Contains("'lynx' is not a browser", bad.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_shows_each_browser_text_with_the_checked_browser_first()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200));
        const string Page = "https://shop.example";

        var chromium = await RunAsync("check", api.Origin + "/x", "--origin", Page);
        var safari = await RunAsync("check", api.Origin + "/x", "--origin", Page, "--browser", "safari");
        var json = await RunAsync("check", api.Origin + "/x", "--origin", Page, "--browser", "firefox", "--format", "json");

        Assert.Equal(1, chromium.ExitCode);
        string[] Labels(CliOutcome run) => [.. run.Out.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("Chromium: ", StringComparison.Ordinal)
            || l.StartsWith("Firefox:  ", StringComparison.Ordinal) || l.StartsWith("Safari:   ", StringComparison.Ordinal)).Select(l => l[..8].Trim())];
        Assert.Equal(["Chromium", "Firefox:", "Safari:"], Labels(chromium));
        Assert.Equal(["Safari:", "Chromium", "Firefox:"], Labels(safari));
        Assert.Contains($"Safari:   Origin {Page} is not allowed by Access-Control-Allow-Origin. Status code: 200", safari.Out, StringComparison.Ordinal);
        Assert.Contains($"Firefox:  Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at {api.Origin}/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.", chromium.Out, StringComparison.Ordinal);

        using var document = System.Text.Json.JsonDocument.Parse(json.Out);
        var error = document.RootElement.GetProperty("error");
        Assert.Equal(["firefox", "chromium", "safari"], error.GetProperty("console").EnumerateObject().Select(p => p.Name));
        Assert.Equal("CORSMissingAllowOrigin", error.GetProperty("firefox").GetString());
    }
}
