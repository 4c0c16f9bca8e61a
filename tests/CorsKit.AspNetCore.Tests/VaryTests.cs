using CorsKit.AspNetCore.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace CorsKit.AspNetCore.Tests;

/// <summary>Vary merging (RFC 9110 §12.5.5): names are added once, compared case-insensitively across every line and
/// list element, and nothing is added after <c>Vary: *</c>.</summary>
public sealed class VaryTests
{
    [Theory]
    [InlineData(new string[0], "Origin", new[] { "Origin" })]
    [InlineData(new[] { "Accept-Encoding" }, "Origin", new[] { "Accept-Encoding", "Origin" })]
    [InlineData(new[] { "accept-encoding, ORIGIN" }, "Origin", new[] { "accept-encoding, ORIGIN" })]
    [InlineData(new[] { "Accept-Encoding", " origin\t" }, "Origin", new[] { "Accept-Encoding", " origin\t" })]
    [InlineData(new[] { "*" }, "Origin", new[] { "*" })]
    [InlineData(new[] { "Origin" }, "Origin, Access-Control-Request-Method", new[] { "Origin", "Access-Control-Request-Method" })]
    [InlineData(new[] { "Accept" }, "Origin, Access-Control-Request-Method", new[] { "Accept", "Origin, Access-Control-Request-Method" })]
    public void Vary_names_are_merged_once(string[] existing, string add, string[] expected)
    {
        IHeaderDictionary headers = new HeaderDictionary();
        if (existing.Length > 0)
        {
            headers.Vary = new StringValues(existing);
        }
        ResponseHeaders.AddVary(headers, add);
        ResponseHeaders.AddVary(headers, add); // idempotent
        Assert.Equal(expected, headers.Vary.ToArray());
    }
}
