using CorsKit.Fetch;

namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// The one rule for request headers and cookies a user types (<c>check -H</c>, <c>check --cookie</c>, a batch line's
/// headers, <c>audit -H</c>, <c>audit --cookie</c>): the name is an HTTP token (RFC 9110 §5.6.2) and the value has no
/// CR, LF or NUL (Fetch §2.2 "header value"), so nothing the user gives can add a header line or end the request head.
/// Each failure is one sentence.
/// </summary>
internal static class HeaderInput
{
    /// <summary>Parses <c>Name: value</c> as curl's <c>-H</c> does (split at the first colon, value trimmed).</summary>
    public static bool TryParseLine(string line, out HttpHeader header, out string error)
    {
        header = default;
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            error = $"the header '{line}' is not of the form 'Name: value'.";
            return false;
        }

        return TryMake(line[..colon], line[(colon + 1)..], out header, out error);
    }

    /// <summary>Validates a header name and value; the value is trimmed of HTTP whitespace as <c>Headers.append</c>
    /// normalises it (Fetch §5.2 "normalize").</summary>
    public static bool TryMake(string name, string value, out HttpHeader header, out string error)
    {
        header = default;
        if (!FetchRules.IsToken(name))
        {
            error = $"'{name}' is not a valid header name.";
            return false;
        }

        var trimmed = value.Trim(' ', '\t', '\r', '\n');
        if (!IsValue(trimmed))
        {
            error = $"the value of header '{name}' contains a line break or NUL.";
            return false;
        }

        header = new HttpHeader(name, trimmed);
        error = "";
        return true;
    }

    /// <summary>Checks a <c>Cookie</c> header value the user gave.</summary>
    public static bool TryCookie(string? cookie, out string error)
    {
        error = cookie is null || IsValue(cookie) ? "" : "the cookie contains a line break or NUL.";
        return error.Length == 0;
    }

    private static bool IsValue(string value) => value.AsSpan().IndexOfAny('\r', '\n', '\0') < 0;
}
