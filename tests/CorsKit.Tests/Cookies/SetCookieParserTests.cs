using CorsKit.Cookies;

namespace CorsKit.Tests.Cookies;

/// <summary>RFC 6265bis §5.6 parsing; cases from the draft's steps and from WPT's cookies/ tests (file named on each).</summary>
public class SetCookieParserTests
{
    private static SetCookie Parse(string line)
    {
        Assert.True(SetCookie.TryParse(line, out var cookie, out var rejection), $"rejected: {rejection}");
        return cookie;
    }

    private static SetCookieRejection Reject(string line)
    {
        Assert.False(SetCookie.TryParse(line, out _, out var rejection));
        return rejection;
    }

    [Theory]
    // §5.6 steps 2-4: the pair ends at the first ';', the name at the first '='; WSP trimmed; no '=' → nameless.
    [InlineData("a=b", "a", "b")]
    [InlineData("  a  =  b c  ; Path=/", "a", "b c")]
    [InlineData("a==b", "a", "=b")]
    [InlineData("token", "", "token")]
    [InlineData("=token", "", "token")]
    [InlineData("a=", "a", "")]
    [InlineData("a=\"quoted; not\"", "a", "\"quoted")] // WPT cookies/attributes/max-age.html: 'test="9! = foo;bar' keeps 'test="9! = foo'
    [InlineData("\ta\t=\tb\t", "a", "b")]
    public void Name_and_value(string line, string name, string value)
    {
        var cookie = Parse(line);
        Assert.Equal(name, cookie.Name);
        Assert.Equal(value, cookie.Value);
    }

    [Theory]
    // §5.6 step 1: a CTL other than HTAB anywhere → the line is ignored.
    [InlineData("a=b\u0000c")]
    [InlineData("a=b\rc")]
    [InlineData("a=b\nc")]
    [InlineData("a=b; Path=/\u007F")]
    [InlineData("a\u0001=b")]
    public void A_control_character_rejects_the_line(string line) => Assert.Equal(SetCookieRejection.ControlCharacter, Reject(line));

    [Theory]
    [InlineData("")]
    [InlineData("=")]
    [InlineData(" = ; Secure")]
    [InlineData(";a=b")]
    public void Empty_name_and_value_is_rejected(string line) => Assert.Equal(SetCookieRejection.EmptyNameAndValue, Reject(line));

    [Fact]
    public void Name_and_value_over_4096_bytes_are_rejected()
    {
        // §5.6 step 6 (WPT cookies/size/name-and-value.html: 4096 is accepted, 4097 is not).
        Assert.Equal(4095, Parse("a=" + new string('x', 4095)).Value.Length);
        Assert.Equal(SetCookieRejection.NameValueTooLong, Reject("a=" + new string('x', 4096)));
        Assert.Equal(SetCookieRejection.NameValueTooLong, Reject("a=" + new string('é', 2048))); // bytes, not chars
    }

    [Fact]
    public void An_attribute_value_over_1024_bytes_is_ignored() =>
        Assert.Null(Parse("a=b; Path=/" + new string('p', 1024)).Path);

    [Theory]
    // §5.6.2 and WPT cookies/attributes/max-age.html.
    [InlineData("a=b; Max-Age=10000", 10000L)]
    [InlineData("a=b; max-age=0", 0L)]
    [InlineData("a=b; max-age=-20", -20L)]
    [InlineData("a=b; Max-Age=50,399", null)] // "invalid non-zero-digit (containing a comma)"
    [InlineData("a=b; max-age=2.63,", null)]
    [InlineData("a=b; max-age=+5", null)]
    [InlineData("a=b; max-age=-", null)]
    [InlineData("a=b; max-age=", null)]
    [InlineData("a=b; max-age=99999999999999999999999", long.MaxValue)]
    [InlineData("a=b; max-age=1; max-age=x", 1L)] // an ignored later one leaves the earlier
    [InlineData("a=b; max-age=1; max-age=2", 2L)]
    public void Max_age(string line, long? expected) => Assert.Equal(expected, Parse(line).MaxAge);

    [Theory]
    // §5.1.1 cookie-date; WPT cookies/attributes/expires.html and cookies/http-state/general-tests.html.
    [InlineData("Fri, 01 Jan 2038 00:00:00 GMT", "2038-01-01T00:00:00Z")]
    [InlineData("Fri 01 Jan 2038 00:00:00 GMT, baz=qux", "2038-01-01T00:00:00Z")]
    [InlineData("Thu, 10 Apr 1980 16:33:12 GMT", "1980-04-10T16:33:12Z")]
    [InlineData("Wed, 09 Jun 21 10:18:14 GMT", "2021-06-09T10:18:14Z")] // two-digit year 0-69 → 20xx
    [InlineData("Sun, 06 Nov 94 08:49:37 GMT", "1994-11-06T08:49:37Z")] // 70-99 → 19xx
    [InlineData("06-Nov-1994 8:49:37", "1994-11-06T08:49:37Z")]
    [InlineData("1994 November 6 08:49:37", "1994-11-06T08:49:37Z")]
    public void Expires(string date, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), Parse("a=b; Expires=" + date).Expires);

    [Theory]
    [InlineData("Fri, 30 Feb 2038 00:00:00 GMT")] // no such date
    [InlineData("Fri, 01 Jan 1600 00:00:00 GMT")] // before 1601
    [InlineData("Fri, 01 Jan 2038 24:00:00 GMT")]
    [InlineData("Fri, 01 Foo 2038 00:00:00 GMT")]
    [InlineData("tomorrow")]
    [InlineData("")]
    public void An_unparseable_expires_is_ignored(string date) => Assert.Null(Parse("a=b; Expires=" + date).Expires);

    [Theory]
    // §5.6.3: empty Domain is ignored, a leading dot dropped, lowercased.
    [InlineData("a=b; Domain=.Example.COM", "example.com")]
    [InlineData("a=b; domain=example.com", "example.com")]
    [InlineData("a=b; Domain=", null)]
    [InlineData("a=b; Domain=.", null)]
    [InlineData("a=b; Domain=x.example; Domain=", "x.example")]
    public void Domain(string line, string? expected) => Assert.Equal(expected, Parse(line).Domain);

    [Theory]
    // §5.6.4: only a value starting with '/' counts (WPT cookies/path/match.html).
    [InlineData("a=b; Path=/docs", "/docs")]
    [InlineData("a=b; Path=docs", null)]
    [InlineData("a=b; Path=", null)]
    [InlineData("a=b; Path=/x; Path=y", null)]
    public void Path(string line, string? expected) => Assert.Equal(expected, Parse(line).Path);

    [Theory]
    // §5.6.7: None/Lax/Strict case-insensitive; anything else is the default enforcement; the last one wins.
    [InlineData("a=b", CookieSameSite.Unspecified)]
    [InlineData("a=b; SameSite=None", CookieSameSite.None)]
    [InlineData("a=b; samesite=LAX", CookieSameSite.Lax)]
    [InlineData("a=b; SameSite=Strict", CookieSameSite.Strict)]
    [InlineData("a=b; SameSite=bogus", CookieSameSite.Unspecified)]
    [InlineData("a=b; SameSite", CookieSameSite.Unspecified)]
    [InlineData("a=b; SameSite=Strict; SameSite=None", CookieSameSite.None)]
    public void SameSite(string line, CookieSameSite expected) => Assert.Equal(expected, Parse(line).SameSite);

    [Fact]
    public void Flags_are_case_insensitive_and_unknown_attributes_ignored()
    {
        var cookie = Parse("a=b; SECURE; httponly; partitioned; Priority=High; Comment=x");
        Assert.True(cookie.Secure);
        Assert.True(cookie.HttpOnly);
        Assert.True(cookie.Partitioned);
        Assert.False(Parse("a=b; Secure=; x").HttpOnly);
    }

    [Fact]
    public void Arbitrary_text_never_throws()
    {
        // Fuzz: seeded random strings over the whole char range, with the separators made likely.
        var random = new Random(6265);
        const string Likely = ";=, \t\"/.-_:aZ09";
        for (var i = 0; i < 20_000; i++)
        {
            var chars = new char[random.Next(0, 200)];
            for (var j = 0; j < chars.Length; j++)
            {
                chars[j] = random.Next(3) == 0 ? (char)random.Next(0, 0x10000) : Likely[random.Next(Likely.Length)];
            }

            var line = new string(chars);
            var parsed = SetCookie.TryParse(line, out var cookie, out _);
            Assert.Equal(parsed, cookie is not null);
        }

        Assert.False(SetCookie.TryParse(null, out _, out _));
    }
}
