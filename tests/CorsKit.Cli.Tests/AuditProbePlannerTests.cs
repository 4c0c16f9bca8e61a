using CorsKit.Cli.Audit;
using CorsKit.Origins;

namespace CorsKit.Cli.Tests;

/// <summary>The probe origins: only what a browser can send, derived as documented in docs/audit.md.</summary>
public sealed class AuditProbePlannerTests
{
    [Theory]
    [InlineData("https://app.example.com")]
    [InlineData("https://example.com")]
    [InlineData("https://a.b.shop.example.co.uk:8443")]
    [InlineData("http://localhost:3000")]
    [InlineData("http://127.0.0.1:8080")]
    [InlineData("http://[::1]:5000")]
    [InlineData("https://xn--lve-6lad.example")]
    [InlineData("https://me.github.io")]
    public void Every_probe_is_an_origin_a_browser_can_send_and_none_is_trusted(string trusted)
    {
        var probes = ProbePlanner.Plan([trusted], [trusted]);
        Assert.All(probes, p =>
        {
            // Byte-exact serialization: what Chromium would put in the Origin header for a page on that origin.
            Assert.True(Origin.TryParseSerialized(p.Origin, out _), p.Origin);
            Assert.NotEqual(trusted, p.Origin);
            Assert.DoesNotContain("%", p.Origin, StringComparison.Ordinal);
            Assert.DoesNotContain("*", p.Origin, StringComparison.Ordinal);
            Assert.DoesNotContain(",", p.Origin, StringComparison.Ordinal);
        });
        // Each origin once, except the arbitrary origin, sent with and without the cookie.
        var once = probes.Where(p => p.Kind != ProbeKind.ArbitraryNoCookie).ToList();
        Assert.Equal(once.Count, once.Select(p => p.Origin).Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(probes, p => p.Kind == ProbeKind.Arbitrary);
        Assert.Contains(probes, p => p.Kind == ProbeKind.Null);
        Assert.Contains(probes, p => p.Kind == ProbeKind.AnyPort);
    }

    [Fact]
    public void A_subdomain_gets_every_look_alike()
    {
        var probes = ProbePlanner.Plan(["https://app.example.com"], ["https://app.example.com"]);
        string[] expected =
        [
            "https://app.example.com.corskit-evil.net", "https://corskitevilexample.com", "https://corskitevilapp.example.com",
            "https://appxexample.com", "https://app.examplexcom", "https://corskitapp.example.com.corskit-evil.net",
            "https://app.example.co", "https://app.example.com_.corskit-evil.net",
            "https://app.example.com~.corskit-evil.net", "https://corskitsub.app.example.com", "https://corskitsub.example.com",
            "http://app.example.com", "https://app.example.com:31337", "https://corskit-probe.github.io", "https://corskit-probe.vercel.app",
            "https://corskit-probe.workers.dev", "https://corskit-probe.s3.amazonaws.com",
        ];
        Assert.All(expected, e => Assert.Contains(probes, p => p.Origin == e));
    }

    [Fact]
    public void Ip_hosts_get_no_domain_look_alikes_and_http_origins_no_http_twin()
    {
        var probes = ProbePlanner.Plan(["http://127.0.0.1:8080"], ["http://127.0.0.1:8080"]);
        Assert.DoesNotContain(probes, p => p.Kind is ProbeKind.Suffix or ProbeKind.UnescapedDot or ProbeKind.AnySubdomain or ProbeKind.InsecureOrigin);
        Assert.Contains(probes, p => p.Origin == "http://127.0.0.1:31337");
    }

    [Fact]
    public void Public_suffix_hosts_get_no_sibling_under_the_suffix()
    {
        // me.github.io: github.io is a public suffix, so "a random sibling under the parent" would be another user's site.
        var probes = ProbePlanner.Plan(["https://me.github.io"], ["https://me.github.io"]);
        Assert.DoesNotContain(probes, p => p.Kind == ProbeKind.ParentSibling);
    }

    [Fact]
    public void Hosting_suffixes_are_the_candidates_the_public_suffix_list_private_section_lists()
    {
        // Issue 9 item 5: membership is checked against the PSL at run time; a name outside the private section
        // (com, an ICANN suffix) is never probed as a hosting suffix.
        Assert.All(ProbePlanner.HostingSuffixes, s => Assert.True(CorsKit.Origins.PublicSuffix.IsPrivateSectionRule(s), s));
        Assert.Contains("github.io", ProbePlanner.HostingSuffixes);
        Assert.DoesNotContain("co.uk", ProbePlanner.HostingSuffixes);
        var probes = ProbePlanner.Plan(["https://app.example.com"], ["https://app.example.com"]).Where(p => p.Kind == ProbeKind.ThirdParty).ToList();
        Assert.Equal(ProbePlanner.HostingSuffixes.Count, probes.Count);
    }

    [Fact]
    public void The_prefix_probe_is_explained_only_by_an_open_end_and_the_suffix_probe_only_by_a_missing_dot_boundary()
    {
        // Probe design (docs/audit.md): with every other defect present, the model still rejects each proof probe.
        var model = MatcherModel.Create("https://app.acme.io")!;
        Assert.False(model.Accepts("https://app.acme.io.corskit-evil.net", OriginDefect.All & ~OriginDefect.UnanchoredEnd));
        Assert.True(model.Accepts("https://app.acme.io.corskit-evil.net", OriginDefect.UnanchoredEnd));
        Assert.False(model.Accepts("https://corskitevilacme.io", OriginDefect.All & ~OriginDefect.SuffixOfDomain));
        Assert.False(model.Accepts("https://corskitsub.acme.io", OriginDefect.All & ~OriginDefect.AnySubdomainOfDomain));
        Assert.False(model.Accepts("http://app.acme.io", OriginDefect.All & ~OriginDefect.InsecureScheme));
        Assert.False(model.Accepts("https://app.acmexio", OriginDefect.All & ~OriginDefect.UnescapedDot));
        // appxacme.io is not such a probe: a suffix look-alike explains it as well.
        Assert.True(model.Accepts("https://appxacme.io", OriginDefect.SuffixOfDomain));
        Assert.True(model.Accepts("https://app.acme.io", OriginDefect.None));
    }

    [Fact]
    public void Without_a_trusted_origin_the_candidates_come_from_the_target_host()
    {
        // Issue 9 item 4: the registrable domain, www. and app. (and api.) under it, with the target's scheme.
        Assert.Equal(
            ["https://api.acme.co.uk", "https://acme.co.uk", "https://www.acme.co.uk", "https://app.acme.co.uk"],
            ProbePlanner.DiscoveryCandidates(new Uri("https://api.acme.co.uk/v1/data")));
    }
}
