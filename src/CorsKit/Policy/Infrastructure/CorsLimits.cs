namespace CorsKit.Policy.Infrastructure;

/// <summary>Bounds on request input, so that hostile headers cost little (rs/cors#170, go-chi/cors#36).</summary>
internal static class CorsLimits
{
    /// <summary>Longest origin a browser can send: scheme (64) + "://" + host (253, or a bracketed IPv6 of at most 41)
    /// + ":" + port (5), as jub0bs/cors bounds it.</summary>
    public const int MaxOriginLength = 64 + 3 + 253 + 1 + 5;

    /// <summary>Longest method token accepted in Access-Control-Request-Method.</summary>
    public const int MaxMethodLength = 64;

    /// <summary>Most characters read from Access-Control-Request-Headers, over all lines. Browsers send the sorted,
    /// lowercase names a script set; a few hundred characters is a lot.</summary>
    public const int MaxRequestHeadersLength = 4096;

    /// <summary>Most Access-Control-Request-Headers lines read as one list (proxies such as AWS API Gateway split it).</summary>
    public const int MaxRequestHeadersLines = 16;

    /// <summary>Most names in Access-Control-Request-Headers.</summary>
    public const int MaxRequestHeaderNames = 64;

    /// <summary>Most empty list elements tolerated (<c>a,,b</c>); browsers send none.</summary>
    public const int MaxEmptyElements = 16;
}
