using CorsKit.Origins;

namespace CorsKit.Policy.Infrastructure;

/// <summary>Public Suffix List lookups for <c>*.&lt;suffix&gt;</c> patterns, through the snapshot of Debian's list
/// that CorsKit ships (<see cref="PublicSuffix"/>).</summary>
internal static class PublicSuffixCheck
{
    /// <summary>A public suffix at or below <paramref name="host"/> (the host itself, <c>s3.amazonaws.com</c> for
    /// <c>amazonaws.com</c>, <c>*.kawasaki.jp</c> for <c>kawasaki.jp</c>), or null: see
    /// <see cref="PublicSuffix.SuffixAtOrBelow"/>.</summary>
    public static string? SuffixAtOrBelow(string host) => PublicSuffix.SuffixAtOrBelow(host);
}
