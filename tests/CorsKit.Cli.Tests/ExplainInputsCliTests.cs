using System.Text.Json;
using CorsKit.Cli.Check;
using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.ExplainCliTests;

namespace CorsKit.Cli.Tests;

/// <summary><c>corskit explain</c> on a HAR file and on a copied request: the table and summary, the predicted request
/// and its check command, <c>--live</c> through check's own runner, and <c>--format markdown</c> for every kind.</summary>
public sealed class ExplainInputsCliTests
{
    private const string App = "https://app.example";

    private static object Entry(string method, string url, (string, string)[] request, int status, (string, string)[] response, string type, object? initiator = null, string? error = null) => new
    {
        _initiator = initiator ?? new { type = "script" },
        _resourceType = type,
        startedDateTime = "2026-12-03T10:00:00.000Z",
        request = new { method, url, headers = request.Select(h => new { name = h.Item1, value = h.Item2 }), cookies = Array.Empty<object>() },
        response = new { status, headers = response.Select(h => new { name = h.Item1, value = h.Item2 }), redirectURL = "", _error = error },
    };

    /// <summary>A DevTools-shaped file: an allowed GET, a PUT its preflight refuses, and a sanitised request.</summary>
    private static string Har() => JsonSerializer.Serialize(new
    {
        log = new
        {
            creator = new { name = "WebInspector", version = "537.36" },
            pages = new[] { new { id = "page_1", title = App + "/" } },
            entries = new[]
            {
                Entry("GET", "https://api.example/feed", [("Origin", App)], 200, [("Access-Control-Allow-Origin", App)], "fetch"),
                Entry("PUT", "https://api.example/a|b", [("Referer", App + "/"), ("X-Api-Key", "1")], 0, [], "fetch", error: "net::ERR_FAILED"),
                Entry("OPTIONS", "https://api.example/a|b", [("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-api-key"), ("Origin", App)],
                    204, [("Access-Control-Allow-Origin", App), ("Access-Control-Allow-Methods", "PUT")], "preflight", new { type = "preflight", url = "https://api.example/a|b", requestId = "9" }),
                Entry("GET", "https://api.example/me", [("Origin", App), ("Authorization", "[REDACTED]")], 200, [("Access-Control-Allow-Origin", "*")], "xhr"),
            },
        },
    });

    [Fact]
    public async Task A_HAR_gives_a_table_the_blocked_requests_and_the_root_causes()
    {
        var run = await ExplainAsync(Har(), "--credentials", "omit");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Out.Split('\n');
        Assert.Matches(@"^#\s+entry\s+verdict\s+method\s+url\s+cause$", lines[0]);
        Assert.Matches(@"^1\s+0\s+ALLOWED\s+GET\s+https://api\.example/feed$", lines[1]);
        Assert.Matches(@"^2\s+1\s+BLOCKED\s+PUT\s+https://api\.example/a\|b\s+HeaderDisallowedByPreflightResponse \(x-api-key\)$", lines[2]);
        Assert.Contains("1. chromium har, entry 1: BLOCKED fetch PUT https://api.example/a|b from a page on https://app.example", run.Out, StringComparison.Ordinal);
        Assert.Contains("corskit check 'https://api.example/a|b' --origin https://app.example -X PUT -H 'X-Api-Key: 1' --credentials omit", run.Out, StringComparison.Ordinal);
        Assert.Contains("Summary: 3 cross-origin requests: 1 blocked, 2 allowed.", run.Out, StringComparison.Ordinal);
        Assert.Contains("  1 × HeaderDisallowedByPreflightResponse: ", run.Out, StringComparison.Ordinal);
        Assert.Contains("The export is sanitised", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_HAR_in_json_has_one_object_per_request_with_the_issue_fields()
    {
        var run = await ExplainAsync(Har(), "--format", "json");

        var items = run.JsonLines;
        Assert.Equal(3, items.Count);
        foreach (var field in new[] { "kind", "browser", "url", "origin", "code", "parameter", "explanation", "causes", "fix", "check" })
        {
            Assert.All(items, i => Assert.True(i.TryGetProperty(field, out _), field));
        }

        Assert.Equal([null, "HeaderDisallowedByPreflightResponse", null], items.Select(i => i.GetProperty("code").GetString()));
        // No Cookie header: '*' passes without credentials and fails with them (Fetch §4.10); the file records a
        // success, which only omit explains, so omit is reported first and both outcomes are given.
        var me = items[2];
        Assert.Equal("omit", me.GetProperty("credentials").GetString());
        Assert.Equal(["omit:False:", "include:True:WildcardOriginNotAllowed"],
            me.GetProperty("outcomes").EnumerateArray().Select(o => $"{o.GetProperty("credentials").GetString()}:{o.GetProperty("blocked").GetBoolean()}:{o.GetProperty("code").GetString()}"));
        Assert.Contains(me.GetProperty("notes").EnumerateArray(), n => n.GetString()!.Contains("sanitised", StringComparison.Ordinal));
    }

    private const string Curl = """
        curl 'https://api.example/notes/7' \
          -X 'PUT' \
          -H 'content-type: application/json' \
          -H 'cookie: sid=abc' \
          -H 'origin: https://app.example' \
          -H 'sec-fetch-mode: cors' \
          --data-raw '{"n":1}'
        """;

    [Fact]
    public async Task A_copied_curl_shows_the_request_check_sends_what_the_browser_does_and_the_command()
    {
        var run = await ExplainAsync(Curl);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1. chromium curl: REQUEST fetch PUT https://api.example/notes/7 from a page on https://app.example", run.Out, StringComparison.Ordinal);
        Assert.Contains("it needs a preflight: OPTIONS https://api.example/notes/7 with Access-Control-Request-Method: PUT and Access-Control-Request-Headers: content-type (for the method PUT)", run.Out, StringComparison.Ordinal);
        Assert.Contains("corskit check https://api.example/notes/7 --origin https://app.example -X PUT -H 'content-type: application/json' --credentials include --cookie sid=abc -d '{\"n\":1}'", run.Out, StringComparison.Ordinal);

        var json = Assert.Single((await ExplainAsync(Curl, "--format", "json")).JsonLines);
        Assert.Equal("curl", json.GetProperty("kind").GetString());
        Assert.Equal("predicted", json.GetProperty("verdict").GetString());
        Assert.Equal("include", json.GetProperty("credentials").GetString());
    }

    [Fact]
    public async Task A_copied_fetch_without_an_origin_takes_it_from_the_origin_flag()
    {
        const string fetch = """fetch("https://api.example/x", { "headers": { "x-a": "1" }, "method": "GET", "mode": "cors", "credentials": "omit" });""";
        Assert.Equal(2, (await ExplainAsync(fetch)).ExitCode);

        var run = await ExplainAsync(fetch, "--origin", App, "--format", "json");
        Assert.Equal(0, run.ExitCode);
        var item = Assert.Single(run.JsonLines);
        Assert.Equal("fetch", item.GetProperty("kind").GetString());
        Assert.Equal("corskit check https://api.example/x --origin https://app.example -H 'x-a: 1' --credentials omit", item.GetProperty("check").GetString());
    }

    [Fact]
    public async Task Live_runs_the_copied_request_through_check_and_exits_as_check_does()
    {
        // The server allows content-type but not x-request-id: Chromium's HeaderDisallowedByPreflightResponse.
        await using var api = await LoopbackServer.StartAsync(
            new Reply(204, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Methods", "PUT"), ("Access-Control-Allow-Headers", "content-type")),
            new Reply(200, ("Access-Control-Allow-Origin", "{origin}")));
        var blocked = $"curl '{api.Origin}/n' -X 'PUT' -H 'content-type: application/json' -H 'x-request-id: 7' -H 'origin: {App}' --data-raw '1'";
        var run = await ExplainAsync(blocked, "--live");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BLOCKED by CORS HeaderDisallowedByPreflightResponse (failed parameter: x-request-id)", run.Out, StringComparison.Ordinal);
        var preflight = Assert.Single(api.Seen);
        Assert.Equal("OPTIONS", preflight.Method);
        Assert.Equal("content-type,x-request-id", preflight.Header("Access-Control-Request-Headers"));

        var allowed = $"curl '{api.Origin}/n' -X 'PUT' -H 'content-type: application/json' -H 'origin: {App}' --data-raw '1'";
        var ok = await ExplainAsync(allowed, "--live", "--format", "json");
        Assert.Equal(0, ok.ExitCode);
        Assert.True(Assert.Single(ok.JsonLines).GetProperty("allowed").GetBoolean());
        Assert.Contains(api.Seen, r => r.Method == "PUT" && r.Header("Content-Type") == "application/json");
    }

    /// <summary>Round trip: a copied cURL with a cookie and an ANSI-C quoted body, parsed by the library, run through
    /// check's own runner, reaches a real Kestrel server on 127.0.0.1 with the same method, script headers, cookie and body
    /// (the parser's own cases are CopiedRequestTests in CorsKit.Tests).</summary>
    [Fact]
    public async Task A_parsed_curl_run_through_check_reaches_the_server_as_copied()
    {
        var bodies = new System.Collections.Concurrent.ConcurrentQueue<string>();
        await using var api = await LoopbackServer.StartAsync(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, System.Text.Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (context.Request.Method == "PATCH")
            {
                bodies.Enqueue(body);
            }

            context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers.Origin.ToString();
            context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
            if (context.Request.Method == "OPTIONS")
            {
                context.Response.StatusCode = 204;
                context.Response.Headers["Access-Control-Allow-Methods"] = "PATCH";
                context.Response.Headers["Access-Control-Allow-Headers"] = "content-type, x-trace";
            }
        });
        var copied = $"curl '{api.Origin}/cart/3' \\\n  -X 'PATCH' \\\n  -H 'content-type: text/json' \\\n  -H 'cookie: cart=9' \\\n"
            + $"  -H 'origin: {App}' \\\n  -H 'x-trace: t1' \\\n  --data-raw $'{{\"why\":\"it\\'s\\u0021\"}}'";

        Assert.True(CopiedRequest.TryParse(copied, out var request, out var origin, out var error), error);
        var result = await CheckRunner.RunAsync(request with { Origin = origin! }, new CheckSettings());

        Assert.Null(result.Error);
        Assert.True(result.Allowed);
        var sent = Assert.Single(api.Seen, s => s.Method == "PATCH");
        Assert.Equal("text/json", sent.Header("content-type"));
        Assert.Equal("t1", sent.Header("x-trace"));
        Assert.Equal("cart=9", sent.Header("cookie"));
        Assert.Equal(App, sent.Header("origin"));
        Assert.Equal("{\"why\":\"it's!\"}", Assert.Single(bodies));
        // The preflight named exactly the copied script headers (Fetch "CORS-unsafe request-header names": sorted, lowercased).
        Assert.Equal("content-type,x-trace", Assert.Single(api.Seen, s => s.IsPreflight).Header("access-control-request-headers"));
    }

    [Fact]
    public async Task Markdown_is_given_for_every_input_kind()
    {
        var console = await ExplainAsync("Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            "--format", "markdown");
        Assert.Equal(1, console.ExitCode);
        Assert.StartsWith("# corskit explain: console\n", console.Out, StringComparison.Ordinal);
        Assert.Contains("## 1. BLOCKED: https://api.example/x (line 1)", console.Out, StringComparison.Ordinal);
        Assert.Contains("```sh\ncorskit check https://api.example/x --origin https://app.example\n```", console.Out, StringComparison.Ordinal);

        var har = await ExplainAsync(Har(), "--format", "markdown", "--credentials", "omit");
        Assert.Equal(1, har.ExitCode);
        Assert.Contains("| # | entry | verdict | method | url | cause |", har.Out, StringComparison.Ordinal);
        // A '|' in a URL stays inside its cell.
        Assert.Contains("| 2 | 1 | BLOCKED | PUT | https://api.example/a\\|b | HeaderDisallowedByPreflightResponse (x-api-key) |", har.Out, StringComparison.Ordinal);
        Assert.Contains("## Root causes", har.Out, StringComparison.Ordinal);

        var curl = await ExplainAsync(Curl, "--format", "markdown");
        Assert.Equal(0, curl.ExitCode);
        Assert.Contains("## 1. REQUEST: PUT https://api.example/notes/7", curl.Out, StringComparison.Ordinal);
        Assert.Contains("**To pass:**", curl.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Control_characters_from_a_HAR_never_reach_the_terminal()
    {
        const string har = """{"log":{"entries":[{"request":{"method":"GET","url":"https://api.example/\u001b[31mred\u009b","headers":[{"name":"Origin","value":"https://app.example"}]},"response":{"status":200,"headers":[]},"_resourceType":"fetch"}]}}""";
        foreach (var format in new[] { "text", "markdown", "json" })
        {
            var run = await ExplainAsync(har, "--format", format);
            Assert.Equal(1, run.ExitCode);
            Assert.DoesNotContain('\u001b', run.Out);
            Assert.DoesNotContain('\u009b', run.Out);
        }
    }
}
