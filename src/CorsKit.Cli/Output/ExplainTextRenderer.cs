using CorsKit.Cli.Explain;

namespace CorsKit.Cli.Output;

/// <summary>The text form of <c>corskit explain</c>: one block per item. Every piece of input text is escaped
/// (<see cref="TerminalText"/>), so pasted control characters never reach the terminal.</summary>
internal static class ExplainTextRenderer
{
    /// <summary>A HAR file: the per-request table, then each request that is not allowed, then the root causes; any
    /// other input: one block per item.</summary>
    public static void Render(ExplainResult result, TextWriter o, Ansi a)
    {
        if (result.Kind != ExplainInputKind.Har)
        {
            Render(result.Items, o, a);
            return;
        }

        ExplainHarTable.Write(result, o, a);
        var shown = result.Items.Where(i => i.Verdict != ExplainVerdict.Allowed).ToList();
        if (shown.Count > 0)
        {
            o.WriteLine();
            Render(shown, o, a);
        }

        o.WriteLine();
        ExplainHarTable.WriteSummary(result, o, a);
    }

    public static void Render(IReadOnlyList<ExplainItem> items, TextWriter o, Ansi a)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (i > 0)
            {
                o.WriteLine();
            }

            var where = item.Line is { } line ? $", line {line}" : item.Entry is { } entry ? $", entry {entry}" : "";
            var method = item.Method is { } m && item.Kind != ExplainInputKind.ConsoleText ? m + " " : "";
            o.WriteLine(a.Bold($"{i + 1}. {item.Browser} {ExplainInput.Name(item.Kind)}{where}: ") + VerdictWord(item.Verdict, a)
                + " " + T($"{item.Initiator ?? "request"} {method}{item.Url} from a page on {item.Origin}"));
            if (item.RedirectedFrom is { } from)
            {
                o.WriteLine("   redirected from " + T(from));
            }

            if (item.Code is { } code)
            {
                o.WriteLine($"   code:      {T(code)}");
                o.WriteLine($"   parameter: {(item.Parameter.Length == 0 ? a.Dim("(none)") : T(item.Parameter))}");
            }

            if (item.Credentials is { } credentials && item.Kind == ExplainInputKind.Har)
            {
                o.WriteLine($"   credentials: {T(credentials)}");
            }

            foreach (var outcome in item.Outcomes)
            {
                o.WriteLine($"   with credentials {T(outcome.Credentials)}: " + (outcome.Blocked ? a.Red("BLOCKED") : a.Green("ALLOWED"))
                    + (outcome.Code is { } oc ? T($" {oc}{(outcome.Parameter.Length > 0 ? $" ({outcome.Parameter})" : "")}") : ""));
            }

            foreach (var itemNote in item.Notes)
            {
                o.WriteLine("   " + a.Dim(T(itemNote)));
            }

            o.WriteLine();
            o.WriteLine(a.Bold(item.Verdict == ExplainVerdict.Predicted ? "   What the browser does: " : "   What it means: ") + T(item.Explanation));
            if (item.Causes.Count > 0)
            {
                o.WriteLine(a.Bold("   Likely causes:"));
                for (var c = 0; c < item.Causes.Count; c++)
                {
                    o.WriteLine($"     {c + 1}. {T(item.Causes[c])}");
                }
            }

            o.WriteLine(a.Bold(item.Verdict == ExplainVerdict.Predicted ? "   To pass: " : "   Fix: ") + T(item.Fix));
            o.WriteLine(a.Bold(item.Verdict == ExplainVerdict.Predicted ? "   Run it live:" : "   Confirm it live:"));
            o.WriteLine("     " + a.Cyan(T(item.Check)));
            if (item.CheckNote is { } note)
            {
                o.WriteLine("     " + a.Dim(T(note)));
            }
        }
    }

    /// <summary>The verdict as one coloured word.</summary>
    internal static string VerdictWord(ExplainVerdict verdict, Ansi a) => verdict switch
    {
        ExplainVerdict.Blocked => a.Red("BLOCKED"),
        ExplainVerdict.Allowed => a.Green("ALLOWED"),
        ExplainVerdict.Unknown => a.Yellow("UNKNOWN"),
        _ => a.Cyan("REQUEST"),
    };

    private static string T(string s) => TerminalText.Escape(s);
}
