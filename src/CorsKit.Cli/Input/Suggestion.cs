using CorsKit.Policy.Infrastructure;

namespace CorsKit.Cli.Input;

/// <summary>
/// "Did you mean …?" for a word the user typed on the command line (a command, an option, a URL's scheme). The typo
/// rule itself (edit distance, how close is close enough) is the library's <see cref="UnknownName.Closest"/>, the one
/// the policy and configuration readers use; the command line adds only the cut-short word.
/// </summary>
internal static class Suggestion
{
    /// <summary>The one known word that <paramref name="typed"/> begins (<c>--trusted</c> for <c>--trusted-origin</c>,
    /// no typo by distance but plainly meant), else the known word within typo distance
    /// (<see cref="UnknownName.Closest"/>: "chek" finds "check", "foo" finds nothing), else null.</summary>
    public static string? Closest(string typed, IEnumerable<string> known)
    {
        var words = known.ToList();
        var longer = words.Where(w => w.Length > typed.Length && w.StartsWith(typed, StringComparison.OrdinalIgnoreCase)).ToList();
        if (typed.Length >= 3 && longer.Count == 1)
        {
            return longer[0];
        }

        return UnknownName.Closest(typed, words);
    }
}
