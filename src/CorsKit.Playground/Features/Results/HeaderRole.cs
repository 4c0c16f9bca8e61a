namespace CorsKit.Playground.Features.Results;

/// <summary>The role a header plays in the CORS exchange, for highlighting (Fetch §3.2.3, §3.2.2).</summary>
internal enum HeaderRole
{
    /// <summary>No part in CORS.</summary>
    None,
    /// <summary>A request header the browser sets for CORS: Origin, Access-Control-Request-*.</summary>
    CorsRequest,
    /// <summary>A script-set request header that is not CORS-safelisted: it makes the browser preflight.</summary>
    TriggersPreflight,
    /// <summary>A response header the browser's CORS check reads.</summary>
    CorsResponse,
    /// <summary>Vary: whether caches keep one answer per Origin.</summary>
    Vary,
}
