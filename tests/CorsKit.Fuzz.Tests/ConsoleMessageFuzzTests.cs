using CorsKit.Diagnostics;

namespace CorsKit.Fuzz.Tests;

/// <summary>Pasted console text (<c>corskit explain</c>): the recogniser never throws, stays linear, and whatever it
/// recognises can be explained (the model's advice for the code) without throwing.</summary>
public sealed class ConsoleMessageFuzzTests(ITestOutputHelper output)
{
    // Lines Chromium 156 logged in ExplainChromiumTests, a DevTools-style paste, and the older wording (browser-cors.md §4.4).
    private static readonly string[] Seeds =
    [
        "Access to fetch at 'http://127.0.0.1:44867/s/missing' from origin 'http://127.0.0.1:38971' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.\nFailed to load resource: net::ERR_FAILED",
        "Access to fetch at 'http://127.0.0.1:44867/s/multiple' from origin 'http://127.0.0.1:38971' has been blocked by CORS policy: The 'Access-Control-Allow-Origin' header contains multiple values 'http://127.0.0.1:38971, http://127.0.0.1:38971', but only one is allowed. Have the server send the header with a valid value.",
        "index.html:1 Access to fetch at 'https://api.example/v1/orders/17' from origin 'https://shop.example' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: It does not have HTTP ok status.\r\napp.js:42  PUT https://api.example/v1/orders/17 net::ERR_FAILED",
        "Access to fetch at 'http://127.0.0.1:44867/s/redirect/target' (redirected from 'http://127.0.0.1:44867/s/redirect') from origin 'http://127.0.0.1:38971' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        "Access to XMLHttpRequest at 'http://127.0.0.1:44867/s/xhr-wildcard' from origin 'http://127.0.0.1:38971' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.",
        "Access to fetch at 'https://b.example/x' from origin 'null' has been blocked by CORS policy: Request header field x-\\u00E9 is not allowed by Access-Control-Allow-Headers in preflight response.",
        "Access to fetch at 'http://localhost:3000/x' from origin 'https://app.example' has been blocked by CORS policy: Permission was denied for this request to access the `loopback` address space.",
        // Firefox ESR 153 and WebKitGTK 2.50 as recorded in BrowserConsoleTextTests; a Safari copy.
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:18932/s/pf_redirect. (Reason: CORS request external redirect not allowed).\nCross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:18932/s/pf_redirect. (Reason: CORS preflight response did not succeed). Status code: 307.\nCross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:18932/s/pf_redirect. (Reason: CORS request did not succeed). Status code: (null).",
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘http://localhost:18932/s/wildcard’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’). [Learn More]",
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at http://localhost:18932/s/mismatch. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’).",
        "Security Error: Content at http://127.0.0.1:18931/ may not load data from http://localhost:18932/s/mode_same.",
        "CONSOLE SECURITY ERROR Cross-origin redirection to http://localhost:18932/x denied by Cross-Origin Resource Sharing policy: Origin http://127.0.0.1:18931 is not allowed by Access-Control-Allow-Origin. Status code: 302\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/redir_noacao due to access control checks.",
        "[Error] Request header field X-Custom is not allowed by Access-Control-Allow-Headers.\n[Error] XMLHttpRequest cannot load http://localhost:18932/s/pf_header due to access control checks.\n[Error] Failed to load resource: Request header field X-Custom is not allowed by Access-Control-Allow-Headers. (pf_header, line 0)",
    ];

    private static readonly string[] Tokens =
    [
        "Access to fetch at '", "Access to XMLHttpRequest at '", "' from origin '", "' (redirected from '", "') ",
        "' has been blocked by CORS policy: ", "Response to preflight request doesn't pass access control check: ",
        "'", "\n", "\r\n", " net::ERR_FAILED", "\\u", "\\u0000", "%", "http://", "https://", "null", "`", ".", " ",
        "Method ", " is not allowed by Access-Control-Allow-Methods in preflight response.",
        "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ", ". (Reason: ", "). Status code: ",
        "(null)", "‘", "’", " [Learn More]", "[Error] ", "CONSOLE SECURITY ERROR ", " due to access control checks.", "Fetch API cannot load ",
        "Cross-origin redirection to ", " denied by Cross-Origin Resource Sharing policy: ", "Failed to load resource: ", " is not allowed by Access-Control-Allow-Origin.",
    ];

    [Fact]
    public void Console_text_never_throws_and_every_message_explains() =>
        FuzzRun.Sync(output, "console-text", 10_000, Seeds, Tokens, FuzzRun.Documented(), InputSource.File, static input =>
        {
            var parsed = ConsoleMessageParser.Parse(input);
            foreach (var message in parsed.Messages)
            {
                var failure = message.Explain();
                Assert.Equal(message.Code, failure.Code);
                // Firefox and WebKit lines map to candidates, the first being the code; each browser's text is written.
                Assert.Equal(message.Code, message.Candidates[0]);
                Assert.False(string.IsNullOrEmpty(failure.ConsoleMessage(message.Browser)));
                Assert.False(string.IsNullOrWhiteSpace(failure.Fix));
            }
        });
}
