using CorsKit.Cli.Gateway;

namespace CorsKit.Fuzz.Tests;

/// <summary>URLs: <c>corskit check</c>'s target URL (through <see cref="CheckInput.TryBuild"/>, its stable entry point,
/// then the browser model's request classification that runs before anything is sent) and the gateway's upstream
/// URL. Every input is a request or one sentence, never an exception.</summary>
public sealed class UrlFuzzTests(ITestOutputHelper output)
{
    internal static readonly string[] Seeds =
    [
        "https://api.example.com/v1/items?x=1#f", "http://127.0.0.1:8080/", "http://[::1]:3000/a/../b", "http://[::ffff:7f00:1]:80",
        "http:127.0.0.1:9", "http://%31%32%37.0.0.1/", "https://user:pw@example.com/", "http://0x7f.1/", "http://a\tb.example/",
        "https://\u043f\u0440\u0438\u043c\u0435\u0440.\u0440\u0444/", "http://[::1%25lo]/", "https://example.com:65535/%2e%2e/%5c", "ftp://x/",
    ];

    internal static readonly string[] Tokens =
    [
        "://", "http", "https", "[", "]", "::", ":", "@", "%", "%2e", "%2f", "%5c", "%00", "%25", ".", "..", "/", "\\", "?", "#",
        "0x", "4294967296", ":65536", ":0", "localhost", "\t", "\n", " ", "\u3002", "xn--",
    ];

    private static readonly BrowserModel Model = new(BrowserProfile.Chromium);

    [Fact]
    public void Check_and_gateway_url_parsers_never_throw() =>
        FuzzRun.Sync(output, "urls", 10_000, Seeds, Tokens, FuzzRun.Documented(), InputSource.Api, static input =>
        {
            if (CheckInput.TryBuild(new CheckRequest { Url = input, Origin = "https://app.example.com" }, out var request, out var error))
            {
                Assert.NotNull(request);
                _ = request.Url.AbsoluteUri;
                _ = request.Url.GetLeftPart(UriPartial.Authority);
                _ = Model.Classify(request);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
            if (!Upstream.TryParse(input, out _, out var problem))
            {
                Assert.False(string.IsNullOrWhiteSpace(problem));
            }
        });
}
