using System.Diagnostics.CodeAnalysis;
using CorsKit.Model;

namespace CorsKit.Fetch;

/// <summary>The Fetch standard's name and value classes for methods and headers (Fetch §2.2.1, §2.2.2).</summary>
public static partial class FetchRules
{
    /// <summary>Byte-exact <c>GET</c>, <c>HEAD</c> or <c>POST</c> (Fetch "CORS-safelisted method").</summary>
    public static bool IsCorsSafelistedMethod(ReadOnlySpan<char> method)
        => method is "GET" or "HEAD" or "POST";

    /// <summary>Case-insensitive <c>CONNECT</c>, <c>TRACE</c> or <c>TRACK</c> (Fetch "forbidden method").</summary>
    public static bool IsForbiddenMethod(ReadOnlySpan<char> method)
        => method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase) || method.Equals("TRACE", StringComparison.OrdinalIgnoreCase)
            || method.Equals("TRACK", StringComparison.OrdinalIgnoreCase);

    /// <summary>Uppercases <c>DELETE GET HEAD OPTIONS POST PUT</c> case-insensitively; leaves every other method as is.</summary>
    public static string NormalizeMethod(string method)
    {
        ArgumentNullException.ThrowIfNull(method);
        // Fetch §2.2.1 "normalize a method"; returns the interned literal so the hot path does not allocate.
        foreach (var known in NormalizedMethods)
        {
            if (method.Equals(known, StringComparison.OrdinalIgnoreCase))
            {
                return known;
            }
        }

        return method;
    }

    private static readonly string[] NormalizedMethods = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

    /// <summary>True for an HTTP token (RFC 9110 §5.6.2): one or more tchars.</summary>
    public static bool IsToken(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!IsTChar(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>RFC 9110 tchar: <c>!#$%&amp;'*+-.^_`|~</c>, digits and letters.</summary>
    internal static bool IsTChar(char c)
        => char.IsAsciiLetterOrDigit(c) || c is '!' or '#' or '$' or '%' or '&' or '\'' or '*' or '+' or '-' or '.' or '^' or '_' or '`' or '|' or '~';

    /// <summary>A forbidden request-header name regardless of value (the fixed list, <c>proxy-</c>/<c>sec-</c> prefixes),
    /// in <paramref name="profile"/>'s version of the list (Chromium adds <c>User-Agent</c>). The value-dependent
    /// <c>X-HTTP-Method(-Override)</c> rule is in <see cref="IsForbiddenRequestHeader(string, string, BrowserProfile)"/>.</summary>
    public static bool IsForbiddenRequestHeaderName(ReadOnlySpan<char> name, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        // Fetch §2.2.2 "forbidden request-header" step 1-2.
        foreach (var forbidden in ForbiddenNames)
        {
            if (name.Equals(forbidden, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (name.StartsWith("proxy-", StringComparison.OrdinalIgnoreCase) || name.StartsWith("sec-", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        // Chromium net/http/http_util.cc IsSafeHeader keeps User-Agent forbidden (crbug.com/571722).
        return profile.UserAgentIsForbidden && name.Equals("user-agent", StringComparison.OrdinalIgnoreCase);
    }

    private static readonly string[] ForbiddenNames =
    [
        "accept-charset", "accept-encoding", "access-control-request-headers", "access-control-request-method",
        "connection", "content-length", "cookie", "cookie2", "date", "dnt", "expect", "host", "keep-alive", "origin",
        "referer", "set-cookie", "te", "trailer", "transfer-encoding", "upgrade", "via",
    ];

    /// <summary>Fetch "forbidden request-header" (name and value), as <paramref name="profile"/> applies it.</summary>
    public static bool IsForbiddenRequestHeader(string name, string value, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return IsForbiddenRequestHeader(name.AsSpan(), value.AsSpan(), profile);
    }

    internal static bool IsForbiddenRequestHeader(ReadOnlySpan<char> name, ReadOnlySpan<char> value, BrowserProfile profile)
    {
        if (IsForbiddenRequestHeaderName(name, profile))
        {
            return true;
        }

        // Fetch §2.2.2 step 3: X-HTTP-Method, X-HTTP-Method-Override, X-Method-Override whose value, after
        // "get, decode, and split", names a forbidden method.
        if (!name.Equals("x-http-method", StringComparison.OrdinalIgnoreCase) && !name.Equals("x-http-method-override", StringComparison.OrdinalIgnoreCase)
            && !name.Equals("x-method-override", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var found = false;
        ForEachSplitValue(value, ref found, static (ReadOnlySpan<char> element, ref bool hit) => hit |= IsForbiddenMethod(element));
        return found;
    }

    internal delegate void SplitVisitor<TState>(ReadOnlySpan<char> element, ref TState state);

    /// <summary>
    /// Fetch §2.2 "get, decode, and split" on one value: split on commas outside quoted strings, strip HTTP tab or
    /// space around each element. A quoted string's text is visited with its quotes and backslashes removed only
    /// when the whole element is that string; otherwise the raw text is visited (enough for the forbidden-method
    /// test, which compares whole elements).
    /// </summary>
    internal static void ForEachSplitValue<TState>(ReadOnlySpan<char> value, ref TState state, SplitVisitor<TState> visit)
    {
        var position = 0;
        while (true)
        {
            var start = position;
            var inQuotes = false;
            while (position < value.Length && (inQuotes || value[position] != ','))
            {
                if (value[position] == '"')
                {
                    inQuotes = !inQuotes;
                }
                else if (inQuotes && value[position] == '\\')
                {
                    position++;
                }

                position++;
            }

            var element = TrimTabOrSpaceSpan(value[start..Math.Min(position, value.Length)]);
            if (element.Length >= 2 && element[0] == '"' && element[1..].IndexOf('"') == element.Length - 2 && element.IndexOf('\\') < 0)
            {
                element = element[1..^1];
            }

            visit(element, ref state);
            if (position >= value.Length)
            {
                return;
            }

            position++; // the comma
        }
    }

    private static ReadOnlySpan<char> TrimTabOrSpaceSpan(ReadOnlySpan<char> s) => HttpChars.TrimTabOrSpace(s);

    /// <summary>Fetch "CORS-safelisted request-header" with every value rule, plus <paramref name="profile"/>'s extras.</summary>
    public static bool IsCorsSafelistedRequestHeader(string name, string value, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        return IsCorsSafelistedRequestHeader(name.AsSpan(), value.AsSpan(), profile);
    }

    /// <summary>The seven CORS-safelisted response-header names (Cache-Control, Content-Language, Content-Length,
    /// Content-Type, Expires, Last-Modified, Pragma), case-insensitive.</summary>
    public static bool IsCorsSafelistedResponseHeaderName(ReadOnlySpan<char> name)
    {
        foreach (var safelisted in SafelistedResponseNames)
        {
            if (name.Equals(safelisted, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    internal static readonly string[] SafelistedResponseNames =
        ["cache-control", "content-language", "content-length", "content-type", "expires", "last-modified", "pragma"];

    /// <summary><c>Set-Cookie</c> or <c>Set-Cookie2</c>, case-insensitive.</summary>
    public static bool IsForbiddenResponseHeaderName(ReadOnlySpan<char> name)
        => name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase) || name.Equals("set-cookie2", StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses a <c>#field-name</c> / <c>#method</c> list as <paramref name="profile"/> does (empty elements
    /// skipped, every element a token); false when the list has a syntax error. A null value is an empty list.</summary>
    public static bool TryParseTokenList(string? value, BrowserProfile profile, [NotNullWhen(true)] out IReadOnlyList<string>? tokens)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var list = new List<string>();
        tokens = null;
        if (value is not null)
        {
            // RFC 9110 §5.6.1 #rule; Chromium HttpUtil::ValuesIterator(',', ignore_empty) + IsToken; Firefox's
            // nsCCharSeparatedTokenizer + NS_IsValidHTTPToken: empty elements skipped, OWS (SP/HTAB) trimmed.
            var valid = true;
            foreach (var range in value.AsSpan().Split(','))
            {
                var element = HttpChars.TrimTabOrSpace(value.AsSpan()[range]);
                if (element.IsEmpty)
                {
                    continue;
                }

                if (!IsToken(element))
                {
                    valid = false;
                    break;
                }

                list.Add(element.ToString());
            }

            if (!valid)
            {
                return false;
            }
        }

        tokens = list;
        return true;
    }
}
