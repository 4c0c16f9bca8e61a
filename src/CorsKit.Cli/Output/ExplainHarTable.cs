using CorsKit.Cli.Explain;

namespace CorsKit.Cli.Output;

/// <summary>The text form of a HAR file's verdicts: one row per cross-origin request, and the root causes across the file.</summary>
internal static class ExplainHarTable
{
    public static void Write(ExplainResult result, TextWriter o, Ansi a)
    {
        var rows = result.Items.Select((item, i) => (
            Number: (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Entry: item.Entry?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
            item.Verdict,
            Method: T(item.Method ?? ""),
            Url: T(item.RedirectedFrom ?? item.Url),
            Cause: T(Cause(item)))).ToList();
        int W(Func<(string Number, string Entry, ExplainVerdict Verdict, string Method, string Url, string Cause), string> f, string head)
            => Math.Max(head.Length, rows.Count == 0 ? 0 : rows.Max(r => f(r).Length));
        var wn = W(r => r.Number, "#");
        var we = W(r => r.Entry, "entry");
        var wm = W(r => r.Method, "method");
        var wu = W(r => r.Url, "url");
        o.WriteLine(a.Bold($"{"#".PadLeft(wn)}  {"entry".PadLeft(we)}  {"verdict",-7}  {"method".PadRight(wm)}  {"url".PadRight(wu)}  cause"));
        foreach (var r in rows)
        {
            // The verdict word is padded before it is coloured, so escape codes do not shift the columns.
            var word = ExplainTextRenderer.VerdictWord(r.Verdict, Ansi.Plain);
            var coloured = ExplainTextRenderer.VerdictWord(r.Verdict, a).Replace(word, word.PadRight(7), StringComparison.Ordinal);
            o.WriteLine($"{r.Number.PadLeft(wn)}  {r.Entry.PadLeft(we)}  {coloured}  {r.Method.PadRight(wm)}  {r.Url.PadRight(wu)}  {r.Cause}".TrimEnd());
        }
    }

    public static void WriteSummary(ExplainResult result, TextWriter o, Ansi a)
    {
        o.WriteLine(a.Bold("Summary: ") + Count(result.Items));
        if (result.RootCauses.Count > 0)
        {
            o.WriteLine(a.Bold("Root causes:"));
            foreach (var cause in result.RootCauses)
            {
                o.WriteLine($"  {cause.Count} × {T(cause.Cause)}: {T(cause.Fix)}");
                o.WriteLine("      " + a.Dim(T(string.Join(", ", cause.Urls.Take(5)) + (cause.Urls.Count > 5 ? $", and {cause.Urls.Count - 5} more" : ""))));
            }
        }

        foreach (var note in result.Notes)
        {
            o.WriteLine(a.Dim(T(note)));
        }
    }

    /// <summary>The cause column: the CorsError and its parameter, both outcomes when the credentials mode is unknown.</summary>
    internal static string Cause(ExplainItem item)
    {
        if (item.Outcomes.Count > 1 && item.Outcomes.Any(o => o.Blocked) && !item.Outcomes.All(o => o.Blocked && o.Code == item.Outcomes[0].Code))
        {
            return string.Join("; ", item.Outcomes.Select(o => $"{o.Credentials}: {(o.Blocked ? o.Code ?? "no CORS verdict" : "allowed")}"));
        }

        return item.Verdict switch
        {
            ExplainVerdict.Allowed => "",
            ExplainVerdict.Unknown => "not recorded",
            _ => (item.Code ?? "network error") + (item.Parameter.Length > 0 ? $" ({item.Parameter})" : ""),
        };
    }

    /// <summary>"12 cross-origin requests: 7 blocked, 4 allowed, 1 unknown."</summary>
    internal static string Count(IReadOnlyList<ExplainItem> items)
    {
        var parts = new List<string>();
        foreach (var (verdict, word) in new[] { (ExplainVerdict.Blocked, "blocked"), (ExplainVerdict.Allowed, "allowed"), (ExplainVerdict.Unknown, "unknown") })
        {
            var n = items.Count(i => i.Verdict == verdict);
            if (n > 0)
            {
                parts.Add($"{n} {word}");
            }
        }

        return $"{items.Count} cross-origin request{(items.Count == 1 ? "" : "s")}: {string.Join(", ", parts)}.";
    }

    private static string T(string s) => TerminalText.Escape(s);
}
