using System.Diagnostics.CodeAnalysis;

namespace CorsKit.Cookies;

/// <summary>
/// One <c>Set-Cookie</c> line as parsed by RFC 6265bis §5.6 ("The Set-Cookie Header Field"): the name and value and
/// the attributes the parser kept (an attribute it ignores, such as an unparseable <c>Expires</c>, is absent; a
/// repeated attribute keeps its last value). Storage rules (domain, prefixes, SameSite, third-party policy) are the
/// <see cref="CookieStore"/>'s.
/// </summary>
public sealed record SetCookie
{
    /// <summary>The cookie name; empty for a nameless cookie (<c>Set-Cookie: token</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The cookie value, whitespace-trimmed, as sent (quotes kept).</summary>
    public required string Value { get; init; }

    /// <summary>The <c>Expires</c> date, when present and parseable as a cookie-date (§5.1.1).</summary>
    public DateTimeOffset? Expires { get; init; }

    /// <summary>The <c>Max-Age</c> in seconds, when present and valid (zero or negative deletes the cookie; it takes
    /// precedence over <see cref="Expires"/>).</summary>
    public long? MaxAge { get; init; }

    /// <summary>The <c>Domain</c> attribute, leading dot removed and lowercased; null when absent or empty.</summary>
    public string? Domain { get; init; }

    /// <summary>The <c>Path</c> attribute when it starts with <c>/</c>; null otherwise (the default-path applies).</summary>
    public string? Path { get; init; }

    /// <summary>The <c>Secure</c> attribute.</summary>
    public bool Secure { get; init; }

    /// <summary>The <c>HttpOnly</c> attribute.</summary>
    public bool HttpOnly { get; init; }

    /// <summary>The <c>SameSite</c> attribute (an unknown value is <see cref="CookieSameSite.Unspecified"/>).</summary>
    public CookieSameSite SameSite { get; init; }

    /// <summary>The <c>Partitioned</c> attribute (CHIPS, draft-cutler-httpbis-partitioned-cookies).</summary>
    public bool Partitioned { get; init; }

    /// <summary>Parses one <c>Set-Cookie</c> field value. Never throws: a line a browser ignores gives false and the
    /// reason.</summary>
    public static bool TryParse(string? line, [NotNullWhen(true)] out SetCookie? cookie, out SetCookieRejection rejection)
        => SetCookieParser.TryParse(line ?? "", out cookie, out rejection);
}
