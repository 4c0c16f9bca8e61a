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
    /// <summary>
    /// Checks <c>Access-Control-Allow-Origin</c> and <c>Access-Control-Allow-Credentials</c> in
    /// <paramref name="responseHeaders"/> (all lines, duplicates combined as the browser combines them) for a request
    /// from <paramref name="requestOrigin"/> (serialized; <c>null</c> when opaque or tainted) with
    /// <paramref name="credentials"/>.
    /// </summary>
    public static CorsCheckResult Check(string requestOrigin, CredentialsMode credentials, IReadOnlyList<HttpHeader> responseHeaders)
        => throw new NotImplementedException();
}
