using CorsKit.Fetch;

namespace CorsKit.Diagnostics.Fixes;

/// <summary>Reads a header list the way Fetch's "get" does (Fetch §2.2.2: every line with the name, case-insensitive,
/// values joined by ", "), for the places check reads what a request or response carried.</summary>
internal static class HeaderLines
{
    /// <summary>The combined value of <paramref name="name"/>, or null when no line carries it.</summary>
    public static string? Get(IReadOnlyList<HttpHeader> headers, string name)
    {
        string? value = null;
        foreach (var h in headers)
        {
            if (h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                value = value is null ? h.Value.Trim() : $"{value}, {h.Value.Trim()}";
            }
        }

        return value;
    }
}
