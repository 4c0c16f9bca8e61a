using System.Globalization;
using System.Text;

namespace CorsKit.Cookies;

/// <summary>RFC 6265bis §5.6 "The Set-Cookie Header Field", steps 1-9, and §5.6.1-§5.6.7 for each attribute.</summary>
internal static class SetCookieParser
{
    /// <summary>§5.6 step 6: name and value together at most 4096 octets.</summary>
    private const int MaxNameValueBytes = 4096;

    /// <summary>§5.6 step "If the attribute-value is longer than 1024 octets, ignore the cookie-av".</summary>
    private const int MaxAttributeValueBytes = 1024;

    public static bool TryParse(string line, out SetCookie? cookie, out SetCookieRejection rejection)
    {
        cookie = null;
        rejection = default;
        // Step 1: a CTL other than HTAB anywhere aborts (%x00-08 / %x0A-1F / %x7F).
        foreach (var c in line)
        {
            if ((c < 0x20 && c != '\t') || c == 0x7F)
            {
                rejection = SetCookieRejection.ControlCharacter;
                return false;
            }
        }

        // Steps 2-4: the name-value-pair ends at the first ';'; without '=' the whole pair is the value (nameless).
        var semicolon = line.IndexOf(';', StringComparison.Ordinal);
        var pair = semicolon < 0 ? line : line[..semicolon];
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        var name = TrimWhitespace(equals < 0 ? "" : pair[..equals]);
        var value = TrimWhitespace(equals < 0 ? pair : pair[(equals + 1)..]);
        if (name.Length == 0 && value.Length == 0)
        {
            rejection = SetCookieRejection.EmptyNameAndValue;
            return false;
        }

        if (Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value) > MaxNameValueBytes)
        {
            rejection = SetCookieRejection.NameValueTooLong;
            return false;
        }

        var result = new SetCookie { Name = name, Value = value };
        var rest = semicolon < 0 ? "" : line[(semicolon + 1)..];
        foreach (var av in rest.Split(';'))
        {
            var eq = av.IndexOf('=', StringComparison.Ordinal);
            var attribute = TrimWhitespace(eq < 0 ? av : av[..eq]);
            var attributeValue = TrimWhitespace(eq < 0 ? "" : av[(eq + 1)..]);
            if (Encoding.UTF8.GetByteCount(attributeValue) > MaxAttributeValueBytes)
            {
                continue;
            }

            result = Apply(result, attribute, attributeValue);
        }

        cookie = result;
        return true;
    }

    // §5.6.1-§5.6.7, attribute names case-insensitive; a later attribute of the same name wins (§5.7 step 3 and on use
    // "the last attribute in the cookie-attribute-list").
    private static SetCookie Apply(SetCookie cookie, string attribute, string value)
    {
        if (Is(attribute, "expires"))
        {
            // §5.6.1: an unparseable date is ignored.
            return CookieDate.TryParse(value, out var date) ? cookie with { Expires = date } : cookie;
        }

        if (Is(attribute, "max-age"))
        {
            return TryMaxAge(value, out var seconds) ? cookie with { MaxAge = seconds } : cookie;
        }

        if (Is(attribute, "domain"))
        {
            // §5.6.3: empty → ignore the attribute; a leading '.' is dropped; lowercase.
            var domain = value.StartsWith('.') ? value[1..] : value;
            return domain.Length == 0 ? cookie : cookie with { Domain = domain.ToLowerInvariant() };
        }

        if (Is(attribute, "path"))
        {
            // §5.6.4: empty or not starting with '/' → the default-path (null here).
            return cookie with { Path = value.StartsWith('/') ? value : null };
        }

        if (Is(attribute, "secure"))
        {
            return cookie with { Secure = true };
        }

        if (Is(attribute, "httponly"))
        {
            return cookie with { HttpOnly = true };
        }

        if (Is(attribute, "samesite"))
        {
            // §5.6.7: None, Strict, Lax case-insensitively; anything else is the "Default" enforcement.
            var sameSite = Is(value, "none") ? CookieSameSite.None : Is(value, "strict") ? CookieSameSite.Strict
                : Is(value, "lax") ? CookieSameSite.Lax : CookieSameSite.Unspecified;
            return cookie with { SameSite = sameSite };
        }

        if (Is(attribute, "partitioned"))
        {
            return cookie with { Partitioned = true };
        }

        return cookie; // §5.6 step "Process the attribute": unknown attributes are ignored.
    }

    /// <summary>§5.6.2: the first character a DIGIT or '-', the rest DIGITs; a huge value saturates.</summary>
    private static bool TryMaxAge(string value, out long seconds)
    {
        seconds = 0;
        if (value.Length == 0 || !(char.IsAsciiDigit(value[0]) || value[0] == '-') || value.Length == 1 && value[0] == '-')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds))
        {
            seconds = value[0] == '-' ? long.MinValue : long.MaxValue;
        }

        return true;
    }

    /// <summary>§5.6 steps 4 and "remove any leading or trailing WSP": WSP is space and HTAB only.</summary>
    private static string TrimWhitespace(string text) => text.Trim(' ', '\t');

    private static bool Is(string text, string name) => text.Equals(name, StringComparison.OrdinalIgnoreCase);
}
