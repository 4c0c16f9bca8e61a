using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// Chooses among the gateway's YARP endpoints (each matches every path) the route whose prefix is the longest match
/// of the request's path, as parsed by <see cref="GatewayTarget"/> (the same parse the upstream receives, issue 10
/// item 1), compared ordinally and case-sensitively (RFC 3986 §6.2.2.1 leaves path comparison to the origin server,
/// and the upstreams behind a gateway are usually case-sensitive). The other candidates are invalidated, so a path no
/// route covers has no endpoint and gets the gateway's 404.
/// </summary>
internal sealed class GatewayRouteSelector : MatcherPolicy, IEndpointSelectorPolicy
{
    /// <summary>Where the gateway's first step leaves the parsed target for routing.</summary>
    public const string TargetKey = "corskit.gateway.target";

    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(e => e.Metadata.GetMetadata<GatewayRouteMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var path = (httpContext.Items[TargetKey] as GatewayTarget)?.RoutePath;
        var best = -1;
        var bestLength = -1;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (!candidates.IsValidCandidate(i) || candidates[i].Endpoint.Metadata.GetMetadata<GatewayRouteMetadata>() is not { } route)
            {
                continue;
            }
            var prefix = route.Route.Path;
            if (path is not null && prefix.Length > bestLength && path.StartsWith(prefix, StringComparison.Ordinal))
            {
                best = i;
                bestLength = prefix.Length;
            }
        }
        for (var i = 0; i < candidates.Count; i++)
        {
            if (i != best && candidates[i].Endpoint.Metadata.GetMetadata<GatewayRouteMetadata>() is not null)
            {
                candidates.SetValidity(i, false);
            }
        }
        return Task.CompletedTask;
    }
}
