using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using static CorsKit.Tests.Model.ScriptedServer;

namespace CorsKit.Tests.Model;

/// <summary>Chromium 156 console strings (cors_error_string.cc, browser-cors.md §3.4) and Firefox reasons (§4.1).</summary>
public class MessageTests
{
    private const string Prefix = "Access to fetch at 'https://b.example/api' from origin 'https://a.example' has been blocked by CORS policy: ";
    private const string PreflightPrefix = "Response to preflight request doesn't pass access control check: ";
    private const string FetchSuffix = " Have the server send the header with a valid value.";

    private static async Task<CorsFailure> Fail(Func<OutgoingRequest, IncomingResponse> respond, string method = "GET", CredentialsMode credentials = CredentialsMode.Omit,
        Initiator initiator = Initiator.Fetch, params HttpHeader[] headers)
    {
        var request = new CorsRequest
        {
            Origin = Origin.Parse("https://a.example"), Url = new Uri("https://b.example/api"), Method = method, Credentials = credentials, Initiator = initiator, Headers = headers,
        };
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(request, new ScriptedServer(respond).Transport);
        Assert.False(verdict.Allowed);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Failure!.Explanation));
        Assert.False(string.IsNullOrWhiteSpace(verdict.Failure.Fix));
        return verdict.Failure;
    }

    private static HttpHeader Acao(string v) => new("Access-Control-Allow-Origin", v);

    [Fact]
    public async Task MissingAllowOrigin()
    {
        var f = await Fail(_ => Respond(200));
        Assert.Equal(Prefix + "No 'Access-Control-Allow-Origin' header is present on the requested resource.", f.ChromiumMessage);
        Assert.Equal("CORSMissingAllowOrigin", f.FirefoxReason);
    }

    [Fact]
    public async Task WildcardWithCredentials()
    {
        var f = await Fail(_ => Respond(200, Acao("*")), credentials: CredentialsMode.Include);
        Assert.Equal(Prefix + "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", f.ChromiumMessage);
        Assert.Equal("CORSNotSupportingCredentials", f.FirefoxReason);
        Assert.Contains("`Access-Control-Allow-Origin: https://a.example` and `Access-Control-Allow-Credentials: true`", f.Fix, StringComparison.Ordinal);

        var xhr = await Fail(_ => Respond(200, Acao("*")), credentials: CredentialsMode.Include, initiator: Initiator.XmlHttpRequest);
        Assert.Equal("Access to XMLHttpRequest at 'https://b.example/api' from origin 'https://a.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'. The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.", xhr.ChromiumMessage);
    }

    [Fact]
    public async Task MultipleValues()
    {
        var f = await Fail(_ => Respond(200, Acao("https://a.example"), Acao("https://a.example")));
        Assert.Equal(Prefix + "The 'Access-Control-Allow-Origin' header contains multiple values 'https://a.example, https://a.example', but only one is allowed." + FetchSuffix, f.ChromiumMessage);
        Assert.Equal(ChromiumCorsError.MultipleAllowOriginValues, f.Code);
        Assert.Equal("CORSMultipleAllowOriginNotAllowed", f.FirefoxReason);
    }

    [Fact]
    public async Task InvalidValue()
    {
        var f = await Fail(_ => Respond(200, Acao("")));
        Assert.Equal(Prefix + "The 'Access-Control-Allow-Origin' header contains the invalid value ''." + FetchSuffix, f.ChromiumMessage);
        Assert.Equal("CORSAllowOriginNotMatchingOrigin", f.FirefoxReason);
    }

    [Fact]
    public async Task Mismatch()
    {
        var f = await Fail(_ => Respond(200, Acao("https://a.example/")));
        Assert.Equal(Prefix + "The 'Access-Control-Allow-Origin' header has a value 'https://a.example/' that is not equal to the supplied origin." + FetchSuffix, f.ChromiumMessage);
        Assert.Equal("https://a.example/", f.FailedParameter);
    }

    [Fact]
    public async Task InvalidCredentials()
    {
        var f = await Fail(_ => Respond(200, Acao("https://a.example"), new HttpHeader("Access-Control-Allow-Credentials", "True")), credentials: CredentialsMode.Include);
        Assert.Equal(Prefix + "The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' which must be 'true' when the request's credentials mode is 'include'.", f.ChromiumMessage);
        Assert.Equal("CORSMissingAllowCredentials", f.FirefoxReason);
    }

    [Theory]
    [InlineData(ChromiumCorsError.PreflightMissingAllowOriginHeader, "No 'Access-Control-Allow-Origin' header is present on the requested resource.", "CORSMissingAllowOrigin")]
    [InlineData(ChromiumCorsError.PreflightInvalidStatus, "It does not have HTTP ok status.", "CORSPreflightDidNotSucceed")]
    [InlineData(ChromiumCorsError.PreflightDisallowedRedirect, "Redirect is not allowed for a preflight request.", "CORSExternalRedirectNotAllowed")]
    [InlineData(ChromiumCorsError.PreflightAllowOriginMismatch, "The 'Access-Control-Allow-Origin' header has a value 'https://x.example' that is not equal to the supplied origin." + FetchSuffix, "CORSAllowOriginNotMatchingOrigin")]
    public async Task PreflightFlavours(ChromiumCorsError code, string detail, string firefox)
    {
        IncomingResponse Preflight(OutgoingRequest r) => code switch
        {
            ChromiumCorsError.PreflightMissingAllowOriginHeader => Respond(404),
            ChromiumCorsError.PreflightInvalidStatus => Respond(500, Acao("*")),
            ChromiumCorsError.PreflightDisallowedRedirect => Respond(301, Acao("*"), new HttpHeader("Location", "https://b.example/api/")),
            _ => Respond(204, Acao("https://x.example")),
        };
        var f = await Fail(Preflight, "PUT");
        Assert.Equal(code, f.Code);
        Assert.Equal(Prefix + PreflightPrefix + detail, f.ChromiumMessage);
        Assert.Equal(firefox, f.FirefoxReason);
    }

    [Fact]
    public async Task ListErrorsMethodAndHeader()
    {
        var methods = await Fail(_ => Respond(204, Acao("*"), new HttpHeader("Access-Control-Allow-Methods", "Bad value")), "PUT");
        Assert.Equal(Prefix + "Cannot parse Access-Control-Allow-Methods response header field in preflight response.", methods.ChromiumMessage);
        Assert.Equal("CORSInvalidAllowMethod", methods.FirefoxReason);

        var headers = await Fail(_ => Respond(204, Acao("*"), new HttpHeader("Access-Control-Allow-Headers", "a b")), "PUT");
        Assert.Equal(Prefix + "Cannot parse Access-Control-Allow-Headers response header field in preflight response.", headers.ChromiumMessage);
        Assert.Equal("CORSInvalidAllowHeader", headers.FirefoxReason);

        var method = await Fail(_ => Respond(204, Acao("*"), new HttpHeader("Access-Control-Allow-Methods", "PATCH")), "patch");
        Assert.Equal(Prefix + "Method patch is not allowed by Access-Control-Allow-Methods in preflight response.", method.ChromiumMessage);
        Assert.Equal("CORSMethodNotFound", method.FirefoxReason);
        Assert.Contains("`Access-Control-Allow-Methods: PATCH, patch`", method.Fix, StringComparison.Ordinal);

        var header = await Fail(_ => Respond(204, Acao("*"), new HttpHeader("Access-Control-Allow-Headers", "x-a")), "GET", CredentialsMode.Omit, Initiator.Fetch,
            new HttpHeader("X-A", "1"), new HttpHeader("X-C", "1"), new HttpHeader("X-B", "1"));
        // Chromium's header-map order, not the sorted one (observed in Chromium 156 for exactly these headers: x-c).
        Assert.Equal(Prefix + "Request header field x-c is not allowed by Access-Control-Allow-Headers in preflight response.", header.ChromiumMessage);
        Assert.Equal("x-c", header.FailedParameter);
        Assert.Equal("CORSMissingAllowHeaderFromPreflight", header.FirefoxReason);
        Assert.Contains("`Access-Control-Allow-Headers: x-a, x-b, x-c`", header.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RedirectWithCredentials()
    {
        var f = await Fail(_ => Respond(302, Acao("*"), new HttpHeader("Location", "https://u:p@c.example/")));
        Assert.Equal(Prefix + "Redirect location '' contains a username and password, which is disallowed for cross-origin requests.", f.ChromiumMessage);
    }

    [Fact]
    public async Task TaintedOriginAdvisesTheFinalUrlNotNull()
    {
        var f = await Fail(r => r.Url.Host == "b.example" ? Respond(302, Acao("*"), new HttpHeader("Location", "https://c.example/")) : Respond(200, Acao("https://a.example")));
        Assert.Equal(ChromiumCorsError.AllowOriginMismatch, f.Code);
        // Allowing 'null' lets every sandboxed page in (audit: null-origin-allowed); the fix is to call the final URL.
        Assert.Contains("call the final URL https://c.example/ directly", f.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("`Access-Control-Allow-Origin: null`", f.Fix, StringComparison.Ordinal);
        Assert.StartsWith("Access to fetch at 'https://c.example/' (redirected from 'https://b.example/api') from origin 'https://a.example'", f.ChromiumMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void HintsAreEncoded() => Assert.Equal("a\\u000Bb\\u00E9", CorsFailures.EncodeHint("a\u000Bb\u00E9"));

    public static TheoryData<ChromiumCorsError> AllCodes() => new(Enum.GetValues<ChromiumCorsError>());

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void EveryCodeHasChromiumsDetail(ChromiumCorsError code)
    {
        var context = new FailureContext
        {
            Request = new CorsRequest { Origin = Origin.Parse("https://a.example"), Url = new Uri("https://b.example/api") },
            LastUrl = new Uri("https://b.example/api"), Method = "GET", SerializedOrigin = "https://a.example",
        };
        var message = CorsFailures.ConsoleMessage(code, "hint", context);
        Assert.StartsWith(Prefix, message, StringComparison.Ordinal);
        var detail = message[Prefix.Length..];
        Assert.NotEqual(code.ToString(), detail);
        Assert.EndsWith(".", detail, StringComparison.Ordinal);
        // cors_error_string.cc: exactly these carry the preflight prefix.
        var prefixed = code is ChromiumCorsError.PreflightWildcardOriginNotAllowed or ChromiumCorsError.PreflightMissingAllowOriginHeader
            or ChromiumCorsError.PreflightMultipleAllowOriginValues or ChromiumCorsError.PreflightInvalidAllowOriginValue
            or ChromiumCorsError.PreflightAllowOriginMismatch or ChromiumCorsError.PreflightInvalidAllowCredentials
            or ChromiumCorsError.PreflightInvalidStatus or ChromiumCorsError.PreflightDisallowedRedirect;
        Assert.Equal(prefixed, detail.StartsWith(PreflightPrefix, StringComparison.Ordinal));
        // The fetch suffix goes on the three Allow-Origin value errors and their preflight twins only.
        var suffixed = code is ChromiumCorsError.MultipleAllowOriginValues or ChromiumCorsError.InvalidAllowOriginValue or ChromiumCorsError.AllowOriginMismatch
            or ChromiumCorsError.PreflightMultipleAllowOriginValues or ChromiumCorsError.PreflightInvalidAllowOriginValue or ChromiumCorsError.PreflightAllowOriginMismatch;
        Assert.Equal(suffixed, detail.EndsWith(FetchSuffix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("refused", "net::ERR_CONNECTION_REFUSED")]
    [InlineData("dns", "net::ERR_NAME_NOT_RESOLVED")]
    [InlineData("tls", "net::ERR_SSL_PROTOCOL_ERROR")]
    [InlineData("timeout", "net::ERR_TIMED_OUT")]
    [InlineData("reset", "net::ERR_CONNECTION_RESET")]
    [InlineData("other", "net::ERR_FAILED")]
    public void TransportKindsMapToChromiumNetErrors(string kind, string netError)
        => Assert.Equal(netError, new TransportException(kind, "x").ChromiumNetError);
}
