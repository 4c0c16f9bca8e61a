using CorsKit.Cookies;
using CorsKit.Fetch;

namespace CorsKit.Model;

/// <summary>What kind of request an exchange carried.</summary>
public enum ExchangeKind
{
    /// <summary>The CORS preflight: <c>OPTIONS</c> with <c>Access-Control-Request-Method</c>.</summary>
    Preflight,
    /// <summary>The actual request (including each request that follows a redirect).</summary>
    Actual,
}

/// <summary>A request the browser puts on the wire. The header list is exactly what the browser sends for CORS
/// purposes (Origin, Access-Control-Request-*, the script's surviving headers); headers a browser adds on its own that
/// do not affect CORS (User-Agent, Sec-Fetch-*, Accept-Encoding) are not modelled.</summary>
public sealed record OutgoingRequest
{
    /// <summary>The method sent (<c>OPTIONS</c> for a preflight).</summary>
    public required string Method { get; init; }

    /// <summary>The URL requested.</summary>
    public required Uri Url { get; init; }

    /// <summary>The header lines sent, in order.</summary>
    public required IReadOnlyList<HttpHeader> Headers { get; init; }

    /// <summary>The body sent, if any.</summary>
    public string? Body { get; init; }

    /// <summary>True when the browser would attach cookies and HTTP auth to this request.</summary>
    public bool IncludeCredentials { get; init; }
}

/// <summary>A response as received: the status and every header line, in order, duplicates kept.</summary>
public sealed record IncomingResponse
{
    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>The header lines, in order, names as sent.</summary>
    public required IReadOnlyList<HttpHeader> Headers { get; init; }

    /// <summary>The start of the body, when the transport read one (a denied preflight's, which often says what the
    /// server refused); null otherwise. The CORS algorithm never reads it.</summary>
    public string? Body { get; init; }
}

/// <summary>One request and its response (null when the transport failed).</summary>
public sealed record Exchange(ExchangeKind Kind, OutgoingRequest Request, IncomingResponse? Response)
{
    /// <summary>The request as it went on the wire, when the caller completed it (the <c>onWire</c> hook of
    /// <see cref="BrowserModel.RunAsync(CorsRequest, CorsTransport, Func{OutgoingRequest, OutgoingRequest}, CancellationToken)"/>);
    /// null when <see cref="Request"/> went as it is.</summary>
    public OutgoingRequest? Wire { get; init; }

    /// <summary>Which cookies went with this request and why each other one did not; null for a preflight, or when the
    /// model has no <see cref="BrowserModel.Cookies"/> store.</summary>
    public CookieAttachment? Cookies { get; init; }

    /// <summary>What the browser did with each <c>Set-Cookie</c> of the response (empty without a cookie store).</summary>
    public IReadOnlyList<SetCookieOutcome> SetCookies { get; init; } = [];
}

/// <summary>
/// Sends one request on the wire and returns the response without following redirects. The model calls it for the
/// preflight, the actual request and each redirect hop. A transport failure (refused, DNS, TLS, timeout) is reported by
/// throwing <see cref="TransportException"/>.
/// </summary>
public delegate Task<IncomingResponse> CorsTransport(OutgoingRequest request, CancellationToken cancellationToken);

/// <summary>Thrown by a <see cref="CorsTransport"/> when the request could not complete at the network level.</summary>
public sealed class TransportException(string kind, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A short name for the failure: <c>refused</c>, <c>dns</c>, <c>tls</c>, <c>timeout</c>, <c>reset</c>.</summary>
    public string Kind { get; } = kind;

    /// <summary>Chromium's net error for <see cref="Kind"/> (net/base/net_error_list.h): <c>net::ERR_CONNECTION_REFUSED</c>,
    /// <c>net::ERR_NAME_NOT_RESOLVED</c>, <c>net::ERR_SSL_PROTOCOL_ERROR</c>, <c>net::ERR_TIMED_OUT</c>,
    /// <c>net::ERR_CONNECTION_RESET</c>, else <c>net::ERR_FAILED</c>.</summary>
    public string ChromiumNetError => Kind switch
    {
        "refused" => "net::ERR_CONNECTION_REFUSED",
        "dns" => "net::ERR_NAME_NOT_RESOLVED",
        "tls" => "net::ERR_SSL_PROTOCOL_ERROR",
        "timeout" => "net::ERR_TIMED_OUT",
        "reset" => "net::ERR_CONNECTION_RESET",
        _ => "net::ERR_FAILED",
    };
}
