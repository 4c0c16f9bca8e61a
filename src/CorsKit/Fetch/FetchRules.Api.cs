using System.Diagnostics.CodeAnalysis;
using CorsKit.Model;

namespace CorsKit.Fetch;

// API contract (skeleton). The browser-model work replaces these bodies; signatures are what other parts code against.

/// <summary>The Fetch standard's name and value classes for methods and headers (Fetch §2.2.1, §2.2.2).</summary>
public static partial class FetchRules
{
    /// <summary>Byte-exact <c>GET</c>, <c>HEAD</c> or <c>POST</c> (Fetch "CORS-safelisted method").</summary>
    public static bool IsCorsSafelistedMethod(ReadOnlySpan<char> method) => throw new NotImplementedException();

    /// <summary>Case-insensitive <c>CONNECT</c>, <c>TRACE</c> or <c>TRACK</c> (Fetch "forbidden method").</summary>
    public static bool IsForbiddenMethod(ReadOnlySpan<char> method) => throw new NotImplementedException();

    /// <summary>Uppercases <c>DELETE GET HEAD OPTIONS POST PUT</c> case-insensitively; leaves every other method as is.</summary>
    public static string NormalizeMethod(string method) => throw new NotImplementedException();

    /// <summary>True for an HTTP token (RFC 9110 §5.6.2): one or more tchars.</summary>
    public static bool IsToken(ReadOnlySpan<char> value) => throw new NotImplementedException();

    /// <summary>A forbidden request-header name regardless of value (the fixed list, <c>proxy-</c>/<c>sec-</c> prefixes),
    /// in <paramref name="profile"/>'s version of the list (Chromium adds <c>User-Agent</c>). The value-dependent
    /// <c>X-HTTP-Method(-Override)</c> rule is in <see cref="IsForbiddenRequestHeader"/>.</summary>
    public static bool IsForbiddenRequestHeaderName(ReadOnlySpan<char> name, BrowserProfile profile) => throw new NotImplementedException();

    /// <summary>Fetch "forbidden request-header" (name and value), as <paramref name="profile"/> applies it.</summary>
    public static bool IsForbiddenRequestHeader(string name, string value, BrowserProfile profile) => throw new NotImplementedException();

    /// <summary>Fetch "CORS-safelisted request-header" with every value rule, plus <paramref name="profile"/>'s extras.</summary>
    public static bool IsCorsSafelistedRequestHeader(string name, string value, BrowserProfile profile) => throw new NotImplementedException();

    /// <summary>The seven CORS-safelisted response-header names (Cache-Control, Content-Language, Content-Length,
    /// Content-Type, Expires, Last-Modified, Pragma), case-insensitive.</summary>
    public static bool IsCorsSafelistedResponseHeaderName(ReadOnlySpan<char> name) => throw new NotImplementedException();

    /// <summary><c>Set-Cookie</c> or <c>Set-Cookie2</c>, case-insensitive.</summary>
    public static bool IsForbiddenResponseHeaderName(ReadOnlySpan<char> name) => throw new NotImplementedException();

    /// <summary>Parses a <c>#field-name</c> / <c>#method</c> list as <paramref name="profile"/> does (empty elements
    /// skipped, every element a token); false when the list has a syntax error.</summary>
    public static bool TryParseTokenList(string? value, BrowserProfile profile, [NotNullWhen(true)] out IReadOnlyList<string>? tokens)
        => throw new NotImplementedException();
}
