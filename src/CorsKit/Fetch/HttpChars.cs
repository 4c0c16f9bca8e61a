namespace CorsKit.Fetch;

/// <summary>Fetch §2.1 character classes (HTTP whitespace, HTTP tab or space).</summary>
internal static class HttpChars
{
    /// <summary>HTTP whitespace: TAB, LF, CR, SP (Fetch §2.1).</summary>
    public static bool IsHttpWhitespace(char c) => c is '\t' or '\n' or '\r' or ' ';

    /// <summary>HTTP tab or space (Fetch §2.1).</summary>
    public static bool IsTabOrSpace(char c) => c is '\t' or ' ';

    /// <summary>Fetch "normalize" a header value: strip leading and trailing HTTP whitespace.</summary>
    public static ReadOnlySpan<char> TrimHttpWhitespace(ReadOnlySpan<char> value)
    {
        var start = 0;
        while (start < value.Length && IsHttpWhitespace(value[start]))
        {
            start++;
        }

        return TrimHttpWhitespaceEnd(value[start..]);
    }

    public static ReadOnlySpan<char> TrimHttpWhitespaceEnd(ReadOnlySpan<char> value)
    {
        var end = value.Length;
        while (end > 0 && IsHttpWhitespace(value[end - 1]))
        {
            end--;
        }

        return value[..end];
    }

    public static ReadOnlySpan<char> TrimTabOrSpace(ReadOnlySpan<char> value)
    {
        var start = 0;
        var end = value.Length;
        while (start < end && IsTabOrSpace(value[start]))
        {
            start++;
        }

        while (end > start && IsTabOrSpace(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    /// <summary>Fetch §2.2.2 "CORS-unsafe request-header byte".</summary>
    public static bool IsCorsUnsafeRequestHeaderByte(char c)
        => (c < 0x20 && c != '\t') || c is '"' or '(' or ')' or ':' or '<' or '>' or '?' or '@' or '[' or '\\' or ']' or '{' or '}' or (char)0x7F;
}
