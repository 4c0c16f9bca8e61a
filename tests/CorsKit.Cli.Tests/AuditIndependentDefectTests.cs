using System.Text.Json;
using System.Text.RegularExpressions;
using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 9 item 1: independent matcher defects are never collapsed. The three examples of audit-contract.md, each on a
/// real Kestrel server whose origin check reimplements the stack's documented matching with a .NET Regex of the same
/// semantics (the corpus branch runs the real stacks).
/// </summary>
public sealed class AuditIndependentDefectTests
{
    private const string Acme = "https://app.acme.io";

    private static CorsBehaviour Matcher(Func<string, bool> accepts) => new() { Allow = o => o is not null && (o == Acme || accepts(o)) ? o : null };

    /// <summary>nginx <c>map $http_origin … { ~* "^https?://([^/]+\.)?acme.io" $http_origin; }</c>: PCRE, a search
    /// (not anchored unless the pattern says so), '~*' case-insensitive (ngx_http_map_module, ngx_regex_exec).</summary>
    private static readonly CorsBehaviour Nginx = Matcher(o => Regex.IsMatch(o, @"^https?://([^/]+\.)?acme.io", RegexOptions.IgnoreCase));

    /// <summary>Express <c>cors({ origin: /acme\.io$/ })</c>: the cors package's isOriginAllowed calls
    /// <c>allowedOrigin.test(origin)</c>, a JavaScript RegExp search.</summary>
    private static readonly CorsBehaviour Express = Matcher(o => Regex.IsMatch(o, @"acme\.io$"));

    /// <summary>flask-cors <c>origins=r"https://.*\.acme\.io"</c>: flask_cors.core.try_match uses <c>re.match</c>,
    /// anchored at the start only.</summary>
    private static readonly CorsBehaviour Flask = Matcher(o => Regex.IsMatch(o, @"\Ahttps://.*\.acme\.io"));

    [Fact]
    public async Task Nginx_optional_subdomain_regex_is_four_findings()
    {
        var result = await AuditTestServer.AuditAsync(Nginx, Acme);
        result.HasExactly("insecure-origin-allowed", "any-subdomain-allowed", "unescaped-dot", "prefix-match");
        Assert.Equal("http://app.acme.io", result.Single("insecure-origin-allowed").Origin);
        Assert.Equal("https://corskitsub.acme.io", result.Single("any-subdomain-allowed").Origin);
        Assert.Equal("https://app.acmexio", result.Single("unescaped-dot").Origin);
        Assert.Equal("https://app.acme.io.corskit-evil.net", result.Single("prefix-match").Origin);

        // The probe the old audit called substring-match is explained by any subdomain + unanchored end.
        var both = result.Findings.SelectMany(f => f.Evidence).First(e => Sent(e) == "https://corskitapp.acme.io.corskit-evil.net");
        Assert.Contains("explained by ", both.Note, StringComparison.Ordinal);
        Assert.Equal(["any-subdomain-allowed", "prefix-match"], both.Note[(both.Note.IndexOf("explained by ", StringComparison.Ordinal) + 13)..].Split(" + ").Order(StringComparer.Ordinal));

        // Port and special characters ride on the open end: evidence under prefix-match, not findings.
        var prefix = result.Single("prefix-match");
        Assert.Contains(prefix.Evidence, e => Sent(e) == "https://app.acme.io:31337");
        Assert.Contains(prefix.Evidence, e => Sent(e) == "https://app.acme.io_.corskit-evil.net");
    }

    [Fact]
    public async Task Two_trusted_origins_give_the_same_four_findings()
    {
        // Each -t gets its own matcher model; a probe derived from one may be explained by the other's defects.
        var result = await AuditTestServer.AuditAsync(Nginx, Acme, "https://admin.acme.io");
        result.HasExactly("insecure-origin-allowed", "any-subdomain-allowed", "unescaped-dot", "prefix-match");
        Assert.Equal("https://corskitsub.acme.io", result.Single("any-subdomain-allowed").Origin);
    }

    [Fact]
    public async Task Express_regex_anchored_only_at_the_end_is_suffix_subdomain_and_http()
    {
        var result = await AuditTestServer.AuditAsync(Express, Acme);
        result.HasExactly("suffix-match", "any-subdomain-allowed", "insecure-origin-allowed");
        Assert.Equal("https://corskitevilacme.io", result.Single("suffix-match").Origin);
        Assert.Equal("https://corskitsub.acme.io", result.Single("any-subdomain-allowed").Origin);
        Assert.Equal("http://app.acme.io", result.Single("insecure-origin-allowed").Origin);

        // appxacme.io (a dot replaced) is also a look-alike ending in acme.io: the suffix defect explains it.
        Assert.Contains(result.Single("suffix-match").Evidence, e => Sent(e) == "https://appxacme.io" && e.Note.Contains("explained by suffix-match", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Flask_re_match_with_a_dotted_wildcard_is_prefix_and_subdomain()
    {
        var result = await AuditTestServer.AuditAsync(Flask, Acme);
        result.HasExactly("prefix-match", "any-subdomain-allowed");
        Assert.Equal("https://app.acme.io.corskit-evil.net", result.Single("prefix-match").Origin);
        Assert.Equal(Severity.Critical, result.Single("prefix-match").Severity);
        Assert.Equal(Severity.Medium, result.Single("any-subdomain-allowed").Severity);
    }

    [Fact]
    public async Task The_fixed_configurations_report_nothing_above_info()
    {
        // Fix closure on the three examples: every reported fix applied at once gives an exact match.
        var fixedMatcher = Matcher(o => Regex.IsMatch(o, @"^https://app\.acme\.io$"));
        var result = await AuditTestServer.AuditAsync(fixedMatcher, Acme);
        result.HasExactly();
    }

    [Fact]
    public async Task Json_shows_every_probe_that_proves_each_finding()
    {
        await using var server = await AuditTestServer.StartAsync(Nginx);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.RunAsync(["audit", new Uri(server.BaseAddress, "api/data").AbsoluteUri, "-t", Acme, "--format", "json", "--fail-on", "none"], output, error);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.ToString());
        var findings = json.RootElement.GetProperty("targets")[0].GetProperty("findings").EnumerateArray().ToList();
        Assert.Equal(4, findings.Count);
        foreach (var finding in findings)
        {
            var evidence = finding.GetProperty("evidence");
            var origins = new[] { evidence }.Concat(evidence.GetProperty("related").EnumerateArray())
                .Select(e => e.GetProperty("request").GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).First(h => h.StartsWith("Origin: ", StringComparison.Ordinal))[8..])
                .ToList();
            Assert.Contains(finding.GetProperty("origin").GetString(), origins);
            Assert.Contains("proves", evidence.GetProperty("note").GetString(), StringComparison.Ordinal);
        }

        var prefix = findings.Single(f => f.GetProperty("id").GetString() == "prefix-match");
        // The prefix proof, the port and the special-character probes it explains: all shown.
        Assert.True(prefix.GetProperty("evidence").GetProperty("related").GetArrayLength() >= 1 + ProbePlanner.SpecialChars.Count);
    }

    private static string? Sent(Evidence e) => e.Observation.Request.Headers.FirstOrDefault(h => h.Name == "Origin").Value;
}
