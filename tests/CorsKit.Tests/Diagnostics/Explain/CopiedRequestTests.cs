using System.Text;
using CorsKit.Diagnostics.Explain;

namespace CorsKit.Tests.Diagnostics.Explain;

/// <summary>
/// <see cref="CopiedRequest"/> (issue 11, input 3). Every example is written by hand in the exact shape Chromium
/// DevTools produces, following front_end/panels/network/NetworkLogView.ts: <c>generateCurlCommand</c> (URL first with
/// <c>[ ] { }</c> backslash-escaped, <c>-X</c> only when the method is not GET / POST-with-body, one <c>-H</c> a header,
/// <c>-H 'name;'</c> for an empty value, <c>--data-raw</c>, <c>--compressed</c>, arguments joined by " \\\n  " or
/// " ^\n  "), its <c>escapeStringPosix</c> (<c>'…'</c>, or <c>$'…'</c> with <c>\'</c>, <c>\n</c> and <c>\u0021</c>
/// when the text holds <c>'</c>, <c>!</c> or a control character) and <c>escapeStringWin</c> (backslashes doubled,
/// <c>"</c> as <c>\"</c>, <c>^</c> before every character outside <c>[a-zA-Z0-9\s_\-:=+~'/.',?;()*`&amp;]</c>, <c>%^</c>
/// before a name character, a line break as <c>^</c> + two line breaks, <c>^"</c> around a value with a line break);
/// and <c>generateFetchCall</c> (<c>JSON.stringify(options, null, 2)</c>; the Node.js style without <c>mode</c> and
/// <c>credentials</c>, with <c>cookie</c>, <c>Referer</c> and <c>Referrer-Policy</c> moved into the headers).
/// </summary>
public sealed class CopiedRequestTests
{
    // A cross-origin GET as Chromium 131 on Linux sends it, "Copy as cURL (bash)".
    private const string BashGet = """
        curl 'https://api.example/items?page=2' \
          -H 'accept: */*' \
          -H 'accept-language: en-US,en;q=0.9' \
          -H 'origin: https://app.example' \
          -H 'priority: u=1, i' \
          -H 'referer: https://app.example/' \
          -H 'sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"' \
          -H 'sec-ch-ua-mobile: ?0' \
          -H 'sec-ch-ua-platform: "Linux"' \
          -H 'sec-fetch-dest: empty' \
          -H 'sec-fetch-mode: cors' \
          -H 'sec-fetch-site: cross-site' \
          -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' \
          -H 'x-api-key: k1' \
          --compressed
        """;

    // A credentialed PUT whose body holds ' and ! and a line break: escapeStringPosix switches to ANSI-C quoting.
    private const string BashPut = """
        curl 'https://api.example/notes/7' \
          -X 'PUT' \
          -H 'content-type: application/json' \
          -H 'cookie: sid=abc; theme=dark' \
          -H 'origin: https://app.example' \
          -H 'sec-fetch-mode: cors' \
          -H 'x-request-id: 7' \
          --data-raw $'{"note":"it\'s done\u0021",\n"n":1}' \
          --compressed
        """;

    // POST inferred from the body (no -X), glob characters in the URL, an empty header, only a Referer (a page URL).
    private const string BashPostNoOrigin = """
        curl 'https://api.example/search?ids\[0\]=1&q=\{x\}' \
          -H 'content-type: text/plain;charset=UTF-8' \
          -H 'referer: https://app.example/page?x=1' \
          -H 'x-empty;' \
          --data-raw 'hello' \
          --compressed
        """;

    // "Copy as cURL (cmd)": ^"…^" quoting, every unsafe character careted, %^ before a name character, and the
    // line break in the body written as ^ + two line breaks.
    private const string CmdPut = "curl \"https://api.example/items?a=1&b=^\\[2^\\]\" ^\n"
        + "  -X ^\"PUT^\" ^\n"
        + "  -H ^\"authorization: Bearer abc.def^\" ^\n"
        + "  -H ^\"content-type: application/json^\" ^\n"
        + "  -H ^\"origin: http://localhost:3000^\" ^\n"
        + "  -H ^\"sec-ch-ua: ^\\^\"Chromium^\\^\";v=^\\^\"131^\\^\"^\" ^\n"
        + "  --data-raw ^\"^{^\\^\"a^\\^\":^\\^\"50^%^off^\\^\",^\n\n^\\^\"p^\\^\":^\\^\"x^\\^\\y^\\^\"^}^\" ^\n"
        + "  --compressed";

    private const string FetchPatch = """
        fetch("https://api.example/items/1", {
          "headers": {
            "accept": "application/json",
            "accept-language": "en-US,en;q=0.9",
            "content-type": "application/json",
            "priority": "u=1, i",
            "sec-ch-ua": "\"Chromium\";v=\"131\", \"Not_A Brand\";v=\"24\"",
            "sec-ch-ua-mobile": "?0",
            "sec-ch-ua-platform": "\"Linux\"",
            "sec-fetch-dest": "empty",
            "sec-fetch-mode": "cors",
            "sec-fetch-site": "cross-site",
            "x-api-key": "k1"
          },
          "referrer": "https://app.example/",
          "referrerPolicy": "strict-origin-when-cross-origin",
          "body": "{\"qty\":2}",
          "method": "PATCH",
          "mode": "cors",
          "credentials": "include"
        });
        """;

    private const string FetchNode = """
        fetch("https://api.example/items", {
          "headers": {
            "accept": "*/*",
            "x-api-key": "k1",
            "cookie": "sid=abc",
            "Referer": "https://app.example/",
            "Referrer-Policy": "strict-origin-when-cross-origin"
          },
          "body": null,
          "method": "GET"
        });
        """;

    private static readonly string[] Examples = [BashGet, BashPut, BashPostNoOrigin, CmdPut, FetchPatch, FetchNode];

    private static (CopiedRequestKind Kind, CheckRequest Request, string? Origin) Parse(string text)
    {
        Assert.True(CopiedRequest.TryParse(text, out var kind, out var request, out var origin, out var error), error);
        Assert.Equal("", error);
        return (kind, request!, origin);
    }

    private static string[] Pairs(CheckRequest request) => [.. request.Headers.Select(h => $"{h.Name}: {h.Value}")];

    /// <summary>Everything the parse gives, one field a line, so one assertion compares a whole example.</summary>
    private static string Describe(string text)
    {
        var (kind, request, origin) = Parse(text);
        Assert.Equal(origin ?? "", request.Origin);
        return string.Join("\n", [
            $"kind={kind}", $"{request.Method} {request.Url}", $"origin={origin ?? "(absent)"}",
            $"credentials={request.Credentials}", $"cookie={request.Cookie ?? "(none)"}", $"body={request.Body ?? "(none)"}",
            .. Pairs(request)]);
    }

    private static string Expected(params string[] lines) => string.Join("\n", lines);

    // sec-fetch-*, sec-ch-ua*, user-agent, referer, origin: forbidden (Fetch §2.2.2); accept-language and priority:
    // added by the browser, not by the script.
    [Fact]
    public void Bash_get_keeps_only_script_headers_and_takes_the_origin_header() => Assert.Equal(
        Expected("kind=CurlBash", "GET https://api.example/items?page=2", "origin=https://app.example", "credentials=same-origin",
            "cookie=(none)", "body=(none)", "accept: */*", "x-api-key: k1"),
        Describe(BashGet));

    // Cookies on a cross-origin fetch mean credentials "include".
    [Fact]
    public void Bash_ansi_c_body_cookie_and_explicit_method() => Assert.Equal(
        Expected("kind=CurlBash", "PUT https://api.example/notes/7", "origin=https://app.example", "credentials=include",
            "cookie=sid=abc; theme=dark", "body={\"note\":\"it's done!\",\n\"n\":1}", "content-type: application/json", "x-request-id: 7"),
        Describe(BashPut));

    [Fact]
    public void Bash_post_is_inferred_globs_are_unescaped_and_the_origin_comes_from_the_referer() => Assert.Equal(
        Expected("kind=CurlBash", "POST https://api.example/search?ids[0]=1&q={x}", "origin=https://app.example", "credentials=same-origin",
            "cookie=(none)", "body=hello", "content-type: text/plain;charset=UTF-8", "x-empty: "),
        Describe(BashPostNoOrigin));

    [Fact]
    public void Without_origin_or_referer_the_origin_is_absent_and_left_to_the_caller() => Assert.Equal(
        Expected("kind=CurlBash", "GET https://api.example/x", "origin=(absent)", "credentials=same-origin", "cookie=(none)", "body=(none)", "x-a: 1"),
        Describe("curl 'https://api.example/x' -H 'x-a: 1' --compressed"));

    [Fact]
    public void Cmd_carets_crt_quotes_percent_and_line_breaks_are_undone() => Assert.Equal(
        Expected("kind=CurlCmd", "PUT https://api.example/items?a=1&b=[2]", "origin=http://localhost:3000", "credentials=same-origin",
            "cookie=(none)", "body={\"a\":\"50%off\",\n\"p\":\"x\\y\"}", "authorization: Bearer abc.def", "content-type: application/json"),
        Describe(CmdPut));

    [Fact]
    public void Cmd_with_plain_quotes_and_crlf_joins() => Assert.Equal(
        Expected("kind=CurlCmd", "GET https://api.example/a", "origin=https://app.example", "credentials=same-origin", "cookie=(none)", "body=(none)", "x-b: 2"),
        Describe("curl \"https://api.example/a\" ^\r\n  -H \"x-b: 2\" ^\r\n  -H \"origin: https://app.example\" ^\r\n  --compressed"));

    [Fact]
    public void Fetch_keeps_script_headers_mode_and_credentials_and_takes_the_origin_from_the_referrer() => Assert.Equal(
        Expected("kind=Fetch", "PATCH https://api.example/items/1", "origin=https://app.example", "credentials=include", "cookie=(none)",
            "body={\"qty\":2}", "accept: application/json", "content-type: application/json", "x-api-key: k1"),
        Describe(FetchPatch));

    [Fact]
    public void Fetch_node_moves_cookie_and_referer_back_and_drops_its_referrer_policy_header() => Assert.Equal(
        Expected("kind=FetchNode", "GET https://api.example/items", "origin=https://app.example", "credentials=include", "cookie=sid=abc",
            "body=(none)", "accept: */*", "x-api-key: k1"),
        Describe(FetchNode));

    // Some DevTools builds write the cookie header as curl's -b (only when it holds '='), and --insecure for an
    // http:// page; curl(1) sends -b k=v as a Cookie header, and --insecure changes nothing the browser sent.
    [Fact]
    public void Cookie_given_with_dash_b_and_insecure_flag() => Assert.Equal(
        Expected("kind=CurlBash", "GET http://api.example/a", "origin=http://app.example", "credentials=include", "cookie=sid=abc; x=1",
            "body=(none)", "accept: */*"),
        Describe("curl 'http://api.example/a' \\\n  -H 'accept: */*' \\\n  -b 'sid=abc; x=1' \\\n  -H 'Origin: http://app.example' \\\n  --compressed \\\n  --insecure"));

    [Fact]
    public void Disable_cache_headers_are_the_browsers_but_a_lone_cache_control_is_the_scripts()
    {
        var (_, bypass, _) = Parse("curl 'https://api.example/a' -H 'Cache-Control: no-cache' -H 'Pragma: no-cache' -H 'x-a: 1'");
        Assert.Equal(["x-a: 1"], Pairs(bypass));

        var (_, script, _) = Parse("curl 'https://api.example/a' -H 'cache-control: max-age=0'");
        Assert.Equal(["cache-control: max-age=0"], Pairs(script));
    }

    [Theory]
    [InlineData("hello world", "expected a request copied from DevTools")]
    [InlineData("", "expected a request copied from DevTools")]
    [InlineData("curl 'https://a.example/1' --compressed ;\ncurl 'https://a.example/2' --compressed", "more than one command")]
    [InlineData("curl \"https://a.example/1\" --compressed &\r\ncurl \"https://a.example/2\" --compressed", "more than one command")]
    [InlineData("fetch(\"https://a.example/1\", {}) ;\nfetch(\"https://a.example/2\", {});", "more than one fetch call")]
    [InlineData("fetch(\"https://a.example/1\", {}) ;\r\nfetch(\"https://a.example/2\", {});", "more than one fetch call")]
    [InlineData("curl 'https://a.example/1 -H 'x: 1'", "unterminated")]
    [InlineData("curl 'https://a.example/1' --data-binary @body.json", "reads the body from a file")]
    [InlineData("curl 'https://a.example/1' -o out.html", "'-o' is not a curl option")]
    [InlineData("curl 'https://a.example/1' -X 'OPTIONS' -H 'access-control-request-method: PUT' -H 'origin: https://app.example'", "this is the preflight")]
    [InlineData("curl 'ftp://a.example/1'", "is not an http:// or https:// URL")]
    [InlineData("curl 'https://a.example/1' -H $'x-a: 1\\r\\nx-b: 2'", "line break")]
    [InlineData("curl 'https://a.example/1' -X 'GE T'", "is not a valid HTTP method")]
    [InlineData("fetch(\"https://a.example/1\", { headers: {} });", "not the JSON DevTools")]
    [InlineData("fetch(\"https://a.example/1\", {\"mode\": \"no-cors\"});", "mode 'no-cors'")]
    [InlineData("curl", "expected a request copied from DevTools")]
    [InlineData("curl --compressed", "has no URL")]
    public void Unrecognised_input_gets_one_clear_sentence(string text, string expected)
    {
        Assert.False(CopiedRequest.TryParse(text, out var request, out _, out var error));
        Assert.Null(request);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.EndsWith(".", error, StringComparison.Ordinal);
    }

    /// <summary>Seeded random text and mutations of every example: never an exception, and every refusal says why.</summary>
    [Fact]
    public void Hostile_input_never_throws()
    {
        var random = new Random(20261203);
        const string alphabet = "curlfetch(){}[]\"'$\\^%&|;:,=!?@#-_ \t\r\n\0abcXHd0123456789\u00e9\ud83d\ude00\ud800u";
        var inputs = new List<string>();
        for (var n = 0; n < 20_000; n++)
        {
            var prefix = (n % 3) switch { 0 => "curl ", 1 => "fetch(", _ => "" };
            var chars = new char[random.Next(0, 80)];
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            inputs.Add(prefix + new string(chars));
        }

        foreach (var example in Examples)
        {
            for (var n = 0; n < 3_000; n++)
            {
                var text = new StringBuilder(example);
                for (var edits = random.Next(1, 4); edits > 0 && text.Length > 0; edits--)
                {
                    var at = random.Next(text.Length);
                    switch (random.Next(4))
                    {
                        case 0: text.Remove(at, 1); break;
                        case 1: text.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                        case 2: text.Length = at; break;
                        default: text.Insert(at, text.ToString(at, Math.Min(20, text.Length - at))); break;
                    }
                }

                inputs.Add(text.ToString());
            }
        }

        inputs.Add(new string('\\', 100_000) + "\"");
        inputs.Add("curl ^\"" + string.Concat(Enumerable.Repeat("\\^\"", 50_000)));
        inputs.Add("fetch(" + new string('[', 10_000) + ")");
        inputs.Add("curl $'\\U7fffffff\\uD800\\x\\777'");

        var accepted = 0;
        foreach (var input in inputs)
        {
            var ok = CopiedRequest.TryParse(input, out var request, out var origin, out var error);
            if (ok)
            {
                accepted++;
                Assert.NotNull(request);
                Assert.Equal(origin ?? "", request.Origin);
                // Whatever is accepted is a request check takes as it is.
                Assert.True(CheckInput.TryBuild(request with { Origin = origin ?? "null" }, out _, out var checkError), checkError);
            }
            else
            {
                Assert.Null(request);
                Assert.False(string.IsNullOrWhiteSpace(error), input);
            }
        }

        // The mutations leave many examples intact enough to parse: the fuzz reaches past the first refusal.
        Assert.InRange(accepted, 1_000, inputs.Count - 1_000);
    }
}
