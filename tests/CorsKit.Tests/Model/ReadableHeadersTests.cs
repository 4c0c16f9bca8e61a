using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Tests.Model;

/// <summary>Access-Control-Expose-Headers and the CORS-filtered response (browser-cors.md §1.8, §3.6, §6.1 items 3 and 6).</summary>
public class ReadableHeadersTests
{
    private static readonly BrowserModel Chromium = new(BrowserProfile.Chromium);
    private static readonly BrowserModel Firefox = new(BrowserProfile.Firefox);

    private static IncomingResponse Response(params HttpHeader[] extra)
        => new() { Status = 200, Headers = [new("Content-Type", "text/plain"), new("BB-8", "hey"), new("Server", "x"), new("Set-Cookie", "a=b"), .. extra] };

    private static HttpHeader Aceh(string value) => new("Access-Control-Expose-Headers", value);

    public static TheoryData<string[], bool> ParsingRows => new()
    {
        // WPT cors/access-control-expose-headers-parsing.window.js: ACEH lines → is bb-8 exposed?
        { new[] { "BB-8" }, true },
        { new[] { "bb-8,,@#$#%%&^&^*()()11!" }, false },
        { new[] { "bb-8, no no" }, false },
        { new[] { "@#$#%%&^&^*()()11!,bb-8" }, false },
        { new[] { "bb-8", "no" }, true },
        { new[] { "bb-8", "no no" }, false },
        { new[] { "no", "bb-8" }, true },
        { new[] { ",bb-8" }, true },
        { new[] { "bb-8\u000C" }, false },
        { new[] { "bb-8\u000B" }, false },
        { new[] { "bb-8\u000B,bb-8" }, false },
        { new[] { "'bb-8'" }, false },
        { new[] { "'bb-8',bb-8" }, true },
        { new[] { "\"bb-8\",bb-8" }, false },
    };

    [Theory]
    [MemberData(nameof(ParsingRows))]
    public void ExposeHeadersParsing(string[] lines, bool exposed)
    {
        var response = Response([.. lines.Select(Aceh)]);
        Assert.Equal(exposed, Chromium.ReadableHeaders(response, CredentialsMode.Omit).Contains("bb-8"));
        Assert.Equal(exposed, Firefox.ReadableHeaders(response, CredentialsMode.Omit).Contains("bb-8"));
    }

    [Fact]
    public void EmptyLineThenNameExposesTheName()
    {
        // The 15th WPT row: "" then "bb-8". Chromium's old WPT expectation file recorded FAIL (not exposed), but
        // Chromium 156 and Firefox ESR 153 both expose it (tests/CorsKit.BrowserTests, scenario ACEH-empty-then-name).
        var response = Response(Aceh(""), Aceh("bb-8"));
        Assert.Contains("bb-8", Chromium.ReadableHeaders(response, CredentialsMode.Omit));
        Assert.Contains("bb-8", Firefox.ReadableHeaders(response, CredentialsMode.Omit));
    }

    [Fact]
    public void SafelistedAreAlwaysReadableAndOthersHidden()
    {
        var response = new IncomingResponse
        {
            Status = 200,
            Headers = [new("Cache-Control", "x"), new("Content-Language", "x"), new("Content-Length", "1"), new("Content-Type", "x"), new("Expires", "x"),
                new("Last-Modified", "x"), new("Pragma", "x"), new("Age", "1"), new("Server", "x"), new("Warning", "x"), new("Set-Cookie", "a"), new("Set-Cookie2", "b")],
        };
        Assert.Equal(["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"],
            Chromium.ReadableHeaders(response, CredentialsMode.Omit));
    }

    [Fact]
    public void StarExposesAllButSetCookieWithoutCredentials() // §7 #50, #51
    {
        var response = Response(Aceh("set-cookie,*"));
        Assert.Equal(["access-control-expose-headers", "bb-8", "content-type", "server"], Chromium.ReadableHeaders(response, CredentialsMode.Omit));
        Assert.Equal(["content-type"], Chromium.ReadableHeaders(Response(Aceh("*")), CredentialsMode.Include));
        var literalStar = new IncomingResponse { Status = 200, Headers = [new("*", "1"), Aceh("*")] };
        Assert.Equal(["*"], Chromium.ReadableHeaders(literalStar, CredentialsMode.Include));
    }
}
