namespace CorsKit.Cli.Input;

/// <summary>
/// "Did you mean …?" for a word the user typed: the closest of the known words by edit distance (insertions, deletions,
/// substitutions and swaps of two neighbours, each costing one: the optimal string alignment distance), when it is
/// close enough to be a typo rather than a different word.
/// </summary>
internal static class Suggestion
{
    /// <summary>The known word closest to <paramref name="typed"/> (case-insensitive), or null when none is within a
    /// third of the word's length (at least 1, at most 3 edits): "chek" finds "check", "foo" finds nothing; or the one
    /// known word that <paramref name="typed"/> begins.</summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        // A word cut short (--trusted for --trusted-origin) is no typo by distance, but means the one word it begins.
        var words = known.ToList();
        var longer = words.Where(w => w.Length > typed.Length && w.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (typed.Length >= 3 && longer.Count == 1)
        {
            return longer[0];
        }

        var limit = Math.Clamp(typed.Length / 3, 1, 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var word in words)
        {
            var distance = Distance(typed.ToLowerInvariant(), word.ToLowerInvariant());
            if (distance <= limit && distance < bestDistance)
            {
                best = word;
                bestDistance = distance;
            }
        }

        return best;
    }

    private static int Distance(string a, string b)
    {
        // Three rows of the dynamic-programming table are enough: the swap looks two rows back.
        var before = new int[b.Length + 1];
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
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    current[j] = Math.Min(current[j], before[j - 2] + 1);
                }
            }

            (before, previous, current) = (previous, current, before);
        }

        return previous[b.Length];
    }
}
