using CorsKit.Policy;
using FsCheck;
using FsCheck.Fluent;

namespace CorsKit.Tests.Policy;

public sealed class PolicyEvaluationTests
{
    private static readonly CorsPolicy Api = CorsPolicy.Build(new CorsPolicyOptions
    {
        Origins = ["https://app.example.com", "https://*.tenant.example.com", "http://localhost:*", "https://*.example.org:*", "https://exact.example.net:8443"],
        Methods = ["PUT", "patch"],
        RequestHeaders = ["X-Api-Key", "Content-Type"],
        ExposeHeaders = ["X-Request-Id", "X-Trace"],
        Credentials = true,
        MaxAge = 300,
        PrivateNetwork = true,
    });

    [Theory]
    [InlineData("https://app.example.com", true)]
    [InlineData("https://a.tenant.example.com", true)]
    [InlineData("https://a.b.tenant.example.com", true)]
    [InlineData("https://tenant.example.com", false)]
    [InlineData("https://atenant.example.com", false)]
    [InlineData("https://.tenant.example.com", false)]
    [InlineData("https://a..tenant.example.com", false)]
    [InlineData("https://a.tenant.example.com:444", false)]
    [InlineData("http://a.tenant.example.com", false)]
    [InlineData("http://localhost", true)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://localhost:65535", true)]
    [InlineData("http://localhost:65536", false)]
    [InlineData("http://localhost:03000", false)]
    [InlineData("http://localhost:", false)]
    [InlineData("https://localhost:3000", false)]
    [InlineData("http://a.localhost:3000", false)]
    [InlineData("https://x.example.org:9999", true)]
    [InlineData("https://x.example.org", true)]
    [InlineData("https://example.org", false)]
    [InlineData("https://exact.example.net:8443", true)]
    [InlineData("https://exact.example.net", false)]
    [InlineData("https://app.example.com.evil.net", false)]
    [InlineData("https://evilapp.example.com", false)]
    [InlineData("null", false)]
    [InlineData("", false)]
    [InlineData("https://", false)]
    [InlineData("https://app.example.com/", false)]
    public void Origins_match_exactly_as_configured(string origin, bool allowed) =>
        Assert.Equal(allowed, Api.IsOriginAllowed(origin));

    [Fact]
    public void Actual_request_results()
    {
        var ok = Api.EvaluateActual("https://app.example.com");
        Assert.Equal(CorsRequestKind.Actual, ok.Kind);
        Assert.False(ok.IsDenied);
        Assert.Equal("https://app.example.com", ok.AllowOrigin);
        Assert.True(ok.AllowCredentials);
        Assert.Equal("X-Request-Id, X-Trace", ok.ExposeHeaders);
        Assert.Equal("Origin", ok.Vary);
        Assert.Null(ok.AllowMethods);

        var denied = Api.EvaluateActual("https://evil.example");
        Assert.Equal(CorsRejection.OriginNotAllowed, denied.Rejection);
        Assert.Null(denied.AllowOrigin);
        Assert.False(denied.AllowCredentials);
        Assert.Equal("Origin", denied.Vary);
        Assert.Contains("https://evil.example", denied.Describe(), StringComparison.Ordinal);

        var none = Api.EvaluateActual(null);
        Assert.Equal(CorsRequestKind.NotCors, none.Kind);
        Assert.Null(none.AllowOrigin);
        Assert.Equal("Origin", none.Vary);
    }

    [Fact]
    public void Any_origin_policy_needs_no_vary()
    {
        var star = CorsPolicy.Build(new CorsPolicyOptions { Origins = ["*"] });
        Assert.False(star.VariesByOrigin);
        Assert.Equal("*", star.EvaluateActual("https://x.example").AllowOrigin);
        Assert.Equal("*", star.EvaluateActual(null).AllowOrigin);
        Assert.Null(star.EvaluateActual(null).Vary);
        Assert.Equal("*", star.EvaluatePreflight("https://x.example", "GET", (string?)null).AllowOrigin);
    }

    [Theory]
    [InlineData("PUT", null, CorsRejection.None)]
    [InlineData("patch", null, CorsRejection.None)]
    [InlineData("PATCH", null, CorsRejection.MethodNotAllowed)]
    [InlineData("put", null, CorsRejection.MethodNotAllowed)]
    [InlineData("GET", null, CorsRejection.None)]
    [InlineData("POST", "content-type", CorsRejection.None)]
    [InlineData("DELETE", null, CorsRejection.MethodNotAllowed)]
    [InlineData("PU T", null, CorsRejection.MethodNotAllowed)]
    [InlineData("", null, CorsRejection.MethodNotAllowed)]
    [InlineData("PUT", "content-type,x-api-key", CorsRejection.None)]
    [InlineData("PUT", "Content-Type, X-API-KEY", CorsRejection.None)]
    [InlineData("PUT", " content-type ,\tx-api-key\t", CorsRejection.None)]
    [InlineData("PUT", "content-type,,x-api-key,", CorsRejection.None)]
    [InlineData("PUT", "content-type,x-other", CorsRejection.HeaderNotAllowed)]
    [InlineData("PUT", "authorization", CorsRejection.HeaderNotAllowed)]
    [InlineData("PUT", "x(api)", CorsRejection.MalformedRequestHeaders)]
    public void Preflight_method_and_headers_are_validated(string method, string? headers, CorsRejection expected)
    {
        var r = Api.EvaluatePreflight("https://app.example.com", method, headers);
        Assert.Equal(CorsRequestKind.Preflight, r.Kind);
        Assert.Equal(expected, r.Rejection);
        if (expected == CorsRejection.None)
        {
            Assert.Equal("https://app.example.com", r.AllowOrigin);
            Assert.Equal(method, r.AllowMethods);
            Assert.Equal("300", r.MaxAge);
            Assert.True(r.AllowCredentials);
            Assert.Equal(headers is not null, r.EchoRequestHeaders);
            Assert.Null(r.ExposeHeaders);
        }
        else if (expected is CorsRejection.MethodNotAllowed or CorsRejection.HeaderNotAllowed)
        {
            // An allowed origin's method or header denial names its cause to the browser: the policy's own lists,
            // never the echoed request, never a max-age (Fetch §4.8 steps 7.5-7.7 then fail on the same name).
            Assert.True(r.IsExplainedDenial);
            Assert.Equal("https://app.example.com", r.AllowOrigin);
            Assert.True(r.AllowCredentials);
            Assert.NotNull(r.AllowMethods);
            Assert.DoesNotContain(r.RejectedValue!, r.AllowMethods!.Split(", "), StringComparer.OrdinalIgnoreCase);
            Assert.DoesNotContain(r.RejectedValue!, (r.AllowHeaders ?? "").Split(", "), StringComparer.OrdinalIgnoreCase);
            Assert.False(r.EchoRequestHeaders);
            Assert.Null(r.MaxAge);
            Assert.NotNull(r.Vary);
        }
        else
        {
            Assert.False(r.IsExplainedDenial);
            Assert.Null(r.AllowOrigin);
            Assert.Null(r.AllowMethods);
            Assert.Null(r.AllowHeaders);
            Assert.False(r.EchoRequestHeaders);
            Assert.False(r.AllowCredentials);
            Assert.NotNull(r.Vary);
        }
    }

    [Fact]
    public void Rejected_header_name_is_reported()
    {
        var r = Api.EvaluatePreflight("https://app.example.com", "PUT", ["content-type", " x-api-key , x-bad"]);
        Assert.Equal(CorsRejection.HeaderNotAllowed, r.Rejection);
        Assert.Equal("x-bad", r.RejectedValue);
    }

    [Fact]
    public void Malformed_and_unlisted_names_are_reported_trimmed_with_small_and_large_name_sets()
    {
        // Up to 8 names are scanned, more are hashed: both must agree, case-insensitively, on every line.
        var many = Enumerable.Range(0, 20).Select(i => $"x-h{i}").Append("content-type").ToArray();
        foreach (var names in new[] { new[] { "content-type", "x-h3" }, many })
        {
            var p = CorsPolicy.Build(new CorsPolicyOptions { Origins = ["https://a.example"], Methods = ["PUT"], RequestHeaders = names });
            Assert.False(p.EvaluatePreflight("https://a.example", "PUT", ["Content-Type", "\tX-H3 ,"]).IsDenied);
            var malformed = p.EvaluatePreflight("https://a.example", "PUT", ["content-type", " x-h3 ,\tx(y) "]);
            Assert.Equal(CorsRejection.MalformedRequestHeaders, malformed.Rejection);
            Assert.Equal("x(y)", malformed.RejectedValue);
            var unlisted = p.EvaluatePreflight("https://a.example", "PUT", " x-h3, x-h30 ");
            Assert.Equal(CorsRejection.HeaderNotAllowed, unlisted.Rejection);
            Assert.Equal("x-h30", unlisted.RejectedValue);
            Assert.Equal(CorsRejection.MethodNotAllowed, p.EvaluatePreflight("https://a.example", "put", (string?)null).Rejection);
        }
    }

    [Fact]
    public void Private_network_preflight()
    {
        var ok = Api.EvaluatePreflight("https://app.example.com", "GET", (string?)null, "true");
        Assert.True(ok.AllowPrivateNetwork);
        Assert.Contains("Access-Control-Request-Private-Network", ok.Vary, StringComparison.Ordinal);
        var off = CorsPolicy.Build(new CorsPolicyOptions { Origins = ["https://app.example.com"] });
        Assert.Equal(CorsRejection.PrivateNetworkNotAllowed, off.EvaluatePreflight("https://app.example.com", "GET", (string?)null, "true").Rejection);
        Assert.False(off.EvaluatePreflight("https://app.example.com", "GET", (string?)null).AllowPrivateNetwork);
    }

    [Fact]
    public void Hostile_request_headers_are_bounded()
    {
        var any = CorsPolicy.Build(new CorsPolicyOptions { Origins = ["*"], RequestHeaders = ["*"] });
        Assert.Equal(CorsRejection.RequestHeadersTooLarge, any.EvaluatePreflight("https://a.example", "POST", new string(',', 1 << 20)).Rejection);
        Assert.Equal(CorsRejection.RequestHeadersTooLarge, any.EvaluatePreflight("https://a.example", "POST", string.Join(',', Enumerable.Repeat("x", 65))).Rejection);
        Assert.Equal(CorsRejection.None, any.EvaluatePreflight("https://a.example", "POST", string.Join(',', Enumerable.Repeat("x", 64))).Rejection);
        Assert.Equal(CorsRejection.RequestHeadersTooLarge, any.EvaluatePreflight("https://a.example", "POST", new string(',', 17)).Rejection);
        Assert.Equal(CorsRejection.RequestHeadersTooLarge, any.EvaluatePreflight("https://a.example", "POST", Enumerable.Repeat<string?>("x", 17).ToArray()).Rejection);
        Assert.Equal(CorsRejection.MethodNotAllowed, any.EvaluatePreflight("https://a.example", new string('A', 65), (string?)null).Rejection);
        Assert.False(any.EvaluatePreflight("https://a.example", "POST", "x-a").IsDenied);
        Assert.Equal(CorsRejection.HeaderNotAllowed, any.EvaluatePreflight("https://a.example", "POST", "x-a,Authorization").Rejection);
        var withAuth = CorsPolicy.Build(new CorsPolicyOptions { Origins = ["*"], RequestHeaders = ["*", "Authorization"] });
        Assert.False(withAuth.EvaluatePreflight("https://a.example", "POST", "authorization,x-a").IsDenied);
        Assert.False(Api.IsOriginAllowed("https://" + new string('a', 400) + ".tenant.example.com"));
    }

    [Fact]
    public void Evaluation_allocates_nothing()
    {
        var allowed = "https://a.tenant.example.com";
        var denied = "https://a.tenant.example.co";
        string? headers = "content-type,x-api-key";
        Api.EvaluateActual(allowed);
        Api.EvaluatePreflight(allowed, "PUT", headers);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            Api.EvaluateActual(allowed);
            Api.EvaluateActual(denied);
            Api.EvaluatePreflight(allowed, "PUT", headers);
            Api.EvaluatePreflight(denied, "PUT", headers);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Ten_thousand_origins_and_a_hundred_patterns()
    {
        var origins = Enumerable.Range(0, 10_000).Select(i => $"https://app{i}.example.com")
            .Concat(Enumerable.Range(0, 100).Select(i => $"https://*.tenant{i}.example.net")).ToList();
        var p = CorsPolicy.Build(new CorsPolicyOptions { Origins = origins });
        Assert.True(p.IsOriginAllowed("https://app9999.example.com"));
        Assert.True(p.IsOriginAllowed("https://x.tenant99.example.net"));
        Assert.False(p.IsOriginAllowed("https://tenant99.example.net"));
        Assert.False(p.IsOriginAllowed("https://app10000.example.com"));
    }

    /// <summary>The trie against a naive reference written from the pattern rules (string suffix tests).</summary>
    [Fact]
    public void Trie_agrees_with_a_naive_reference_matcher()
    {
        string[] labels = ["a", "b", "example", "com", "org", "x-y"];
        string[] schemes = ["https", "http"];
        var patterns = new[]
        {
            (Scheme: "https", Host: "example.com", Sub: true, Port: (int?)null, AnyPort: false),
            ("http", "b.example.org", true, 8080, false),
            ("https", "a.com", false, null, true),
            ("http", "x-y.example.com", true, null, true),
            ("https", "b.a.org", false, 8443, false),
        };
        var policy = CorsPolicy.Build(new CorsPolicyOptions
        {
            Origins = patterns.Select(p => $"{p.Scheme}://{(p.Sub ? "*." : "")}{p.Host}{(p.AnyPort ? ":*" : p.Port is int n ? ":" + n : "")}").ToList(),
        });

        bool Reference(string scheme, string host, int? port) => patterns.Any(p =>
            p.Scheme == scheme
            && (p.Sub ? host.EndsWith("." + p.Host, StringComparison.Ordinal) : host == p.Host)
            && (p.AnyPort || p.Port == port));

        var gen =
            from scheme in Gen.Elements(schemes)
            from count in Gen.Choose(1, 5)
            from parts in Gen.ArrayOf(Gen.Elements(labels), count)
            from port in Gen.Elements<int?>(null, 8080, 8443, 1)
            select (scheme, host: string.Join('.', parts), port);
        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            var origin = $"{c.scheme}://{c.host}{(c.port is int n ? ":" + n : "")}";
            return policy.IsOriginAllowed(origin) == Reference(c.scheme, c.host, c.port);
        }).QuickCheckThrowOnFailure();
    }
}
