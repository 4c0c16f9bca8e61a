using System.Text;
using CorsKit.Diagnostics.Explain;
using CorsKit.Diagnostics.Fixes;
using CorsKit.Fetch;
using CorsKit.Model;
using static CorsKit.Tests.Diagnostics.Har.HarText;

namespace CorsKit.Tests.Diagnostics.Explain;

/// <summary>
/// <see cref="CorsExplainer"/>, the explain engine's public front door that the playground page calls with what the
/// user pasted or dropped (issue 13). The expected header lines follow from the Fetch standard's checks (§4.9
/// CORS-preflight fetch steps 7.3-7.8, §4.10 CORS check), the console texts are the browsers' own (sources below).
/// </summary>
public sealed class CorsExplainerTests
{
    private const string App = "https://app.example";

    // Chromium's wording (services/network/public/cpp/cors/cors_error_status.cc and cors_error_string.cc,
    // kHeaderDisallowedByPreflightResponse) as DevTools shows it for a fetch().
    private const string ChromiumLine = "Access to fetch at 'https://api.example/v1/items' from origin 'https://app.example' has been blocked by CORS policy: "
        + "Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.";

    // The pair Firefox ESR 153 logged for a preflight that does not list the header (recorded in BrowserConsoleTextTests,
    // FirefoxRecorded): the reason, then "CORS request did not succeed" marking the preflight.
    private const string FirefoxPair =
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:18932/s/pf_header. (Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).\n"
        + "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:18932/s/pf_header. (Reason: CORS request did not succeed). Status code: (null).";

    // The pair WebKitGTK 2.50.6 logged for a response without Access-Control-Allow-Origin (BrowserConsoleTextTests,
    // WebKitRecorded): the detail naming the page's origin, then the request line naming the URL.
    private const string SafariPair = "CONSOLE SECURITY ERROR Origin http://127.0.0.1:18931 is not allowed by Access-Control-Allow-Origin. Status code: 200\n"
        + "CONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/missing due to access control checks.";

    // "Copy as cURL (bash)" of a cross-origin JSON PUT, in the shape Chromium DevTools writes (NetworkLogView.ts generateCurlCommand).
    private const string CopiedPut = """
        curl 'https://api.example/notes/7' \
          -X 'PUT' \
          -H 'content-type: application/json' \
          -H 'origin: https://app.example' \
          -H 'sec-fetch-mode: cors' \
          --data-raw '{"n":1}'
        """;

    /// <summary>A HAR in Firefox's shape: a PUT whose preflight allows only GET and POST (Fetch §4.9 step 7.5).</summary>
    private static string RefusedPutHar() => Log("Firefox", App + "/",
        Entry("PUT", "https://api.example/items/1", [("Host", "api.example"), ("Origin", App), ("Content-Type", "application/json")], 0, [], 0.3),
        Entry("OPTIONS", "https://api.example/items/1",
            [("Host", "api.example"), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "content-type"), ("Origin", App)],
            204, [("Access-Control-Allow-Origin", App), ("Access-Control-Allow-Methods", "GET, POST"), ("Access-Control-Allow-Headers", "content-type")], 0.31));

    private static string Lines(IEnumerable<HttpHeader> headers) => string.Join("\n", headers.Select(h => $"{h.Name}: {h.Value}"));

    [Fact]
    public void A_Chromium_console_line_gets_the_cause_the_fix_every_console_and_every_stacks_snippet()
    {
        var result = CorsExplainer.Explain(ChromiumLine);

        Assert.Null(result.Error);
        Assert.Equal(ExplainInputKind.ConsoleText, result.Kind);
        var item = Assert.Single(result.Items);
        Assert.Equal(ExplainVerdict.Blocked, item.Verdict);
        Assert.Equal("chromium", item.Browser);
        Assert.Equal(nameof(ChromiumCorsError.HeaderDisallowedByPreflightResponse), item.Code);
        Assert.Equal("x-api-key", item.Parameter);
        Assert.Contains("x-api-key", item.Fix, StringComparison.Ordinal);
        Assert.Equal([BrowserEngine.Chromium, BrowserEngine.Firefox, BrowserEngine.Safari], item.Consoles.Select(c => c.Engine));
        Assert.Equal(ChromiumLine["Access to fetch".Length..], item.Consoles[0].Text["Access to fetch".Length..]);
        Assert.Equal("corskit check https://api.example/v1/items --origin https://app.example -H 'x-api-key: 1'", item.Check);

        // §4.9 step 7.7: the header must be listed on the preflight's answer; the actual answer needs the origin again.
        var advice = item.Advice!;
        Assert.True(advice.Preflight);
        Assert.Equal("Access-Control-Allow-Origin: https://app.example\nAccess-Control-Allow-Headers: x-api-key\nVary: Origin", Lines(advice.PreflightResponseHeaders));
        Assert.Equal("Access-Control-Allow-Origin: https://app.example\nVary: Origin", Lines(advice.ActualResponseHeaders));
        Assert.Equal(Enum.GetValues<ServerStack>(), advice.Snippets.Select(s => s.Stack));
        Assert.Contains("allowedHeaders: [\"x-api-key\"]", advice.Snippets.Single(s => s.Stack == ServerStack.Express).Code, StringComparison.Ordinal);
    }

    [Fact]
    public void The_browser_option_puts_that_browsers_console_text_first()
    {
        var item = Assert.Single(CorsExplainer.Explain(ChromiumLine, new ExplainOptions { Browser = BrowserEngine.Safari }).Items);

        Assert.Equal([BrowserEngine.Safari, BrowserEngine.Chromium, BrowserEngine.Firefox], item.Consoles.Select(c => c.Engine));
        Assert.Equal(item.Consoles, item.ConsolesFor(BrowserEngine.Safari));
    }

    [Fact]
    public void A_Firefox_pair_is_one_item_with_the_placeholder_origin_Firefox_does_not_name()
    {
        var result = CorsExplainer.Explain(FirefoxPair);

        var item = Assert.Single(result.Items);
        Assert.Equal("firefox", item.Browser);
        Assert.Equal(nameof(ChromiumCorsError.HeaderDisallowedByPreflightResponse), item.Code);
        Assert.Equal("x-custom", item.Parameter);
        Assert.Equal("http://localhost:18932/s/pf_header", item.Url);
        Assert.Equal(BrowserEngine.Firefox, item.Consoles[0].Engine);
        Assert.Contains("Access-Control-Allow-Headers: x-custom", Lines(item.Advice!.PreflightResponseHeaders), StringComparison.Ordinal);
        // Firefox names no page origin: the snippets carry the placeholder the check note asks to replace.
        Assert.Equal("https://your-page.example", item.Advice.Origin);
        Assert.Contains("https://your-page.example", item.CheckNote, StringComparison.Ordinal);
    }

    [Fact]
    public void A_Safari_pair_is_one_item_with_the_origin_from_the_detail_and_the_url_from_the_request_line()
    {
        var item = Assert.Single(CorsExplainer.Explain(SafariPair).Items);

        Assert.Equal("safari", item.Browser);
        Assert.Equal(nameof(ChromiumCorsError.MissingAllowOriginHeader), item.Code);
        Assert.Equal("http://127.0.0.1:18931", item.Origin);
        Assert.Equal("http://localhost:18932/s/missing", item.Url);
        Assert.Equal(BrowserEngine.Safari, item.Consoles[0].Engine);
        // §4.10 CORS check step 2-4: the answer must name the origin; a simple GET needs no preflight.
        Assert.False(item.Advice!.Preflight);
        Assert.Empty(item.Advice.PreflightResponseHeaders);
        Assert.Equal("Access-Control-Allow-Origin: http://127.0.0.1:18931\nVary: Origin", Lines(item.Advice.ActualResponseHeaders));
    }

    [Fact]
    public void A_HAR_gets_its_verdict_the_fix_amending_what_the_server_allows_and_the_model_console_texts()
    {
        var result = CorsExplainer.Explain(RefusedPutHar());

        Assert.Null(result.Error);
        Assert.Equal(ExplainInputKind.Har, result.Kind);
        var item = Assert.Single(result.Items);
        Assert.Equal(ExplainVerdict.Blocked, item.Verdict);
        Assert.Equal(nameof(ChromiumCorsError.MethodDisallowedByPreflightResponse), item.Code);
        Assert.Equal("PUT", item.Parameter);
        // The allowed methods are amended (GET, POST kept), never replaced.
        Assert.Equal("Access-Control-Allow-Origin: https://app.example\nAccess-Control-Allow-Methods: GET, POST, PUT\nAccess-Control-Allow-Headers: content-type\nVary: Origin",
            Lines(item.Advice!.PreflightResponseHeaders));
        // A HAR records no console text: the model writes each browser's, the chosen one first.
        var consoles = item.ConsolesFor(BrowserEngine.Firefox);
        Assert.Equal([BrowserEngine.Firefox, BrowserEngine.Chromium, BrowserEngine.Safari], consoles.Select(c => c.Engine));
        Assert.Contains("Method PUT is not allowed by Access-Control-Allow-Methods in preflight response.", consoles[1].Text, StringComparison.Ordinal);
        Assert.Equal(item.Failure!.Fix, item.Fix);
    }

    [Fact]
    public void HAR_bytes_with_a_byte_order_mark_read_as_the_text()
    {
        var text = CorsExplainer.Explain(RefusedPutHar());
        var bytes = CorsExplainer.Explain([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(RefusedPutHar())]);
        var utf16 = CorsExplainer.Explain([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(RefusedPutHar())]);

        Assert.Equal(text.Items.Single().Check, bytes.Items.Single().Check);
        Assert.Equal(text.Items.Single().Check, utf16.Items.Single().Check);
    }

    [Fact]
    public void A_copied_cURL_is_predicted_with_the_headers_the_server_must_send()
    {
        var result = CorsExplainer.Explain(CopiedPut);

        Assert.Equal(ExplainInputKind.Curl, result.Kind);
        var item = Assert.Single(result.Items);
        Assert.Equal(ExplainVerdict.Predicted, item.Verdict);
        Assert.Equal("PUT", item.Method);
        Assert.Equal("corskit check https://api.example/notes/7 --origin https://app.example -X PUT -H 'content-type: application/json' -d '{\"n\":1}'", item.Check);
        // PUT and a JSON content type are not CORS-safelisted (Fetch §2.2.2, §4.1): a preflight naming both.
        Assert.Equal("Access-Control-Allow-Origin: https://app.example\nAccess-Control-Allow-Methods: PUT\nAccess-Control-Allow-Headers: content-type\nVary: Origin",
            Lines(item.Advice!.PreflightResponseHeaders));
        Assert.Empty(item.ConsolesFor(BrowserEngine.Chromium));
    }

    [Fact]
    public void A_copied_request_without_an_origin_takes_the_option()
    {
        var copied = CopiedPut.Replace("  -H 'origin: https://app.example' \\\n", "", StringComparison.Ordinal);

        Assert.Contains("--origin", CorsExplainer.Explain(copied).Error, StringComparison.Ordinal);
        Assert.Equal("https://other.example", Assert.Single(CorsExplainer.Explain(copied, new ExplainOptions { Origin = "https://other.example" }).Items).Origin);
    }

    [Theory]
    [InlineData("hello, world", ExplainInputKind.ConsoleText, "found no CORS error message in the input")]
    [InlineData("", ExplainInputKind.ConsoleText, "found no CORS error message in the input")]
    [InlineData("{\"log\": 1}", ExplainInputKind.Har, "")]
    [InlineData("curl 'not a url'", ExplainInputKind.Curl, "")]
    [InlineData("fetch(\"https://api.example/\", {", ExplainInputKind.Fetch, "")]
    public void Input_that_is_not_recognised_is_one_sentence_and_no_items(string text, ExplainInputKind kind, string start)
    {
        var result = CorsExplainer.Explain(text);

        Assert.Equal(kind, result.Kind);
        Assert.Empty(result.Items);
        Assert.StartsWith(start, result.Error, StringComparison.Ordinal);
        Assert.True(result.Error!.Length > 20 && !result.Error.Contains('\n', StringComparison.Ordinal), result.Error);
    }

    [Fact]
    public void A_null_string_is_empty_input()
        => Assert.StartsWith("found no CORS error message", CorsExplainer.Explain((string?)null).Error, StringComparison.Ordinal);

    /// <summary>Seeded random bytes and byte mutations of every example above: always a result, never an exception;
    /// a result explains something or says why not.</summary>
    [Fact]
    public void Arbitrary_bytes_never_throw()
    {
        var random = new Random(20261203);
        string[] examples = [ChromiumLine, FirefoxPair, SafariPair, CopiedPut, RefusedPutHar()];
        var inputs = new List<byte[]>();
        for (var n = 0; n < 3_000; n++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            inputs.Add(bytes);
        }

        foreach (var example in examples)
        {
            var original = Encoding.UTF8.GetBytes(example);
            for (var n = 0; n < 600; n++)
            {
                var bytes = original.ToList();
                for (var edits = random.Next(1, 5); edits > 0 && bytes.Count > 0; edits--)
                {
                    var at = random.Next(bytes.Count);
                    switch (random.Next(4))
                    {
                        case 0: bytes.RemoveAt(at); break;
                        case 1: bytes.Insert(at, (byte)random.Next(256)); break;
                        case 2: bytes.RemoveRange(at, bytes.Count - at); break;
                        default: bytes[at] = (byte)random.Next(256); break;
                    }
                }

                inputs.Add([.. bytes]);
            }
        }

        var explained = 0;
        foreach (var input in inputs)
        {
            var result = CorsExplainer.Explain(input);
            if (result.Error is null)
            {
                Assert.NotEmpty(result.Items);
                explained++;
            }
            else
            {
                Assert.Empty(result.Items);
                Assert.False(string.IsNullOrWhiteSpace(result.Error));
            }
        }

        // The mutations leave many examples readable: the run reaches past the first refusal.
        Assert.InRange(explained, 500, inputs.Count - 500);
    }
}
