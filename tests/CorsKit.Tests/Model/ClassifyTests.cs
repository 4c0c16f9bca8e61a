using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Tests.Model;

public class ClassifyTests
{
    private static readonly Origin Page = Origin.Parse("https://a.example");
    private static readonly Uri Target = new("https://b.example/api");

    private static RequestClassification Classify(BrowserProfile profile, string method = "GET", string? body = null, params HttpHeader[] headers)
        => new BrowserModel(profile).Classify(new CorsRequest { Origin = Page, Url = Target, Method = method, Body = body, Headers = headers });

    [Fact]
    public void SimpleGetNeedsNoPreflight()
    {
        var c = Classify(BrowserProfile.Chromium);
        Assert.True(c.IsCrossOrigin);
        Assert.False(c.NeedsPreflight);
        Assert.Null(c.AccessControlRequestHeaders);
        Assert.Null(c.Error);
    }

    [Fact]
    public void PatchIsNotNormalised()
    {
        var c = Classify(BrowserProfile.Chromium, "patch");
        Assert.Equal("patch", c.Method);
        Assert.True(c.NeedsPreflight);
        Assert.Equal("DELETE", Classify(BrowserProfile.Chromium, "delete").Method);
        Assert.False(Classify(BrowserProfile.Chromium, "post", "x").NeedsPreflight);
    }

    [Fact]
    public void StringBodyGetsTextPlainContentType()
    {
        var c = Classify(BrowserProfile.Chromium, "POST", "hello");
        Assert.Equal([new HttpHeader("Content-Type", "text/plain;charset=UTF-8")], c.Headers);
        Assert.False(c.NeedsPreflight);
        var json = Classify(BrowserProfile.Chromium, "POST", "{}", new HttpHeader("Content-Type", "application/json"));
        Assert.Equal("content-type", json.AccessControlRequestHeaders);
        Assert.True(json.NeedsPreflight);
    }

    [Fact]
    public void DuplicateNamesAreCombinedAndValuesNormalised()
    {
        var c = Classify(BrowserProfile.Chromium, "GET", null, new HttpHeader("X", " a\t"), new("x", "b"), new("Content-Type", "text/plain"), new("content-type", "text/plain"));
        Assert.Equal([new HttpHeader("X", "a, b"), new HttpHeader("Content-Type", "text/plain, text/plain")], c.Headers);
        // browser-cors.md §7 #40: the combined Content-Type is not a single MIME type → preflight (Firefox lists x twice).
        Assert.Equal("content-type,x", c.AccessControlRequestHeaders);
    }

    [Fact]
    public void ForbiddenHeadersAreDroppedSilently()
    {
        var c = Classify(BrowserProfile.Chromium, "GET", null, new HttpHeader("User-Agent", "foo"), new("Cookie", "a=b"), new("X-HTTP-Method-Override", "GET,track "), new("Accept", "*/*"));
        Assert.Equal(["User-Agent", "Cookie", "X-HTTP-Method-Override"], c.DroppedHeaders);
        Assert.False(c.NeedsPreflight);
        Assert.Null(c.Error);
        // Firefox keeps User-Agent, which then needs a preflight (browser-cors.md §7 #47).
        var f = Classify(BrowserProfile.Firefox, "GET", null, new HttpHeader("User-Agent", "foo"));
        Assert.Equal("user-agent", f.AccessControlRequestHeaders);
    }

    [Fact]
    public void ClientHintsDoNotPreflightInChromium()
    {
        Assert.False(Classify(BrowserProfile.Chromium, "GET", null, new HttpHeader("DPR", "2")).NeedsPreflight);
        Assert.True(Classify(BrowserProfile.Chromium, "GET", null, new HttpHeader("DPR", "")).NeedsPreflight);
        Assert.True(Classify(BrowserProfile.Firefox, "GET", null, new HttpHeader("DPR", "2")).NeedsPreflight);
    }

    [Theory]
    [InlineData("TRACE", "'TRACE' HTTP method is unsupported.")]
    [InlineData("bad method", "'bad method' is not a valid HTTP method.")]
    public void ForbiddenOrInvalidMethodsAreErrors(string method, string fragment)
    {
        var c = Classify(BrowserProfile.Chromium, method);
        Assert.Contains(fragment, c.Error, StringComparison.Ordinal);
        Assert.False(c.NeedsPreflight);
    }

    [Fact]
    public void InvalidHeadersAndBodiesOnGetAreErrors()
    {
        // Chromium 156's TypeError texts (headless, fetch() from a page, 2026-11-22).
        Assert.Equal("Invalid name", Classify(BrowserProfile.Chromium, "GET", null, new HttpHeader("Bad Name", "x")).Error);
        Assert.Equal("Invalid value", Classify(BrowserProfile.Chromium, "GET", null, new HttpHeader("X", "a\nb")).Error);
        Assert.Equal("Failed to read the 'headers' property from 'RequestInit': String contains non ISO-8859-1 code point.",
            Classify(BrowserProfile.Chromium, "TRACE", null, new HttpHeader("X", "\u0100")).Error);
        Assert.Equal("Request with GET/HEAD method cannot have body.", Classify(BrowserProfile.Chromium, "GET", "body").Error);
        var userinfo = new BrowserModel(BrowserProfile.Chromium).Classify(new CorsRequest { Origin = Page, Url = new Uri("http://u:p@127.0.0.1:9/"), Method = "TRACE" });
        Assert.Equal("Request cannot be constructed from a URL that includes credentials: http://u:p@127.0.0.1:9/", userinfo.Error);
        var c = new BrowserModel(BrowserProfile.Chromium).Classify(new CorsRequest { Origin = Page, Url = new Uri("ftp://b.example/") });
        Assert.Contains("URL scheme \"ftp\" is not supported", c.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SameOriginNeverPreflights()
    {
        var c = new BrowserModel(BrowserProfile.Chromium).Classify(new CorsRequest
        {
            Origin = Page, Url = new Uri("https://A.example:443/x"), Method = "PUT", Headers = [new("X-Custom", "1")],
        });
        Assert.False(c.IsCrossOrigin);
        Assert.False(c.NeedsPreflight);
    }

    [Fact]
    public void ForcePreflightFlag()
    {
        var c = new BrowserModel(BrowserProfile.Chromium).Classify(new CorsRequest { Origin = Page, Url = Target, Method = "POST", Body = "x", ForcePreflight = true });
        Assert.True(c.NeedsPreflight);
        Assert.Null(c.AccessControlRequestHeaders);
    }
}
