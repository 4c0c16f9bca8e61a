namespace CorsKit.Fuzz.Tests;

/// <summary><c>corskit check --input FILE.jsonl</c> lines, through the same steps <see cref="CheckBatch"/> takes
/// before any network: read the line, build the request, and for a bad line salvage what it can and write its
/// input-error result as JSON.</summary>
public sealed class CheckInputFuzzTests(ITestOutputHelper output)
{
    internal static readonly string[] Seeds =
    [
        """{"url":"https://api.example.com/items","origin":"https://app.example.com"}""",
        """{"id":"a1","url":"http://127.0.0.1:8080/x","origin":"http://localhost:3000","method":"PUT","headers":[["Content-Type","application/json"],["X-Api-Key","k"]],"credentials":"include","body":"{}","cookie":"s=1"}""",
        """{"url":"https://h.example","origin":"null","headers":{"X-A":"1","Authorization":"Bearer t"}}""",
        """{"url":"https://h.example","origin":"https://a.example/","headers":["X-A: 1","bad header"],"method":"patch","credentials":"omit"}""",
        """{"url":1,"origin":["x"],"headers":[[1,2]],"method":null}""",
    ];

    internal static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "1e400", "\"url\"", "\"origin\"", "\"method\"", "\"headers\"", "\"credentials\"",
        "\"body\"", "\"cookie\"", "\"id\"", "\\r\\n", "\\u0000", "\\ud800", "\"include\"", "\"https://x\"", "[[\"a\",\"b\"]]",
    ];

    [Fact]
    public void Check_input_lines_never_throw() =>
        FuzzRun.Sync(output, "check-input-lines", 10_000, Seeds, Tokens, FuzzRun.Documented(), InputSource.File, static line =>
        {
            CheckResult? failed = null;
            if (CheckJson.TryReadRequest(line, out var request, out var error))
            {
                Assert.NotNull(request);
                if (!CheckInput.TryBuild(request, out _, out var buildError))
                {
                    failed = CheckResult.InputError(request, BrowserProfile.Chromium.Name, $"line 1: {buildError}", 1);
                }
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
                failed = CheckResult.InputError(CheckJson.Salvage(line), BrowserProfile.Chromium.Name, $"line 1: {error}", 1);
            }
            if (failed is not null)
            {
                Assert.False(string.IsNullOrEmpty(CheckJson.Serialize(failed, indented: false)));
            }
        });

    /// <summary>Found by this harness: a JSON escape of a lone surrogate made System.Text.Json throw
    /// InvalidOperationException out of the line reader (and out of <c>check --input</c>).</summary>
    [Theory]
    [InlineData("{\"url\":\"https://h.example/\\ud800\",\"origin\":\"https://a.example\"}")]
    [InlineData("{\"url\":\"https://h.example/\",\"origin\":\"https://a.example\",\"headers\":[\"X-A: \\udc00\"]}")]
    [InlineData("{\"url\":\"https://h.example/\",\"or\\ud800igin\":\"https://a.example\"}")]
    public void A_lone_surrogate_escape_is_an_input_error_not_a_crash(string line)
    {
        Assert.False(CheckJson.TryReadRequest(line, out _, out var error));
        Assert.Contains("surrogate", error, StringComparison.Ordinal);
        _ = CheckJson.Salvage(line);
    }
}
