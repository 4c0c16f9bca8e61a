using CorsKit.Origins;

namespace CorsKit.Tests.Origins;

/// <summary><see cref="Origin.IsPotentiallyTrustworthy"/> against W3C Secure Contexts §3.2.</summary>
public class OriginTrustTests
{
    [Theory]
    [InlineData("https://shop.example", true)]
    [InlineData("wss://shop.example", true)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("http://api.localhost", true)]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.9.9.9", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://shop.example", false)]
    [InlineData("http://10.0.0.1", false)]
    [InlineData("http://0.0.0.0", false)]
    [InlineData("http://localhost.shop.example", false)]
    [InlineData("ws://shop.example", false)]
    [InlineData("null", false)]
    public void Secure_contexts_are_https_wss_and_loopback(string origin, bool expected) =>
        Assert.Equal(expected, Origin.Parse(origin).IsPotentiallyTrustworthy);
}
