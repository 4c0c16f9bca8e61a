using CorsKit.Cli.Explain;

namespace CorsKit.Cli.Output;

/// <summary>The text form of <c>corskit explain</c>: one block per item. Every piece of input text is escaped
/// (<see cref="TerminalText"/>), so pasted control characters never reach the terminal.</summary>
internal static class ExplainTextRenderer
{
    public static void Render(IReadOnlyList<ExplainItem> items, TextWriter o, Ansi a)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (i > 0)
            {
                o.WriteLine();
            }

            var where = item.Line is { } line ? $", line {line}" : "";
            o.WriteLine(a.Bold($"{i + 1}. {item.Browser} {ExplainInput.Name(item.Kind)}{where}: ") + (item.Blocked ? a.Red("BLOCKED") : a.Green("ALLOWED"))
                + " " + T($"{item.Initiator ?? "request"} {item.Url} from a page on {item.Origin}"));
            if (item.RedirectedFrom is { } from)
            {
                o.WriteLine("   redirected from " + T(from));
            }

            if (item.Code is { } code)
            {
                o.WriteLine($"   code:      {T(code)}");
                o.WriteLine($"   parameter: {(item.Parameter.Length == 0 ? a.Dim("(none)") : T(item.Parameter))}");
            }

            o.WriteLine();
            o.WriteLine(a.Bold("   What it means: ") + T(item.Explanation));
            if (item.Causes.Count > 0)
            {
                o.WriteLine(a.Bold("   Likely causes:"));
                for (var c = 0; c < item.Causes.Count; c++)
                {
                    o.WriteLine($"     {c + 1}. {T(item.Causes[c])}");
                }
            }

            o.WriteLine(a.Bold("   Fix: ") + T(item.Fix));
            o.WriteLine(a.Bold("   Confirm it live:"));
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
            o.WriteLine((item.Blocked ? a.Red("BLOCKED") : a.Green("ALLOWED")) + " " + T($"{item.Url} from {item.Origin}{(item.Code is { } code ? $"  {code}" : "")}{(item.Parameter.Length > 0 ? $" ({item.Parameter})" : "")}"));
            o.WriteLine(a.Bold("Cause: ") + T(item.Explanation));
            o.WriteLine(a.Bold("Fix:   ") + T(item.Fix));
        }
    }

    private static string T(string s) => TerminalText.Escape(s);
}
