namespace CorsKit.Cli.Output;

/// <summary>Text we did not write (server bytes, URLs, pasted input) made safe inside Markdown.</summary>
internal static class MarkdownText
{
    /// <summary>A table cell: terminal-safe first (<see cref="TerminalText.Escape"/>: a line break becomes <c>\u000A</c>),
    /// then <c>|</c> escaped so it stays one cell (GFM tables, "escaping pipes").</summary>
    public static string Cell(string? text) => TerminalText.Escape(text).Replace("|", "\\|", StringComparison.Ordinal);

    /// <summary>Inline code: terminal-safe, inside a backtick run longer than any run in the text (CommonMark §6.1),
    /// padded with a space when the text starts or ends with a backtick.</summary>
    public static string Code(string? text)
    {
        var safe = TerminalText.Escape(text);
        var longest = 0;
        var run = 0;
        foreach (var c in safe)
        {
            run = c == '`' ? run + 1 : 0;
            longest = Math.Max(longest, run);
        }

        var fence = new string('`', longest + 1);
        var pad = safe.StartsWith('`') || safe.EndsWith('`') ? " " : "";
        return fence + pad + safe + pad + fence;
    }

    /// <summary>A fenced code block (CommonMark §4.5) with a fence longer than any backtick run in the text.</summary>
    public static string Block(string? text, string info = "")
    {
        var safe = TerminalText.EscapeLines(text);
        var fence = "```";
        while (safe.Contains(fence, StringComparison.Ordinal))
        {
            fence += "`";
        }

        return fence + info + "\n" + safe + "\n" + fence;
    }
}
