namespace CorsKit.Diagnostics.Explain;

/// <summary>Writes command lines a POSIX shell reads back word for word (shown for the user to copy and run).</summary>
internal static class ShellWords
{
    /// <summary><paramref name="word"/> as one shell word: bare when it holds only characters no shell treats
    /// specially, else in single quotes, an embedded <c>'</c> written <c>'\''</c> (POSIX sh, 2.2.2 Single-Quotes).</summary>
    public static string Quote(string word)
    {
        if (word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or ':' or '@' or '%' or '+' or ',' or '='))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    /// <summary>The words joined by spaces, each quoted as needed.</summary>
    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
