using CorsKit.Origins;

namespace CorsKit.Tests.Origins;

/// <summary>
/// <see cref="WhatwgUrl"/> on the inputs issue 10 (item 19) named, with the hrefs Chromium 156's <c>new URL()</c>
/// returned for them (the full table runs against the browser in CorsKit.Cli.Tests, UrlParsingChromiumTests).
/// </summary>
public class WhatwgUrlTests
{
    [Theory]
    [InlineData("http:127.0.0.1:8080/x", "http://127.0.0.1:8080/x")]
    [InlineData("http://127.0.\t0.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://127.0.0\n.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://%31%32%37.0.0.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://0x7f.1:8080/", "http://127.0.0.1:8080/")]
    [InlineData("http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/")]
    [InlineData("http://example.com/a/../b/./c?q='x'#f g", "http://example.com/b/c?q=%27x%27#f%20g")]
    [InlineData("http://a@b@example.com/", "http://a%40b@example.com/")]
    public void Parses_as_the_browser_does(string input, string href)
    {
        Assert.True(WhatwgUrl.TryParse(input, out var url, out var error), error);
        Assert.Equal(href, url.Href);
        Assert.True(WhatwgUrl.TryParse(url.Href, out var again, out _));
        Assert.Equal(href, again.Href);
    }

    [Theory]
    [InlineData("http://[::1%25lo]:8080/", "IPv6")]
    [InlineData("http://256.0.0.1/", "IPv4")]
    [InlineData("http://example.com:65536/", "65535")]
    [InlineData("http://\u00ad/", "empty")]
    [InlineData("http://\u202e.example/", "U+202E")]
    [InlineData("mailto:a@b.c", "special scheme")]
    [InlineData("127.0.0.1:8080", "no scheme")]
    [InlineData("localhost:8080", "special scheme")]
    [InlineData(null, "null")]
    public void Refuses_what_the_browser_refuses_and_says_why(string? input, string reason)
    {
        Assert.False(WhatwgUrl.TryParse(input, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    // A lone surrogate is not a scalar value: the parser sees U+FFFD (built here, as attribute data cannot hold one).
    [Fact]
    public void A_lone_surrogate_is_encoded_as_the_replacement_character()
    {
        Assert.True(WhatwgUrl.TryParse("http://example.com/" + (char)0xD800, out var url, out _));
        Assert.Equal("http://example.com/%EF%BF%BD", url.Href);
    }

    [Fact]
    public void Credentials_are_kept_and_reported()
    {
        Assert.True(WhatwgUrl.TryParse("https://user:p%40ss@example.com:443/x?y", out var url, out _));
        Assert.True(url.IncludesCredentials);
        Assert.Equal("https://user:p%40ss@example.com/x?y", url.Href);
        Assert.Equal("/x?y", url.PathAndQuery);
        Assert.Null(url.Port);
    }
}
