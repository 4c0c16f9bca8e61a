using CorsKit.Origins;

namespace CorsKit.Tests.Origins;

/// <summary>URLs typed by the user (audit targets, --proxy, gateway upstreams) go through one parser that never throws.</summary>
public sealed class HttpUrlTests
{
    // .NET 10's Uri.TryCreate throws IndexOutOfRangeException on this input instead of returning false (the gateway's
    // Upstream.TryParse is held to the same input in CorsKit.Cli.Tests, GatewayHostileInputTests).
    private const string UriCrash = "///////\u200e/1/1/1/1/1/1\u0001/1/1\t/";

    [Fact]
    public void The_input_that_crashes_Uri_TryCreate_is_refused_without_an_exception()
    {
        Assert.Throws<IndexOutOfRangeException>(() => Uri.TryCreate(UriCrash, UriKind.Absolute, out _));
        Assert.False(HttpUrl.TryParse(UriCrash, out _));
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/api", "http://127.0.0.1:8080/api")]
    [InlineData("HTTP://Example.COM", "http://example.com/")] // AbsoluteUri adds the root path; OriginalString keeps none
    [InlineData("http:127.0.0.1:9/x", "http://127.0.0.1:9/x")] // URL Standard: special scheme without slashes
    [InlineData("https://%31%32%37.0.0.1/", "https://127.0.0.1/")]
    public void Accepted_urls_are_the_browsers_form(string text, string expected)
    {
        Assert.True(HttpUrl.TryParse(text, out var uri));
        Assert.Equal(expected, uri.AbsoluteUri);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ftp://example.com/")]
    [InlineData("file:///etc/passwd")]
    [InlineData("http://[::1%25lo]/")]
    [InlineData("not a url")]
    public void Other_text_is_refused(string text) => Assert.False(HttpUrl.TryParse(text, out _));
}
