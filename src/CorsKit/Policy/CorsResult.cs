namespace CorsKit.Policy;

/// <summary>What kind of request a policy evaluated (Fetch §3.2 "CORS protocol").</summary>
public enum CorsRequestKind
{
    /// <summary>No <c>Origin</c> header: not a CORS request.</summary>
    NotCors,
    /// <summary>A request with an <c>Origin</c> that is not a preflight.</summary>
    Actual,
    /// <summary><c>OPTIONS</c> with <c>Origin</c> and <c>Access-Control-Request-Method</c>.</summary>
    Preflight,
}

/// <summary>Why a policy denied a request.</summary>
public enum CorsRejection
{
    /// <summary>Not denied.</summary>
    None,
    /// <summary>The origin is not allowed.</summary>
    OriginNotAllowed,
    /// <summary>The preflight asked for a method the policy does not allow (or not a valid method).</summary>
    MethodNotAllowed,
    /// <summary>The preflight asked for a request header the policy does not allow.</summary>
    HeaderNotAllowed,
    /// <summary><c>Access-Control-Request-Headers</c> is not a list of header names.</summary>
    MalformedRequestHeaders,
    /// <summary><c>Access-Control-Request-Headers</c> exceeds the size limits (too long, too many names or lines).</summary>
    RequestHeadersTooLarge,
    /// <summary>The preflight asked for private network access and the policy does not allow it.</summary>
    PrivateNetworkNotAllowed,
}

/// <summary>
/// The decision of a <see cref="CorsPolicy"/> for one request, and the CORS response headers it calls for. All header
/// values are precomputed by the policy or taken from the request, so producing a result allocates nothing.
/// </summary>
public readonly struct CorsResult
{
    internal CorsResult(CorsRequestKind kind, CorsRejection rejection, string? allowOrigin, bool allowCredentials,
        string? allowMethods, bool echoRequestHeaders, string? exposeHeaders, string? maxAge, bool allowPrivateNetwork,
        string? vary, string? rejectedValue, string? allowHeaders = null)
    {
        Kind = kind;
        Rejection = rejection;
        AllowOrigin = allowOrigin;
        AllowCredentials = allowCredentials;
        AllowMethods = allowMethods;
        EchoRequestHeaders = echoRequestHeaders;
        ExposeHeaders = exposeHeaders;
        MaxAge = maxAge;
        AllowPrivateNetwork = allowPrivateNetwork;
        Vary = vary;
        RejectedValue = rejectedValue;
        AllowHeaders = allowHeaders;
    }

    /// <summary>The kind of request.</summary>
    public CorsRequestKind Kind { get; }

    /// <summary>Why the request was denied, or <see cref="CorsRejection.None"/>.</summary>
    public CorsRejection Rejection { get; }

    /// <summary>True when the request was denied.</summary>
    public bool IsDenied => Rejection != CorsRejection.None;

    /// <summary>Value of <c>Access-Control-Allow-Origin</c> to send (the request's origin or <c>*</c>), or null.</summary>
    public string? AllowOrigin { get; }

    /// <summary>Send <c>Access-Control-Allow-Credentials: true</c>.</summary>
    public bool AllowCredentials { get; }

    /// <summary>Value of <c>Access-Control-Allow-Methods</c>: the validated requested method, or on an
    /// <see cref="IsExplainedDenial"/> the policy's own method list; null otherwise.</summary>
    public string? AllowMethods { get; }

    /// <summary>Send <c>Access-Control-Allow-Headers</c> with the request's <c>Access-Control-Request-Headers</c>
    /// value(s), which the policy has validated name by name.</summary>
    public bool EchoRequestHeaders { get; }

    /// <summary>On an <see cref="IsExplainedDenial"/>, the value of <c>Access-Control-Allow-Headers</c>: the policy's
    /// own request-header list (never <c>*</c>, never the denied name); null otherwise.</summary>
    public string? AllowHeaders { get; }

    /// <summary>
    /// A preflight from an allowed origin denied for its method or a request header. It is answered with a 2xx,
    /// <see cref="AllowOrigin"/> (and credentials as the policy says) and the policy's own lists in
    /// <see cref="AllowMethods"/> and <see cref="AllowHeaders"/>, so the browser's own check (Fetch §4.8
    /// "CORS-preflight fetch", steps 7.5–7.7) fails on the same method or header and names it, instead of reporting a
    /// missing <c>Access-Control-Allow-Origin</c>. Every value sent is one the policy grants this origin.
    /// </summary>
    public bool IsExplainedDenial => IsDenied && AllowOrigin is not null;

    /// <summary>Value of <c>Access-Control-Expose-Headers</c>, or null.</summary>
    public string? ExposeHeaders { get; }

    /// <summary>Value of <c>Access-Control-Max-Age</c>, or null.</summary>
    public string? MaxAge { get; }

    /// <summary>Send <c>Access-Control-Allow-Private-Network: true</c>.</summary>
    public bool AllowPrivateNetwork { get; }

    /// <summary>The <c>Vary</c> field names this response must carry (merged with any existing <c>Vary</c>), or null.</summary>
    public string? Vary { get; }

    /// <summary>On a denial, the offending value (origin, method or header name) for diagnostics; null otherwise.</summary>
    public string? RejectedValue { get; }

    /// <summary>One sentence saying which check failed, for logs and debug responses.</summary>
    public string Describe() => Rejection == CorsRejection.None
        ? Kind == CorsRequestKind.NotCors ? "not a CORS request (no Origin header)" : "allowed"
        : Describe(Rejection, RejectedValue);

    /// <summary>One sentence saying which check failed, from the rejection and the offending value (origin, method or
    /// header name); the one wording of every denial, read by <see cref="Describe()"/> and by whatever logs a decision
    /// it did not evaluate itself (the gateway's request log reads the middleware's decision feature).</summary>
    public static string Describe(CorsRejection rejection, string? rejectedValue) => rejection switch
    {
        CorsRejection.None => "allowed",
        CorsRejection.OriginNotAllowed => $"origin '{rejectedValue}' is not allowed by the policy",
        CorsRejection.MethodNotAllowed => $"method '{rejectedValue}' (Access-Control-Request-Method) is not allowed by the policy",
        CorsRejection.HeaderNotAllowed => $"request header '{rejectedValue}' (Access-Control-Request-Headers) is not allowed by the policy",
        CorsRejection.MalformedRequestHeaders => $"Access-Control-Request-Headers has an element that is not a header name: '{rejectedValue}'",
        CorsRejection.RequestHeadersTooLarge => "Access-Control-Request-Headers is too large (length, names or lines over the limits)",
        CorsRejection.PrivateNetworkNotAllowed => "private network access (Access-Control-Request-Private-Network) is not allowed by the policy",
        _ => rejection.ToString(),
    };
}
