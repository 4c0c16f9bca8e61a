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
}
