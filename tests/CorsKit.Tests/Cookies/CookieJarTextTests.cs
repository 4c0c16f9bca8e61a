using CorsKit.Cookies;

namespace CorsKit.Tests.Cookies;

/// <summary>The Netscape cookie-jar format as curl writes it (lib/cookie.c), and Set-Cookie lines.</summary>
public class CookieJarTextTests
{
    [Fact]
    public void Reads_curl_lines_http_only_lines_and_set_cookie_lines()
    {
        const string Text = "# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n\n"
            + ".shop.example\tTRUE\t/\tTRUE\t0\tdom\t1\r\n"
            + "#HttpOnly_api.shop.example\tFALSE\t/v1\tFALSE\t1893456000\tsid\tabc\n"
            + "api.shop.example\tFALSE\t/\tFALSE\t0\tempty\n"
            + "Set-Cookie: pref=dark; SameSite=Lax\n";
        Assert.True(CookieJarText.TryParse(Text, out var lines, out var error), error);
        Assert.Equal([4, 5, 6, 7], lines.Select(l => l.Number));
        var dom = lines[0].Cookie!;
        Assert.Equal(("shop.example", false, true, null), (dom.Domain, dom.HostOnly, dom.Secure, dom.Expires));
        var sid = lines[1].Cookie!;
        Assert.Equal(("api.shop.example", true, true, "/v1", DateTimeOffset.FromUnixTimeSeconds(1893456000)), (sid.Domain, sid.HostOnly, sid.HttpOnly, sid.Path, sid.Expires));
        Assert.Equal("", lines[2].Cookie!.Value);
        Assert.Equal("pref=dark; SameSite=Lax", lines[3].SetCookie);
    }

    [Theory]
    [InlineData("a.example\tTRUE\t/\tFALSE\t0\n", "line 1 is neither a Netscape cookie-jar line nor a Set-Cookie line: it has 5 TAB-separated fields, not 7")]
    [InlineData("# c\nhello world\n", "line 2 is neither")]
    [InlineData("a.example\tYES\t/\tFALSE\t0\tn\tv", "must be TRUE or FALSE")]
    [InlineData("a.example\tTRUE\t/\tFALSE\tsoon\tn\tv", "the expiry field 'soon' is not a whole number")]
    [InlineData("\n\nSet-Cookie: =\n", "line 3 is a Set-Cookie line a browser ignores")]
    public void A_malformed_line_is_named(string text, string expected)
    {
        Assert.False(CookieJarText.TryParse(text, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        var random = new Random(14);
        const string Likely = "\t\n#.TRUEFALSE0123456789/=;Set-Cookie: _HttpOnly";
        for (var i = 0; i < 5_000; i++)
        {
            var chars = new char[random.Next(0, 300)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(4) == 0 ? (char)random.Next(0, 0x10000) : Likely[random.Next(Likely.Length)];
            }

            var ok = CookieJarText.TryParse(new string(chars), out var lines, out var error);
            Assert.Equal(ok, lines is not null);
            Assert.Equal(ok, error.Length == 0);
        }
    }
}
