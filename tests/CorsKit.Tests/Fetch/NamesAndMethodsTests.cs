using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Tests.Fetch;

public class NamesAndMethodsTests
{
    [Theory]
    [InlineData("GET", true)]
    [InlineData("HEAD", true)]
    [InlineData("POST", true)]
    [InlineData("get", false)]
    [InlineData("PUT", false)]
    [InlineData("PATCH", false)]
    public void SafelistedMethodIsByteExact(string method, bool expected) => Assert.Equal(expected, FetchRules.IsCorsSafelistedMethod(method));

    [Theory]
    [InlineData("delete", "DELETE")]
    [InlineData("Get", "GET")]
    [InlineData("options", "OPTIONS")]
    [InlineData("put", "PUT")]
    [InlineData("patch", "patch")] // browser-cors.md §7 #1
    [InlineData("Patch", "Patch")]
    [InlineData("custom", "custom")]
    public void NormalizeMethod(string method, string expected) => Assert.Equal(expected, FetchRules.NormalizeMethod(method));

    [Theory]
    [InlineData("CONNECT")]
    [InlineData("trace")]
    [InlineData("Track")]
    public void ForbiddenMethods(string method) => Assert.True(FetchRules.IsForbiddenMethod(method));

    [Theory]
    [InlineData("Accept-Charset")]
    [InlineData("accept-encoding")]
    [InlineData("Access-Control-Request-Headers")]
    [InlineData("Access-Control-Request-Method")]
    [InlineData("Connection")]
    [InlineData("Content-Length")]
    [InlineData("Cookie")]
    [InlineData("Cookie2")]
    [InlineData("Date")]
    [InlineData("DNT")]
    [InlineData("Expect")]
    [InlineData("Host")]
    [InlineData("Keep-Alive")]
    [InlineData("Origin")]
    [InlineData("Referer")]
    [InlineData("Set-Cookie")]
    [InlineData("TE")]
    [InlineData("Trailer")]
    [InlineData("Transfer-Encoding")]
    [InlineData("Upgrade")]
    [InlineData("Via")]
    [InlineData("Proxy-")]
    [InlineData("proxy-authorization")]
    [InlineData("Sec-")]
    [InlineData("sec-fetch-mode")]
    public void ForbiddenRequestHeaderNames(string name)
    {
        // WPT fetch/api/basic/request-forbidden-headers.any.js.
        Assert.True(FetchRules.IsForbiddenRequestHeaderName(name, BrowserProfile.Firefox));
        Assert.True(FetchRules.IsForbiddenRequestHeader(name, "x", BrowserProfile.Chromium));
    }

    [Fact]
    public void UserAgentIsForbiddenOnlyInChromium()
    {
        // browser-cors.md §3.2 and §7 #47.
        Assert.True(FetchRules.IsForbiddenRequestHeaderName("User-Agent", BrowserProfile.Chromium));
        Assert.False(FetchRules.IsForbiddenRequestHeaderName("User-Agent", BrowserProfile.Firefox));
        Assert.False(FetchRules.IsForbiddenRequestHeaderName("User-Agent", BrowserProfile.Safari));
    }

    public static TheoryData<string, string, bool> MethodOverrideRows()
    {
        // WPT request-forbidden-headers.any.js: forbidden values and permitted values, for each header name and casing.
        var data = new TheoryData<string, string, bool>();
        string[] forbidden = ["TRACE", "TRACK", "CONNECT", "trace", "track", "connect", "trace,", "GET,track ", " connect"];
        string[] permitted = ["GETTRACE", "GET", "\",TRACE\","];
        foreach (var name in new[] { "X-HTTP-Method", "x-http-method-override", "X-Method-Override", "X-HTTP-METHOD-OVERRIDE" })
        {
            foreach (var v in forbidden)
            {
                data.Add(name, v, true);
            }

            foreach (var v in permitted)
            {
                data.Add(name, v, false);
            }
        }

        data.Add("X-Other", "TRACE", false);
        return data;
    }

    [Theory]
    [MemberData(nameof(MethodOverrideRows))]
    public void MethodOverrideValueRule(string name, string value, bool forbidden)
        => Assert.Equal(forbidden, FetchRules.IsForbiddenRequestHeader(name, value, BrowserProfile.Chromium));

    [Theory]
    [InlineData("Cache-Control", true)]
    [InlineData("content-language", true)]
    [InlineData("Content-Length", true)] // browser-cors.md §7 #53
    [InlineData("CONTENT-TYPE", true)]
    [InlineData("Expires", true)]
    [InlineData("Last-Modified", true)]
    [InlineData("Pragma", true)]
    [InlineData("Age", false)]
    [InlineData("Server", false)]
    [InlineData("Set-Cookie", false)]
    public void SafelistedResponseHeaderNames(string name, bool expected) => Assert.Equal(expected, FetchRules.IsCorsSafelistedResponseHeaderName(name));

    [Theory]
    [InlineData("Set-Cookie", true)]
    [InlineData("set-cookie2", true)]
    [InlineData("Cookie", false)]
    public void ForbiddenResponseHeaderNames(string name, bool expected) => Assert.Equal(expected, FetchRules.IsForbiddenResponseHeaderName(name));

    [Theory]
    [InlineData("abc", true)]
    [InlineData("!#$%&'*+-.^_`|~09AZaz", true)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    [InlineData("a,b", false)]
    [InlineData("é", false)]
    public void Tokens(string value, bool expected) => Assert.Equal(expected, FetchRules.IsToken(value));

    [Theory]
    [InlineData(",y-lol,x-print, ,,,y-print", "y-lol|x-print|y-print")] // WPT xhr/allow-lists-starting-with-comma.htm
    [InlineData(",,PUT,GET", "PUT|GET")]
    [InlineData("  a ,\tb\t", "a|b")]
    [InlineData("", "")]
    [InlineData("*", "*")]
    public void TokenListsParse(string value, string expected)
    {
        Assert.True(FetchRules.TryParseTokenList(value, BrowserProfile.Chromium, out var tokens));
        Assert.Equal(expected, string.Join('|', tokens));
    }

    [Theory]
    [InlineData("Bad value")] // browser-cors.md §7 #26
    [InlineData("a, b c")]
    [InlineData("a;b")]
    [InlineData("\"a\"")]
    [InlineData("a\u000Bb")]
    public void TokenListsWithSyntaxErrorsFail(string value) => Assert.False(FetchRules.TryParseTokenList(value, BrowserProfile.Chromium, out _));

    [Fact]
    public void NullTokenListIsEmpty()
    {
        Assert.True(FetchRules.TryParseTokenList(null, BrowserProfile.Firefox, out var tokens));
        Assert.Empty(tokens);
    }
}
