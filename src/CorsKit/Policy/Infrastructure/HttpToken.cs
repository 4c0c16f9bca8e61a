using System.Buffers;

namespace CorsKit.Policy.Infrastructure;

/// <summary>RFC 9110 §5.6.2 tokens, on spans, for the request path.</summary>
internal static class HttpToken
{
    private static readonly SearchValues<char> TChars =
        SearchValues.Create("!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>One or more tchars.</summary>
    public static bool IsToken(ReadOnlySpan<char> value) => !value.IsEmpty && !value.ContainsAnyExcept(TChars);

    /// <summary>Optional white space (RFC 9110 §5.6.3): space or horizontal tab.</summary>
    public static ReadOnlySpan<char> TrimOws(ReadOnlySpan<char> value) => value.Trim(" \t");
}
