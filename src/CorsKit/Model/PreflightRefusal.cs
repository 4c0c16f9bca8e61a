namespace CorsKit.Model;

/// <summary>
/// What a denied preflight refused, found by preflights of the caller's own (check's extra probes, which a browser
/// never sends): the same preflight with fewer request headers and with a safelisted method. A server that refuses a
/// header or a method often answers without any CORS header (CorsKit's middleware and jub0bs/cors: 403; Starlette:
/// 400 "Disallowed CORS headers"; rs/cors: 200), which the browser can only report as a missing
/// Access-Control-Allow-Origin.
/// </summary>
public sealed record PreflightRefusal
{
    /// <summary>The preflight's URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>The denied preflight's status.</summary>
    public required int Status { get; init; }

    /// <summary>The start of the denied preflight's body, when it had one.</summary>
    public string? Body { get; init; }

    /// <summary>True when even a preflight for <c>GET</c> without request headers is refused: the origin itself is not
    /// allowed, or OPTIONS never reaches the CORS handler.</summary>
    public bool OriginRefused { get; init; }

    /// <summary>The method the server refuses, or null.</summary>
    public string? RefusedMethod { get; init; }

    /// <summary>The request-header names (lowercase) the server refuses.</summary>
    public IReadOnlyList<string> RefusedHeaders { get; init; } = [];

    /// <summary>The request-header names (lowercase) the accepted probes' Access-Control-Allow-Headers list now.</summary>
    public IReadOnlyList<string> AllowedHeaders { get; init; } = [];

    /// <summary>The methods the accepted probes' Access-Control-Allow-Methods list now.</summary>
    public IReadOnlyList<string> AllowedMethods { get; init; } = [];

    /// <summary>True when the probes named something the server refuses.</summary>
    public bool Pinned => RefusedMethod is not null || RefusedHeaders.Count > 0;
}
