using CorsKit.Origins;

namespace CorsKit.Policy.Infrastructure;

/// <summary>Public Suffix List lookups for <c>*.&lt;suffix&gt;</c> patterns, through the snapshot of Debian's list
/// that CorsKit ships (<see cref="PublicSuffix"/>).</summary>
internal static class PublicSuffixCheck
{
    /// <summary>True when <paramref name="host"/> is a public suffix (<c>com</c>, <c>co.uk</c>, <c>github.io</c>).</summary>
    public static bool IsPublicSuffix(string host) => PublicSuffix.IsPublicSuffix(host);
}
