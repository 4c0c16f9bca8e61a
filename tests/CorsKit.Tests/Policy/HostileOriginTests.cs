using CorsKit.Origins;
using CorsKit.Policy;

namespace CorsKit.Tests.Policy;

/// <summary>
/// Issue 10 item 7: a policy allows only what a browser can send as a serialised origin (HTML §7.1.1 "ASCII
/// serialization of an origin": scheme "://" host [":" port], host as the URL host serializer writes it: lowercase,
/// punycode, no user info, path, query or fragment). Anything else is denied before it can be echoed in
/// Access-Control-Allow-Origin, where Kestrel would refuse a non-ASCII value and answer 500.
/// </summary>
public sealed class HostileOriginTests
{
    private static readonly CorsPolicy Wildcards = CorsPolicy.Build(new CorsPolicyOptions
    {
        Origins = ["https://*.example.com", "http://localhost:*", "https://*.example.org:*", "https://app.example.net"],
    });

    [Theory]
    [InlineData("https://\u043f.example.com")] // Cyrillic: a browser sends https://xn--n1a.example.com
    [InlineData("https://\uff41.example.com")] // fullwidth 'a': a browser sends https://a.example.com
    [InlineData("https://caf\u00e9.example.com")]
    [InlineData("https://evil.com/.example.com")]
    [InlineData("https://evil.com?.example.com")]
    [InlineData("https://evil.com#.example.com")]
    [InlineData("https://evil.com\\.example.com")]
    [InlineData("https://user@app.example.com")]
    [InlineData("https://user:pw@app.example.com")]
    [InlineData("https://APP.example.com")]
    [InlineData("https://App.example.com")]
    [InlineData("https://a b.example.com")]
    [InlineData("https://a\t.example.com")]
    [InlineData("https://a\u0000.example.com")]
    [InlineData("https://a%2fb.example.com")]
    [InlineData("https://a%41.example.com")]
    [InlineData("https://[::1].example.com")]
    [InlineData("https://a\u202e.example.com")]
    [InlineData("https://a.example.org:443")] // the default port is never serialised
    [InlineData("https://a.example.org:0443")]
    [InlineData("http://localhost:80")]
    [InlineData("http://localhost:3000/")]
    [InlineData("http://localhost:3000?")]
    [InlineData("http://localhost:3000#")]
    [InlineData("http://user@localhost:3000")]
    [InlineData("HTTP://localhost:3000")]
    [InlineData("http://LOCALHOST:3000")]
    [InlineData("https://app.example.net/")]
    [InlineData("https://APP.example.net")]
    public void Origins_no_browser_sends_are_denied(string origin)
    {
        Assert.False(Wildcards.IsOriginAllowed(origin));
        var actual = Wildcards.EvaluateActual(origin);
        Assert.Null(actual.AllowOrigin);
        Assert.Equal("Origin", actual.Vary);
        var preflight = Wildcards.EvaluatePreflight(origin, "GET", (string?)null);
        Assert.Equal(CorsRejection.OriginNotAllowed, preflight.Rejection);
        Assert.Null(preflight.AllowOrigin);
    }

    [Theory]
    [InlineData("https://xn--n1a.example.com")] // what a browser sends for https://п.example.com
    [InlineData("https://my_app.example.com")] // '_' is not a forbidden domain code point (URL §3.5)
    [InlineData("https://a-b.c.example.com")]
    [InlineData("https://a.example.org:8443")]
    [InlineData("https://a.example.org")]
    [InlineData("http://localhost:3000")]
    [InlineData("http://localhost")]
    [InlineData("https://app.example.net")]
    public void Serialised_origins_that_match_are_allowed(string origin)
    {
        Assert.True(Origin.TryParseSerialized(origin, out _), "the test's expected value must be a serialised origin");
        Assert.True(Wildcards.IsOriginAllowed(origin));
        Assert.Equal(origin, Wildcards.EvaluateActual(origin).AllowOrigin);
    }

    /// <summary>The class, not only the cases: whatever a policy allows is a serialised origin (so it can be echoed).</summary>
    [Fact]
    public void Every_allowed_origin_is_a_serialised_origin()
    {
        var random = new Random(7);
        const string Pieces = "aZ09-_.:/?#@\\ %[]*\t\u043f\u00e9\uff41\u202e";
        string[] stems = ["https://a.example.com", "https://xn--n1a.example.com", "http://localhost:3000", "https://b.example.org:8443", "https://app.example.net"];
        var checkedAllowed = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var chars = stems[random.Next(stems.Length)].ToCharArray().ToList();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(chars.Count + 1);
                if (random.Next(3) == 0 && at < chars.Count)
                {
                    chars.RemoveAt(at);
                }
                else
                {
                    chars.Insert(at, Pieces[random.Next(Pieces.Length)]);
                }
            }
            var origin = new string([.. chars]);
            if (Wildcards.IsOriginAllowed(origin))
            {
                checkedAllowed++;
                Assert.True(Origin.TryParseSerialized(origin, out _), $"allowed but not a serialised origin: '{origin}'");
            }
        }
        Assert.True(checkedAllowed > 100, $"only {checkedAllowed} mutated origins were allowed; the property was barely exercised");
    }
}
