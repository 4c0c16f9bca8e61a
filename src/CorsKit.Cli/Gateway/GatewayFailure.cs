using System.Net.Sockets;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// Why YARP could not forward a request, as a status and the end of a sentence, read from its
/// <see cref="IForwarderErrorFeature"/> (the error and the exception behind it). YARP has already chosen the status
/// (HttpForwarder.HandleRequestFailureAsync: 502 unreachable, 504 timed out, 400/408 for a failed upload, 503 without
/// a destination); the reason is what the client's body and the log line say. "Could not be reached" is kept for
/// connection failures: an upstream that answered badly says so.
/// </summary>
internal sealed record GatewayFailure(int Status, string Reason)
{
    public static GatewayFailure? Describe(HttpContext context, TimeSpan connectTimeout)
    {
        if (context.Features.Get<IForwarderErrorFeature>() is not { } error)
        {
            return null;
        }
        var status = context.Response.StatusCode;
        var exception = error.Exception;
        if (Find<UpstreamResponseException>(exception) is { } unforwardable)
        {
            return new(StatusCodes.Status502BadGateway, $"the upstream {Upstream(context)} {unforwardable.Message}");
        }
        if (Find<BadHttpRequestException>(exception) is { } client)
        {
            // The request body failed on the client's side (broken chunked framing, a stalled upload that Kestrel's
            // minimum data rate ended): Kestrel's status, 400 or 408, never a 502 (YARP HandleRequestBodyFailure).
            return new(client.StatusCode, $"the request body could not be read ({client.Message.TrimEnd('.')}).");
        }
        return error.Error switch
        {
            ForwarderError.NoAvailableDestinations => new(StatusCodes.Status503ServiceUnavailable, "no destination of this route is available."),
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException
            // (ConnectHelper.CreateConnectTimeoutException). 504, as nginx answers for proxy_connect_timeout.
            ForwarderError.RequestTimedOut when Find<TimeoutException>(exception) is not null =>
                new(StatusCodes.Status504GatewayTimeout, $"the upstream {Upstream(context)} accepted no connection within {GatewayTimeouts.Format(connectTimeout)} s."),
            ForwarderError.RequestTimedOut => new(StatusCodes.Status504GatewayTimeout, $"the upstream {Upstream(context)} sent nothing within the idle timeout."),
            ForwarderError.Request or ForwarderError.RequestCreation when Find<HttpRequestException>(exception) is { } http =>
                new(StatusCodes.Status502BadGateway, $"the upstream {Upstream(context)} {Failure(http)}"),
            ForwarderError.ResponseHeaders =>
                new(StatusCodes.Status502BadGateway, $"the upstream {Upstream(context)} sent a response header this server cannot forward; it is not forwarded."),
            // The client went away: nobody reads an answer.
            ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled => null,
            // After the response started (a body or upgrade failure) the connection was aborted; only the log reads this.
            _ => new(status, $"forwarding failed ({error.Error}{(exception is null ? "" : ": " + exception.Message.TrimEnd('.'))})."),
        };
    }

    /// <summary>The destination the request went to, as <c>scheme://host:port</c>.</summary>
    public static string Upstream(HttpContext context) =>
        context.GetReverseProxyFeature()?.ProxiedDestination?.Model.Config.Address is { } address && Uri.TryCreate(address, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : "upstream";

    /// <summary>What went wrong with the upstream, as the end of a sentence.</summary>
    private static string Failure(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.InvalidResponse => "sent an answer that is not a valid HTTP response.",
        HttpRequestError.ResponseEnded => "closed the connection before sending a complete response.",
        HttpRequestError.SecureConnectionError =>
            "refused the TLS handshake or presented a certificate this machine does not trust (for a self-signed upstream you trust, set dangerouslyAcceptAnyServerCertificate on the route).",
        _ => $"could not be reached: {Unreachable(ex)}.",
    };

    /// <summary>Why the connection failed, in words (issue 12 item 8: no enum names such as <c>ConnectionRefused</c>).</summary>
    private static string Unreachable(HttpRequestException ex) => ex.InnerException switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "connection refused (is it running?)",
        SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => "its host name could not be resolved",
        SocketException { SocketErrorCode: SocketError.TimedOut } => "the connection timed out",
        SocketException { SocketErrorCode: SocketError.NetworkUnreachable or SocketError.HostUnreachable } => "no route to it",
        SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted } => "the connection was reset",
        // The operating system's own sentence ("Permission denied", …), never the enum's name.
        SocketException socket => socket.Message.TrimEnd('.'),
        _ => ex.Message.TrimEnd('.'),
    };

    private static T? Find<T>(Exception? exception) where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    if (Find<T>(inner) is { } nested)
                    {
                        return nested;
                    }
                }
            }
        }
        return null;
    }
}
