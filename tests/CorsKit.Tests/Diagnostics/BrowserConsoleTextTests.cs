using CorsKit.Diagnostics;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Tests.Diagnostics;

/// <summary>
/// Firefox's and WebKit's console catalogues: every text equals the browser's source (security.properties; WebCore),
/// every (browser, CorsError) message the model writes is read back to that browser and to a candidate list holding
/// the CorsError, and lines recorded from the real browsers are read as the failures that produced them.
/// </summary>
public class BrowserConsoleTextTests
{
    /// <summary>The CORS section of dom/locales/en-US/chrome/security/security.properties, verbatim
    /// (mozilla/gecko-dev @5f378c92, unchanged @659e5d3c), and caps.properties CheckSameOriginError.</summary>
    private static readonly Dictionary<FirefoxReason, string> SecurityProperties = new()
    {
        [FirefoxReason.CORSDisabled] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS disabled).",
        [FirefoxReason.CORSDidNotSucceed2] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request did not succeed). Status code: %2$S.",
        [FirefoxReason.CORSOriginHeaderNotAdded] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Origin’ cannot be added).",
        [FirefoxReason.CORSExternalRedirectNotAllowed] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request external redirect not allowed).",
        [FirefoxReason.CORSRequestNotHttp] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS request not http).",
        [FirefoxReason.CORSMissingAllowOrigin2] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S.",
        [FirefoxReason.CORSMultipleAllowOriginNotAllowed] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).",
        [FirefoxReason.CORSAllowOriginNotMatchingOrigin] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’).",
        [FirefoxReason.CORSNotSupportingCredentials] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘%1$S’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).",
        [FirefoxReason.CORSMethodNotFound] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).",
        [FirefoxReason.CORSMissingAllowCredentials] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).",
        [FirefoxReason.CORSPreflightDidNotSucceed3] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S.",
        [FirefoxReason.CORSInvalidAllowMethod] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’).",
        [FirefoxReason.CORSInvalidAllowHeader] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’).",
        [FirefoxReason.CORSMissingAllowHeaderFromPreflight2] = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at %1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).",
        [FirefoxReason.CORSAllowHeaderFromPreflightDeprecation] = "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at %1$S soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).",
        [FirefoxReason.CheckSameOriginError] = "Security Error: Content at %1$S may not load data from %2$S.",
    };

    [Fact]
    public void Every_Firefox_reason_has_its_security_properties_text()
    {
        Assert.Equal(Enum.GetValues<FirefoxReason>().Order(), FirefoxConsoleText.Templates.Select(t => t.Reason).Order());
        foreach (var reason in Enum.GetValues<FirefoxReason>())
        {
            Assert.Equal(SecurityProperties[reason], FirefoxConsoleText.Write(reason, "%1$S", "%2$S"));
        }

        Assert.Equal("CORSMissingAllowOrigin", FirefoxConsoleText.MdnName(FirefoxReason.CORSMissingAllowOrigin2));
        Assert.Equal("CORSMissingAllowHeaderFromPreflight", FirefoxConsoleText.MdnName(FirefoxReason.CORSMissingAllowHeaderFromPreflight2));
    }

    /// <summary>WebKit's texts, from WebKit/WebKit @00f03c1f: CrossOriginAccessControl.cpp passesAccessControlCheck and
    /// validatePreflightResponse; CrossOriginPreflightResultCache.cpp create and validateMethodAndHeaders;
    /// NetworkLoadChecker.cpp checkRedirection and continueCheckingRequest; ThreadableLoader.cpp logError.</summary>
    [Theory]
    [InlineData(WebKitMessage.OriginNotAllowed, "Origin https://a.example is not allowed by Access-Control-Allow-Origin. Status code: 200")]
    [InlineData(WebKitMessage.WildcardWithCredentials, "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.")]
    [InlineData(WebKitMessage.MultipleOrigins, "Access-Control-Allow-Origin cannot contain more than one origin.")]
    [InlineData(WebKitMessage.CredentialsNotTrue, "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".")]
    [InlineData(WebKitMessage.PreflightNotSuccessful, "Preflight response is not successful. Status code: 200")]
    [InlineData(WebKitMessage.InvalidAllowMethods, "Header Access-Control-Allow-Methods has an invalid value: x y")]
    [InlineData(WebKitMessage.InvalidAllowHeaders, "Header Access-Control-Allow-Headers has an invalid value: x y")]
    [InlineData(WebKitMessage.MethodNotAllowed, "Method x y is not allowed by Access-Control-Allow-Methods.")]
    [InlineData(WebKitMessage.HeaderNotAllowed, "Request header field x y is not allowed by Access-Control-Allow-Headers.")]
    [InlineData(WebKitMessage.RedirectNonCorsScheme, "Cross-origin redirection to https://b.example/x denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme")]
    [InlineData(WebKitMessage.RedirectHasCredentials, "Cross-origin redirection to https://b.example/x denied by Cross-Origin Resource Sharing policy: redirection URL x y has credentials")]
    [InlineData(WebKitMessage.SameOriginMode, "Unsafe attempt to load URL https://b.example/x from origin https://a.example. Domains, protocols and ports must match.")]
    [InlineData(WebKitMessage.CannotLoad, "Fetch API cannot load https://b.example/x due to access control checks.")]
    public void Every_WebKit_message_has_its_source_text(WebKitMessage kind, string expected)
    {
        Assert.Equal(expected, WebKitConsoleText.Write(kind, "https://a.example", "200", "x y", "https://b.example/x"));
        var read = WebKitConsoleText.TryRead("[Error] " + expected, out var failedToLoad);
        Assert.NotNull(read);
        Assert.Equal(kind, read.Kind);
        Assert.False(failedToLoad);
    }

    [Fact]
    public void Every_WebKit_message_has_a_template() =>
        Assert.Equal(Enum.GetValues<WebKitMessage>().Order(), WebKitConsoleText.Templates.Select(t => t.Kind).Order());

    /// <summary>The response each code is found on (status and headers as the browser saw them), so the Firefox and
    /// WebKit texts name what they would.</summary>
    private static IncomingResponse ResponseFor(ChromiumCorsError code)
    {
        (int Status, HttpHeader[] Headers) r = code switch
        {
            ChromiumCorsError.MissingAllowOriginHeader or ChromiumCorsError.PreflightMissingAllowOriginHeader => (200, []),
            ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed => (200, [new("Access-Control-Allow-Origin", "*")]),
            ChromiumCorsError.MultipleAllowOriginValues or ChromiumCorsError.PreflightMultipleAllowOriginValues => (200, [new("Access-Control-Allow-Origin", "https://a.example, https://x.example")]),
            ChromiumCorsError.InvalidAllowOriginValue or ChromiumCorsError.PreflightInvalidAllowOriginValue => (200, [new("Access-Control-Allow-Origin", "not an origin")]),
            ChromiumCorsError.AllowOriginMismatch or ChromiumCorsError.PreflightAllowOriginMismatch => (200, [new("Access-Control-Allow-Origin", "https://a.example/")]),
            ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials => (200, [new("Access-Control-Allow-Origin", "https://a.example"), new("Access-Control-Allow-Credentials", "True")]),
            ChromiumCorsError.PreflightInvalidStatus => (403, [new("Access-Control-Allow-Origin", "https://a.example")]),
            ChromiumCorsError.PreflightDisallowedRedirect => (307, [new("Access-Control-Allow-Origin", "https://a.example"), new("Location", "/elsewhere")]),
            ChromiumCorsError.InvalidAllowMethodsPreflightResponse => (204, [new("Access-Control-Allow-Origin", "https://a.example"), new("Access-Control-Allow-Methods", "PUT, {bad}")]),
            ChromiumCorsError.InvalidAllowHeadersPreflightResponse => (204, [new("Access-Control-Allow-Origin", "https://a.example"), new("Access-Control-Allow-Headers", "x-api-key, a b")]),
            ChromiumCorsError.RedirectContainsCredentials => (302, [new("Location", "https://u:p@c.example/x")]),
            _ => (204, [new("Access-Control-Allow-Origin", "https://a.example")]),
        };
        return new IncomingResponse { Status = r.Status, Headers = r.Headers };
    }

    /// <summary>Chromium's parameters (ConsoleMessageParserTests), with the list values the preflight list errors carry.</summary>
    private static (string Parameter, string? Hint) ParameterFor(ChromiumCorsError code) => code switch
    {
        ChromiumCorsError.InvalidAllowMethodsPreflightResponse => ("PUT, {bad}", null),
        ChromiumCorsError.InvalidAllowHeadersPreflightResponse => ("x-api-key, a b", null),
        _ => ConsoleMessageParserTests.ParameterFor(code),
    };

    /// <summary>The Local Network Access errors have no counterpart in Firefox's or WebKit's catalogue (neither
    /// engine words them); each browser's text is then its generic failure line, which is read back as that.</summary>
    private static readonly ChromiumCorsError[] NoCounterpart =
        [ChromiumCorsError.InsecureLocalNetwork, ChromiumCorsError.InvalidLocalNetworkAccess, ChromiumCorsError.LocalNetworkAccessPermissionDenied];

    public static TheoryData<BrowserEngine, ChromiumCorsError, Initiator> EveryPair()
    {
        var data = new TheoryData<BrowserEngine, ChromiumCorsError, Initiator>();
        foreach (var engine in Enum.GetValues<BrowserEngine>())
        {
            foreach (var code in Enum.GetValues<ChromiumCorsError>())
            {
                foreach (var initiator in Enum.GetValues<Initiator>())
                {
                    data.Add(engine, code, initiator);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Every_message_each_browser_writes_is_read_back(BrowserEngine engine, ChromiumCorsError code, Initiator initiator)
    {
        var (parameter, hint) = ParameterFor(code);
        var url = new Uri("https://b.example/api?q=1");
        var include = code is ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed
            or ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials;
        var context = new FailureContext
        {
            Request = new CorsRequest
            {
                Origin = Origin.Parse("https://a.example"), Url = url, Initiator = initiator,
                Credentials = include ? CredentialsMode.Include : CredentialsMode.SameOrigin,
                Headers = [new HttpHeader("X-Api-Key", "1")],
            },
            LastUrl = url, Method = "PUT", SerializedOrigin = "https://a.example", Response = ResponseFor(code),
        };
        var failure = CorsFailures.Cors(code, parameter, context, hint);
        var text = failure.ConsoleMessage(engine);
        Assert.False(string.IsNullOrEmpty(text));

        var parsed = ConsoleMessageParser.Parse(text);

        // One message, the browser's, the lines it logs together paired, nothing left over.
        var message = Assert.Single(parsed.Messages);
        Assert.Equal(engine, message.Browser);
        Assert.Equal(0, parsed.UnrecognisedLines);
        Assert.Equal(text.Split('\n').Length - 1, parsed.CompanionLines);
        Assert.Equal(message.Candidates[0], message.Code);
        if (engine != BrowserEngine.Chromium && NoCounterpart.Contains(code))
        {
            Assert.DoesNotContain(code, message.Candidates);
            return;
        }

        Assert.Contains(code, message.Candidates);
        if (engine != BrowserEngine.Safari || code != ChromiumCorsError.RedirectContainsCredentials)
        {
            Assert.Equal(url.AbsoluteUri, message.Url);
        }

        // Where the browser names the failed parameter, it comes back as Chromium's.
        switch (code)
        {
            case ChromiumCorsError.HeaderDisallowedByPreflightResponse:
            case ChromiumCorsError.MethodDisallowedByPreflightResponse when engine != BrowserEngine.Firefox:
            case ChromiumCorsError.AllowOriginMismatch or ChromiumCorsError.PreflightAllowOriginMismatch when engine != BrowserEngine.Safari:
            case ChromiumCorsError.InvalidAllowMethodsPreflightResponse or ChromiumCorsError.InvalidAllowHeadersPreflightResponse when engine == BrowserEngine.Safari:
                Assert.Equal(failure.FailedParameter, message.FailedParameter);
                break;
        }

        if (engine != BrowserEngine.Chromium)
        {
            // The browser's own name for the message is one of its catalogue's.
            Assert.True(engine == BrowserEngine.Firefox ? Enum.TryParse<FirefoxReason>(message.Reason, out _) : Enum.TryParse<WebKitMessage>(message.Reason, out _), message.Reason);
        }

        var explained = message.Explain();
        Assert.False(string.IsNullOrWhiteSpace(explained.Fix));
    }

    [Fact]
    public void Firefox_texts_follow_nsCORSListenerProxy_for_the_response_seen()
    {
        var url = new Uri("https://b.example/x");
        FailureContext Context(int status, params HttpHeader[] headers) => new()
        {
            Request = new CorsRequest { Origin = Origin.Parse("https://a.example"), Url = url, Credentials = CredentialsMode.Include },
            LastUrl = url, Method = "GET", SerializedOrigin = "https://a.example", Response = new IncomingResponse { Status = status, Headers = headers },
        };

        // Two Access-Control-Allow-Origin lines: counted before the value is read (CheckOriginHeader).
        var two = CorsFailures.Cors(ChromiumCorsError.WildcardOriginNotAllowed, "*, *", Context(200, new HttpHeader("Access-Control-Allow-Origin", "*"), new HttpHeader("Access-Control-Allow-Origin", "*")));
        Assert.Equal("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.example/x. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).", two.FirefoxMessage);
        // The missing header names the status; the preflight adds its follow-up line.
        var missing = CorsFailures.Cors(ChromiumCorsError.PreflightMissingAllowOriginHeader, "", Context(401));
        Assert.Equal("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.example/x. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 401.\n"
            + "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.example/x. (Reason: CORS request did not succeed). Status code: (null).", missing.FirefoxMessage);
        // The first list element that is not a token.
        var methods = CorsFailures.Cors(ChromiumCorsError.InvalidAllowMethodsPreflightResponse, "GET, ,PUT,  b@d , x", Context(204, new HttpHeader("Access-Control-Allow-Methods", "GET, ,PUT,  b@d , x")));
        Assert.StartsWith("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.example/x. (Reason: invalid token ‘b@d’ in CORS header ‘Access-Control-Allow-Methods’).", methods.FirefoxMessage, StringComparison.Ordinal);
        // WebKit looks at the status first: a 401 preflight without CORS headers is "not successful".
        Assert.Equal("Preflight response is not successful. Status code: 401\nFetch API cannot load https://b.example/x due to access control checks.", missing.SafariMessage);
    }

    /// <summary>Lines Firefox ESR 153.8.0 logged (read through WebDriver BiDi log.entryAdded, 2026-12-03) for requests
    /// from http://127.0.0.1:18931 to the loopback server on localhost:18932 answering as each name says; the CorsError
    /// is Chromium's for the same response. <c>first</c>: the mapping's first candidate is that CorsError (else it is
    /// among the candidates: the line does not tell them apart).</summary>
    public static TheoryData<string, ChromiumCorsError, bool, string> FirefoxRecorded() => new()
    {
        { "http://localhost:18932/s/missing. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 200.", ChromiumCorsError.MissingAllowOriginHeader, true, "" },
        { "http://localhost:18932/s/mismatch. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://other.example’).", ChromiumCorsError.AllowOriginMismatch, true, "https://other.example" },
        { "http://localhost:18932/s/multiple. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).", ChromiumCorsError.MultipleAllowOriginValues, true, "" },
        { "http://localhost:18932/s/multival. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘https://a.example, https://b.example’).", ChromiumCorsError.MultipleAllowOriginValues, true, "https://a.example, https://b.example" },
        { "‘http://localhost:18932/s/wildcard’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).", ChromiumCorsError.WildcardOriginNotAllowed, true, "*" },
        { "http://localhost:18932/s/creds. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).", ChromiumCorsError.InvalidAllowCredentials, true, "" },
        { "http://localhost:18932/s/missing404. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.", ChromiumCorsError.MissingAllowOriginHeader, true, "" },
        { "http://localhost:18932/s/pf_status. (Reason: CORS preflight response did not succeed). Status code: 403.\n*http://localhost:18932/s/pf_status. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.PreflightInvalidStatus, true, "" },
        { "http://localhost:18932/s/pf_status_noacao. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 403.\n*http://localhost:18932/s/pf_status_noacao. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.PreflightMissingAllowOriginHeader, true, "" },
        { "http://localhost:18932/s/pf_method. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).\n*http://localhost:18932/s/pf_method. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.MethodDisallowedByPreflightResponse, true, "" },
        { "http://localhost:18932/s/pf_header. (Reason: header ‘x-custom’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).\n*http://localhost:18932/s/pf_header. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.HeaderDisallowedByPreflightResponse, true, "x-custom" },
        { "http://localhost:18932/s/pf_badmethods. (Reason: invalid token ‘{bad}’ in CORS header ‘Access-Control-Allow-Methods’).\n*http://localhost:18932/s/pf_badmethods. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.InvalidAllowMethodsPreflightResponse, true, "{bad}" },
        { "http://localhost:18932/s/pf_redirect. (Reason: CORS request external redirect not allowed).\n*http://localhost:18932/s/pf_redirect. (Reason: CORS preflight response did not succeed). Status code: 307.\n*http://localhost:18932/s/pf_redirect. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.PreflightDisallowedRedirect, true, "" },
        { "‘http://localhost:18932/s/pf_wildcard’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).\n*http://localhost:18932/s/pf_wildcard. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.PreflightWildcardOriginNotAllowed, true, "*" },
        { "http://localhost:18932/s/redir_userinfo. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.RedirectContainsCredentials, false, "" },
        { "ftp://localhost/x. (Reason: CORS request not http).\n*http://localhost:18932/s/redir_ftp. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.CorsDisabledScheme, true, "" },
        // A redirect response that fails the check is followed by the same line as a failed preflight; its 3xx says which.
        { "http://localhost:18932/s/redir_noacao. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 302.\n*http://localhost:18932/s/redir_noacao. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.MissingAllowOriginHeader, true, "" },
        { "http://localhost:18932/s/pf_reset. (Reason: CORS request did not succeed). Status code: (null).\n*http://localhost:18932/s/pf_reset. (Reason: CORS request did not succeed). Status code: (null).", ChromiumCorsError.InvalidResponse, true, "" },
    };

    [Theory]
    [MemberData(nameof(FirefoxRecorded))]
    public void Firefox_lines_recorded_from_Firefox_ESR_are_read(string lines, ChromiumCorsError expected, bool first, string parameter)
    {
        const string Prefix = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";
        var text = Prefix + lines.Replace("\n*", "\n" + Prefix, StringComparison.Ordinal) + " [Learn More]";

        var parsed = ConsoleMessageParser.Parse(text);

        var message = Assert.Single(parsed.Messages);
        Assert.Equal(BrowserEngine.Firefox, message.Browser);
        Assert.Equal(0, parsed.UnrecognisedLines);
        Assert.Contains(expected, message.Candidates);
        if (first)
        {
            Assert.Equal(expected, message.Code);
        }

        Assert.Equal(parameter, message.FailedParameter);
        Assert.StartsWith("http://localhost:18932/s/", message.RedirectedFrom ?? message.Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Firefox_mode_same_origin_line_names_the_page()
    {
        // Logged by Firefox ESR 153 for fetch(url, { mode: 'same-origin' }) across origins (caps.properties CheckSameOriginError).
        var message = Assert.Single(ConsoleMessageParser.Parse("Security Error: Content at http://127.0.0.1:18931/ may not load data from http://localhost:18932/s/mode_same.").Messages);
        Assert.Equal(ChromiumCorsError.DisallowedByMode, message.Code);
        Assert.Equal("http://127.0.0.1:18931", message.Origin);
        Assert.Equal("http://localhost:18932/s/mode_same", message.Url);
    }

    /// <summary>Lines WebKitGTK 2.50.6 (Debian's MiniBrowser under xvfb-run, --enable-write-console-messages-to-stdout)
    /// logged on 2026-12-03 for the same requests as <see cref="FirefoxRecorded"/>: the detail and the request line.</summary>
    public static TheoryData<string, ChromiumCorsError, bool, string> WebKitRecorded() => new()
    {
        { "CONSOLE SECURITY ERROR Origin http://127.0.0.1:18931 is not allowed by Access-Control-Allow-Origin. Status code: 200\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/missing due to access control checks.", ChromiumCorsError.MissingAllowOriginHeader, true, "" },
        { "CONSOLE SECURITY ERROR Origin http://127.0.0.1:18931 is not allowed by Access-Control-Allow-Origin. Status code: 200\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/mismatch due to access control checks.", ChromiumCorsError.AllowOriginMismatch, false, "" },
        { "CONSOLE SECURITY ERROR Access-Control-Allow-Origin cannot contain more than one origin.\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/multiple due to access control checks.", ChromiumCorsError.MultipleAllowOriginValues, true, "" },
        { "CONSOLE SECURITY ERROR Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/wildcard due to access control checks.", ChromiumCorsError.WildcardOriginNotAllowed, true, "*" },
        { "CONSOLE SECURITY ERROR Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/creds due to access control checks.", ChromiumCorsError.InvalidAllowCredentials, true, "" },
        { "CONSOLE SECURITY ERROR Preflight response is not successful. Status code: 403\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_status due to access control checks.", ChromiumCorsError.PreflightInvalidStatus, false, "" },
        { "CONSOLE SECURITY ERROR Preflight response is not successful. Status code: 403\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_status_noacao due to access control checks.", ChromiumCorsError.PreflightMissingAllowOriginHeader, true, "" },
        { "CONSOLE SECURITY ERROR Origin http://127.0.0.1:18931 is not allowed by Access-Control-Allow-Origin. Status code: 200\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_missing due to access control checks.", ChromiumCorsError.PreflightMissingAllowOriginHeader, false, "" },
        { "CONSOLE SECURITY ERROR Method PUT is not allowed by Access-Control-Allow-Methods.\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_method due to access control checks.", ChromiumCorsError.MethodDisallowedByPreflightResponse, true, "PUT" },
        { "CONSOLE SECURITY ERROR Request header field X-Custom is not allowed by Access-Control-Allow-Headers.\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_header due to access control checks.", ChromiumCorsError.HeaderDisallowedByPreflightResponse, true, "x-custom" },
        { "CONSOLE SECURITY ERROR Header Access-Control-Allow-Methods has an invalid value: PUT, {bad}\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_badmethods due to access control checks.", ChromiumCorsError.InvalidAllowMethodsPreflightResponse, true, "PUT, {bad}" },
        { "CONSOLE SECURITY ERROR Header Access-Control-Allow-Headers has an invalid value: x-custom, a b\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_badheaders due to access control checks.", ChromiumCorsError.InvalidAllowHeadersPreflightResponse, true, "x-custom, a b" },
        { "CONSOLE SECURITY ERROR Preflight response is not successful. Status code: 307\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_redirect due to access control checks.", ChromiumCorsError.PreflightDisallowedRedirect, true, "" },
        { "CONSOLE SECURITY ERROR Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_wildcard due to access control checks.", ChromiumCorsError.PreflightWildcardOriginNotAllowed, false, "*" },
        { "CONSOLE SECURITY ERROR Cross-origin redirection to http://localhost:18932/x denied by Cross-Origin Resource Sharing policy: redirection URL http://u:p@localhost:18932/x has credentials\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/redir_userinfo due to access control checks.", ChromiumCorsError.RedirectContainsCredentials, true, "" },
        { "CONSOLE SECURITY ERROR FTP URLs are disabled\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/redir_ftp due to access control checks.", ChromiumCorsError.CorsDisabledScheme, true, "" },
        { "CONSOLE SECURITY ERROR Cross-origin redirection to http://localhost:18932/x denied by Cross-Origin Resource Sharing policy: Origin http://127.0.0.1:18931 is not allowed by Access-Control-Allow-Origin. Status code: 302\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/redir_noacao due to access control checks.", ChromiumCorsError.MissingAllowOriginHeader, true, "" },
        { "CONSOLE SECURITY ERROR Origin http://127.0.0.1:18931 is not allowed by Access-Control-Allow-Origin. Status code: 200\nCONSOLE JS ERROR XMLHttpRequest cannot load http://localhost:18932/s/xhr_missing due to access control checks.", ChromiumCorsError.MissingAllowOriginHeader, true, "" },
        { "http://127.0.0.1:18931/:24:16: CONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/mode_same.", ChromiumCorsError.DisallowedByMode, true, "" },
        // The network library's own words (libsoup here, CFNetwork in Safari) are not WebKit's: the request line alone.
        { "CONSOLE SECURITY ERROR Connection terminated unexpectedly\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/pf_reset due to access control checks.", ChromiumCorsError.InvalidResponse, false, "" },
        { "CONSOLE SECURITY ERROR Cross-origin redirection to data:text/plain,hi denied by Cross-Origin Resource Sharing policy: not allowed to follow a cross-origin CORS redirection with non CORS scheme\nCONSOLE JS ERROR Fetch API cannot load http://localhost:18932/s/redir_data due to access control checks.", ChromiumCorsError.CorsDisabledScheme, true, "" },
    };

    [Theory]
    [MemberData(nameof(WebKitRecorded))]
    public void WebKit_lines_recorded_from_WebKitGTK_are_read(string lines, ChromiumCorsError expected, bool first, string parameter)
    {
        var parsed = ConsoleMessageParser.Parse(lines);

        var message = Assert.Single(parsed.Messages);
        Assert.Equal(BrowserEngine.Safari, message.Browser);
        Assert.Contains(expected, message.Candidates);
        if (first)
        {
            Assert.Equal(expected, message.Code);
        }

        Assert.Equal(parameter, message.FailedParameter);
        Assert.StartsWith("http://localhost:18932/s/", message.Url, StringComparison.Ordinal);
        Assert.Equal(lines.Contains("XMLHttpRequest", StringComparison.Ordinal) ? Initiator.XmlHttpRequest : Initiator.Fetch, message.Initiator);
    }

    [Fact]
    public void Safari_console_copies_are_read_with_their_prefix_and_the_inspector_line()
    {
        // As Safari's Web Inspector copies them ("[Error]" prefix, the network failure line with its source).
        const string text = """
            [Error] Origin http://localhost:5173 is not allowed by Access-Control-Allow-Origin. Status code: 413
            [Error] XMLHttpRequest cannot load http://localhost:8081/api/v1/dogs/1/upload-image due to access control checks.
            [Error] Failed to load resource: Origin http://localhost:5173 is not allowed by Access-Control-Allow-Origin. Status code: 413 (upload-image, line 0)
            """;
        var parsed = ConsoleMessageParser.Parse(text);

        var message = Assert.Single(parsed.Messages);
        Assert.Equal(BrowserEngine.Safari, message.Browser);
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, message.Code);
        Assert.Equal("http://localhost:5173", message.Origin);
        Assert.Equal("http://localhost:8081/api/v1/dogs/1/upload-image", message.Url);
        Assert.Equal(Initiator.XmlHttpRequest, message.Initiator);
        Assert.Equal(413, message.StatusCode);
        Assert.Equal(2, parsed.CompanionLines);
        Assert.Contains("413", message.Explain().Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_WebKit_request_line_is_explained_with_its_candidates()
    {
        var message = Assert.Single(ConsoleMessageParser.Parse("[Error] Fetch API cannot load https://api.example/v1 due to access control checks.").Messages);
        Assert.Equal(BrowserEngine.Safari, message.Browser);
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, message.Code);
        Assert.True(message.Candidates.Count > 3);
        Assert.False(message.OriginKnown);
        // The advice is written for a placeholder origin, never for "null".
        Assert.Contains(ConsoleMessage.UnknownOrigin.Serialized, message.Explain().Fix, StringComparison.Ordinal);
    }

    [Fact]
    public void Older_and_ascii_quoted_Firefox_forms_are_read()
    {
        // Firefox before the numbered keys (no status sentence, "preflight channel"), and quotes retyped as ASCII.
        var parsed = ConsoleMessageParser.Parse(
            "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/x. (Reason: CORS header 'Access-Control-Allow-Origin' missing).\n"
            + "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://api.example/y. (Reason: CORS preflight channel did not succeed).");
        Assert.Collection(parsed.Messages,
            m => Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, m.Code),
            m => Assert.Equal(ChromiumCorsError.PreflightInvalidStatus, m.Code));
    }

    [Fact]
    public async Task Each_profile_writes_its_own_browser_text_for_a_model_run()
    {
        // A real run of the model: the failure carries every browser's text; ConsoleMessage(engine) picks the profile's.
        var request = new CorsRequest { Origin = Origin.Parse("https://a.example"), Url = new Uri("https://b.example/api") };
        var verdict = await new BrowserModel(BrowserProfile.Safari).RunAsync(request,
            new Model.ScriptedServer(_ => Model.ScriptedServer.Respond(404)).Transport);
        var failure = verdict.Failure!;
        Assert.Equal("Origin https://a.example is not allowed by Access-Control-Allow-Origin. Status code: 404\nFetch API cannot load https://b.example/api due to access control checks.",
            failure.ConsoleMessage(BrowserProfile.Safari.Engine));
        Assert.Equal("Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https://b.example/api. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: 404.",
            failure.ConsoleMessage(BrowserProfile.Firefox.Engine));
        Assert.Equal(failure.ChromiumMessage, failure.ConsoleMessage(BrowserProfile.Chromium.Engine));
    }
}
