using CorsKit.Origins;

namespace CorsKit.Policy.Infrastructure;

/// <summary>How a pattern treats the port.</summary>
internal enum PortMatch
{
    /// <summary>Only the scheme's default port (the origin has no port).</summary>
    Default,
    /// <summary>One explicit port.</summary>
    Specific,
    /// <summary>Any port, including none (<c>:*</c>).</summary>
    Any,
}

/// <summary>
/// One entry of <see cref="CorsPolicyOptions.Origins"/>, parsed at build time. Exact origins keep their canonical
/// serialization; patterns keep (scheme, base host, port rule).
/// </summary>
internal sealed record OriginPattern(string Text, string Scheme, string Host, bool Subdomains, PortMatch PortMatch, int Port)
{
    /// <summary>True for an exact origin (no <c>*.</c>, no <c>:*</c>), matched by the hash set.</summary>
    public bool IsExact => !Subdomains && PortMatch != PortMatch.Any;

    /// <summary>http/ws to something other than localhost or loopback (W3C Secure Contexts §3.2 "potentially trustworthy").</summary>
    public bool IsInsecure => (Scheme is "http" or "ws") && !IsLoopbackHost(Host);

    /// <summary>
    /// Parses one configured origin. Returns null and adds errors to <paramref name="errors"/> when it is not a
    /// canonical origin or pattern.
    /// </summary>
    public static OriginPattern? Parse(string text, List<CorsPolicyError> errors)
    {
        const string Setting = "origins";
        if (text.Length == 0 || text.Trim().Length != text.Length)
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOrigin, Setting, text,
                $"'{text}' is not an origin: it is empty or has leading or trailing white space."));
            return null;
        }
        if (text.Length > CorsLimits.MaxOriginLength + 4)
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOrigin, Setting, text[..32] + "…",
                $"An origin of {text.Length} characters is longer than any origin a browser can send ({CorsLimits.MaxOriginLength})."));
            return null;
        }
        if (text.Equals("null", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new(CorsPolicyErrorKind.NullOrigin, Setting, text,
                "The 'null' origin is shared by sandboxed iframes, data: URLs, file: pages and cross-origin redirects; allowing it allows all of them. Remove it (use '*' if any origin may read the response)."));
            return null;
        }
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            errors.Add(new(CorsPolicyErrorKind.FileOrigin, Setting, text,
                $"'{text}': pages loaded from file: URLs send 'Origin: null', so a file origin can never match; and allowing 'null' is unsafe."));
            return null;
        }

        var sep = text.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0)
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOrigin, Setting, text,
                $"'{text}' is not an origin: write scheme://host[:port], for example 'https://app.example.com'."));
            return null;
        }
        var scheme = text[..sep];
        var rest = text[(sep + 3)..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var tail = authorityEnd < 0 ? "" : rest[authorityEnd..];

        var subdomains = authority.StartsWith("*.", StringComparison.Ordinal);
        if (subdomains)
        {
            authority = authority[2..];
        }
        var anyPort = authority.EndsWith(":*", StringComparison.Ordinal);
        if (anyPort)
        {
            authority = authority[..^2];
        }
        if (authority.Contains('*') || scheme.Contains('*') || tail.Contains('*'))
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOriginPattern, Setting, text,
                $"'{text}': '*' is only accepted as a whole host label at the start ('https://*.example.com') or as the port ('http://localhost:*'); CorsKit has no regular expressions."));
            return null;
        }
        if (authority.Contains('@'))
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOrigin, Setting, text,
                $"'{text}' is not an origin: origins have no user name or password."));
            return null;
        }

        var candidate = scheme + "://" + authority + tail;
        if (!Origin.TryParse(candidate, out var origin) || origin.IsOpaque || origin.Host.Length == 0)
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOrigin, Setting, text,
                $"'{text}' is not an origin a browser can send (expected scheme://host[:port] with a valid host and a port from 1 to 65535)."));
            return null;
        }
        if (anyPort && origin.Port is not null)
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOriginPattern, Setting, text, $"'{text}' has two ports."));
            return null;
        }
        if (origin.Port == 0)
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOrigin, Setting, text, $"'{text}': port 0 cannot be connected to."));
            return null;
        }
        var host = origin.Host;
        if (subdomains && (host.StartsWith('[') || EndsInNumber(host)))
        {
            errors.Add(new(CorsPolicyErrorKind.InvalidOriginPattern, Setting, text,
                $"'{text}': an IP address has no subdomains; '*.' only goes before a domain name."));
            return null;
        }

        var canonical = (subdomains ? origin.Scheme + "://*." + origin.Serialized[(origin.Scheme.Length + 3)..] : origin.Serialized)
            + (anyPort ? ":*" : "");
        if (!string.Equals(canonical, text, StringComparison.Ordinal))
        {
            errors.Add(new(CorsPolicyErrorKind.NonCanonicalOrigin, Setting, text,
                $"'{text}' is not written the way browsers send origins ({NonCanonicalReason(text, tail, origin)}); write '{canonical}'."));
            return null;
        }

        var portMatch = anyPort ? PortMatch.Any : origin.Port is null ? PortMatch.Default : PortMatch.Specific;
        return new OriginPattern(text, origin.Scheme, host, subdomains, portMatch, origin.Port ?? 0);
    }

    private static string NonCanonicalReason(string text, string tail, Origin origin)
    {
        if (tail.Length > 0)
        {
            return tail == "/" ? "trailing slash" : "an origin has no path, query or fragment";
        }
        if (text.Any(char.IsAsciiLetterUpper))
        {
            return "uppercase letters; origins are lowercase";
        }
        if (origin.Port is null && text.LastIndexOf(':') > origin.Scheme.Length)
        {
            return $"the default port of {origin.Scheme} is never written";
        }
        return "host not in canonical form";
    }

    private static bool EndsInNumber(string host)
    {
        var last = host[(host.LastIndexOf('.') + 1)..];
        return last.Length > 0 && last.All(char.IsAsciiDigit);
    }

    /// <summary>localhost names (RFC 6761 §6.3) and loopback addresses (127.0.0.0/8, ::1).</summary>
    internal static bool IsLoopbackHost(string host) =>
        host == "localhost" || host.EndsWith(".localhost", StringComparison.Ordinal) || host == "[::1]"
        || (host.StartsWith("127.", StringComparison.Ordinal) && EndsInNumber(host));
}
