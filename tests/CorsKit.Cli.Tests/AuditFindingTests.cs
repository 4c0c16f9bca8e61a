using System.Text.RegularExpressions;
using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests;

/// <summary>One real Kestrel server per misconfiguration class, each with a positive and a negative case. The negative
/// cases are the configurations the class is most often confused with.</summary>
public sealed class AuditFindingTests
{
    private const string T = AuditTestServer.Trusted;

    private static readonly CorsBehaviour Correct = new() { Allow = o => o == T ? o : null };

    private static Func<string?, string?> Pattern(string regex) => o => o is not null && Regex.IsMatch(o, regex) ? o : null;

    [Fact]
    public async Task Correct_allow_list_with_credentials_has_no_finding()
    {
        var result = await AuditTestServer.AuditAsync(Correct);
        result.HasExactly();
        Assert.Equal([T], result.TrustedOrigins);
    }

    [Fact]
    public async Task Reflected_origin_with_credentials_is_critical_and_explains_the_bypass_classes()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = o => o });
        result.HasExactly("origin-reflected");
        var finding = result.Single("origin-reflected");
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.True(finding.Credentials);
        Assert.Equal(ProbePlanner.ArbitraryOrigin, finding.Origin);
        // null, prefix, suffix, … all pass too, but are evidence under the root cause.
        Assert.Contains(finding.Evidence, e => e.Note.Contains("null", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, e => e.Note.Contains("prefix", StringComparison.Ordinal));
        Assert.True(finding.Evidence.Count > 10);
    }

    [Fact]
    public async Task Reflected_origin_without_credentials_is_low()
    {
        var finding = (await AuditTestServer.AuditAsync(Correct with { Allow = o => o, Credentials = false })).Single("origin-reflected");
        Assert.Equal(Severity.Low, finding.Severity);
        Assert.False(finding.Credentials);
    }

    [Fact]
    public async Task Reflection_only_when_a_cookie_is_sent_is_found_because_probes_carry_a_cookie()
    {
        var behaviour = Correct with { Adjust = (request, allowed) => request.Headers.Cookie.Count > 0 ? request.Headers.Origin.ToString() : allowed };
        var finding = (await AuditTestServer.AuditAsync(behaviour)).Single("origin-reflected");
        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public async Task Starlette_style_star_that_echoes_with_a_cookie_but_no_credentials_is_a_wildcard()
    {
        // Starlette CORSMiddleware(allow_origins=['*']): '*' normally, the origin (with Vary: Origin) when a cookie is
        // present, no ACAC.
        var behaviour = new CorsBehaviour
        {
            Allow = _ => "*",
            Credentials = false,
            Vary = true,
            Adjust = (request, allowed) => request.Headers.Cookie.Count > 0 && request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : allowed,
        };
        var result = await AuditTestServer.AuditAsync(behaviour);
        Assert.DoesNotContain("origin-reflected", result.Ids());
        Assert.Equal(Severity.Info, result.Single("wildcard-origin").Severity);
        Assert.All(result.Findings, f => Assert.Equal(Severity.Info, f.Severity));
    }

    [Fact]
    public async Task Starlette_style_star_with_credentials_reflects_with_credentials_and_is_critical()
    {
        var behaviour = new CorsBehaviour
        {
            Allow = _ => "*",
            Credentials = true,
            Vary = false,
            Adjust = (request, allowed) => request.Headers.Cookie.Count > 0 && request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : allowed,
        };
        var result = await AuditTestServer.AuditAsync(behaviour);
        Assert.Equal(Severity.Critical, result.Single("origin-reflected").Severity);
        // Without a cookie the answer is '*' + credentials: its own findings, not folded (contract amendment A5).
        result.HasExactly("origin-reflected", "missing-vary-origin", "wildcard-with-credentials", "wildcard-origin");
    }

    [Fact]
    public async Task Null_in_the_allow_list_is_found_and_an_exact_list_is_not()
    {
        var finding = (await AuditTestServer.AuditAsync(Correct with { Allow = o => o is T or "null" ? o : null })).Single("null-origin-allowed");
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.Equal("null", finding.Origin);
        (await AuditTestServer.AuditAsync(Correct with { Allow = o => o is T ? o : null })).HasExactly();
    }

    [Fact]
    public async Task Static_star_is_info_only_and_needs_no_vary()
    {
        var result = await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = _ => "*", Credentials = false, Vary = false });
        result.HasExactly("wildcard-origin");
        Assert.Equal(Severity.Info, result.Single("wildcard-origin").Severity);
    }

    [Fact]
    public async Task Star_with_credentials_is_its_own_id()
    {
        // '*' + credentials is also '*' for uncredentialed reads: dropping the credentials header (the fix) leaves
        // wildcard-origin, so it is reported from the start (fix closure; contract amendment A5).
        var result = await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = _ => "*", Credentials = true, Vary = false });
        result.HasExactly("wildcard-with-credentials", "wildcard-origin");
        Assert.Equal(Severity.Low, result.Single("wildcard-with-credentials").Severity);
    }

    [Fact]
    public async Task Regex_without_end_anchor_is_a_prefix_match()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https://app\.example\.com") });
        result.HasExactly("prefix-match");
        Assert.Equal("https://app.example.com.corskit-evil.net", result.Single("prefix-match").Origin);
        Assert.Equal(Severity.Critical, result.Single("prefix-match").Severity);
    }

    [Fact]
    public async Task EndsWith_without_a_dot_is_a_suffix_match_and_any_subdomain()
    {
        // Issue 9 item 1: endsWith("example.com") after a pinned scheme has two independent defects, each with its own
        // fix: no dot boundary (corskitevilexample.com) and every subdomain (corskitsub.example.com). The old
        // expectation (suffix-match alone) hid the second.
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = o => o is not null && o.StartsWith("https://", StringComparison.Ordinal) && o.EndsWith("example.com", StringComparison.Ordinal) ? o : null });
        result.HasExactly("suffix-match", "any-subdomain-allowed");
        Assert.Equal("https://corskitevilexample.com", result.Single("suffix-match").Origin);
        Assert.Equal("https://corskitsub.example.com", result.Single("any-subdomain-allowed").Origin);
    }

    [Fact]
    public async Task Python_re_match_with_a_loose_pattern_has_four_independent_defects()
    {
        // Flask-CORS origins=r"https://.*example.com" (re.match: anchored at the start only). '.*' before the domain
        // has no dot boundary (suffix) and takes any subdomain; the end is open (prefix); the dot is unescaped.
        // prefix + suffix together are substring-match. The old expectation (substring + unescaped) hid any-subdomain.
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = o => o is not null && Regex.Match(o, @"\Ahttps://.*example.com").Success ? o : null });
        result.HasExactly("substring-match", "any-subdomain-allowed", "unescaped-dot");
        Assert.Equal("https://app.examplexcom", result.Single("unescaped-dot").Origin);
    }

    [Fact]
    public async Task Any_subdomain_with_a_dot_boundary_is_not_a_suffix_match()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https://([a-z0-9-]+\.)*app\.example\.com$") });
        result.HasExactly("any-subdomain-allowed");
        Assert.Equal(Severity.Medium, result.Single("any-subdomain-allowed").Severity);
    }

    [Fact]
    public async Task Parent_domain_wildcard_is_any_subdomain_not_suffix()
    {
        // Spring allowedOriginPatterns("https://*.example.com") with trusted https://app.example.com.
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https://[a-z0-9.-]+\.example\.com$") });
        result.HasExactly("any-subdomain-allowed");
    }

    [Fact]
    public async Task Single_label_sibling_wildcard_is_any_subdomain()
    {
        // django-cors-headers' documented CORS_ALLOWED_ORIGIN_REGEXES example: r"^https://\w+\.example\.com$".
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https://\w+\.example\.com$") });
        result.HasExactly("any-subdomain-allowed");
        Assert.Equal("https://corskitsub.example.com", result.Single("any-subdomain-allowed").Origin);
    }

    [Fact]
    public async Task Unescaped_dot_is_found_and_an_escaped_one_is_not()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https://app.example.com$") });
        result.HasExactly("unescaped-dot");
        Assert.Equal(Severity.High, result.Single("unescaped-dot").Severity);
        (await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https://app\.example\.com$") })).HasExactly();
    }

    [Fact]
    public async Task Contains_check_is_a_substring_match_and_does_not_absorb_subdomains_or_http()
    {
        // contains("app.example.com"): the end is open and the start has no dot boundary (substring-match = prefix +
        // suffix), and independently http:// and every subdomain pass: anchoring both ends of a host-only check still
        // leaves those, so they are findings of their own (audit-contract.md "substring-match").
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = o => o is not null && o.Contains("app.example.com", StringComparison.Ordinal) ? o : null });
        result.HasExactly("substring-match", "insecure-origin-allowed", "any-subdomain-allowed");
        var substring = result.Single("substring-match");
        Assert.Contains(substring.Evidence, e => e.Observation.Request.Headers.Any(h => h.Value == "https://app.example.com.corskit-evil.net"));
        Assert.Contains(substring.Evidence, e => e.Observation.Request.Headers.Any(h => h.Value == "https://corskitevilapp.example.com"));
        Assert.Contains(substring.Evidence, e => e.Note.Contains("explained by substring-match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reverse_contains_check_is_a_substring_match()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = o => o is { Length: > 8 } && T.Contains(o, StringComparison.Ordinal) ? o : null });
        result.HasExactly("substring-match");
    }

    [Fact]
    public async Task Http_twin_is_insecure_origin_and_https_only_is_clean()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https?://app\.example\.com$") });
        result.HasExactly("insecure-origin-allowed");
        Assert.Equal("http://app.example.com", result.Single("insecure-origin-allowed").Origin);
    }

    [Fact]
    public async Task Special_character_after_the_host_is_found()
    {
        // Corben Leo's example pattern: anything after a character that is not '.', '-' or alphanumeric. ':' is such a
        // character, so :31337 passes too; special-char-bypass does not absorb any-port-allowed (contract amendment A3).
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https://app\.example\.com([^.\-a-zA-Z0-9].*)?$") });
        result.HasExactly("special-char-bypass", "any-port-allowed");
        Assert.Equal("https://app.example.com_.corskit-evil.net", result.Single("special-char-bypass").Origin);
    }

    [Fact]
    public async Task Public_suffix_list_private_section_hosting_origins_are_third_party()
    {
        // Issue 9 item 5: the hosting suffixes come from the PSL private section (vercel.app, github.io, …).
        var pages = await AuditTestServer.AuditAsync(Correct with { Allow = o => o == T || (o is not null && Regex.IsMatch(o, @"^https://[a-z0-9-]+\.github\.io$")) ? o : null });
        pages.HasExactly("third-party-origin-allowed");
        Assert.Equal("https://corskit-probe.github.io", pages.Single("third-party-origin-allowed").Origin);
        var vercel = await AuditTestServer.AuditAsync(Correct with { Allow = o => o == T || (o is not null && o.EndsWith(".vercel.app", StringComparison.Ordinal)) ? o : null });
        vercel.HasExactly("third-party-origin-allowed");
        Assert.Equal("https://corskit-probe.vercel.app", vercel.Single("third-party-origin-allowed").Origin);
    }

    [Fact]
    public async Task Port_ignored_is_any_port()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = Pattern(@"^https://app\.example\.com(:\d+)?$") });
        result.HasExactly("any-port-allowed");
        Assert.Equal("https://app.example.com:31337", result.Single("any-port-allowed").Origin);
    }

    [Fact]
    public async Task Allow_list_echoed_without_vary_is_missing_vary()
    {
        // nginx map $http_origin with two origins and no 'add_header Vary Origin'; only one is given as trusted, the
        // other is found among the common siblings.
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = o => o is T or "https://www.example.com" ? o : null, Vary = false });
        result.HasExactly("missing-vary-origin");
        Assert.Equal(T, result.Single("missing-vary-origin").Origin);
        (await AuditTestServer.AuditAsync(Correct with { Allow = o => o is T or "https://www.example.com" ? o : null })).HasExactly();
    }

    [Fact]
    public async Task Reflection_without_vary_is_reported_with_the_reflection()
    {
        (await AuditTestServer.AuditAsync(Correct with { Allow = o => o, Vary = false })).HasExactly("origin-reflected", "missing-vary-origin");
    }

    [Fact]
    public async Task One_allowed_origin_present_or_absent_without_vary_is_missing_vary()
    {
        // Issue 9 item 3 (the old test said the opposite): one origin named for the trusted origin and none for others
        // depends on Origin as much as two values do (Fetch "CORS protocol and HTTP caches").
        var result = await AuditTestServer.AuditAsync(Correct with { Vary = false });
        result.HasExactly("missing-vary-origin");
        Assert.Equal(T, result.Single("missing-vary-origin").Origin);
        Assert.Contains("CORS protocol and HTTP caches", result.Single("missing-vary-origin").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vary_missing_only_on_the_response_without_origin_is_missing_vary()
    {
        // Starlette / ASP.NET Core style: the CORS layer skips requests without Origin, so that response has neither
        // Access-Control-Allow-Origin nor Vary; a cache that stored it (a navigation) serves it to the front end
        // (whatwg/fetch PR #564). Contract amendment A1.
        var result = await AuditTestServer.AuditAsync(Correct with { SkipWithoutOrigin = true });
        result.HasExactly("missing-vary-origin");
        var finding = result.Single("missing-vary-origin");
        Assert.Null(finding.Origin);
        Assert.DoesNotContain(finding.Evidence[0].Observation.Request.Headers, h => h.Name == "Origin");
        // A static origin sent to everyone (also without Origin) needs no Vary.
        (await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = _ => T, Vary = false, SkipWithoutOrigin = false })).HasExactly();
    }

    [Fact]
    public async Task Static_single_origin_needs_no_vary()
    {
        // nginx: add_header Access-Control-Allow-Origin https://app.example.com; (same value for everyone)
        (await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = _ => T, Vary = false })).HasExactly();
    }

    [Fact]
    public async Task Headers_dropped_on_errors_are_found()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { OnErrors = false });
        result.HasExactly("cors-missing-on-error");
        var finding = result.Single("cors-missing-on-error");
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal(404, finding.Evidence[0].Observation.Response!.Status);
        Assert.EndsWith(AuditEngine.MissingSegment, finding.Evidence[0].Observation.Request.Url.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_given_url_that_fails_without_cors_is_missing_on_error_when_another_url_has_cors()
    {
        // Issue 9 item 2: an ASP.NET Core endpoint that throws loses the CORS headers (500), while the same host answers
        // the trusted origin with CORS on another URL the user gave.
        var behaviour = Correct with { DropCorsOn = status => status == 500 };
        var results = await AuditTestServer.AuditPathsAsync(behaviour, [AuditTestServer.FailingPath, AuditTestServer.Path]);
        results[0].HasExactly("cors-missing-on-error");
        var finding = results[0].Single("cors-missing-on-error");
        Assert.Equal(500, finding.Evidence[0].Observation.Response!.Status);
        Assert.EndsWith(AuditTestServer.FailingPath, finding.Evidence[0].Observation.Request.Url.AbsolutePath, StringComparison.Ordinal);
        results[1].HasExactly();
        // Alone, the failing URL is still compared with its own error paths (the 404 there keeps CORS).
        (await AuditTestServer.AuditPathsAsync(behaviour, [AuditTestServer.FailingPath])).Single().HasExactly("cors-missing-on-error");
    }

    [Theory]
    [InlineData(405, false)]
    [InlineData(400, true)]
    public async Task Error_paths_per_target_lose_cors(int status, bool acceptsPost)
    {
        // One POST with a malformed JSON body: a route that does not accept POST answers 405, one that takes a body 400.
        var result = await AuditTestServer.AuditAsync(Correct with { DropCorsOn = s => s == status, AcceptsPost = acceptsPost });
        result.HasExactly("cors-missing-on-error");
        var error = result.Single("cors-missing-on-error").Evidence[0].Observation;
        Assert.Equal(status, error.Response!.Status);
        Assert.Equal("POST", error.Request.Method);
        Assert.Equal(AuditEngine.MalformedJson, error.Request.Body);
        Assert.Contains(error.Request.Headers, h => h is { Name: "Content-Type", Value: "application/json" });
    }

    [Fact]
    public async Task A_json_post_the_cors_layer_does_not_allow_is_not_an_error_path()
    {
        // rs/cors with AllowedMethods lacking POST (or a preflight that does not allow Content-Type) never lets the front
        // end send the JSON POST: the browser model stops at the preflight, so its 400 without CORS is not a finding.
        var result = await AuditTestServer.AuditAsync(Correct with { DropCorsOn = s => s == 400, AllowHeaders = _ => null });
        result.HasExactly();
    }

    [Fact]
    public async Task No_cors_anywhere_is_not_missing_on_error()
    {
        (await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = _ => null })).HasExactly();
    }

    [Fact]
    public async Task Two_allow_origin_headers_are_invalid_not_reflection()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { Allow = o => o, AcaoCopies = 2 });
        result.HasExactly("invalid-acao");
    }

    [Fact]
    public async Task A_list_or_a_trailing_slash_in_allow_origin_is_invalid()
    {
        (await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = _ => T + ", https://www.example.com" })).HasExactly("invalid-acao");
        (await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = _ => T + "/" })).HasExactly("invalid-acao");
    }

    [Fact]
    public async Task Preflight_echoing_any_method_is_found_and_a_fixed_list_is_not()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { AllowMethods = m => m });
        result.HasExactly("preflight-reflects-method");
        // Starlette: a fixed list, and 400 for a method outside it.
        var starlette = Correct with
        {
            AllowMethods = _ => "DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT",
            PreflightStatus = (m, _) => m is "DELETE" or "GET" or "HEAD" or "OPTIONS" or "PATCH" or "POST" or "PUT" ? 200 : 400,
        };
        (await AuditTestServer.AuditAsync(starlette)).HasExactly();
    }

    [Fact]
    public async Task Preflight_echoing_any_header_is_found_and_a_fixed_list_is_not()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { AllowHeaders = h => h });
        result.HasExactly("preflight-reflects-headers");
        Assert.Equal(Severity.Info, result.Single("preflight-reflects-headers").Severity);
        (await AuditTestServer.AuditAsync(Correct with { AllowHeaders = _ => "Content-Type, Authorization" })).HasExactly();
    }

    [Fact]
    public async Task Private_network_access_is_info_since_local_network_access_replaced_it()
    {
        // Issue 9 item 5: Chromium 142 replaced PNA preflights with the Local Network Access prompt.
        var open = await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = _ => "*", Credentials = false, Vary = false, PrivateNetwork = true });
        open.HasExactly("wildcard-origin", "private-network-allowed");
        Assert.Equal(Severity.Info, open.Single("private-network-allowed").Severity);
        Assert.Contains("Chromium 142", FindingCatalog.PrivateNetworkAllowed.Rationale, StringComparison.Ordinal);
        var trustedOnly = await AuditTestServer.AuditAsync(Correct with { PrivateNetwork = true });
        trustedOnly.HasExactly("private-network-allowed");
        Assert.Equal(Severity.Info, trustedOnly.Single("private-network-allowed").Severity);
        (await AuditTestServer.AuditAsync(Correct)).HasExactly();
    }

    [Fact]
    public async Task Max_age_above_chromium_cap_is_info_and_7200_is_not_reported()
    {
        var result = await AuditTestServer.AuditAsync(Correct with { MaxAge = "86400" });
        result.HasExactly("max-age-over-browser-cap");
        Assert.Equal(Severity.Info, result.Single("max-age-over-browser-cap").Severity);
        (await AuditTestServer.AuditAsync(Correct with { MaxAge = "7200" })).HasExactly();
    }

    [Fact]
    public async Task Without_trusted_origins_the_servers_own_origin_is_discovered()
    {
        await using var server = await AuditTestServer.StartAsync(new CorsBehaviour());
        var own = server.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var second = await AuditTestServer.StartAsync(new CorsBehaviour { Allow = o => o == own ? o : null });
        var report = await AuditRunner.RunAsync(new AuditSettings { Targets = [new Uri(second.BaseAddress, "api/data")] });
        // The second server trusts the first server's origin only, so discovery (its own origin) finds nothing trusted.
        Assert.Empty(Assert.Single(report.Targets).TrustedOrigins);
        var self = second.BaseAddress.GetLeftPart(UriPartial.Authority);
        await using var third = await AuditTestServer.StartAsync(new CorsBehaviour { Allow = o => o?.StartsWith("http://127.0.0.1:", StringComparison.Ordinal) == true ? o : null });
        var url = new Uri(third.BaseAddress, "api/data");
        var discovered = Assert.Single((await AuditRunner.RunAsync(new AuditSettings { Targets = [url] })).Targets);
        Assert.Equal([url.GetLeftPart(UriPartial.Authority)], discovered.TrustedOrigins);
        Assert.Contains("any-port-allowed", discovered.Ids());
        Assert.NotEqual(self, url.GetLeftPart(UriPartial.Authority));
    }
}
