using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CorsKit.Origins;

public sealed partial class Origin
{
    /// <summary>The opaque origin; serializes to <c>null</c>.</summary>
    public static Origin Null { get; } = new("", "", null, "null");

    /// <summary>
    /// Parses an <c>Origin</c> header value (<c>https://example.com</c>, <c>null</c>) or any absolute URL (its origin is
    /// taken) and canonicalises it as a browser would. Never throws; returns false for anything a browser could not
    /// produce as an origin. URLs whose scheme has no tuple origin (<c>data:</c>, <c>about:</c>, <c>file:</c>, custom
    /// schemes) give <see cref="Null"/>.
    /// </summary>
    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Origin? origin)
        => TryParseCore(text, out origin, out _);

    /// <summary>Like <see cref="TryParse(string?, out Origin?)"/> but throws <see cref="FormatException"/> with a message
    /// that says what is wrong with the text.</summary>
    public static Origin Parse(string text)
    {
        if (TryParseCore(text, out var origin, out var error))
        {
            return origin;
        }

        throw new FormatException($"'{text}' is not a valid origin or absolute URL: {error}.");
    }

    /// <summary>
    /// Strict form for header comparison: succeeds only when <paramref name="text"/> is already an origin's ASCII
    /// serialization, byte for byte (<c>https://example.com</c>, <c>null</c>); <c>HTTPS://Example.com</c>,
    /// <c>https://example.com/</c> and <c>https://example.com:443</c> fail.
    /// </summary>
    public static bool TryParseSerialized([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Origin? origin)
    {
        if (TryParseCore(text, out origin, out _) && string.Equals(origin.Serialized, text, StringComparison.Ordinal))
        {
            return true;
        }

        origin = null;
        return false;
    }

    /// <summary>The origin of an absolute URL; <see cref="Null"/> for schemes without a tuple origin, and for a relative
    /// or unparseable URI (never throws).</summary>
    public static Origin FromUri(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri)
        {
            return Null;
        }

        return TryParseCore(uri.OriginalString, out var origin, out _) ? origin
            : TryParseCore(uri.AbsoluteUri, out origin, out _) ? origin : Null;
    }

    /// <summary>True when both are the same tuple origin (two opaque origins are never the same origin here).</summary>
    public bool IsSameOrigin(Origin other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return !IsOpaque && !other.IsOpaque && Equals(other);
    }

    /// <summary>Schemeful same-site (HTML §7.1.1 "same site"): same scheme and same registrable domain (Public Suffix
    /// List), or the same host when a host has no registrable domain (IP addresses, public suffixes).</summary>
    public bool IsSameSite(Origin other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (IsOpaque || other.IsOpaque)
        {
            return false;
        }

        if (!string.Equals(Scheme, other.Scheme, StringComparison.Ordinal))
        {
            return false;
        }

        if (string.Equals(Host, other.Host, StringComparison.Ordinal))
        {
            return true;
        }

        var mine = PublicSuffix.RegistrableDomain(Host);
        var theirs = PublicSuffix.RegistrableDomain(other.Host);
        return mine is not null && string.Equals(mine, theirs, StringComparison.Ordinal);
    }

    /// <summary>The scheme's default port (URL §4.1 "special scheme"), or null.</summary>
    internal static int? DefaultPort(string scheme) => scheme switch
    {
        "http" or "ws" => 80,
        "https" or "wss" => 443,
        "ftp" => 21,
        _ => null,
    };

    /// <summary>
    /// The URL parser (URL §4.4) as far as the origin needs it: scheme, authority (userinfo skipped), host, port.
    /// Path, query and fragment are not validated beyond where the authority ends.
    /// </summary>
    private static bool TryParseCore([NotNullWhen(true)] string? text, [NotNullWhen(true)] out Origin? origin, out string error)
    {
        origin = null;
        if (text is null)
        {
            error = "the text is null";
            return false;
        }

        // URL §4.4 basic URL parser, step 1-3: strip leading/trailing C0 control or space, remove tab and newline.
        var input = WhatwgUrl.Preprocess(text);

        if (input.Length == 0)
        {
            error = "the text is empty";
            return false;
        }

        if (string.Equals(input, "null", StringComparison.Ordinal))
        {
            origin = Null;
            error = "";
            return true;
        }

        // Scheme state: ASCII alpha, then ASCII alphanumeric, '+', '-', '.', up to ':'.
        var colon = WhatwgUrl.SchemeEnd(input);
        if (colon < 0)
        {
            error = "it has no scheme (expected something like 'https://host')";
            return false;
        }

        var scheme = input[..colon].ToLowerInvariant();
        var rest = input[(colon + 1)..];

        if (scheme == "blob")
        {
            // URL §4.7 origin: a blob: URL has the origin of its inner URL when that is http(s).
            origin = TryParseCore(rest, out var inner, out _) && inner.Scheme is "http" or "https" ? inner : Null;
            error = "";
            return true;
        }

        if (DefaultPort(scheme) is null)
        {
            // file:, data:, about:, javascript: and every non-special scheme: a new opaque origin.
            origin = Null;
            error = "";
            return true;
        }

        // The one URL parser for special schemes: the origin is its scheme, host and port (URL §4.7 "origin").
        if (!WhatwgUrl.TryParse(input, out var url, out error))
        {
            return false;
        }

        origin = new Origin(url.Scheme, url.Host, url.Port, url.Port is { } port
            ? string.Create(CultureInfo.InvariantCulture, $"{url.Scheme}://{url.Host}:{port}")
            : $"{url.Scheme}://{url.Host}");
        return true;
    }

    /// <summary>URL §4.4 step 1: the C0 control or space code points stripped from both ends of an input.</summary>
    internal static readonly char[] C0ControlOrSpace = CreateC0ControlOrSpace();

    private static char[] CreateC0ControlOrSpace()
    {
        var chars = new char[0x21];
        for (var i = 0; i <= 0x20; i++)
        {
            chars[i] = (char)i;
        }

        return chars;
    }
}
