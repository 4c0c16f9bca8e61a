using CorsKit.Fetch;

namespace CorsKit.Model;

/// <summary>The outcome of the CORS check on one response.</summary>
/// <param name="Passed">True when the response passes.</param>
/// <param name="Error">Chromium's CorsError for a failure (the non-preflight flavour), or null when passed.</param>
/// <param name="FailedParameter">Chromium's failed parameter (the offending header value); empty when none.</param>
public readonly record struct CorsCheckResult(bool Passed, ChromiumCorsError? Error, string FailedParameter);

/// <summary>The Fetch "CORS check" (Fetch §4.10, "CORS check"), evaluated as Chromium's <c>CheckAccess</c> does.</summary>
public static partial class CorsCheck
{
    private static readonly CorsCheckResult Pass = new(true, null, "");

    /// <summary>
    /// Checks <c>Access-Control-Allow-Origin</c> and <c>Access-Control-Allow-Credentials</c> in
    /// <paramref name="responseHeaders"/> (all lines, duplicates combined as the browser combines them) for a request
    /// from <paramref name="requestOrigin"/> (serialized; <c>null</c> when opaque or tainted) with
    /// <paramref name="credentials"/>.
    /// </summary>
    public static CorsCheckResult Check(string requestOrigin, CredentialsMode credentials, IReadOnlyList<HttpHeader> responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(requestOrigin);
        ArgumentNullException.ThrowIfNull(responseHeaders);

        // Chromium services/network/public/cpp/cors/cors.cc CheckAccess; values read with GetNormalizedHeader
        // (lines joined by ", "), as Fetch "get" does.
        var allowOrigin = HeaderValues.Get(responseHeaders, "access-control-allow-origin");
        var include = credentials == CredentialsMode.Include;
        if (allowOrigin == "*")
        {
            // Fetch CORS check step 3: "*" passes unless credentials are included.
            if (!include)
            {
                return Pass;
            }

            return new(false, ChromiumCorsError.WildcardOriginNotAllowed, "");
        }

        if (allowOrigin is null)
        {
            return new(false, ChromiumCorsError.MissingAllowOriginHeader, "");
        }

        if (!string.Equals(allowOrigin, requestOrigin, StringComparison.Ordinal))
        {
            // Byte comparison; "null" matches an opaque or tainted origin ("Allow 'null' to match here").
            if (allowOrigin.Contains(' ') || allowOrigin.Contains(','))
            {
                return new(false, ChromiumCorsError.MultipleAllowOriginValues, allowOrigin);
            }

            if (allowOrigin == "null")
            {
                return new(false, ChromiumCorsError.AllowOriginMismatch, allowOrigin);
            }

            return new(false, IsValidGurl(allowOrigin) ? ChromiumCorsError.AllowOriginMismatch : ChromiumCorsError.InvalidAllowOriginValue, allowOrigin);
        }

        if (include)
        {
            // Fetch CORS check step 6-7: Access-Control-Allow-Credentials must be exactly "true" (case-sensitive).
            var allowCredentials = HeaderValues.Get(responseHeaders, "access-control-allow-credentials");
            if (allowCredentials != "true")
            {
                return new(false, ChromiumCorsError.InvalidAllowCredentials, allowCredentials ?? "");
            }
        }

        return Pass;
    }

    /// <summary>Approximates <c>GURL(value).is_valid()</c>: an absolute URL with a scheme and, for special schemes, a
    /// host. Chromium reports kInvalidAllowOriginValue for values that are not URLs at all (<c>""</c>, <c>foo</c>).</summary>
    private static bool IsValidGurl(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0 || !char.IsAsciiLetter(value[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            if (!char.IsAsciiLetterOrDigit(value[i]) && value[i] is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        var scheme = value[..colon].ToLowerInvariant();
        return Origins.Origin.DefaultPort(scheme) is null || Origins.Origin.TryParse(value, out _);
    }
}
