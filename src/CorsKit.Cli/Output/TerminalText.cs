using System.Globalization;
using System.Text;

namespace CorsKit.Cli.Output;

/// <summary>
/// The one rule for putting text we did not write (server status lines, header values, Location, a client's Origin,
/// a request target, a user's URL) on an operator's terminal or in a log: every character that a terminal acts on
/// instead of printing is written as <c>\uXXXX</c> (four uppercase hex digits), everything else is kept as is.
/// JSON output does not use this: it keeps the exact value, escaped as JSON escapes it.
/// </summary>
internal static class TerminalText
{
    /// <summary>
    /// <paramref name="text"/> with each C0 control (U+0000–U+001F: ESC starts CSI/OSC sequences, BEL ends them, CR and
    /// LF forge lines), DEL (U+007F), C1 control (U+0080–U+009F: CSI U+009B and OSC U+009D act alone in 8-bit
    /// terminals), and Unicode bidirectional control (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069; Unicode
    /// UAX #9 §2, the "Trojan Source" reordering, CVE-2021-42574) replaced by <c>\uXXXX</c>.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? "";
        }

        var first = IndexOfUnsafe(text);
        if (first < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16);
        sb.Append(text, 0, first);
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (IsUnsafe(c))
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// <see cref="Escape"/> for a message of several lines that we composed (a config file's error list): each line is
    /// escaped and the line feeds between them are kept.
    /// </summary>
    public static string EscapeLines(string? text) =>
        text is null || !text.Contains('\n', StringComparison.Ordinal) ? Escape(text) : string.Join('\n', text.Split('\n').Select(Escape));

    /// <summary>True when <paramref name="c"/> would act on a terminal or reorder the text around it.</summary>
    public static bool IsUnsafe(char c) => c switch
    {
        <= '\u001F' or (>= '\u007F' and <= '\u009F') => true,
        '\u061C' or '\u200E' or '\u200F' => true,
        >= '\u202A' and <= '\u202E' => true,
        >= '\u2066' and <= '\u2069' => true,
        _ => false,
    };

    private static int IndexOfUnsafe(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (IsUnsafe(text[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
