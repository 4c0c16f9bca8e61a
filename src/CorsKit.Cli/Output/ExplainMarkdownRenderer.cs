using CorsKit.Cli.Explain;

namespace CorsKit.Cli.Output;

/// <summary><c>explain --format markdown</c>: for a HAR file the per-request table and the root causes, then a section
/// per item that is not allowed; for other inputs a section per item. Input text is escaped for Markdown
/// (<see cref="MarkdownText"/>) and the terminal.</summary>
internal static class ExplainMarkdownRenderer
{
    public static void Render(ExplainResult result, TextWriter o)
    {
        o.WriteLine($"# corskit explain: {ExplainInput.Name(result.Kind)}");
        o.WriteLine();
        var shown = result.Items;
        if (result.Kind == ExplainInputKind.Har)
        {
            o.WriteLine(ExplainHarTable.Count(result.Items));
            o.WriteLine();
            o.WriteLine("| # | entry | verdict | method | url | cause |");
            o.WriteLine("|--:|--:|---|---|---|---|");
            for (var i = 0; i < result.Items.Count; i++)
            {
                var item = result.Items[i];
                o.WriteLine($"| {i + 1} | {item.Entry} | {Word(item.Verdict)} | {C(item.Method)} | {C(item.RedirectedFrom ?? item.Url)} | {C(ExplainHarTable.Cause(item))} |");
            }

            o.WriteLine();
            if (result.RootCauses.Count > 0)
            {
                o.WriteLine("## Root causes");
                o.WriteLine();
                foreach (var cause in result.RootCauses)
                {
                    o.WriteLine($"- **{C(cause.Cause)}** × {cause.Count}: {C(cause.Fix)}");
                }

                o.WriteLine();
            }

            foreach (var note in result.Notes)
            {
                o.WriteLine($"> {C(note)}");
                o.WriteLine();
            }

            shown = [.. result.Items.Where(i => i.Verdict != ExplainVerdict.Allowed)];
        }

        for (var i = 0; i < shown.Count; i++)
        {
            Section(shown[i], i + 1, o);
        }
    }

    private static void Section(ExplainItem item, int number, TextWriter o)
    {
        var where = item.Line is { } line ? $" (line {line})" : item.Entry is { } entry ? $" (entry {entry})" : "";
        o.WriteLine($"## {number}. {Word(item.Verdict)}: {C(item.Method is null ? "" : item.Method + " ")}{C(item.Url)}{where}");
        o.WriteLine();
        o.WriteLine($"- browser: {C(item.Browser)}; initiator: {C(item.Initiator ?? "request")}");
        o.WriteLine($"- page origin: {MarkdownText.Code(item.Origin)}");
        if (item.RedirectedFrom is { } from)
        {
            o.WriteLine($"- redirected from: {MarkdownText.Code(from)}");
        }

        if (item.Code is { } code)
        {
            o.WriteLine($"- code: `{code}`; parameter: {(item.Parameter.Length == 0 ? "(none)" : MarkdownText.Code(item.Parameter))}");
        }

        if (item.Credentials is { } credentials)
        {
            o.WriteLine($"- credentials: `{C(credentials)}`");
        }

        foreach (var outcome in item.Outcomes)
        {
            o.WriteLine($"- with credentials `{outcome.Credentials}`: {(outcome.Blocked ? "BLOCKED" : "ALLOWED")}{(outcome.Code is { } oc ? $" `{oc}`" : "")}");
        }

        foreach (var note in item.Notes)
        {
            o.WriteLine($"- {C(note)}");
        }

        o.WriteLine();
        o.WriteLine($"**{(item.Verdict == ExplainVerdict.Predicted ? "What the browser does" : "What it means")}:** {C(item.Explanation)}");
        o.WriteLine();
        if (item.Causes.Count > 0)
        {
            o.WriteLine("**Likely causes:**");
            o.WriteLine();
            for (var c = 0; c < item.Causes.Count; c++)
            {
                o.WriteLine($"{c + 1}. {C(item.Causes[c])}");
            }

            o.WriteLine();
        }

        o.WriteLine($"**{(item.Verdict == ExplainVerdict.Predicted ? "To pass" : "Fix")}:** {C(item.Fix)}");
        o.WriteLine();
        o.WriteLine(MarkdownText.Block(item.Check, "sh"));
        if (item.CheckNote is { } checkNote)
        {
            o.WriteLine();
            o.WriteLine($"_{C(checkNote)}_");
        }

        o.WriteLine();
    }

    private static string Word(ExplainVerdict verdict) => ExplainTextRenderer.VerdictWord(verdict, Ansi.Plain);

    /// <summary>Prose and cells: terminal-safe and <c>|</c> escaped; the model's texts already use backticks for code.</summary>
    private static string C(string? text) => MarkdownText.Cell(text);
}
