using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Tests.Model;

/// <summary>Chromium's preflight evaluation order (browser-cors.md §3.1) and the WPT preflight rows (§6.1).</summary>
public class PreflightEvaluationTests
{
    private const string Origin = "https://a.example";

    private static (PreflightResult? Result, ChromiumCorsError? Error, string Parameter) Evaluate(
        int status, CredentialsMode credentials, string method, string[] unsafeNames, params HttpHeader[] headers)
        => PreflightEvaluator.Evaluate(new IncomingResponse { Status = status, Headers = headers }, Origin, credentials, method, unsafeNames, BrowserProfile.Chromium);

    [Fact]
    public void RedirectIsReportedFirst() // §7 #22
    {
        var r = Evaluate(302, CredentialsMode.Omit, "PUT", [], new HttpHeader("Location", "https://c.example/"));
        Assert.Equal(ChromiumCorsError.PreflightDisallowedRedirect, r.Error);
    }

    [Fact]
    public void AllowOriginIsCheckedBeforeTheStatus() // §7 #23, #24
    {
        Assert.Equal(ChromiumCorsError.PreflightMissingAllowOriginHeader, Evaluate(404, CredentialsMode.Omit, "PUT", []).Error);
        Assert.Equal(ChromiumCorsError.PreflightInvalidStatus, Evaluate(404, CredentialsMode.Omit, "PUT", [], new HttpHeader("Access-Control-Allow-Origin", "*")).Error);
        Assert.Equal(ChromiumCorsError.PreflightAllowOriginMismatch, Evaluate(200, CredentialsMode.Omit, "PUT", [], new HttpHeader("Access-Control-Allow-Origin", "https://b.example")).Error);
        Assert.Equal(ChromiumCorsError.PreflightWildcardOriginNotAllowed, Evaluate(200, CredentialsMode.Include, "PUT", [], new HttpHeader("Access-Control-Allow-Origin", "*")).Error);
        Assert.Equal(ChromiumCorsError.PreflightInvalidAllowCredentials, Evaluate(200, CredentialsMode.Include, "PUT", [], new HttpHeader("Access-Control-Allow-Origin", Origin)).Error);
    }

    public static TheoryData<int, bool> Statuses()
    {
        // WPT fetch/api/cors/cors-preflight-status.any.js: 27 statuses, only 200-206 succeed.
        var data = new TheoryData<int, bool>();
        foreach (var s in new[] { 200, 201, 202, 203, 204, 205, 206, 300, 301, 302, 303, 304, 305, 306, 307, 308, 400, 401, 402, 403, 404, 405, 501, 502, 503, 504, 505 })
        {
            data.Add(s, s is >= 200 and <= 206);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public void PreflightStatus(int status, bool succeeds)
    {
        var r = Evaluate(status, CredentialsMode.Omit, "PUT", ["x-test"],
            new("Access-Control-Allow-Origin", "*"), new("Access-Control-Allow-Methods", "PUT"), new("Access-Control-Allow-Headers", "x-test"));
        Assert.Equal(succeeds, r.Error is null);
        if (!succeeds)
        {
            Assert.Equal(ChromiumCorsError.PreflightInvalidStatus, r.Error);
        }
    }

    [Fact]
    public void UnparseableListsFailEvenWhenUnneeded() // §7 #26
    {
        HttpHeader acao = new("Access-Control-Allow-Origin", "*");
        Assert.Equal(ChromiumCorsError.InvalidAllowMethodsPreflightResponse, Evaluate(200, CredentialsMode.Omit, "GET", ["x-a"], acao, new("Access-Control-Allow-Methods", "Bad value"), new("Access-Control-Allow-Headers", "x-a")).Error);
        Assert.Equal(ChromiumCorsError.InvalidAllowHeadersPreflightResponse, Evaluate(200, CredentialsMode.Omit, "PUT", [], acao, new("Access-Control-Allow-Methods", "PUT"), new("Access-Control-Allow-Headers", "Bad value")).Error);
        Assert.Equal("", Evaluate(200, CredentialsMode.Omit, "PUT", [], acao, new("Access-Control-Allow-Methods", "Bad value")).Parameter); // Chromium 156: no failedParameter
        Assert.Null(Evaluate(200, CredentialsMode.Omit, "PUT", ["x-print"], acao, new("Access-Control-Allow-Methods", ",,PUT,GET"), new("Access-Control-Allow-Headers", ",y-lol,x-print, ,,,y-print")).Error); // §7 #27
    }

    [Fact]
    public void FirstOffendingHeaderOfTheSortedSet()
    {
        // Chromium 156 reports the first offending name in ACRH (sorted) order (observed: acrh-first-offender).
        var r = Evaluate(200, CredentialsMode.Omit, "GET", ["x-a", "x-b", "x-c"], new("Access-Control-Allow-Origin", "*"), new("Access-Control-Allow-Headers", "x-b"));
        Assert.Equal((ChromiumCorsError?)ChromiumCorsError.HeaderDisallowedByPreflightResponse, r.Error);
        Assert.Equal("x-a", r.Parameter);
    }

    public static TheoryData<bool, bool, string, string, string, string[]> StarRows => new()
    {
        // After WPT fetch/api/cors/cors-preflight-star.any.js: (succeeds, credentials, ACAM, ACAH, method, unsafe names).
        { true, false, "*", "x-test", "SUPER", ["x-test"] },
        { true, false, "*", "*", "OK", ["x-test"] },
        { false, true, "*", "*", "OK", ["x-test"] }, // §7 #4
        { false, true, "*", "", "PUT", [] },
        { false, true, "get", "*", "GET", ["x-test"] },
        { false, true, "*", "*", "GET", ["x-test"] },
        { true, true, "PUT", "*", "PUT", [] },
        { true, true, "get", "*", "GET", ["*"] }, // §7 #6: literal "*" header
        { true, true, "*", "*", "*", ["*"] },
        { true, false, "*", "*", "PATCH", ["x-test"] },
        { true, false, "PATCH", "*", "PATCH", [] },
        { false, false, "PATCH", "", "patch", [] }, // §7 #1
        { true, false, "patch", "", "patch", [] },
        { false, false, "delete", "", "DELETE", [] }, // §7 #2
        { true, true, "get", "", "POST", [] }, // §7 #3
        { true, false, "*", "*", "POST", ["authorization"] }, // §7 #7: Chromium lets "*" cover Authorization
        { true, false, "*", "*, Authorization", "POST", ["authorization"] },
        { true, false, "*", "*", "GET", ["x-test"] }, // §7 #5
    };

    [Theory]
    [MemberData(nameof(StarRows))]
    public void WildcardRows(bool succeeds, bool credentials, string acam, string acah, string method, string[] unsafeNames)
    {
        var mode = credentials ? CredentialsMode.Include : CredentialsMode.Omit;
        List<HttpHeader> headers = [new("Access-Control-Allow-Origin", credentials ? Origin : "*"), new("Access-Control-Allow-Methods", acam), new("Access-Control-Allow-Headers", acah)];
        if (credentials)
        {
            headers.Add(new("Access-Control-Allow-Credentials", "true"));
        }

        var r = PreflightEvaluator.Evaluate(new IncomingResponse { Status = 200, Headers = headers }, Origin, mode, method, unsafeNames, BrowserProfile.Chromium);
        Assert.Equal(succeeds, r.Error is null);
    }

    [Fact]
    public void SpecProfileWouldRejectAuthorizationUnderStar()
    {
        var spec = new BrowserProfile { Engine = BrowserEngine.Chromium, Name = "spec", MaxPreflightMaxAge = TimeSpan.FromHours(2), WildcardCoversAuthorization = false };
        var r = PreflightEvaluator.Evaluate(new IncomingResponse { Status = 200, Headers = [new("Access-Control-Allow-Origin", "*"), new("Access-Control-Allow-Headers", "*")] },
            Origin, CredentialsMode.Omit, "GET", ["authorization"], spec);
        Assert.Equal("authorization", r.Parameter);
    }

    [Theory]
    [InlineData(null, 5, 5, 5)] // §7 #28
    [InlineData("86400", 7200, 86400, 600)] // §7 #29
    [InlineData("-1", 0, 0, 0)] // §7 #30
    [InlineData("0", 0, 0, 0)] // §7 #31
    [InlineData("abc", 5, 0, 5)] // §7 #32
    [InlineData("10, 20", 5, 0, 5)]
    [InlineData("+5", 5, 0, 5)]
    [InlineData("99999999999999999999999", 7200, 86400, 600)]
    public void MaxAge(string? value, int chromium, int firefox, int safari)
    {
        HttpHeader[] headers = value is null ? [] : [new("Access-Control-Max-Age", value)];
        Assert.Equal(chromium, (int)(PreflightEvaluator.MaxAge(headers, BrowserProfile.Chromium)?.TotalSeconds ?? 0));
        Assert.Equal(firefox, (int)(PreflightEvaluator.MaxAge(headers, BrowserProfile.Firefox)?.TotalSeconds ?? 0));
        Assert.Equal(safari, (int)(PreflightEvaluator.MaxAge(headers, BrowserProfile.Safari)?.TotalSeconds ?? 0));
    }
}
