using CorsKit.Origins;

namespace CorsKit.Tests.Origins;

/// <summary>
/// <c>new URL(input).origin</c> as Chromium 156 computed it (headless, 2026-11-22; "ERR" = the URL constructor threw).
/// The model must agree: these pin the browser, not our own output.
/// </summary>
public class OriginChromiumVectorsTests
{
    [Theory]
    [InlineData("HTTPS://Example.COM:443/x?y#z", "https://example.com")]
    [InlineData("http://example.com:443", "http://example.com:443")]
    [InlineData("https://example.com:08443", "https://example.com:8443")]
    [InlineData("https://example.com:", "https://example.com")]
    [InlineData("https://example.com.", "https://example.com.")]
    [InlineData("http://0x7f.1/", "http://127.0.0.1")]
    [InlineData("http://127.1", "http://127.0.0.1")]
    [InlineData("http://2130706433", "http://127.0.0.1")]
    [InlineData("http://0177.0.0.1", "http://127.0.0.1")]
    [InlineData("http://192.168.0.1.", "http://192.168.0.1")]
    [InlineData("http://[0:0::1]:8080", "http://[::1]:8080")]
    [InlineData("http://[2001:DB8:0:0:1:0:0:1]", "http://[2001:db8::1:0:0:1]")]
    [InlineData("http://[::ffff:192.168.0.1]", "http://[::ffff:c0a8:1]")]
    [InlineData("http://[1:0:0:2:0:0:0:3]", "http://[1:0:0:2::3]")]
    [InlineData("https://élève.example", "https://xn--lve-6lad.example")]
    [InlineData("https://ÉLÈVE.example", "https://xn--lve-6lad.example")]
    [InlineData("https://☕.example", "https://xn--53h.example")]
    [InlineData("https://ｅｘａｍｐｌｅ.com", "https://example.com")]
    [InlineData("https://ex%41mple.com", "https://example.com")]
    [InlineData("https:\\\\example.com\\path", "https://example.com")]
    [InlineData("https:example.com", "https://example.com")]
    [InlineData("blob:https://example.com/uuid", "https://example.com")]
    [InlineData("ftp://example.com:21", "ftp://example.com")]
    [InlineData("https://faß.de", "https://xn--fa-hia.de")]
    [InlineData("https://a..b.com", "https://a..b.com")]
    [InlineData("https://-ab-.com", "https://-ab-.com")]
    [InlineData("https://a_b.com", "https://a_b.com")]
    [InlineData("http://1.2.3.09", "ERR")]
    [InlineData("http://256.0.0.1", "ERR")]
    [InlineData("http://0x100000000", "ERR")]
    [InlineData("https://xn--zz.com", "https://xn--zz.com")]
    [InlineData("https://ex%2541mple.com", "ERR")]
    [InlineData("https://example.com%00", "ERR")]
    [InlineData("http://[::1%25eth0]", "ERR")]
    [InlineData("https://straße.de", "https://xn--strae-oqa.de")]
    [InlineData("https://\u00AD.com", "https://.com")]
    [InlineData("https://a\u200Bb.com", "https://ab.com")]
    [InlineData("https://ＡＢＣ.com", "https://abc.com")]
    public void MatchesChromium(string input, string chromium)
    {
        if (chromium == "ERR")
        {
            Assert.False(Origin.TryParse(input, out _));
        }
        else
        {
            Assert.True(Origin.TryParse(input, out var origin));
            Assert.Equal(chromium, origin.Serialized);
        }
    }
}
