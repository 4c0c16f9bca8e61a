using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Tests.Model;

/// <summary>Fetch §4.10 "CORS check" table and Chromium cors.cc CheckAccess (browser-cors.md §1.13, §3.3, §7 #8-16, #69-70).</summary>
public class CorsCheckTests
{
    private const string Origin = "https://a.example";

    private static CorsCheckResult Check(CredentialsMode credentials, params HttpHeader[] headers) => CorsCheck.Check(Origin, credentials, headers);

    private static HttpHeader Acao(string value) => new("Access-Control-Allow-Origin", value);

    private static readonly HttpHeader AcacTrue = new("Access-Control-Allow-Credentials", "true");

    [Fact]
    public void ExactOriginPasses() => Assert.True(Check(CredentialsMode.SameOrigin, Acao(Origin)).Passed);

    [Fact]
    public void WildcardWithoutCredentialsPassesAndIgnoresAcac()
    {
        Assert.True(Check(CredentialsMode.Omit, Acao("*")).Passed);
        Assert.True(Check(CredentialsMode.SameOrigin, Acao("*"), AcacTrue).Passed); // §7 #13
    }

    [Fact]
    public void WildcardWithCredentialsFails() // §7 #11
        => Assert.Equal(new CorsCheckResult(false, ChromiumCorsError.WildcardOriginNotAllowed, ""), Check(CredentialsMode.Include, Acao("*"), AcacTrue));

    [Fact]
    public void MissingHeader() => Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, Check(CredentialsMode.Omit).Error);

    [Theory]
    [InlineData("https://a.example/", ChromiumCorsError.AllowOriginMismatch)] // §7 #8
    [InlineData("HTTPS://A.EXAMPLE", ChromiumCorsError.AllowOriginMismatch)] // §7 #9
    [InlineData("https://a.example:443", ChromiumCorsError.AllowOriginMismatch)] // §7 #70
    [InlineData("null", ChromiumCorsError.AllowOriginMismatch)] // §7 #15
    [InlineData("", ChromiumCorsError.InvalidAllowOriginValue)] // §7 #14
    [InlineData("foo", ChromiumCorsError.InvalidAllowOriginValue)]
    [InlineData("https://a.example https://b.example", ChromiumCorsError.MultipleAllowOriginValues)]
    [InlineData("https://a.example,https://b.example", ChromiumCorsError.MultipleAllowOriginValues)]
    [InlineData("https://b.example", ChromiumCorsError.AllowOriginMismatch)]
    public void MismatchesCarryTheValue(string value, ChromiumCorsError error)
        => Assert.Equal(new CorsCheckResult(false, error, value), Check(CredentialsMode.Omit, Acao(value)));

    [Fact]
    public void SurroundingWhitespaceIsNotPartOfTheValue() => Assert.True(Check(CredentialsMode.Omit, Acao(Origin + " ")).Passed); // §7 #69

    [Fact]
    public void TwoIdenticalLinesAreMultipleValues() // §7 #10
        => Assert.Equal(new CorsCheckResult(false, ChromiumCorsError.MultipleAllowOriginValues, Origin + ", " + Origin), Check(CredentialsMode.Omit, Acao(Origin), Acao(Origin)));

    public static TheoryData<string[]> MultipleOriginRows => new()
    {
        // WPT fetch/api/cors/cors-multiple-origins.sub.any.js: every list fails.
        new[] { "", "http://example.com", Origin },
        new[] { "", "http://example.com", "*" },
        new[] { "", Origin, Origin },
        new[] { "*", "http://example.com", "*" },
        new[] { "*", "http://example.com", Origin },
        new[] { "", "http://example.com", "https://example2.com" },
    };

    [Theory]
    [MemberData(nameof(MultipleOriginRows))]
    public void MultipleOriginsAlwaysFail(string[] values)
    {
        Assert.False(CorsCheck.Check(Origin, CredentialsMode.Omit, [Acao(string.Join(", ", values))]).Passed);
        Assert.False(CorsCheck.Check(Origin, CredentialsMode.Omit, [.. values.Select(Acao)]).Passed);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", false)] // §7 #12
    [InlineData("TRUE", false)]
    [InlineData(null, false)]
    public void CredentialsNeedExactlyTrue(string? acac, bool passes)
    {
        HttpHeader[] headers = acac is null ? [Acao(Origin)] : [Acao(Origin), new("Access-Control-Allow-Credentials", acac)];
        var result = Check(CredentialsMode.Include, headers);
        Assert.Equal(passes, result.Passed);
        if (!passes)
        {
            Assert.Equal(ChromiumCorsError.InvalidAllowCredentials, result.Error);
            Assert.Equal(acac ?? "", result.FailedParameter);
        }
    }

    [Fact]
    public void OpaqueOriginMatchesNull() // §7 #16
    {
        Assert.True(CorsCheck.Check("null", CredentialsMode.Omit, [Acao("null")]).Passed);
        Assert.Equal(ChromiumCorsError.AllowOriginMismatch, CorsCheck.Check("null", CredentialsMode.Omit, [Acao(Origin)]).Error);
    }
}
