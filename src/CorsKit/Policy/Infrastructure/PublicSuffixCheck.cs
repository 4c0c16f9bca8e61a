namespace CorsKit.Policy.Infrastructure;

/// <summary>Public Suffix List lookups for <c>*.&lt;suffix&gt;</c> patterns.</summary>
internal static class PublicSuffixCheck
{
    // TEMPORARY until CorsKit.Origins.PublicSuffix lands in main: reads Debian's list directly.
    private static readonly Lazy<HashSet<string>> Rules = new(() =>
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        const string path = "/usr/share/publicsuffix/public_suffix_list.dat";
        if (File.Exists(path))
        {
            foreach (var line in File.ReadLines(path))
            {
                var l = line.Trim();
                if (l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal))
                {
                    set.Add(l);
                }
            }
        }
        return set;
    });

    /// <summary>True when <paramref name="host"/> is a public suffix (<c>com</c>, <c>co.uk</c>, <c>github.io</c>).</summary>
    public static bool IsPublicSuffix(string host)
    {
        var rules = Rules.Value;
        if (rules.Contains("!" + host))
        {
            return false;
        }
        if (rules.Contains(host) || !host.Contains('.'))
        {
            return true;
        }
        var dot = host.IndexOf('.');
        return rules.Contains("*" + host[dot..]);
    }
}
