using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// The gateway's own forwarding rules on top of YARP's (hop-by-hop fields, X-Forwarded-*, Host, streaming): the upstream
/// receives the exact target the route was chosen on, the fields a client's <c>Connection</c> names are dropped, and the
/// wait for response headers ends when they arrive.
/// </summary>
internal static class GatewayForwardingRules
{
    /// <summary>Where <see cref="GatewayServer"/> keeps the request's response-headers timer.</summary>
    public const string TimerKey = "corskit.gateway.timer";

    public static void Apply(TransformBuilderContext context)
    {
        context.AddRequestTransform(TransformRequest);
        context.AddResponseTransform(HeadersArrived);
    }

    private static ValueTask TransformRequest(RequestTransformContext context)
    {
        var http = context.HttpContext;
        var route = http.GetEndpoint()?.Metadata.GetMetadata<GatewayRouteMetadata>()?.Route;
        if (route is null || http.Items[GatewayRouteSelector.TargetKey] is not GatewayTarget target)
        {
            return default;
        }
        // The target as parsed once (GatewayTarget): still encoded as sent, dot segments removed, after the upstream's
        // own path without its trailing slash. Not Request.Path: YARP re-encodes it (RequestUtilities.EncodePath turns
        // "%2F" into "%252F"), and System.Uri must not normalise it again either (it would turn "\" into "/" and
        // remove dot segments after routing), so its canonicalisation is off: the bytes sent are the bytes routed.
        var path = route.StripPrefix ? target.WithoutPrefix(route.Path) : target.Path;
        var destination = context.DestinationPrefix.TrimEnd('/') + path + target.Query;
        if (!Uri.TryCreate(destination, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }, out var uri))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            http.Items[GatewayServer.ReasonKey] = "the request target cannot be forwarded as a URL.";
            return default;
        }
        context.ProxyRequest.RequestUri = uri;

        var headers = context.ProxyRequest.Headers;
        // Expect is Kestrel's: it answers 100 Continue itself when the body is first read (RFC 9110 §10.1.1).
        headers.ExpectContinue = null;
        headers.Remove(HeaderNames.Expect);
        // RFC 9110 §7.6.1: the fields Connection names are hop-by-hop ("the intermediary MUST remove or replace them").
        // The lines as received (ReceivedHeaders); Upgrade is YARP's to handle for WebSockets.
        foreach (var line in http.Request.Headers.Connection)
        {
            foreach (var name in ReceivedHeaders.Tokens(line ?? ""))
            {
                if (!name.Equals(HeaderNames.Upgrade, StringComparison.OrdinalIgnoreCase))
                {
                    headers.Remove(name);
                    context.ProxyRequest.Content?.Headers.Remove(name);
                }
            }
        }
        return default;
    }

    /// <summary>The response headers arrived: the <c>timeout</c> no longer applies (a long download is not an
    /// upstream failure; the body is timed by YARP's activity timeout, the config's <c>idleTimeout</c>).</summary>
    private static ValueTask HeadersArrived(ResponseTransformContext context)
    {
        if (context.ProxyResponse is not null && context.HttpContext.Items[TimerKey] is CancellationTokenSource timer)
        {
            timer.CancelAfter(Timeout.InfiniteTimeSpan);
        }
        return default;
    }
}
