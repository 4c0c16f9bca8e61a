namespace CorsKit.Gateway.Infrastructure;

/// <summary>What a route's <c>CorsKit</c> metadata value asks for.</summary>
internal enum CorsKitRouteKind
{
    /// <summary>No <c>CorsKit</c> key: CorsKit leaves the route alone.</summary>
    None,

    /// <summary><c>"Disable"</c>: no CORS headers, preflights forwarded, the upstream's CORS headers still removed.</summary>
    Disabled,

    /// <summary>A policy name, looked up among CorsKit's configured policies on every request (they reload).</summary>
    Named,

    /// <summary>A policy in the policy file format (a JSON object), compiled when the route is loaded.</summary>
    Inline,
}
