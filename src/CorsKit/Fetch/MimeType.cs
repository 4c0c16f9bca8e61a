namespace CorsKit.Fetch;

/// <summary>
/// A parsed MIME type (WHATWG MIME Sniffing §4.4 "parse a MIME type"), written by hand: .NET's
/// <c>MediaTypeHeaderValue</c> follows RFC 7231 instead, which rejects inputs browsers accept (<c>text/plain;</c>) and
/// accepts inputs browsers reject.
/// </summary>
/// <param name="Type">The type, lowercase.</param>
/// <param name="Subtype">The subtype, lowercase.</param>
/// <param name="Parameters">The parameters in order (names lowercase, first occurrence wins).</param>
internal sealed record MimeType(string Type, string Subtype, IReadOnlyList<KeyValuePair<string, string>> Parameters)
{
    /// <summary><c>type/subtype</c>.</summary>
    public string Essence => Type + "/" + Subtype;

    /// <summary>MIME Sniffing §4.5 "serialize a MIME type": the essence, then <c>;name=value</c> per parameter, the
    /// value quoted (with <c>"</c> and <c>\</c> escaped) when it is empty or not all HTTP token code points.</summary>
    public string Serialize()
    {
        var text = new System.Text.StringBuilder(Essence);
        foreach (var (name, value) in Parameters)
        {
            text.Append(';').Append(name).Append('=');
            if (value.Length > 0 && FetchRules.IsToken(value))
            {
                text.Append(value);
                continue;
            }

            text.Append('"');
            foreach (var c in value)
            {
                if (c is '"' or '\\')
                {
                    text.Append('\\');
                }

                text.Append(c);
            }

            text.Append('"');
        }

        return text.ToString();
    }

    /// <summary>The same MIME type with its <c>charset</c> parameter set to <paramref name="charset"/> (kept in place).</summary>
    public MimeType WithCharset(string charset) =>
        this with { Parameters = [.. Parameters.Select(p => p.Key == "charset" ? new KeyValuePair<string, string>(p.Key, charset) : p)] };

    /// <summary>MIME Sniffing §4.4 "parse a MIME type"; null on failure.</summary>
    public static MimeType? Parse(string input)
    {
        var s = HttpChars.TrimHttpWhitespace(input.AsSpan());
        if (!TryParseEssence(s, out var type, out var subtype, out var position))
        {
            return null;
        }

        var parameters = new List<KeyValuePair<string, string>>();
        // Step 10: parameters.
        while (position < s.Length)
        {
            position++; // skip ';'
            while (position < s.Length && HttpChars.IsHttpWhitespace(s[position]))
            {
                position++;
            }

            var nameStart = position;
            while (position < s.Length && s[position] is not ';' and not '=')
            {
                position++;
            }

            var name = s[nameStart..position].ToString().ToLowerInvariant();
            if (position < s.Length)
            {
                if (s[position] == ';')
                {
                    continue;
                }

                position++; // skip '='
            }

            if (position >= s.Length)
            {
                break;
            }

            string value;
            if (s[position] == '"')
            {
                value = CollectQuotedString(s, ref position);
                while (position < s.Length && s[position] != ';')
                {
                    position++;
                }
            }
            else
            {
                var valueStart = position;
                while (position < s.Length && s[position] != ';')
                {
                    position++;
                }

                value = HttpChars.TrimHttpWhitespaceEnd(s[valueStart..position]).ToString();
                if (value.Length == 0)
                {
                    continue;
                }
            }

            if (name.Length > 0 && FetchRules.IsToken(name) && IsQuotedStringTokenText(value)
                && !parameters.Exists(p => p.Key == name))
            {
                parameters.Add(new(name, value));
            }
        }

        return new MimeType(type.ToString().ToLowerInvariant(), subtype.ToString().ToLowerInvariant(), parameters);
    }

    /// <summary>
    /// Steps 1-9 of "parse a MIME type" on an already-trimmed span, without allocating: the type (up to '/') and the
    /// subtype (up to ';', trailing whitespace removed) must each be a non-empty token. Parameters can never make the
    /// parse fail, so this decides success on its own.
    /// </summary>
    internal static bool TryParseEssence(ReadOnlySpan<char> s, out ReadOnlySpan<char> type, out ReadOnlySpan<char> subtype, out int position)
    {
        subtype = default;
        var slash = s.IndexOf('/');
        position = s.Length;
        type = slash < 0 ? s : s[..slash];
        if (slash < 0 || type.IsEmpty || !FetchRules.IsToken(type))
        {
            return false;
        }

        var rest = s[(slash + 1)..];
        var semicolon = rest.IndexOf(';');
        subtype = HttpChars.TrimHttpWhitespaceEnd(semicolon < 0 ? rest : rest[..semicolon]);
        if (subtype.IsEmpty || !FetchRules.IsToken(subtype))
        {
            return false;
        }

        position = semicolon < 0 ? s.Length : slash + 1 + semicolon;
        return true;
    }

    /// <summary>Fetch §2.2 "collect an HTTP quoted string" with the extract-value flag set.</summary>
    private static string CollectQuotedString(ReadOnlySpan<char> s, ref int position)
    {
        var value = new System.Text.StringBuilder();
        position++; // opening quote
        while (position < s.Length)
        {
            var c = s[position];
            if (c == '"')
            {
                position++;
                break;
            }

            if (c == '\\')
            {
                position++;
                if (position >= s.Length)
                {
                    value.Append('\\');
                    break;
                }
            }

            value.Append(s[position]);
            position++;
        }

        return value.ToString();
    }

    /// <summary>HTTP quoted-string token code points: TAB, 0x20-0x7E, 0x80-0xFF.</summary>
    private static bool IsQuotedStringTokenText(string value)
    {
        foreach (var c in value)
        {
            if (c != '\t' && (c < 0x20 || c == 0x7F || c > 0xFF))
            {
                return false;
            }
        }

        return true;
    }
}
