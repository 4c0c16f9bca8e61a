using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Tests.Fetch;

/// <summary>WPT cors/cors-safelisted-request-header.any.js and fetch/api/cors/resources/not-cors-safelisted.json
/// (browser-cors.md §6.1 items 1-2).</summary>
public class SafelistTests
{
    public static TheoryData<string, bool> ContentTypeRows => new()
    {
        // value, safelisted (true = no preflight)
        { "text /plain", false },
        { "text\t/\tplain", false },
        { "text/plain;garbage\u0001\u0002", false },
        { "text/plain,", false },
        { ",text/plain", false },
        { "text/plain,text/plain", false },
        { "text/plain,x/x", false },
        { "text/plain\u000B", false },
        { "text/plain\u000C", false },
        { "application/www-form-urlencoded", false },
        { "application/x-www-form-urlencoded;\u007F", false },
        { "multipart/form-data;\"", false },
        { "text/plain;", true },
        { "text/plain;garbage", true },
        { "multipart/form-data", true },
        // browser-cors.md §7 #35/#36.
        { "text/plain;charset=utf-8", true },
        { "Text/Plain;charset=utf-8", true },
        { "application/x-www-form-urlencoded", true },
        { "application/json", false },
        { "text/html", false },
    };

    [Theory]
    [MemberData(nameof(ContentTypeRows))]
    public void ContentType(string value, bool safelisted)
    {
        Assert.Equal(safelisted, FetchRules.IsCorsSafelistedRequestHeader("Content-Type", value, BrowserProfile.Chromium));
        Assert.Equal(safelisted, FetchRules.IsCorsSafelistedRequestHeader("content-type", value, BrowserProfile.Firefox));
    }

    [Theory]
    [InlineData("bytes=100-200", true)]
    [InlineData("bytes=200-", true)]
    [InlineData("100-200", false)]
    [InlineData("MB=100-200", false)]
    [InlineData("bytes =100-200", false)]
    [InlineData("bytes\t=100-200", false)]
    [InlineData("bytes=  100-200", false)]
    [InlineData("bytes=\t\t100-200", false)]
    [InlineData("bytes= \t100-200", false)]
    [InlineData("bytes=100 -200", false)]
    [InlineData("bytes=100\t-200", false)]
    [InlineData("bytes=100- 200", false)]
    [InlineData("bytes=100-\t200", false)]
    [InlineData("bytes=100-200hello", false)]
    [InlineData("bytes=abc-def", false)]
    [InlineData("bytes=100-200,300-400", false)]
    [InlineData("bytes=-200", false)]
    [InlineData("bytes=200-100", false)]
    [InlineData("bytes=1000000000000000000000000000000000000000000000000000000000000-2000000000000000000000000000000000000000000000000000000000000", false)]
    [InlineData("bytes 100-200", false)]
    [InlineData("bytes = 100-200", false)]
    [InlineData(",bytes=100-200", false)]
    [InlineData("bytes=,100-200", false)]
    public void Range(string value, bool safelisted)
        => Assert.Equal(safelisted, FetchRules.IsCorsSafelistedRequestHeader("Range", value, BrowserProfile.Chromium));

    [Theory]
    [InlineData("accept", "\"")]
    [InlineData("accept-language", "\u0001")]
    [InlineData("accept-language", "@")]
    [InlineData("authorization", "basics")]
    [InlineData("content-language", "\u0001")]
    [InlineData("content-language", "@")]
    [InlineData("content-type", "text/html")]
    [InlineData("range", "bytes 0-")]
    [InlineData("test", "hi")]
    public void NotCorsSafelistedJson(string name, string value)
    {
        foreach (var profile in new[] { BrowserProfile.Chromium, BrowserProfile.Firefox, BrowserProfile.Safari })
        {
            Assert.False(FetchRules.IsCorsSafelistedRequestHeader(name, value, profile));
        }
    }

    [Fact]
    public void ValuesLongerThan128BytesAreNotSafelisted()
    {
        Assert.True(FetchRules.IsCorsSafelistedRequestHeader("accept", new string('a', 128), BrowserProfile.Chromium));
        Assert.False(FetchRules.IsCorsSafelistedRequestHeader("accept", new string('a', 129), BrowserProfile.Chromium));
        var longType = "text/plain; long=" + new string('0', 112);
        Assert.False(FetchRules.IsCorsSafelistedRequestHeader("content-type", longType, BrowserProfile.Chromium));
    }

    [Theory]
    [InlineData("dpr", "2", true)]
    [InlineData("dpr", "1.5", true)]
    [InlineData("dpr", "", false)]
    [InlineData("dpr", "1.", false)]
    [InlineData("width", "100", true)]
    [InlineData("viewport-width", "100", true)]
    [InlineData("rtt", "1.0", false)]
    [InlineData("rtt", "50", true)]
    [InlineData("downlink", "-1.0", false)]
    [InlineData("downlink", "1.5", true)]
    [InlineData("device-memory", "8", true)]
    [InlineData("ect", "4g", true)]
    [InlineData("ect", "6g", false)]
    [InlineData("save-data", "on", true)]
    [InlineData("save-data", "off", false)]
    public void ChromiumSafelistsClientHints(string name, string value, bool chromium)
    {
        // browser-cors.md §3.2 and §7 #48; WPT cors/client-hint-request-headers.htm.
        Assert.Equal(chromium, FetchRules.IsCorsSafelistedRequestHeader(name, value, BrowserProfile.Chromium));
        Assert.False(FetchRules.IsCorsSafelistedRequestHeader(name, value, BrowserProfile.Firefox));
    }

    [Fact]
    public void AccessControlRequestHeadersIsSortedLowercaseWithoutSpaces()
    {
        // WPT xhr/access-control-preflight-request-header-sorted.htm.
        HttpHeader[] headers = [new("X-Custom-Test", "1"), new("X-Custom-ua", "1"), new("X-Custom-V", "1"), new("X-Custom-s", "1"), new("X-Custom-U", "1")];
        Assert.Equal("x-custom-s,x-custom-test,x-custom-u,x-custom-ua,x-custom-v",
            string.Join(',', FetchRules.CorsUnsafeRequestHeaderNames(headers, BrowserProfile.Chromium)));
        // browser-cors.md §7 #46.
        Assert.Equal(["x-a", "x-b"], FetchRules.CorsUnsafeRequestHeaderNames([new("X-B", "1"), new("x-a", "1"), new("X-A", "2")], BrowserProfile.Chromium));
    }

    [Fact]
    public void SafelistedValuesOver1024BytesInTotalBecomeUnsafe()
    {
        HttpHeader[] under = [.. Enumerable.Range(0, 8).Select(i => new HttpHeader(i % 2 == 0 ? "Accept" : "Accept-Language", new string('a', 128)))];
        Assert.Empty(FetchRules.CorsUnsafeRequestHeaderNames(under, BrowserProfile.Chromium)); // 1024 exactly
        HttpHeader[] over = [.. under, new("Content-Language", "a")];
        Assert.Equal(["accept", "accept-language", "content-language"], FetchRules.CorsUnsafeRequestHeaderNames(over, BrowserProfile.Chromium));
        Assert.True(FetchRules.NeedsPreflight("GET", over, BrowserProfile.Chromium));
        Assert.False(FetchRules.NeedsPreflight("GET", under, BrowserProfile.Chromium));
    }
}
