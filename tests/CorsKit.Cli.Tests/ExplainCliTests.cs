using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary><c>corskit explain</c> on the command line: outputs, exit codes, and one sentence for unusable input.</summary>
public sealed class ExplainCliTests
{
    private const string Page = "https://app.example";

    private static string Line(string detail, string url = "https://api.example/v1/items", string? from = null, string kind = "fetch") =>
        $"Access to {kind} at '{url}' {(from is null ? "" : $"(redirected from '{from}') ")}from origin '{Page}' has been blocked by CORS policy: {detail}";

    /// <summary>Runs <c>corskit explain FILE args</c> with <paramref name="text"/> in a temporary file.</summary>
    internal static async Task<CliOutcome> ExplainAsync(string text, params string[] args)
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
    public async Task Text_output_names_code_parameter_causes_fix_and_check()
    {
        var run = await ExplainAsync("main.js:3 " + Line("Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.")
            + "\nmain.js:3  GET https://api.example/v1/items net::ERR_FAILED\n");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("", run.Err);
        Assert.Contains("code:      HeaderDisallowedByPreflightResponse", run.Out, StringComparison.Ordinal);
        Assert.Contains("parameter: x-api-key", run.Out, StringComparison.Ordinal);
        Assert.Contains("Likely causes:\n     1. ", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("`Access-Control-Allow-Headers: x-api-key`", run.Out, StringComparison.Ordinal);
        Assert.Contains("corskit check https://api.example/v1/items --origin https://app.example -H 'x-api-key: 1'", run.Out, StringComparison.Ordinal);
        Assert.Single(run.Out.Split('\n'), l => l.StartsWith("1. chromium console, line 1: BLOCKED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_has_one_object_per_message_with_the_issue_fields()
    {
        var text = string.Join('\n',
            Line("The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.", kind: "XMLHttpRequest"),
            "Failed to load resource: net::ERR_FAILED",
            Line("Method patch is not allowed by Access-Control-Allow-Methods in preflight response."),
            Line("The 'Access-Control-Allow-Origin' header has a value 'https://app.example' that is not equal to the supplied origin. Have the server send the header with a valid value.",
                url: "https://cdn.example/v1/items", from: "https://api.example/v1/items"));
        var run = await ExplainAsync(text, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var items = run.JsonLines;
        Assert.Equal(3, items.Count);
        foreach (var field in new[] { "kind", "browser", "url", "origin", "code", "parameter", "explanation", "causes", "fix", "check" })
        {
            Assert.All(items, i => Assert.True(i.TryGetProperty(field, out _), field));
        }

        Assert.Equal("WildcardOriginNotAllowed", items[0].GetProperty("code").GetString());
        Assert.Equal("XMLHttpRequest", items[0].GetProperty("initiator").GetString());
        Assert.Equal("corskit check https://api.example/v1/items --origin https://app.example --credentials include", items[0].GetProperty("check").GetString());
        Assert.Equal("patch", items[1].GetProperty("parameter").GetString());
        Assert.EndsWith("-X patch", items[1].GetProperty("check").GetString(), StringComparison.Ordinal);
        // A redirect to another origin taints the request: the server there sees Origin: null (Fetch §4.4 step 13).
        Assert.Equal("https://api.example/v1/items", items[2].GetProperty("redirectedFrom").GetString());
        Assert.Equal("https://cdn.example/v1/items", items[2].GetProperty("url").GetString());
        // Allowing 'null' would let any sandboxed page read it (audit: null-origin-allowed): the fix says what to do instead.
        Assert.Contains("call the final URL https://cdn.example/v1/items directly", items[2].GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("`Access-Control-Allow-Origin: null`", items[2].GetProperty("fix").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("corskit check https://api.example/v1/items ", items[2].GetProperty("check").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DevTools_companion_line_gives_the_method_to_the_check_and_the_fix()
    {
        // DevTools shows "METHOD URL net::ERR_FAILED" next to the CORS message, before or after it.
        var run = await ExplainAsync("app.js:9  PUT https://api.example/v1/items net::ERR_FAILED\n"
            + "index.html:1 " + Line("Response to preflight request doesn't pass access control check: It does not have HTTP ok status."), "--format", "json");

        var item = Assert.Single(run.JsonLines);
        Assert.Equal("corskit check https://api.example/v1/items --origin https://app.example -X PUT", item.GetProperty("check").GetString());
        Assert.Contains("OPTIONS https://api.example/v1/items", item.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal("Add the headers the script sets (-H 'Name: value'): the console names only the method.", item.GetProperty("checkNote").GetString());
    }

    [Fact]
    public async Task A_script_from_a_file_page_is_explained_and_the_check_says_what_it_cannot_reach()
    {
        // browser-cors.md §4.4, a page opened from disk loading a module script.
        var run = await ExplainAsync("Access to script at 'file:///home/me/site/main.js' from origin 'null' has been blocked by CORS policy: Cross origin requests are only supported for protocol schemes: chrome, chrome-extension, chrome-untrusted, data, http, https, isolated-app.", "--format", "json");

        var item = Assert.Single(run.JsonLines);
        Assert.Equal("CorsDisabledScheme", item.GetProperty("code").GetString());
        Assert.Equal("script", item.GetProperty("initiator").GetString());
        Assert.Equal("null", item.GetProperty("origin").GetString());
        Assert.StartsWith("check reaches only http:// and https:// URLs", item.GetProperty("checkNote").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_command_quotes_words_for_the_shell()
    {
        var run = await ExplainAsync(Line("No 'Access-Control-Allow-Origin' header is present on the requested resource.", url: "https://api.example/a?q=it's&x=$HOME"), "--format", "json");

        Assert.Equal("corskit check 'https://api.example/a?q=it'\\''s&x=$HOME' --origin https://app.example", run.JsonLines[0].GetProperty("check").GetString());
    }

    [Theory]
    [InlineData("hello\nworld\n", null, "corskit: found no CORS error message in the input: expected browser console text such as")]
    [InlineData("curl 'https://api.example/' -H 'X-A: 1'", null, "corskit: the copied request names no page origin (no Origin or Referer header): give it with --origin")]
    [InlineData("{\"log\": {\"entries\": []}}", null, "corskit: the HAR file holds no cross-origin request to explain (0 entries,")]
    [InlineData("{\"log\": {\"entries\": [}", null, "corskit: the HAR file is not valid JSON (line 1).")]
    [InlineData("anything", "--credentials=sometimes", "corskit: 'sometimes' is not a credentials mode (use omit, same-origin or include).")]
    [InlineData("anything", "--credentials=omit", "corskit: --credentials is for a HAR file;")]
    [InlineData("anything", "--live", "corskit: --live runs a copied request (cURL or fetch);")]
    [InlineData("anything", "--kind=bogus", "corskit: 'bogus' is not an input kind (use console, har, curl or fetch).")]
    [InlineData("anything", "--format=xml", "corskit: 'xml' is not an output format (use text, json or markdown).")]
    public async Task Unusable_input_is_one_sentence_and_exit_2(string text, string? flag, string expected)
    {
        var run = await ExplainAsync(text, flag is null ? [] : [flag]);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        Assert.StartsWith(expected, run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forcing_console_on_a_curl_looking_text_reads_it_as_console()
    {
        var text = "curl https://api.example/v1/items\n" + Line("No 'Access-Control-Allow-Origin' header is present on the requested resource.");
        Assert.Equal(2, (await ExplainAsync(text)).ExitCode);

        var run = await ExplainAsync(text, "--kind", "console", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("MissingAllowOriginHeader", Assert.Single(run.JsonLines).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_missing_file_is_a_user_error()
    {
        var run = await RunAsync("explain", "/nonexistent/console.txt");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith("corskit: cannot read '/nonexistent/console.txt': ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Binary_input_is_a_user_error_not_a_crash()
    {
        var file = Path.GetTempFileName();
        try
        {
            var bytes = new byte[4096];
            new Random(11).NextBytes(bytes);
            await File.WriteAllBytesAsync(file, bytes);
            var run = await RunAsync("explain", file);

            Assert.Equal(2, run.ExitCode);
            Assert.StartsWith("corskit: found no CORS error message", run.Err, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
