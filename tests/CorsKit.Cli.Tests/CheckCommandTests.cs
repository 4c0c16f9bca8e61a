using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary>
/// <c>corskit check</c> run in-process against real Kestrel servers on 127.0.0.1. Expected verdicts and error codes
/// follow the Fetch standard and Chromium's cors.cc (see /work/shared/reference/browser-cors.md §1.11, §1.13, §3.1,
/// §3.3); CheckChromiumComparisonTests pins the same kinds of scenarios against real Chromium.
/// </summary>
public sealed class CheckCommandTests
{
    private const string Page = "http://app.test";

    [Fact]
    public async Task Simple_get_is_allowed_without_preflight_and_reports_readable_headers()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200,
            ("Access-Control-Allow-Origin", "*"), ("Access-Control-Expose-Headers", "X-Total"), ("X-Total", "7"), ("X-Hidden", "1")));

        var run = await RunAsync("check", api.Origin + "/items", "--origin", Page, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.True(json.GetProperty("allowed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("preflight").ValueKind);
        Assert.True(json.GetProperty("actual").GetProperty("sent").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        var readable = Strings(json.GetProperty("readableHeaders"));
        Assert.Contains("x-total", readable); // exposed (Fetch §4.1 main fetch step 13, CORS-exposed header-name list)
        Assert.DoesNotContain("x-hidden", readable); // not safelisted, not exposed
        Assert.DoesNotContain("date", readable);

        // On the wire: one GET carrying the page's Origin, nothing else CORS-related (no preflight for a simple GET).
        var seen = Assert.Single(api.Seen);
        Assert.Equal("GET", seen.Method);
        Assert.Equal(Page, seen.Header("Origin"));
        Assert.Null(seen.Header("Access-Control-Request-Method"));
    }

    [Fact]
    public async Task Preflight_passes_and_is_sent_exactly_as_the_browser_sends_it()
    {
        await using var api = await LoopbackServer.StartAsync(
            new Reply(204, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Credentials", "true"),
                ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "content-type, x-api-key")),
            new Reply(200, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Credentials", "true")));

        var run = await RunAsync("check", api.Origin + "/items/1", "--origin", Page, "-X", "PUT",
            "-H", "X-Api-Key: secret", "-H", "Content-Type: application/json", "--credentials", "include",
            "--cookie", "sid=abc", "-d", "{}", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var json = run.Json;
        Assert.True(json.GetProperty("allowed").GetBoolean());
        Assert.True(json.GetProperty("preflight").GetProperty("sent").GetBoolean());
        Assert.Equal(204, json.GetProperty("preflight").GetProperty("response").GetProperty("status").GetInt32());

        // Fetch §4.8 CORS-preflight fetch steps 1-4: OPTIONS, Accept */*, ACRM, ACRH = sorted lowercase names joined
        // by "," with no space; credentials mode omit, so no cookie (§1.7 of the digest).
        var preflight = api.Seen.First();
        Assert.Equal("OPTIONS", preflight.Method);
        Assert.Equal(Page, preflight.Header("Origin"));
        Assert.Equal("PUT", preflight.Header("Access-Control-Request-Method"));
        Assert.Equal("content-type,x-api-key", preflight.Header("Access-Control-Request-Headers"));
        Assert.Equal("*/*", preflight.Header("Accept"));
        Assert.Null(preflight.Header("Cookie"));

        // The actual request: credentials included, so the cookie goes with it, and the script's headers.
        var actual = api.Seen.Last();
        Assert.Equal("PUT", actual.Method);
        Assert.Equal(Page, actual.Header("Origin"));
        Assert.Equal("sid=abc", actual.Header("Cookie"));
        Assert.Equal("secret", actual.Header("X-Api-Key"));
        Assert.Equal(2, api.Seen.Count);
        Assert.Equal(["sid=abc"], HeaderValues(json.GetProperty("actual").GetProperty("request").GetProperty("headers"), "Cookie"));
    }

    [Fact]
    public async Task Preflight_that_does_not_allow_a_header_blocks_and_the_actual_request_is_never_sent()
    {
        await using var api = await LoopbackServer.StartAsync(
            new Reply(204, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Methods", "GET, PUT"), ("Access-Control-Allow-Headers", "content-type")),
            new Reply(200, ("Access-Control-Allow-Origin", "{origin}")));

        var run = await RunAsync("check", api.Origin + "/items", "--origin", Page, "-X", "PUT", "-H", "X-Api-Key: k",
            "-H", "Content-Type: application/json", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal("cors", error.GetProperty("kind").GetString());
        Assert.Equal("HeaderDisallowedByPreflightResponse", error.GetProperty("code").GetString()); // Chromium CheckPreflightResult
        Assert.Equal("x-api-key", error.GetProperty("parameter").GetString());
        Assert.Contains("Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.", error.GetProperty("message").GetString());
        Assert.Equal("CORSMissingAllowHeaderFromPreflight", error.GetProperty("firefox").GetString());
        Assert.False(run.Json.GetProperty("actual").GetProperty("sent").GetBoolean());
        Assert.Empty(Strings(run.Json.GetProperty("readableHeaders")));
        Assert.All(api.Seen, r => Assert.Equal("OPTIONS", r.Method));

        // The fix names the exact headers for the OPTIONS response, amending what it lists now (GET is kept).
        var fix = run.Json.GetProperty("fixHeaders").GetProperty("preflight");
        Assert.Equal(["content-type, x-api-key"], HeaderValues(fix, "Access-Control-Allow-Headers"));
        Assert.Equal(["GET, PUT"], HeaderValues(fix, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Text_report_shows_transcript_verdict_console_message_fix_and_snippets_without_colour_when_redirected()
    {
        await using var api = await LoopbackServer.StartAsync(
            new Reply(204, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Headers", "content-type")),
            new Reply(200, ("Access-Control-Allow-Origin", "{origin}")));

        var run = await RunAsync("check", api.Origin + "/items", "--origin", Page, "-X", "DELETE", "-H", "X-Api-Key: k", "--fix", "all");

        Assert.Equal(1, run.ExitCode);
        var text = run.Out;
        Assert.DoesNotContain("\u001b[", text);
        Assert.Contains($"Preflight: OPTIONS {api.Origin}/items", text);
        Assert.Contains("* Access-Control-Request-Method: DELETE", text);
        Assert.Contains("* Access-Control-Request-Headers: x-api-key", text);
        Assert.Contains("(not sent)", text);
        Assert.Contains("BLOCKED by CORS", text);
        Assert.Contains($"Access to fetch at '{api.Origin}/items' from origin '{Page}' has been blocked by CORS policy", text);
        Assert.Contains("Access-Control-Allow-Methods: DELETE", text);
        Assert.Contains("Access-Control-Allow-Headers: content-type, x-api-key", text); // content-type kept
        foreach (var stack in new[] { "CorsKit middleware", "Microsoft.AspNetCore.Cors", "Express", "nginx", "FastAPI" })
        {
            Assert.Contains(stack, text);
        }

        Assert.Contains(".WithMethods(\"DELETE\")", text);
        Assert.Contains("allow_headers=[\"content-type\", \"x-api-key\"]", text);
    }

    [Fact]
    public async Task Allow_origin_mismatch_is_a_cors_block_with_chromium_code_and_firefox_reason()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204), new Reply(200, ("Access-Control-Allow-Origin", "https://other.example")));

        var run = await RunAsync("check", api.Origin + "/", "--origin", Page, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal("AllowOriginMismatch", error.GetProperty("code").GetString()); // Chromium CheckAccess
        Assert.Equal("https://other.example", error.GetProperty("parameter").GetString());
        Assert.Contains("The 'Access-Control-Allow-Origin' header has a value 'https://other.example' that is not equal to the supplied origin.", error.GetProperty("message").GetString());
        Assert.Equal("CORSAllowOriginNotMatchingOrigin", error.GetProperty("firefox").GetString());
        Assert.Equal([Page], HeaderValues(run.Json.GetProperty("fixHeaders").GetProperty("actual"), "Access-Control-Allow-Origin"));
        Assert.True(run.Json.GetProperty("actual").GetProperty("sent").GetBoolean());
    }

    [Fact]
    public async Task Wildcard_origin_with_credentials_is_blocked_and_the_cookie_went_only_with_credentials()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204),
            new Reply(200, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")));

        var included = await RunAsync("check", api.Origin + "/me", "--origin", Page, "--credentials", "include", "--cookie", "sid=abc", "--format", "json");
        var omitted = await RunAsync("check", api.Origin + "/me", "--origin", Page, "--credentials", "omit", "--cookie", "sid=abc", "--format", "json");

        // Fetch §4.10 CORS check: "*" never satisfies a credentialed request; Chromium kWildcardOriginNotAllowed.
        Assert.Equal(1, included.ExitCode);
        Assert.Equal("WildcardOriginNotAllowed", included.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("CORSNotSupportingCredentials", included.Json.GetProperty("error").GetProperty("firefox").GetString());
        Assert.Equal(0, omitted.ExitCode);

        var seen = api.For("/me");
        Assert.Equal(2, seen.Count);
        Assert.Equal("sid=abc", seen[0].Header("Cookie"));
        Assert.Null(seen[1].Header("Cookie"));

        var fix = included.Json.GetProperty("fixHeaders").GetProperty("actual");
        Assert.Equal([Page], HeaderValues(fix, "Access-Control-Allow-Origin"));
        Assert.Equal(["true"], HeaderValues(fix, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Cross_origin_redirect_taints_the_origin_to_null_and_every_hop_is_checked()
    {
        await using var target = await LoopbackServer.StartAsync(context =>
            (context.Request.Path == "/echo"
                ? new Reply(200, ("Access-Control-Allow-Origin", "{origin}"))
                : new Reply(200, ("Access-Control-Allow-Origin", Page))).WriteAsync(context));
        await using var start = await LoopbackServer.StartAsync(context =>
            new Reply(302, ("Location", target.Origin + context.Request.Path), ("Access-Control-Allow-Origin", Page)).WriteAsync(context));

        var fixedAcao = await RunAsync("check", start.Origin + "/fixed", "--origin", Page, "--format", "json");
        var echoed = await RunAsync("check", start.Origin + "/echo", "--origin", Page, "--format", "json");

        // Fetch §3.1.7: after a hop to another origin the request origin serializes as "null" (WPT cors-redirect
        // "cors to another cors"); the final server's ACAO must then be "null" (or "*").
        Assert.All(target.Seen, r => Assert.Equal("null", r.Header("Origin")));
        Assert.All(start.Seen, r => Assert.Equal(Page, r.Header("Origin")));

        Assert.Equal(1, fixedAcao.ExitCode);
        var json = fixedAcao.Json;
        Assert.Equal("AllowOriginMismatch", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(302, json.GetProperty("actual").GetProperty("response").GetProperty("status").GetInt32());
        var hop = Assert.Single(json.GetProperty("redirects").EnumerateArray());
        Assert.Equal(target.Origin + "/fixed", hop.GetProperty("request").GetProperty("url").GetString());
        Assert.Equal(["null"], HeaderValues(hop.GetProperty("request").GetProperty("headers"), "Origin"));

        Assert.Equal(0, echoed.ExitCode);
        Assert.True(echoed.Json.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public async Task Refused_connection_is_a_network_error_with_exit_code_2_not_a_cors_block()
    {
        var port = FreePort();

        var json = await RunAsync("check", $"http://127.0.0.1:{port}/", "--origin", Page, "--format", "json", "--timeout", "5");
        var text = await RunAsync("check", $"http://127.0.0.1:{port}/", "--origin", Page, "--timeout", "5");

        Assert.Equal(2, json.ExitCode);
        var error = json.Json.GetProperty("error");
        Assert.Equal("network", error.GetProperty("kind").GetString());
        Assert.Equal("refused", error.GetProperty("network").GetString());
        Assert.Equal("net::ERR_CONNECTION_REFUSED", error.GetProperty("netError").GetString());
        Assert.Equal(JsonValueKind.Null, error.GetProperty("code").ValueKind);
        Assert.False(json.Json.GetProperty("allowed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.Json.GetProperty("fixHeaders").ValueKind);

        Assert.Equal(2, text.ExitCode);
        Assert.Contains("NETWORK ERROR", text.Out);
        Assert.DoesNotContain("BLOCKED", text.Out);
    }

    [Theory]
    [InlineData("not an origin", "http://127.0.0.1:1/", "GET", "X-Ok: 1")]
    [InlineData(Page, "ftp://example.com/file", "GET", "X-Ok: 1")]
    [InlineData(Page, "/relative", "GET", "X-Ok: 1")]
    [InlineData(Page, "http://127.0.0.1:1/", "GET", "NoColonHere")]
    [InlineData(Page, "http://127.0.0.1:1/", "GET", "Bad Name: 1")]
    [InlineData(Page, "http://127.0.0.1:1/", "GE T", "X-Ok: 1")]
    [InlineData(Page, "http://127.0.0.1:1/", "TRACE", "X-Ok: 1")]
    public async Task Bad_input_gets_one_sentence_on_stderr_and_exit_code_2(string origin, string url, string method, string header)
    {
        var run = await RunAsync("check", url, "--origin", origin, "-X", method, "-H", header);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("", run.Out);
        var line = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("corskit: ", line);
        Assert.DoesNotContain(" at ", line.Replace("at fetch", "", StringComparison.Ordinal));
        Assert.DoesNotContain("Exception", line);
    }

    [Theory]
    [InlineData("--credentials", "sometimes")]
    [InlineData("--browser", "lynx")]
    [InlineData("--format", "xml")]
    [InlineData("--timeout", "0")]
    public async Task Bad_option_values_get_one_sentence_and_exit_code_2(string option, string value)
    {
        var run = await RunAsync("check", "http://127.0.0.1:1/", "--origin", Page, option, value);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("corskit: ", line);
        Assert.Contains(value, line);
    }

    [Fact]
    public async Task Missing_origin_is_a_usage_error()
    {
        var run = await RunAsync("check", "http://127.0.0.1:1/");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--origin", Assert.Single(run.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Json_result_has_every_documented_field_with_its_type()
    {
        await using var api = await LoopbackServer.StartAsync(
            new Reply(204, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Headers", "x-a")),
            new Reply(200, ("Access-Control-Allow-Origin", "{origin}")));

        var json = (await RunAsync("check", api.Origin + "/", "--origin", Page, "-H", "X-A: 1", "--format", "json")).Json;

        Assert.Equal(api.Origin + "/", json.GetProperty("url").GetString());
        Assert.Equal(Page, json.GetProperty("origin").GetString());
        Assert.Equal("chromium", json.GetProperty("browser").GetString());
        Assert.Equal("GET", json.GetProperty("method").GetString());
        Assert.Equal("same-origin", json.GetProperty("credentials").GetString());
        Assert.Equal(["1"], HeaderValues(json.GetProperty("headers"), "X-A"));
        Assert.Equal(JsonValueKind.True, json.GetProperty("allowed").ValueKind);
        foreach (var name in new[] { "preflight", "actual" })
        {
            var exchange = json.GetProperty(name);
            Assert.Equal(JsonValueKind.True, exchange.GetProperty("sent").ValueKind);
            Assert.Equal(JsonValueKind.String, exchange.GetProperty("request").GetProperty("method").ValueKind);
            Assert.Equal(JsonValueKind.String, exchange.GetProperty("request").GetProperty("url").ValueKind);
            Assert.All(exchange.GetProperty("request").GetProperty("headers").EnumerateArray(), h => Assert.Equal(2, h.GetArrayLength()));
            Assert.Equal(JsonValueKind.Number, exchange.GetProperty("response").GetProperty("status").ValueKind);
            Assert.Equal(JsonValueKind.Array, exchange.GetProperty("response").GetProperty("headers").ValueKind);
        }

        Assert.Equal("OPTIONS", json.GetProperty("preflight").GetProperty("request").GetProperty("method").GetString());
        Assert.Equal(["x-a"], HeaderValues(json.GetProperty("preflight").GetProperty("request").GetProperty("headers"), "Access-Control-Request-Headers"));
        Assert.Equal(JsonValueKind.Array, json.GetProperty("redirects").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("error").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("readableHeaders").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("droppedHeaders").ValueKind);
        Assert.Equal(JsonValueKind.Array, json.GetProperty("warnings").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("fix").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("fixHeaders").ValueKind);
        Assert.Equal(0, json.GetProperty("exitCode").GetInt32());
    }

    [Fact]
    public async Task Batch_writes_one_result_per_line_in_input_order_and_a_bad_line_does_not_stop_the_rest()
    {
        await using var api = await LoopbackServer.StartAsync(async context =>
        {
            // Later lines answer sooner, so completion order differs from input order.
            var n = int.Parse(context.Request.Path.Value!.TrimStart('/'), System.Globalization.CultureInfo.InvariantCulture);
            await Task.Delay(Math.Max(0, 60 - n));
            var acao = n % 3 == 0 ? "https://other.example" : "{origin}";
            await new Reply(200, ("Access-Control-Allow-Origin", acao)).WriteAsync(context);
        });
        var lines = new List<string>();
        for (var n = 1; n <= 40; n++)
        {
            lines.Add(n switch
            {
                7 => "{\"url\": \"" + api.Origin + "/7\", \"origin\": ",             // truncated JSON
                11 => "{\"url\": \"" + api.Origin + "/11\"}",                         // no origin
                13 => "{\"url\": \"" + api.Origin + "/13\", \"origin\": \"nope\"}",   // invalid origin
                17 => "{\"url\": \"" + api.Origin + "/17\", \"origin\": \"" + Page + "\", \"headers\": [[\"X-A\"]]}",
                _ => JsonSerializer.Serialize(new { id = $"route-{n}", url = $"{api.Origin}/{n}", origin = Page, method = "GET", headers = new[] { new[] { "Accept", "text/plain" } }, credentials = "omit" }),
            });
        }

        var file = Path.Combine(Path.GetTempPath(), $"corskit-batch-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(file, lines);
        try
        {
            var run = await RunAsync("check", "--input", file, "--concurrency", "8");

            var results = run.JsonLines;
            Assert.Equal(40, results.Count);
            Assert.Equal(Enumerable.Range(1, 40), results.Select(r => r.GetProperty("line").GetInt32()));
            foreach (var bad in new[] { 7, 11, 13, 17 })
            {
                var error = results[bad - 1].GetProperty("error");
                Assert.Equal("input", error.GetProperty("kind").GetString());
                Assert.StartsWith($"line {bad}: ", error.GetProperty("message").GetString());
                Assert.Equal(2, results[bad - 1].GetProperty("exitCode").GetInt32());
            }

            foreach (var n in Enumerable.Range(1, 40).Except([7, 11, 13, 17]))
            {
                var result = results[n - 1];
                Assert.Equal($"{api.Origin}/{n}", result.GetProperty("url").GetString());
                Assert.Equal($"route-{n}", result.GetProperty("id").GetString());
                Assert.Equal(n % 3 != 0, result.GetProperty("allowed").GetBoolean());
            }

            Assert.Equal(2, run.ExitCode); // the highest exit code of any line
            Assert.Equal(36, api.Seen.Count); // the bad lines never reached the network
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Batch_rejects_a_url_argument_and_reports_a_missing_file()
    {
        var both = await RunAsync("check", "http://127.0.0.1:1/", "--input", "x.jsonl");
        var missing = await RunAsync("check", "--input", "/nonexistent/dir/requests.jsonl");

        Assert.Equal(2, both.ExitCode);
        Assert.StartsWith("corskit: --input", both.Err);
        Assert.Equal(2, missing.ExitCode);
        Assert.StartsWith("corskit: cannot read '/nonexistent/dir/requests.jsonl'", missing.Err);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
