using CorsKit.AspNetCore;
using CorsKit.Gateway.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// CorsKit as the CORS layer of a YARP reverse proxy. A route opts in through its <c>Metadata</c>:
/// <c>"CorsKit": "api"</c> names a CorsKit policy (configured as for the middleware: <c>CorsKit:Policies:api</c> or
/// <see cref="CorsKitOptions.AddPolicy"/>), <c>"CorsKit": "{ \"origins\": [...] }"</c> carries one inline (the policy
/// file format), and <c>"CorsKit": "Disable"</c> turns CORS off on the route while still removing the upstream's
/// <c>Access-Control-*</c> headers. On such a route CorsKit answers preflights (they are never forwarded), removes the
/// upstream's own <c>Access-Control-*</c> headers, keeps its headers on the proxy's own 502/503/504 answers, and honours
/// report-only policies. Routes without the key are left alone.
/// </summary>
/// <example>
/// <code>
/// builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy")).AddCorsKit();
/// var app = builder.Build();
/// app.MapReverseProxy().WithCorsKit();
/// </code>
/// </example>
public static class CorsKitReverseProxyExtensions
{
    /// <summary>The route metadata key CorsKit reads.</summary>
    public const string MetadataKey = "CorsKit";

    /// <summary>The metadata value that turns CorsKit off on a route (YARP's <c>CorsPolicy</c> uses the same word).</summary>
    public const string Disable = "Disable";

    /// <summary>
    /// Adds CorsKit (<see cref="CorsKitServiceCollectionExtensions.AddCorsKit"/>, policies from the <c>CorsKit</c>
    /// configuration section and <paramref name="configure"/>) and the route validation and response transform that
    /// CorsKit routes need. A route that sets both the <c>CorsKit</c> metadata and YARP's <c>CorsPolicy</c> (Microsoft's
    /// CORS middleware) is rejected when the config is loaded: two CORS layers on one response fail in every browser.
    /// </summary>
    public static IReverseProxyBuilder AddCorsKit(this IReverseProxyBuilder builder, Action<CorsKitOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCorsKit(configure);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Yarp.ReverseProxy.Transforms.Builder.ITransformProvider, CorsKitTransformProvider>());
        return builder;
    }

    /// <summary>
    /// Runs CorsKit on every proxy endpoint whose route has <see cref="MetadataKey"/> metadata, as part of that endpoint
    /// (no <c>UseCorsKit()</c> is needed in the app's pipeline for them). Such a route also
    /// accepts preflights when it restricts its methods, as YARP does for routes with a <c>CorsPolicy</c>.
    /// </summary>
    public static ReverseProxyConventionBuilder WithCorsKit(this ReverseProxyConventionBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Add(CorsKitEndpoint.Configure);
        return builder;
    }
}
