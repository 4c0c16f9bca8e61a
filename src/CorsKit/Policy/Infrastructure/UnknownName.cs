namespace CorsKit.Policy.Infrastructure;

/// <summary>
/// "unknown property 'credential' (did you mean 'credentials'?)": the message for a misspelt name in a policy file or
/// a configuration section, with the closest known name when the typo is small.
/// </summary>
internal static class UnknownName
{
    /// <summary>The message for <paramref name="name"/>, which is none of <paramref name="known"/>.</summary>
    public static string Message(string name, IEnumerable<string> known)
    {
        var closest = Closest(name, known);
        return closest is null ? $"unknown property '{name}'." : $"unknown property '{name}' (did you mean '{closest}'?).";
    }

    /// <summary>
    /// The known name nearest to <paramref name="name"/> by case-insensitive edit distance (insertions, deletions,
    /// substitutions, and a swap of two neighbours counting once: optimal string alignment), when that distance is at
    /// most a third of the name's length (at least 1, at most 3); otherwise null. A name that is a prefix-or-suffix
    /// variant of a known one (<c>origin</c>, <c>requestHeader</c>) is within that bound.
    /// </summary>
    public static string? Closest(string name, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 128)
        {
            return null; // bounded work: nothing this long is a typo of a setting name
        }
        var limit = Math.Clamp(name.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var d = Distance(name, candidate);
            if (d <= limit && d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        return best;
    }

    private static int Distance(string a, string b)
    {
        // Optimal string alignment distance over three rows, case-insensitive (names are matched that way).
        var previous2 = new int[b.Length + 1];
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 2])
                    && char.ToLowerInvariant(a[i - 2]) == char.ToLowerInvariant(b[j - 1]))
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }
                current[j] = value;
            }
            (previous2, previous, current) = (previous, current, previous2);
        }
        return previous[b.Length];
    }
}
