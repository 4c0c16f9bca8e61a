namespace CorsKit.Model;

/// <summary>
/// The server-side causes behind each CorsError, most common first: what usually makes a server answer the way
/// Chromium's check (network::cors::CheckAccess, CheckPreflightAccess; browser-cors.md §3.3) rejects. One list per
/// code, shared by <c>check</c> and <c>explain</c> through <see cref="CorsFailure.Causes"/>.
/// </summary>
internal static class CorsCauses
{
    private static readonly string[] MissingOrigin =
    [
        "The server (or this route) has no CORS configuration, or it does not list this origin.",
        "The response is an error (4xx/5xx) or a redirect written before the CORS middleware ran, or by a proxy, a gateway or the framework's error handler.",
        "The CORS middleware runs after authentication or routing, which answered first.",
        "The origin sent differs from the one configured (scheme, port, www, or 'null' after a redirect).",
    ];

    private static readonly string[] OriginValue =
    [
        "Both a proxy (nginx, a CDN, an API gateway) and the application add Access-Control-Allow-Origin.",
        "The allowed origin is configured with a path, a trailing slash, another scheme or port, or in different letter case.",
        "The server sends a list of origins in one header instead of echoing the one that asked.",
    ];

    private static readonly string[] Wildcard =
    [
        "The CORS configuration allows any origin ('*') and the page sends credentials (credentials: 'include', withCredentials = true).",
        "A proxy adds 'Access-Control-Allow-Origin: *' in front of an application that allows credentials.",
    ];

    private static readonly string[] AllowCredentials =
    [
        "Credentials are not enabled in the server's CORS configuration, while the page sends them.",
        "The header is sent with another value ('True', '1') or only on some responses (not on errors or the preflight).",
    ];

    private static readonly string[] PreflightStatus =
    [
        "OPTIONS is not routed to the CORS handler: the framework answers 404 or 405, or authentication answers 401/403.",
        "The CORS handler refuses the request's method or headers and answers 400/403 without saying which.",
        "A proxy or gateway rejects OPTIONS.",
    ];

    private static readonly string[] PreflightRedirect =
    [
        "The URL redirects: http to https, a missing or extra trailing slash, or another host.",
        "Authentication redirects the OPTIONS request to a login page.",
    ];

    private static readonly string[] AllowList =
    [
        "The header value is written with spaces instead of commas, or with characters that are not HTTP tokens.",
        "A proxy merges two lines into a value that no longer parses.",
    ];

    private static readonly string[] Method =
    [
        "The method is missing from the allowed methods (the configuration often lists only GET, HEAD and POST).",
        "The method is written in another letter case than the script sends (method names are case-sensitive for all but the standard six).",
        "'*' is configured while the request carries credentials, where '*' is only a literal name.",
    ];

    private static readonly string[] Header =
    [
        "The header the script sets is missing from the allowed headers (often Authorization, Content-Type: application/json or a custom X- header).",
        "'*' is configured while the request carries credentials, where '*' is only a literal name.",
        "The allowed headers are configured for another route or method than this one.",
    ];

    private static readonly string[] RedirectCredentials =
    [
        "A redirect's Location carries user:password@ (often a URL built from configuration with credentials in it).",
    ];

    private static readonly string[] LocalNetwork =
    [
        "A public or non-secure page calls an address in a more private network (localhost, a LAN address): Local Network Access needs a secure page and the user's permission.",
        "A public URL redirects into a private network.",
    ];

    private static readonly string[] Scheme =
    [
        "The request (or a redirect) points to a URL whose scheme is not http or https (file:, ftp:, a custom scheme).",
        "The page itself was opened from file://, so its origin is 'null' and scripts it loads are blocked.",
    ];

    private static readonly string[] Script =
    [
        "The script itself asked for a mode that forbids this request (mode: 'same-origin'), or the browser found the response unusable.",
    ];

    /// <summary>The causes for <paramref name="code"/>, most likely first.</summary>
    public static IReadOnlyList<string> For(ChromiumCorsError code) => code switch
    {
        ChromiumCorsError.MissingAllowOriginHeader or ChromiumCorsError.PreflightMissingAllowOriginHeader => MissingOrigin,
        ChromiumCorsError.MultipleAllowOriginValues or ChromiumCorsError.PreflightMultipleAllowOriginValues
            or ChromiumCorsError.InvalidAllowOriginValue or ChromiumCorsError.PreflightInvalidAllowOriginValue
            or ChromiumCorsError.AllowOriginMismatch or ChromiumCorsError.PreflightAllowOriginMismatch => OriginValue,
        ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed => Wildcard,
        ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials => AllowCredentials,
        ChromiumCorsError.PreflightInvalidStatus => PreflightStatus,
        ChromiumCorsError.PreflightDisallowedRedirect => PreflightRedirect,
        ChromiumCorsError.InvalidAllowMethodsPreflightResponse or ChromiumCorsError.InvalidAllowHeadersPreflightResponse => AllowList,
        ChromiumCorsError.MethodDisallowedByPreflightResponse => Method,
        ChromiumCorsError.HeaderDisallowedByPreflightResponse => Header,
        ChromiumCorsError.RedirectContainsCredentials => RedirectCredentials,
        ChromiumCorsError.InsecureLocalNetwork or ChromiumCorsError.InvalidLocalNetworkAccess or ChromiumCorsError.LocalNetworkAccessPermissionDenied => LocalNetwork,
        ChromiumCorsError.CorsDisabledScheme => Scheme,
        _ => Script,
    };
}
