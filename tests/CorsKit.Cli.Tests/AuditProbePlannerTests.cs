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
            "https://app.example.co", "https://xample.com", "https://app.example.com_.corskit-evil.net",
            "https://app.example.com~.corskit-evil.net", "https://corskitsub.app.example.com", "https://corskitsibling.example.com",
            "http://app.example.com", "https://app.example.com:31337", "https://corskit-probe.github.io", "https://codepen.io",
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
}
