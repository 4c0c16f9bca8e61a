using CorsKit.Origins;

namespace CorsKit.Tests.Origins;

public class PublicSuffixTests
{
    // Cases from the PSL's own test list (publicsuffix.org/list/, tests/test_psl.txt) semantics.
    [Theory]
    [InlineData("example.com", "example.com")]
    [InlineData("www.example.com", "example.com")]
    [InlineData("WWW.Example.COM", "example.com")]
    [InlineData("www.example.co.uk", "example.co.uk")]
    [InlineData("co.uk", null)]
    [InlineData("com", null)]
    [InlineData("example", null)]
    [InlineData("b.example", "b.example")]
    [InlineData("a.b.example", "b.example")]
    [InlineData("foo.alice.github.io", "alice.github.io")]
    [InlineData("test.ck", null)] // *.ck
    [InlineData("b.test.ck", "b.test.ck")]
    [InlineData("www.ck", "www.ck")] // !www.ck
    [InlineData("a.www.ck", "www.ck")]
    [InlineData("食狮.公司.cn", "xn--85x722f.xn--55qx5d.cn")]
    [InlineData("127.0.0.1", null)]
    [InlineData("[::1]", null)]
    [InlineData("", null)]
    [InlineData("a..b.com", null)]
    public void RegistrableDomain(string host, string? expected) => Assert.Equal(expected, PublicSuffix.RegistrableDomain(host));

    [Theory]
    [InlineData("co.uk", true)]
    [InlineData("CO.UK", true)]
    [InlineData("com", true)]
    [InlineData("github.io", true)]
    [InlineData("unknowntld", true)]
    [InlineData("example.co.uk", false)]
    [InlineData("example.com", false)]
    [InlineData("192.168.0.1", false)]
    [InlineData("", false)]
    public void IsPublicSuffix(string host, bool expected) => Assert.Equal(expected, PublicSuffix.IsPublicSuffix(host));

    // Section membership as written in the list (lines between "===BEGIN PRIVATE DOMAINS===" and "===END PRIVATE DOMAINS===").
    [Theory]
    [InlineData("alice.github.io", "github.io")]
    [InlineData("x.vercel.app", "vercel.app")]
    [InlineData("x.workers.dev", "workers.dev")]
    [InlineData("bucket.s3.amazonaws.com", "s3.amazonaws.com")]
    [InlineData("a.b.compute.amazonaws.com", "b.compute.amazonaws.com")] // private wildcard rule *.compute.amazonaws.com
    [InlineData("www.example.com", null)] // ICANN "com"
    [InlineData("www.example.co.uk", null)]
    [InlineData("github.io", "github.io")]
    [InlineData("127.0.0.1", null)]
    [InlineData("", null)]
    public void PrivateSectionSuffix(string host, string? expected) => Assert.Equal(expected, PublicSuffix.PrivateSectionSuffix(host));

    [Theory]
    [InlineData("github.io", true)]
    [InlineData("pages.dev", true)]
    [InlineData("netlify.app", true)]
    [InlineData("com", false)]
    [InlineData("co.uk", false)]
    [InlineData("example.github.io", false)] // under a private suffix, but not a rule itself
    [InlineData("not-a-suffix.example", false)]
    public void IsPrivateSectionRule(string suffix, bool expected) => Assert.Equal(expected, PublicSuffix.IsPrivateSectionRule(suffix));

    // Issue 10 item 10: the public suffix at or below a host, with the rule that makes it one (publicsuffix.org list
    // format: "*." wildcard rules, "!" exception rules, ICANN and private sections).
    [Theory]
    [InlineData("com", "com")]
    [InlineData("github.io", "github.io")]
    [InlineData("amazonaws.com", "s3.amazonaws.com")]
    [InlineData("compute.amazonaws.com", "*.compute.amazonaws.com")]
    [InlineData("kawasaki.jp", "*.kawasaki.jp")]
    [InlineData("KAWASAKI.jp", "*.kawasaki.jp")]
    [InlineData("nakahara.kawasaki.jp", "nakahara.kawasaki.jp")]
    [InlineData("city.kawasaki.jp", null)]
    [InlineData("a.city.kawasaki.jp", null)]
    [InlineData("example.com", null)]
    [InlineData("myproject.github.io", null)]
    [InlineData("127.0.0.1", null)]
    [InlineData("", null)]
    public void SuffixAtOrBelow(string host, string? expected) => Assert.Equal(expected, PublicSuffix.SuffixAtOrBelow(host));

    /// <summary>Found by the fuzz harness: a host of many labels cost time and memory quadratic in its length (every
    /// suffix of it was joined into a string to look it up: 68 GB allocated and 174 s for one 256 KiB origin). No rule
    /// of the list has more than a handful of labels, so no longer suffix needs a lookup.</summary>
    [Fact]
    public void A_host_of_many_labels_costs_linear_work()
    {
        var host = string.Concat(Enumerable.Repeat("a.", 60_000)) + "example.com"; // 120 KB, 60,002 labels
        _ = PublicSuffix.RegistrableDomain("warm.example.com");
        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.Equal("example.com", PublicSuffix.RegistrableDomain(host));
        Assert.False(PublicSuffix.IsPublicSuffix(host));
        Assert.Null(PublicSuffix.SuffixAtOrBelow(host));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 64L * host.Length * 3, $"{allocated:N0} bytes for three lookups of a {host.Length:N0}-character host");
    }
}
