using System.Globalization;
using System.Text;

namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// Splits one copied cURL command line into the argument words curl would receive, undoing exactly the quoting that
/// Chromium DevTools writes (front_end/panels/network/NetworkLogView.ts, <c>generateCurlCommand</c>: its
/// <c>escapeStringPosix</c> and <c>escapeStringWin</c>, arguments joined by <c>" \\\n  "</c> (bash) or <c>" ^\n  "</c>
/// (cmd), and "Copy all" joining commands with <c>" ;\n"</c> / <c>" &amp;\r\n"</c>). No shell expansion is performed:
/// a copied request is data, never run. Each failure is one sentence; nothing here throws.
/// </summary>
internal static class CopiedShellWords
{
    /// <summary>bash: <c>'…'</c>, <c>$'…'</c> (ANSI-C quoting, bash manual §3.1.2.4), <c>"…"</c>, <c>\x</c>, and
    /// <c>\</c>-newline continuations (§3.1.2.1).</summary>
    public static bool TryBash(string text, out List<string> words, out string error)
    {
        words = [];
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && (text[i + 1] == '\n' || (text[i + 1] == '\r' && i + 2 < text.Length && text[i + 2] == '\n')))
            {
                // Line continuation: removed entirely, and it does not end the word (bash §3.1.2.1).
                i += text[i + 1] == '\n' ? 2 : 3;
                continue;
            }

            if (c is ' ' or '\t' or '\r')
            {
                EndWord(words, word, ref inWord);
                i++;
                continue;
            }

            if (c is '\n' or ';' or '&' or '|')
            {
                // End of the command: anything after it is a second command ("Copy all as cURL" joins with " ;\n").
                EndWord(words, word, ref inWord);
                return OnlyOneCommand(text, i + 1, out error);
            }

            inWord = true;
            if (c == '\'')
            {
                var end = text.IndexOf('\'', i + 1);
                if (end < 0)
                {
                    return Unterminated("'", out error);
                }

                word.Append(text, i + 1, end - i - 1);
                i = end + 1;
            }
            else if (c == '$' && i + 1 < text.Length && text[i + 1] == '\'')
            {
                if (!TryAnsiC(text, i + 2, word, out i))
                {
                    return Unterminated("$'", out error);
                }
            }
            else if (c == '"')
            {
                // Double quotes: backslash escapes only $ ` " \ and newline (bash §3.1.2.3); nothing is expanded here.
                i++;
                var closed = false;
                while (i < text.Length)
                {
                    if (text[i] == '"')
                    {
                        closed = true;
                        i++;
                        break;
                    }

                    if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] is '$' or '`' or '"' or '\\' or '\n')
                    {
                        if (text[i + 1] != '\n')
                        {
                            word.Append(text[i + 1]);
                        }

                        i += 2;
                        continue;
                    }

                    word.Append(text[i]);
                    i++;
                }

                if (!closed)
                {
                    return Unterminated("\"", out error);
                }
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[i + 1]);
                i += 2;
            }
            else
            {
                word.Append(c);
                i++;
            }
        }

        EndWord(words, word, ref inWord);
        error = "";
        return true;
    }

    /// <summary>
    /// cmd: the inverse of DevTools' <c>escapeStringWin</c>. Each argument is wrapped in <c>"</c> (or <c>^"</c> when it
    /// holds a line break); inside, <c>\</c> was doubled and <c>"</c> written <c>\"</c> for the MS C runtime's argument
    /// parser, then every character outside <c>[a-zA-Z0-9\s_\-:=+~'/.',?;()*`&amp;]</c> got a cmd.exe <c>^</c>,
    /// a <c>%</c> before a name character got a second <c>^</c> after it (<c>^%^x</c>), and a line break became <c>^</c> + two line breaks.
    /// </summary>
    public static bool TryCmd(string text, out List<string> words, out string error)
    {
        words = [];
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '^' && i + 1 < text.Length && text[i + 1] is '\r' or '\n')
            {
                // " ^\n  " between arguments: cmd's line continuation.
                EndWord(words, word, ref inWord);
                i = SkipLineBreak(text, i + 1);
                continue;
            }

            if (c is ' ' or '\t')
            {
                EndWord(words, word, ref inWord);
                i++;
                continue;
            }

            if (c is '\r' or '\n' or '&' or '|')
            {
                EndWord(words, word, ref inWord);
                return OnlyOneCommand(text, i + 1, out error);
            }

            inWord = true;
            if (c == '"' || (c == '^' && i + 1 < text.Length && text[i + 1] == '"'))
            {
                if (!TryCmdQuoted(text, c == '"' ? i + 1 : i + 2, word, out i))
                {
                    return Unterminated("\"", out error);
                }
            }
            else if (c == '^' && i + 1 < text.Length)
            {
                word.Append(text[i + 1]);
                i += 2;
            }
            else
            {
                word.Append(c);
                i++;
            }
        }

        EndWord(words, word, ref inWord);
        error = "";
        return true;
    }

    /// <summary>
    /// One quoted cmd argument from just after its opening <c>"</c>/<c>^"</c>, in the two passes it was escaped for:
    /// cmd.exe first (every <c>^x</c> is <c>x</c>; <c>^</c> + two line breaks is one line break; a quote closes the
    /// argument unless an odd run of backslashes precedes it), then the MS C runtime (<c>\\</c> is <c>\</c>,
    /// <c>\"</c> is <c>"</c>, any other backslash is itself).
    /// </summary>
    private static bool TryCmdQuoted(string text, int i, StringBuilder word, out int next)
    {
        var raw = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            var quote = c == '"' || (c == '^' && i + 1 < text.Length && text[i + 1] == '"');
            if (quote && TrailingBackslashes(raw) % 2 == 0)
            {
                next = c == '"' ? i + 1 : i + 2;
                Crt(raw, word);
                return true;
            }

            if (c == '^' && i + 1 < text.Length && text[i + 1] is '\r' or '\n')
            {
                // "^\n\n": the caret escapes the first line break, the second is the character itself.
                var after = SkipLineBreak(text, i + 1);
                raw.Append('\n');
                i = after < text.Length && text[after] is '\r' or '\n' ? SkipLineBreak(text, after) : after;
            }
            else if (c == '^' && i + 1 < text.Length)
            {
                raw.Append(text[i + 1]);
                i += 2;
            }
            else
            {
                raw.Append(c);
                i++;
            }
        }

        next = i;
        return false;
    }

    private static int TrailingBackslashes(StringBuilder raw)
    {
        var n = 0;
        while (n < raw.Length && raw[raw.Length - 1 - n] == '\\')
        {
            n++;
        }

        return n;
    }

    private static void Crt(StringBuilder raw, StringBuilder word)
    {
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '\\' && i + 1 < raw.Length && raw[i + 1] is '\\' or '"')
            {
                i++;
            }

            word.Append(raw[i]);
        }
    }

    private static int SkipLineBreak(string text, int i)
    {
        if (i < text.Length && text[i] == '\r')
        {
            i++;
        }

        return i < text.Length && text[i] == '\n' ? i + 1 : i;
    }

    /// <summary>Reads <c>$'…'</c> from just after the opening quote: the escapes of bash §3.1.2.4, among them the
    /// <c>\uXXXX</c> DevTools writes for control characters and <c>!</c>.</summary>
    private static bool TryAnsiC(string text, int i, StringBuilder word, out int next)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\'')
            {
                next = i + 1;
                return true;
            }

            if (c != '\\' || i + 1 >= text.Length)
            {
                word.Append(c);
                i++;
                continue;
            }

            var e = text[i + 1];
            i += 2;
            switch (e)
            {
                case 'n': word.Append('\n'); break;
                case 'r': word.Append('\r'); break;
                case 't': word.Append('\t'); break;
                case 'a': word.Append('\a'); break;
                case 'b': word.Append('\b'); break;
                case 'f': word.Append('\f'); break;
                case 'v': word.Append('\v'); break;
                case 'e' or 'E': word.Append('\u001b'); break;
                case 'u': i = AppendHex(text, i, 4, word); break;
                case 'U': i = AppendHex(text, i, 8, word); break;
                case 'x': i = AppendHex(text, i, 2, word); break;
                case >= '0' and <= '7':
                    var value = e - '0';
                    for (var n = 0; n < 2 && i < text.Length && text[i] is >= '0' and <= '7'; n++, i++)
                    {
                        value = (value * 8) + (text[i] - '0');
                    }

                    word.Append((char)(value & 0xFF));
                    break;
                case '\\' or '\'' or '"' or '?': word.Append(e); break;
                default: word.Append('\\').Append(e); break; // bash leaves an unknown escape as written
            }
        }

        next = i;
        return false;
    }

    private static int AppendHex(string text, int i, int max, StringBuilder word)
    {
        var end = i;
        while (end < text.Length && end - i < max && char.IsAsciiHexDigit(text[end]))
        {
            end++;
        }

        if (end == i)
        {
            word.Append('\\').Append(text[i - 1]);
            return i;
        }

        var value = long.Parse(text.AsSpan(i, end - i), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (value is > 0x10FFFF or (>= 0xD800 and <= 0xDFFF) && max == 8)
        {
            word.Append('\uFFFD');
        }
        else if (value > 0xFFFF)
        {
            word.Append(char.ConvertFromUtf32((int)value));
        }
        else
        {
            word.Append((char)value);
        }

        return end;
    }

    private static void EndWord(List<string> words, StringBuilder word, ref bool inWord)
    {
        if (inWord)
        {
            words.Add(word.ToString());
            word.Clear();
            inWord = false;
        }
    }

    private static bool OnlyOneCommand(string text, int from, out string error)
    {
        if (text.AsSpan(from).Trim(" \t\r\n;&|").Length > 0)
        {
            error = "the text holds more than one command (\"Copy all as cURL\"); paste one request at a time.";
            return false;
        }

        error = "";
        return true;
    }

    private static bool Unterminated(string quote, out string error)
    {
        error = $"the cURL command has an unterminated {quote} quote (was it copied in full?).";
        return false;
    }
}
