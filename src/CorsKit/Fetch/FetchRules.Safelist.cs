using CorsKit.Model;

namespace CorsKit.Fetch;

public static partial class FetchRules
{
    /// <summary>Fetch §2.2.2: a safelisted value may be at most 128 bytes.</summary>
    internal const int SafelistedValueMax = 128;

    /// <summary>Fetch §2.2.2 "CORS-unsafe request-header names" step 4 (Chromium <c>kSafeListValueSizeMax</c>).</summary>
    internal const int SafelistedTotalMax = 1024;

    /// <summary>The safelist test on spans (no allocation). <paramref name="value"/> must already be normalised.</summary>
    internal static bool IsCorsSafelistedRequestHeader(ReadOnlySpan<char> name, ReadOnlySpan<char> value, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        // Fetch §2.2.2 "CORS-safelisted request-header" step 1. Script values are byte strings, so chars = bytes.
        if (value.Length > SafelistedValueMax)
        {
            return false;
        }

        if (name.Equals("accept", StringComparison.OrdinalIgnoreCase))
        {
            return !ContainsCorsUnsafeByte(value);
        }

        if (name.Equals("accept-language", StringComparison.OrdinalIgnoreCase) || name.Equals("content-language", StringComparison.OrdinalIgnoreCase))
        {
            foreach (var c in value)
            {
                if (!char.IsAsciiLetterOrDigit(c) && c is not ' ' and not '*' and not ',' and not '-' and not '.' and not ';' and not '=')
                {
                    return false;
                }
            }

            return true;
        }

        if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase))
        {
            // Step 2 content-type: no unsafe byte, then "parse a MIME type" (not "extract"), essence in the three.
            if (ContainsCorsUnsafeByte(value) || (profile.ContentTypeListsAreNotSafelisted && HasCommaOutsideQuotes(value))
                || !MimeType.TryParseEssence(HttpChars.TrimHttpWhitespace(value), out var type, out var subtype, out _))
            {
                return false;
            }

            return (type.Equals("application", StringComparison.OrdinalIgnoreCase) && subtype.Equals("x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
                || (type.Equals("multipart", StringComparison.OrdinalIgnoreCase) && subtype.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                || (type.Equals("text", StringComparison.OrdinalIgnoreCase) && subtype.Equals("plain", StringComparison.OrdinalIgnoreCase));
        }

        if (name.Equals("range", StringComparison.OrdinalIgnoreCase))
        {
            // A suffix range (no start) is not safelisted (fetch commit a18fb3e, 2022).
            return RangeHeader.TryParse(value, out var start, out _) && start is not null;
        }

        return profile.SafelistsClientHints && IsSafelistedClientHint(name, value);
    }

    /// <summary>
    /// Chromium services/network/public/cpp/cors/cors.cc IsCorsSafelistedHeader: the client-hint names a script can set
    /// (the <c>sec-ch-*</c> ones are forbidden to scripts anyway) with their value rules. WPT
    /// cors/client-hint-request-headers.htm pins that Chromium sends these without a preflight.
    /// </summary>
    private static bool IsSafelistedClientHint(ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        if (name.Equals("dpr", StringComparison.OrdinalIgnoreCase) || name.Equals("device-memory", StringComparison.OrdinalIgnoreCase)
            || name.Equals("downlink", StringComparison.OrdinalIgnoreCase))
        {
            return IsDecimal(value);
        }

        if (name.Equals("width", StringComparison.OrdinalIgnoreCase) || name.Equals("viewport-width", StringComparison.OrdinalIgnoreCase)
            || name.Equals("rtt", StringComparison.OrdinalIgnoreCase))
        {
            return IsDigits(value);
        }

        if (name.Equals("ect", StringComparison.OrdinalIgnoreCase))
        {
            return value is "slow-2g" or "2g" or "3g" or "4g";
        }

        return name.Equals("save-data", StringComparison.OrdinalIgnoreCase) && value is "on";
    }

    /// <summary>The client-hint names a script can set and Chromium safelists.</summary>
    internal static bool IsClientHintName(ReadOnlySpan<char> name)
    {
        foreach (var hint in ClientHintNames)
        {
            if (name.Equals(hint, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] ClientHintNames = ["dpr", "device-memory", "downlink", "width", "viewport-width", "rtt", "ect", "save-data"];

    private static bool HasCommaOutsideQuotes(ReadOnlySpan<char> value)
    {
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '\\' when quoted:
                    i++;
                    break;
                case ',' when !quoted:
                    return true;
            }
        }

        return false;
    }

    private static bool IsDigits(ReadOnlySpan<char> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary><c>1*DIGIT ["." 1*DIGIT]</c>.</summary>
    private static bool IsDecimal(ReadOnlySpan<char> value)
    {
        var dot = value.IndexOf('.');
        return dot < 0 ? IsDigits(value) : IsDigits(value[..dot]) && IsDigits(value[(dot + 1)..]);
    }

    private static bool ContainsCorsUnsafeByte(ReadOnlySpan<char> value)
    {
        foreach (var c in value)
        {
            if (HttpChars.IsCorsUnsafeRequestHeaderByte(c))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when a cross-origin request with <paramref name="method"/> and <paramref name="headers"/> needs a preflight
    /// (Fetch §4.1 main fetch step 12 with the unsafe-request flag; ignores the preflight cache). The headers are the
    /// list as the browser holds it (one line per name, values normalised); forbidden headers are ignored because the
    /// browser drops them. Allocates nothing.
    /// </summary>
    public static bool NeedsPreflight(string method, ReadOnlySpan<HttpHeader> headers, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(profile);
        if (!IsCorsSafelistedMethod(NormalizeMethod(method)))
        {
            return true;
        }

        var total = 0;
        foreach (var header in headers)
        {
            var value = HttpChars.TrimHttpWhitespace(header.Value);
            if (IsForbiddenRequestHeader(header.Name, value, profile))
            {
                continue;
            }

            if (!IsCorsSafelistedRequestHeader(header.Name, value, profile))
            {
                return true;
            }

            total += value.Length;
        }

        return total > SafelistedTotalMax;
    }

    /// <summary>
    /// Fetch §2.2.2 "CORS-unsafe request-header names": every header that is not safelisted, plus every safelisted one
    /// when their values total more than 1024 bytes; lowercase, de-duplicated and byte-sorted (the exact
    /// <c>Access-Control-Request-Headers</c> list).
    /// </summary>
    public static IReadOnlyList<string> CorsUnsafeRequestHeaderNames(IEnumerable<HttpHeader> headers, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(profile);
        var unsafeNames = new List<string>();
        var potentiallyUnsafe = new List<string>();
        var total = 0;
        foreach (var header in headers)
        {
            var value = HttpChars.TrimHttpWhitespace(header.Value);
            if (!IsCorsSafelistedRequestHeader(header.Name, value, profile))
            {
                unsafeNames.Add(header.Name);
            }
            else
            {
                potentiallyUnsafe.Add(header.Name);
                total += value.Length;
            }
        }

        if (total > SafelistedTotalMax)
        {
            unsafeNames.AddRange(potentiallyUnsafe);
        }

        return ToSortedLowercaseSet(unsafeNames);
    }

    /// <summary>Fetch §2.2 "convert header names to a sorted-lowercase set" (byte order).</summary>
    internal static List<string> ToSortedLowercaseSet(IEnumerable<string> names)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            set.Add(name.ToLowerInvariant());
        }

        return [.. set];
    }
}
