using CorsKit.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace CorsKit.Gateway.Infrastructure;

/// <summary>
/// The endpoint convention behind <c>WithCorsKit()</c>. YARP runs it each time it builds a route's endpoint (at start
/// and on every config reload), so the endpoint and the policy it carries are replaced together.
/// </summary>
internal static class CorsKitEndpoint
{
    public static void Configure(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<RouteModel>().FirstOrDefault() is not { } route)
        {
            return;
        }
        if (CorsKitRoutes.EndpointMetadata(route.Config) is not { } metadata)
        {
            return;
        }
        endpoint.Metadata.Add(metadata);
        AcceptPreflight(endpoint.Metadata);

        // CorsKit runs inside the proxy endpoint, in front of YARP's pipeline: a preflight is answered there and never
        // forwarded; an actual request gets its headers before forwarding. YARP's endpoint builder carries no
        // application services, so the pipeline is built on the first request, from the request's services.
        var proxy = endpoint.RequestDelegate ?? throw new InvalidOperationException("CorsKit: the proxy endpoint has no request delegate.");
        RequestDelegate? pipeline = null;
        endpoint.RequestDelegate = context => (pipeline ??= Build(context.RequestServices, proxy))(context);
    }

    private static RequestDelegate Build(IServiceProvider services, RequestDelegate proxy)
    {
        // Only singletons are resolved (CorsKit's policy provider, metrics, logger), so the request scope is fine.
        var app = new ApplicationBuilder(services);
        app.UseCorsKit();
        app.Run(context => KeepHeadersOnProxyErrors(context, proxy));
        return app.Build();
    }

    /// <summary>
    /// A route that restricts its methods still has to see the preflight (an <c>OPTIONS</c>), or routing answers 405
    /// and the browser reports a CORS error. YARP does the same for routes with a <c>CorsPolicy</c>
    /// (ProxyEndpointFactory passes <c>acceptCorsPreflight</c>).
    /// </summary>
    private static void AcceptPreflight(IList<object> metadata)
    {
        for (var i = 0; i < metadata.Count; i++)
        {
            if (metadata[i] is HttpMethodMetadata { AcceptCorsPreflight: false } methods)
            {
                metadata[i] = new HttpMethodMetadata(methods.HttpMethods, acceptCorsPreflight: true);
            }
        }
    }

    /// <summary>
    /// Runs the proxy and puts CorsKit's headers back on the proxy's own error answer when YARP cleared them: it calls
    /// <c>Response.Clear()</c> before a 502 when the upstream's response headers could not be copied (HttpForwarder),
    /// and a page must be able to read why its request failed.
    /// </summary>
    private static Task KeepHeadersOnProxyErrors(HttpContext context, RequestDelegate proxy)
    {
        var headers = context.Response.Headers;
        if (headers.Count == 0)
        {
            return proxy(context); // nothing of CorsKit's to keep (no origin, denied, report-only)
        }
        var written = new KeyValuePair<string, StringValues>[headers.Count];
        var i = 0;
        foreach (var header in headers)
        {
            written[i++] = header;
        }
        var task = proxy(context);
        return task.IsCompletedSuccessfully ? Restore(context, written) : Await(task, context, written);

        static async Task Await(Task task, HttpContext context, KeyValuePair<string, StringValues>[] written)
        {
            await task.ConfigureAwait(false);
            await Restore(context, written).ConfigureAwait(false);
        }
    }

    private static Task Restore(HttpContext context, KeyValuePair<string, StringValues>[] written)
    {
        var response = context.Response;
        if (response.HasStarted || context.Features.Get<IForwarderErrorFeature>() is null)
        {
            return Task.CompletedTask;
        }
        foreach (var (name, values) in written)
        {
            if (!response.Headers.ContainsKey(name))
            {
                response.Headers[name] = values;
            }
        }
        return Task.CompletedTask;
    }
}
