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
                + " " + T($"{item.Initiator ?? "request"} {method}{(item.Url.Length == 0 ? "(URL not named)" : item.Url)} from a page on {(item.Origin.Length == 0 ? "(origin not named)" : item.Origin)}"));
            if (item.RedirectedFrom is { } from)
            {
                o.WriteLine("   redirected from " + T(from));
            }

            if (item.Code is { } code)
            {
                o.WriteLine($"   code:      {T(code)}" + (item.Reason is { } reason ? a.Dim($"  ({T(item.Browser)}: {T(reason)})") : ""));
                if (item.Candidates.Count > 1)
                {
                    // Firefox and WebKit word several of Chromium's errors alike: the others, in order.
                    o.WriteLine($"   or else:   {T(string.Join(", ", item.Candidates.Skip(1)))}");
                }

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
            if (item.Consoles.Count > 0)
            {
                o.WriteLine(a.Bold("   In each browser's console:"));
                foreach (var console in item.Consoles)
                {
                    ConsoleText(o, a, "     ", console);
                }
            }

            o.WriteLine(a.Bold(item.Verdict == ExplainVerdict.Predicted ? "   Run it live:" : "   Confirm it live:"));
            o.WriteLine("     " + a.Cyan(T(item.Check)));
            if (item.CheckNote is { } note)
            {
                o.WriteLine("     " + a.Dim(T(note)));
            }
        }
    }

    /// <summary>Three lines an item (<c>--short</c>): the verdict, the cause and the fix.</summary>
    public static void RenderShort(IReadOnlyList<ExplainItem> items, TextWriter o, Ansi a)
    {
        foreach (var item in items)
        {
            o.WriteLine(VerdictWord(item.Verdict, a) + " " + T($"{item.Url} from {item.Origin}{(item.Code is { } code ? $"  {code}" : "")}{(item.Parameter.Length > 0 ? $" ({item.Parameter})" : "")}"));
            o.WriteLine(a.Bold("Cause: ") + T(item.Explanation));
            o.WriteLine(a.Bold("Fix:   ") + T(item.Fix));
        }
    }

    /// <summary>One browser's console text under its label; a line pair continues under the first line.</summary>
    internal static void ConsoleText(TextWriter o, Ansi a, string indent, ConsoleLine line)
    {
        var lines = line.Text.Split('\n');
        o.WriteLine(indent + a.Bold(line.Label) + T(lines[0]));
        foreach (var more in lines.Skip(1))
        {
            o.WriteLine(indent + new string(' ', line.Label.Length) + T(more));
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
