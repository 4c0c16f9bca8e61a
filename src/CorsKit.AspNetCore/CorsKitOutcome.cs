namespace CorsKit.AspNetCore;

/// <summary>What CorsKit decided for one request (see <see cref="ICorsKitDecisionFeature"/>). A closed set: new values
/// are added only at the end, and existing values keep their meaning.</summary>
public enum CorsKitOutcome
{
    /// <summary>No <c>Origin</c> header: not a CORS request. Only <c>Vary</c> is written (or, under a <c>*</c> policy,
    /// the same headers as for every other request).</summary>
    NoOrigin,

    /// <summary>An actual (non-preflight) request from an allowed origin: <c>Access-Control-Allow-Origin</c> written.</summary>
    Allowed,

    /// <summary>An actual request from an origin the policy does not allow: no <c>Access-Control-*</c> header, so the
    /// browser blocks the read; the request still reaches the application, as a simple request always does.</summary>
    Denied,

    /// <summary>A preflight the policy allows, answered by CorsKit with the policy's success status.</summary>
    PreflightAllowed,

    /// <summary>
    /// A preflight the policy denies, answered by CorsKit. From a denied origin (and for malformed or oversized
    /// <c>Access-Control-Request-Headers</c>, or private network access the policy refuses): 403 with no CORS header.
    /// From an allowed origin asking for a method or header the policy does not allow: a 2xx with the origin and the
    /// policy's own lists, so the browser names the method or header (docs/middleware.md, "Denied preflights").
    /// </summary>
    PreflightDenied,
}
