using CorsKit.AspNetCore;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace CorsKit.Gateway.Infrastructure;

/// <summary>
/// Checks each route's CorsKit metadata when YARP loads a config (at start-up a bad route stops the app with every
/// error; on reload YARP keeps the running config), and gives CorsKit routes the response transform that removes the
/// upstream's own CORS headers.
/// </summary>
internal sealed class CorsKitTransformProvider(IOptionsMonitor<CorsKitOptions> options) : ITransformProvider
{
    public void ValidateRoute(TransformRouteValidationContext context)
    {
        foreach (var problem in CorsKitRoutes.Problems(context.Route, options.CurrentValue))
        {
            context.Errors.Add(new InvalidOperationException(problem));
        }
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        if (context.Route is { } route && CorsKitRoutes.KindOf(route, out _) != CorsKitRouteKind.None)
        {
            context.AddResponseTransform(UpstreamCorsHeaders.Remove);
        }
    }
}
