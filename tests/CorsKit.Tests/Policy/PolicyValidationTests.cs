using CorsKit.Policy;

namespace CorsKit.Tests.Policy;

public sealed class PolicyValidationTests
{
    private static IReadOnlyList<CorsPolicyError> Errors(CorsPolicyOptions o) => CorsPolicy.Validate(o);

    private static CorsPolicyError Single(CorsPolicyOptions o) => Assert.Single(Errors(o));

    [Fact]
    public void Valid_policy_builds_and_round_trips_its_options()
    {
        var o = new CorsPolicyOptions
        {
            Origins = ["https://app.example.com", "https://*.example.org", "http://localhost:*", "http://127.0.0.1:8080", "http://[::1]:3000"],
            Methods = ["PUT", "delete", "PATCH"],
            RequestHeaders = ["X-Api-Key", "Content-Type", "Authorization"],
            ExposeHeaders = ["X-Request-Id"],
            Credentials = true,
            MaxAge = 600,
        };
        var p = CorsPolicy.Build(o);
        Assert.Same(o, p.Options);
        Assert.Empty(p.Warnings);
        Assert.True(p.VariesByOrigin);
        Assert.Equal(5, p.OriginCount);
        Assert.Empty(Errors(p.Options));
    }

    [Fact]
    public void Every_error_is_reported_at_once()
    {
        var o = new CorsPolicyOptions
        {
            Origins = ["*", "null", "file:///tmp", "https://App.example.com", "http://app.example.com", "https://*.github.io"],
            Methods = ["TRACE", "PU T"],
            RequestHeaders = ["Cookie", "x y", "Access-Control-Allow-Origin"],
            ExposeHeaders = ["Set-Cookie", "*"],
            Credentials = true,
            MaxAge = 90000,
            PreflightSuccessStatus = 302,
        };
        var kinds = Errors(o).Select(e => e.Kind).ToList();
        Assert.Equal(
        [
            CorsPolicyErrorKind.WildcardOriginWithCredentials, CorsPolicyErrorKind.NullOrigin, CorsPolicyErrorKind.FileOrigin,
            CorsPolicyErrorKind.NonCanonicalOrigin, CorsPolicyErrorKind.InsecureOriginWithCredentials,
            CorsPolicyErrorKind.PublicSuffixWildcardWithCredentials,
            CorsPolicyErrorKind.ForbiddenMethod, CorsPolicyErrorKind.InvalidMethod,
            CorsPolicyErrorKind.ForbiddenRequestHeader, CorsPolicyErrorKind.InvalidHeaderName, CorsPolicyErrorKind.ForbiddenRequestHeader,
            CorsPolicyErrorKind.ForbiddenExposedHeader, CorsPolicyErrorKind.WildcardExposeWithCredentials,
            CorsPolicyErrorKind.MaxAgeOutOfRange, CorsPolicyErrorKind.InvalidPreflightStatus,
        ], kinds);
        var ex = Assert.Throws<CorsPolicyValidationException>(() => CorsPolicy.Build(o));
        Assert.Equal(kinds.Count, ex.Errors.Count);
        Assert.Contains("15 errors", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://app.example.com/", "https://app.example.com", "trailing slash")]
    [InlineData("https://app.example.com/path", "https://app.example.com", "no path")]
    [InlineData("https://App.Example.COM", "https://app.example.com", "uppercase")]
    [InlineData("HTTPS://app.example.com", "https://app.example.com", "uppercase")]
    [InlineData("https://app.example.com:443", "https://app.example.com", "default port")]
    [InlineData("http://app.example.com:80", "http://app.example.com", "default port")]
    [InlineData("https://*.Example.com", "https://*.example.com", "uppercase")]
    [InlineData("http://localhost:*/", "http://localhost:*", "trailing slash")]
    [InlineData("https://bücher.example", "https://xn--bcher-kva.example", "")]
    [InlineData("http://[0:0:0:0:0:0:0:1]:8080", "http://[::1]:8080", "")]
    public void Non_canonical_origins_are_rejected_with_the_canonical_form(string written, string canonical, string reason)
    {
        var e = Single(new CorsPolicyOptions { Origins = [written] });
        Assert.Equal(CorsPolicyErrorKind.NonCanonicalOrigin, e.Kind);
        Assert.Equal("origins", e.Setting);
        Assert.Equal(written, e.Value);
        Assert.Contains($"write '{canonical}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("app.example.com")]
    [InlineData("https://")]
    [InlineData("https://user:pw@app.example.com")]
    [InlineData("https://app.example.com:99999")]
    [InlineData("https://app.example.com:0")]
    [InlineData(" https://app.example.com")]
    [InlineData("")]
    public void Invalid_origins_are_rejected(string text) =>
        Assert.Equal(CorsPolicyErrorKind.InvalidOrigin, Single(new CorsPolicyOptions { Origins = [text] }).Kind);

    [Theory]
    [InlineData("https://a.*.example.com")]
    [InlineData("https://*example.com")]
    [InlineData("https://app.example.*")]
    [InlineData("*://app.example.com")]
    [InlineData("https://app.example.com:8*")]
    [InlineData("https://*.127.0.0.1")]
    [InlineData("https://*.[::1]")]
    public void Only_leading_label_and_port_wildcards_are_patterns(string text) =>
        Assert.Equal(CorsPolicyErrorKind.InvalidOriginPattern, Single(new CorsPolicyOptions { Origins = [text] }).Kind);

    [Theory]
    [InlineData("http://app.example.com", true)]
    [InlineData("http://*.example.com", true)]
    [InlineData("ws://app.example.com", true)]
    [InlineData("http://localhost", false)]
    [InlineData("http://localhost:*", false)]
    [InlineData("http://dev.localhost:3000", false)]
    [InlineData("http://127.0.0.1:8080", false)]
    [InlineData("http://127.1.2.3", false)]
    [InlineData("http://[::1]:8080", false)]
    [InlineData("https://app.example.com", false)]
    public void Insecure_origins_need_the_dangerous_switch_with_credentials(string origin, bool insecure)
    {
        var withCredentials = Errors(new CorsPolicyOptions { Origins = [origin], Credentials = true });
        Assert.Equal(insecure, withCredentials.Any(e => e.Kind == CorsPolicyErrorKind.InsecureOriginWithCredentials));
        Assert.Empty(Errors(new CorsPolicyOptions { Origins = [origin] }));
        Assert.Empty(Errors(new CorsPolicyOptions { Origins = [origin], Credentials = true, DangerouslyAllowInsecureOriginsWithCredentials = true }));
    }

    [Theory]
    [InlineData("https://*.com", true)]
    [InlineData("https://*.co.uk", true)]
    [InlineData("https://*.github.io", true)]
    [InlineData("https://*.example.com", false)]
    [InlineData("https://*.myproject.github.io", false)]
    // Issue 10 item 10: a public suffix at or below the base (PSL private section, wildcard rules) is refused too.
    [InlineData("https://*.amazonaws.com", true)] // s3.amazonaws.com, us-east-1.amazonaws.com, … (private section)
    [InlineData("https://*.compute.amazonaws.com", true)] // *.compute.amazonaws.com: every child is a suffix
    [InlineData("https://*.eu-west-1.compute.amazonaws.com", true)] // itself a suffix through that wildcard
    [InlineData("https://*.kawasaki.jp", true)] // *.kawasaki.jp (ICANN wildcard)
    [InlineData("https://*.nakahara.kawasaki.jp", true)] // itself a suffix through *.kawasaki.jp
    [InlineData("https://*.city.kawasaki.jp", false)] // !city.kawasaki.jp: an exception, nothing below it
    [InlineData("https://*.blogspot.com", true)]
    [InlineData("https://*.app.example.com", false)]
    public void Subdomains_of_a_public_suffix_need_the_dangerous_switch_with_credentials(string pattern, bool publicSuffix)
    {
        var errors = Errors(new CorsPolicyOptions { Origins = [pattern], Credentials = true });
        Assert.Equal(publicSuffix, errors.Any(e => e.Kind == CorsPolicyErrorKind.PublicSuffixWildcardWithCredentials));
        Assert.Empty(Errors(new CorsPolicyOptions { Origins = [pattern] }));
        Assert.Empty(Errors(new CorsPolicyOptions { Origins = [pattern], Credentials = true, DangerouslyAllowPublicSuffixSubdomainsWithCredentials = true }));
    }

    [Fact]
    public void A_public_suffix_below_the_base_is_named_in_the_message()
    {
        var amazon = Assert.Single(Errors(new CorsPolicyOptions { Origins = ["https://*.amazonaws.com"], Credentials = true }));
        Assert.Equal(CorsPolicyErrorKind.PublicSuffixWildcardWithCredentials, amazon.Kind);
        Assert.Equal(
            "'https://*.amazonaws.com': 's3.amazonaws.com' is a public suffix below 'amazonaws.com' (Public Suffix List), so anyone can register a name under it and read credentialed responses. List your own domains, or set dangerouslyAllowPublicSuffixSubdomainsWithCredentials.",
            amazon.Message);
        var kawasaki = Assert.Single(Errors(new CorsPolicyOptions { Origins = ["https://*.kawasaki.jp"], Credentials = true }));
        Assert.Equal(
            "'https://*.kawasaki.jp': '*.kawasaki.jp' is a public suffix below 'kawasaki.jp' (Public Suffix List), so anyone can register a name under it and read credentialed responses. List your own domains, or set dangerouslyAllowPublicSuffixSubdomainsWithCredentials.",
            kawasaki.Message);
        var com = Assert.Single(Errors(new CorsPolicyOptions { Origins = ["https://*.com"], Credentials = true }));
        Assert.Equal(
            "'https://*.com': 'com' is a public suffix (Public Suffix List), so anyone can register a name under it and read credentialed responses. List your own domains, or set dangerouslyAllowPublicSuffixSubdomainsWithCredentials.",
            com.Message);
    }

    [Fact]
    public void No_origins_and_null_entries_are_errors()
    {
        Assert.Equal(CorsPolicyErrorKind.NoOrigins, Single(new CorsPolicyOptions()).Kind);
        Assert.Equal(CorsPolicyErrorKind.InvalidOrigin, Single(new CorsPolicyOptions { Origins = [null!] }).Kind);
    }

    [Theory]
    [InlineData("CONNECT")]
    [InlineData("trace")]
    [InlineData("Track")]
    public void Forbidden_methods_are_rejected(string method) =>
        Assert.Equal(CorsPolicyErrorKind.ForbiddenMethod, Single(new CorsPolicyOptions { Origins = ["*"], Methods = [method] }).Kind);

    [Theory]
    [InlineData("Cookie")]
    [InlineData("host")]
    [InlineData("Origin")]
    [InlineData("Sec-Fetch-Mode")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Access-Control-Request-Method")]
    [InlineData("Access-Control-Allow-Origin")]
    [InlineData("access-control-max-age")]
    public void Forbidden_request_headers_are_rejected(string name) =>
        Assert.Equal(CorsPolicyErrorKind.ForbiddenRequestHeader, Single(new CorsPolicyOptions { Origins = ["*"], RequestHeaders = [name] }).Kind);

    [Theory]
    [InlineData("Set-Cookie")]
    [InlineData("set-cookie2")]
    public void Set_cookie_cannot_be_exposed(string name) =>
        Assert.Equal(CorsPolicyErrorKind.ForbiddenExposedHeader, Single(new CorsPolicyOptions { Origins = ["*"], ExposeHeaders = [name] }).Kind);

    [Theory]
    [InlineData(-1, true)]
    [InlineData(0, false)]
    [InlineData(86400, false)]
    [InlineData(86401, true)]
    public void Max_age_must_be_within_0_and_86400(int maxAge, bool error) =>
        Assert.Equal(error, Errors(new CorsPolicyOptions { Origins = ["*"], MaxAge = maxAge }).Any(e => e.Kind == CorsPolicyErrorKind.MaxAgeOutOfRange));

    [Theory]
    [InlineData(600, null)]
    [InlineData(601, "WebKit caps it at 600")]
    [InlineData(7201, "Chromium caps it at 7200")]
    public void Max_age_above_browser_caps_is_a_warning(int maxAge, string? text)
    {
        var p = CorsPolicy.Build(new CorsPolicyOptions { Origins = ["*"], MaxAge = maxAge });
        if (text is null)
        {
            Assert.Empty(p.Warnings);
        }
        else
        {
            var w = Assert.Single(p.Warnings);
            Assert.Equal(CorsPolicyErrorKind.MaxAgeAboveBrowserCap, w.Kind);
            Assert.Contains(text, w.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Redundant_entries_are_warnings()
    {
        var p = CorsPolicy.Build(new CorsPolicyOptions
        {
            Origins = ["https://a.example.com", "https://a.example.com"],
            ExposeHeaders = ["Content-Type", "X-Id"],
        });
        Assert.Equal(2, p.Warnings.Count);
        Assert.All(p.Warnings, w => Assert.Equal(CorsPolicyErrorKind.Redundant, w.Kind));
        Assert.Equal("X-Id", p.EvaluateActual("https://a.example.com").ExposeHeaders);
    }

    [Fact]
    public void Private_network_with_any_origin_is_an_error() =>
        Assert.Equal(CorsPolicyErrorKind.PrivateNetworkWithWildcardOrigin,
            Single(new CorsPolicyOptions { Origins = ["*"], PrivateNetwork = true }).Kind);

    [Fact]
    public void Policy_file_round_trips_and_rejects_unknown_properties_and_bad_json()
    {
        var o = CorsPolicyOptions.FromJson("""
            {
              // comments are allowed
              "origins": ["https://app.example.com", "https://*.example.org"],
              "methods": ["PUT"], "requestHeaders": ["X-Api-Key"], "exposeHeaders": ["X-Id"],
              "credentials": true, "maxAge": 600, "privateNetwork": true, "preflightSuccessStatus": 200,
            }
            """);
        Assert.Equal(["https://app.example.com", "https://*.example.org"], o.Origins);
        Assert.True(o.Credentials);
        Assert.True(o.PrivateNetwork);
        Assert.Equal(600, o.MaxAge);
        Assert.Equal(200, o.PreflightSuccessStatus);
        var back = CorsPolicyOptions.FromJson(o.ToJson());
        Assert.Equal(o.Origins, back.Origins);
        Assert.Equal(o.MaxAge, back.MaxAge);

        var unknown = Assert.Throws<CorsPolicyValidationException>(() => CorsPolicyOptions.FromJson("""{"origin": ["x"]}"""));
        Assert.Equal(CorsPolicyErrorKind.UnknownSetting, Assert.Single(unknown.Errors).Kind);
        Assert.Contains("origin", unknown.Errors[0].Message, StringComparison.Ordinal);
        Assert.Throws<CorsPolicyValidationException>(() => CorsPolicyOptions.FromJson("{"));
        Assert.Throws<CorsPolicyValidationException>(() => CorsPolicyOptions.FromJson("null"));
        Assert.Throws<CorsPolicyValidationException>(() => CorsPolicy.FromJson("""{"origins": ["*"], "credentials": true}"""));
    }
}
