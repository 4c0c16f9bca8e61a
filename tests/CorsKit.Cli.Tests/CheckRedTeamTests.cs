using System.Net;
using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;
using static CorsKit.Cli.Tests.CheckSupport.RawServer;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Red-team regressions: servers configured the way people really configure them (nginx, Express + cors, hand-written
/// responses) where <c>corskit check</c> once disagreed with the real browsers. Every expected value was observed on
/// Chromium 156.0.8078.79 (headless, Playwright + DevTools Network.loadingFailed) and Firefox 153.7.0esr (headless,
/// runner page) against the same bytes on the wire, from a page on http://127.0.0.1:P. The servers here are raw
/// sockets because Kestrel cannot write malformed heads or receive a lower-case method the way Node rejects it.
/// </summary>
public sealed class CheckRedTeamTests
{
    private const string Page = "http://127.0.0.1:7100";

    // Express 4 + cors({...}) on Node 20: Node's HTTP parser answers `patch` (lower case) with a bare
    // `400 Bad Request` before Express runs, so the actual response has no CORS headers. The preflight is answered by a
    // permissive handler (ACAM *, ACAH *). Chromium 156 and Firefox 153 send the method as the script wrote it
    // (Fetch normalizes only DELETE GET HEAD OPTIONS POST PUT) → Chromium MissingAllowOriginHeader, Firefox blocked.
    // check used to send `PATCH` (HttpClient upper-cases known methods), got 200 + ACAO * and said ALLOWED.
    [Theory]
    [InlineData("chromium")]
    [InlineData("firefox")]
    public async Task Lower_case_patch_reaches_the_server_as_written_and_fails_like_node_answers_it(string browser)
    {
        await using var server = RawServer.Start(req =>
            req.Method == "OPTIONS"
                ? Head("HTTP/1.1 204 No Content", "Access-Control-Allow-Origin: *", "Access-Control-Allow-Methods: *", "Access-Control-Allow-Headers: *")
                : req.Method == "PATCH"
                    ? Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok"
                    : Head("HTTP/1.1 400 Bad Request", "Connection: close"));

        var run = await RunAsync("check", server.Origin + "/e13/x", "--origin", Page, "-X", "patch",
            "-H", "Content-Type: application/json", "-d", "{}", "--browser", browser, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var json = run.Json;
        Assert.False(json.GetProperty("allowed").GetBoolean());
        Assert.Equal("MissingAllowOriginHeader", json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(new[] { "OPTIONS", "patch" }, server.Seen.Select(r => r.Method).ToArray());
        Assert.Equal("patch", server.Seen.Last().Method);
    }

    // Header lines both browsers tolerate; HttpClient refused the whole response ("invalid response") and check
    // reported a network error. Chromium 156 and Firefox 153: fetch resolves (status 200), unless noted.
    [Theory]
    [InlineData("garbage line", "Access-Control-Allow-Origin: *", true, true)]          // line without a colon: ignored
    [InlineData(": x", "Access-Control-Allow-Origin: *", true, true)]                   // empty name: ignored
    [InlineData("X-A: 1", "Access-Control-Allow-Origin:\r\n *", true, true)]            // obs-fold joins ` *` to ACAO
    [InlineData("X-A: 1", "Access-Control-Allow-Origin : *", true, false)]              // Firefox drops `Name :`
    [InlineData("X-A: 1", "Access-Control-Allow-Origin\t: *", true, false)]             // … and `Name\t:`
    public async Task Malformed_header_lines_are_read_as_each_browser_reads_them(string first, string acao, bool chromium, bool firefox)
    {
        await using var server = RawServer.Start(_ => Head("HTTP/1.1 200 OK", first, acao, "Content-Length: 2") + "ok");

        foreach (var (browser, expected) in new[] { ("chromium", chromium), ("firefox", firefox) })
        {
            var run = await RunAsync("check", server.Origin + "/m", "--origin", Page, "--browser", browser, "--format", "json");
            Assert.Equal(expected, run.Json.GetProperty("allowed").GetBoolean());
            Assert.Equal(expected ? 0 : 1, run.ExitCode);
        }
    }

    // Status lines: `HTTP/2 200` is accepted by both; `http/1.1 200 OK` by Chromium 156 only (Firefox 153: TypeError).
    // A 103 Early Hints head before the final 200 is skipped by both.
    [Theory]
    [InlineData("HTTP/2 200", true, true)]
    [InlineData("http/1.1 200 OK", true, false)]
    [InlineData("HTTP/1.1 103 Early Hints\r\nLink: </x>\r\n\r\nHTTP/1.1 200 OK", true, true)]
    [InlineData("HTTP/1.1 200", true, true)]
    [InlineData("HTTP/1.1 OK", true, false)]                         // no code: Chromium assumes 200, Firefox fails
    [InlineData("ICY 200 OK", false, true)]                          // Chromium keeps no header lines: MissingAllowOriginHeader
    [InlineData("HTTP/1.1 101 Switching Protocols", false, true)]    // Chromium net::ERR_INVALID_HTTP_RESPONSE; Firefox gets 101
    [InlineData("HTTP/1.1 200 OK\r\nX-A: a\0b", false, false)]      // NUL in the head: both fail
    public async Task Status_lines_are_read_as_each_browser_reads_them(string statusLine, bool chromium, bool firefox)
    {
        await using var server = RawServer.Start(_ => Head(statusLine, "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok");

        foreach (var (browser, expected) in new[] { ("chromium", chromium), ("firefox", firefox) })
        {
            var run = await RunAsync("check", server.Origin + "/s", "--origin", Page, "--browser", browser, "--format", "json");
            Assert.Equal(expected, run.Json.GetProperty("allowed").GetBoolean());
        }
    }

    // Two different Content-Length values, or two different Location values on a redirect: Chromium 156 fails the
    // response below CORS (Network.loadingFailed errorText net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH /
    // net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION, no corsErrorStatus); Firefox 153 fails too. check said ALLOWED /
    // MissingAllowOriginHeader. Identical copies are fine in both browsers.
    [Theory]
    [InlineData("HTTP/1.1 200 OK|Content-Length: 2|Content-Length: 3", "net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH")]
    [InlineData("HTTP/1.1 302 Found|Location: /a|Location: /b|Content-Length: 2", "net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION")]
    [InlineData("HTTP/1.1 200 OK|Location: /a|Location: /b|Content-Length: 2", "net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION")]
    [InlineData("HTTP/1.1 200 OK|Content-Disposition: a|Content-Disposition: b|Content-Length: 2", "net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION")]
    [InlineData("HTTP/1.1 200 OK|Content-Length: 2|Content-Length: 2", null)]
    public async Task Conflicting_copies_of_framing_headers_are_a_network_error(string head, string? netError)
    {
        var lines = head.Split('|');
        await using var server = RawServer.Start(_ => Head(lines[0], [.. lines.Skip(1), "Access-Control-Allow-Origin: *"]) + "ok");

        var run = await RunAsync("check", server.Origin + "/d", "--origin", Page, "--format", "json");

        var json = run.Json;
        if (netError is null)
        {
            Assert.Equal(0, run.ExitCode);
            Assert.True(json.GetProperty("allowed").GetBoolean());
            return;
        }

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("network", json.GetProperty("error").GetProperty("kind").GetString());
        Assert.Equal(netError, json.GetProperty("error").GetProperty("netError").GetString());
    }

    // A 300,000-byte header line: Chromium 156 fails the response (net::ERR_RESPONSE_HEADERS_TOO_BIG, 256 KiB limit);
    // Firefox 153 accepts it (its limit is 384 KiB). 200,000 bytes pass both.
    [Theory]
    [InlineData(300_000, "chromium", false)]
    [InlineData(300_000, "firefox", true)]
    [InlineData(200_000, "chromium", true)]
    public async Task Response_head_size_limit_is_the_browsers(int size, string browser, bool allowed)
    {
        await using var server = RawServer.Start(_ => Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: *", "X-Big: " + new string('a', size), "Content-Length: 2") + "ok");

        var run = await RunAsync("check", server.Origin + "/big", "--origin", Page, "--browser", browser, "--format", "json");

        Assert.Equal(allowed, run.Json.GetProperty("allowed").GetBoolean());
        if (!allowed)
        {
            Assert.Equal(2, run.ExitCode);
            Assert.Equal("net::ERR_RESPONSE_HEADERS_TOO_BIG", run.Json.GetProperty("error").GetProperty("netError").GetString());
        }
    }

    // A 302 carrying the same Location twice is followed by Chromium 156 and Firefox 153 (the next hop answers with
    // ACAO *); check used to see two Location values and stop at the redirect (MissingAllowOriginHeader).
    [Theory]
    [InlineData("chromium")]
    [InlineData("firefox")]
    public async Task Identical_location_copies_are_one_redirect(string browser)
    {
        await using var server = RawServer.Start(req => req.Target == "/from"
            ? Head("HTTP/1.1 302 Found", "Location: /to", "Location: /to", "Access-Control-Allow-Origin: *", "Content-Length: 0")
            : Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok");

        var run = await RunAsync("check", server.Origin + "/from", "--origin", Page, "--browser", browser, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(new[] { "/from", "/to" }, server.Seen.Select(r => r.Target).ToArray());
    }

    // fetch(url, {headers: [["X-Name", "caf\u00E9"]]}): browsers send the value as Latin-1 bytes (0xE9) after a preflight
    // listing x-name; both Chromium 156 and Firefox 153 resolve. HttpClient refused non-ASCII header values, so check
    // reported a network error after the preflight.
    [Theory]
    [InlineData("chromium")]
    [InlineData("firefox")]
    public async Task Latin1_request_header_values_are_sent_as_bytes(string browser)
    {
        await using var server = RawServer.Start(req => req.Method == "OPTIONS"
            ? Head("HTTP/1.1 204 No Content", "Access-Control-Allow-Origin: *", "Access-Control-Allow-Headers: x-name")
            : Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok");

        var run = await RunAsync("check", server.Origin + "/l", "--origin", Page, "-H", "X-Name: caf\u00E9", "--browser", browser, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        var actual = server.Seen.Last();
        Assert.Equal("GET", actual.Method);
        Assert.Equal("caf\u00E9", actual.Header("X-Name")); // read back as Latin-1: one byte 0xE9
    }

    // ACAO with a non-ASCII byte: InvalidAllowOriginValue in Chromium 156. DevTools' failedParameter is the raw bytes
    // decoded as UTF-8, or "" when they are not UTF-8 (`*` 0xE9 → ""; `*` C3 A9 → "*é"); the console message escapes
    // every byte (`'*\u00C3\u00A9'`).
    [Theory]
    [InlineData("*\u00E9", "", "'*\\u00E9'")]
    [InlineData("*\u00C3\u00A9", "*\u00E9", "'*\\u00C3\\u00A9'")]
    public async Task Non_ascii_allow_origin_parameter_is_what_devtools_shows(string value, string parameter, string quoted)
    {
        await using var server = RawServer.Start(_ => Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: " + value, "Content-Length: 2") + "ok");

        var run = await RunAsync("check", server.Origin + "/p", "--origin", Page, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var error = run.Json.GetProperty("error");
        Assert.Equal("InvalidAllowOriginValue", error.GetProperty("code").GetString());
        Assert.Equal(parameter, error.GetProperty("parameter").GetString());
        Assert.Contains("contains the invalid value " + quoted + ".", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    // A dev server listening on [::1] only, fetched as http://localhost:P: Chromium 156 and Firefox 153 resolve
    // `localhost` to loopback themselves (IPv6 too, whatever /etc/hosts says) and reach it; check used the OS resolver
    // (127.0.0.1 only here) and reported net::ERR_CONNECTION_REFUSED. `http://api.localhost:P` reaches 127.0.0.1 in
    // both browsers (check: net::ERR_NAME_NOT_RESOLVED). The Host header keeps an IPv6 literal's brackets.
    [Theory]
    [InlineData("chromium")]
    [InlineData("firefox")]
    public async Task Localhost_names_resolve_to_loopback_like_the_browsers(string browser)
    {
        await using var v6 = RawServer.Start(_ => Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok", IPAddress.IPv6Loopback);
        await using var v4 = RawServer.Start(_ => Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok");

        var viaLocalhost = await RunAsync("check", $"http://localhost:{v6.Port}/x", "--origin", Page, "--browser", browser, "--format", "json");
        var viaSubdomain = await RunAsync("check", $"http://api.localhost:{v4.Port}/x", "--origin", Page, "--browser", browser, "--format", "json");
        var viaLiteral = await RunAsync("check", $"http://[::1]:{v6.Port}/x", "--origin", Page, "--browser", browser, "--format", "json");

        Assert.Equal(0, viaLocalhost.ExitCode);
        Assert.Equal(0, viaSubdomain.ExitCode);
        Assert.Equal(0, viaLiteral.ExitCode);
        Assert.Equal($"api.localhost:{v4.Port}", v4.Seen.Single().Header("Host"));
        Assert.Equal($"[::1]:{v6.Port}", v6.Seen.Last().Header("Host"));
    }

    // fetch('http://…/h0#frag') redirected by `Location: /h1` to a response without ACAO: Chromium 156's console line
    // names 'http://…/h1#frag' (redirected from 'http://…/h0#frag'): the Location inherits the fragment (Fetch
    // "location URL"). check named '…/h1'.
    [Fact]
    public async Task A_redirect_keeps_the_fragment_in_the_console_message()
    {
        await using var server = RawServer.Start(req => req.Target == "/h0"
            ? Head("HTTP/1.1 302 Found", "Location: /h1", "Access-Control-Allow-Origin: *", "Content-Length: 0")
            : Head("HTTP/1.1 200 OK", "Content-Length: 2") + "ok");

        var run = await RunAsync("check", server.Origin + "/h0#frag", "--origin", Page, "--format", "json");

        Assert.Equal(1, run.ExitCode);
        var message = run.Json.GetProperty("error").GetProperty("message").GetString();
        Assert.StartsWith($"Access to fetch at '{server.Origin}/h1#frag' (redirected from '{server.Origin}/h0#frag') from origin '{Page}'", message, StringComparison.Ordinal);
        Assert.Equal(new[] { "/h0", "/h1" }, server.Seen.Select(r => r.Target).ToArray());
    }

    // Redirect targets, observed in Chromium 156 from a page on 127.0.0.1 (Firefox 153 blocks all but the last two):
    // ftp:/mailto:/javascript:/gopher: → CorsDisabledScheme naming the target; data:/file:/blob:/about:/chrome: →
    // net::ERR_UNSAFE_REDIRECT; ws:/wss: → net::ERR_UNKNOWN_URL_SCHEME. `Location: \\host:port\path` is followed as
    // //host:port/path (WHATWG URL: backslash is a slash in special URLs) in both browsers. A 300 with Location is not a
    // redirect in either browser: the page gets the 300 (check used to follow it).
    [Theory]
    [InlineData("ftp://127.0.0.1/x", "cors", "CorsDisabledScheme")]
    [InlineData("mailto:a@b.c", "cors", "CorsDisabledScheme")]
    [InlineData("data:text/plain,hi", "network", "net::ERR_UNSAFE_REDIRECT")]
    [InlineData("file:///etc/hosts", "network", "net::ERR_UNSAFE_REDIRECT")]
    [InlineData("ws://127.0.0.1:1/x", "network", "net::ERR_UNKNOWN_URL_SCHEME")]
    public async Task Redirects_to_other_schemes_fail_as_chromium_fails_them(string location, string kind, string code)
    {
        await using var server = RawServer.Start(_ => Head("HTTP/1.1 302 Found", "Location: " + location, "Access-Control-Allow-Origin: *", "Content-Length: 0"));

        var run = await RunAsync("check", server.Origin + "/r", "--origin", Page, "--format", "json");

        var error = run.Json.GetProperty("error");
        Assert.Equal(kind, error.GetProperty("kind").GetString());
        Assert.Equal(code, error.GetProperty(kind == "cors" ? "code" : "netError").GetString());
        if (kind == "cors")
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Equal($"Access to fetch at '{location}' (redirected from '{server.Origin}/r') from origin '{Page}' has been blocked by CORS policy: "
                + "Cross origin requests are only supported for protocol schemes: chrome, chrome-experimental-site-token-provider, chrome-extension, "
                + "chrome-untrusted, data, http, https, isolated-app.", error.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("HTTP/1.1 302 Found", "Location: \\\\127.0.0.1:{port}\\to", 200, new[] { "/from", "/to" })]
    [InlineData("HTTP/1.1 300 Multiple Choices", "Location: /to", 300, new[] { "/from" })]
    public async Task Location_is_read_as_browsers_read_it(string status, string location, int finalStatus, string[] requested)
    {
        RawServer? self = null;
        await using var server = RawServer.Start(req => req.Target == "/from"
            ? Head(status, location.Replace("{port}", self!.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal), "Access-Control-Allow-Origin: *", "Content-Length: 0")
            : Head("HTTP/1.1 200 OK", "Access-Control-Allow-Origin: *", "Content-Length: 2") + "ok");
        self = server;

        var run = await RunAsync("check", server.Origin + "/from", "--origin", Page, "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(requested, server.Seen.Select(r => r.Target).ToArray());
        var json = run.Json;
        var last = json.GetProperty("redirects").GetArrayLength() > 0 ? json.GetProperty("redirects")[json.GetProperty("redirects").GetArrayLength() - 1] : json.GetProperty("actual");
        Assert.Equal(finalStatus, last.GetProperty("response").GetProperty("status").GetInt32());
    }
}
