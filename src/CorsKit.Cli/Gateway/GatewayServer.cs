using System.Diagnostics;
using CorsKit.AspNetCore;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// A running gateway: Kestrel on the configured address, a route selector that gives each request an endpoint whose
/// metadata names the route's CorsKit policy (or disables CorsKit), the CorsKit middleware, and the forwarder. The
/// same server runs <c>corskit proxy</c> (one route, <c>/</c>) and <c>corskit gateway</c>.
/// </summary>
internal sealed class GatewayServer : IAsyncDisposable
{
    private const string RouteKey = "corskit.gateway.route";

    private readonly WebApplication _app;
    private readonly Forwarder _forwarder;

    private GatewayServer(WebApplication app, Forwarder forwarder, Uri address)
    {
        _app = app;
        _forwarder = forwarder;
        Address = address;
    }

    /// <summary>The bound address, <c>http://127.0.0.1:PORT</c> (the real port when the config asked for port 0).</summary>
    public Uri Address { get; }

    /// <summary>Starts the server. Each request is logged as one line to <paramref name="log"/> (null: not logged).</summary>
    public static async Task<GatewayServer> StartAsync(GatewayConfig config, TextWriter? log, TimeSpan? upstreamTimeout = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(config.Listen);
            k.AddServerHeader = false;
            // The body is streamed to the upstream, never held here; the upstream applies its own limit.
            k.Limits.MaxRequestBodySize = null;
        });
        builder.Services.AddCorsKit(options =>
        {
            foreach (var policy in config.Policies.Values)
            {
                options.AddPolicy(policy.Name, policy.Options);
            }
        });

        var app = builder.Build();
        var forwarder = new Forwarder(upstreamTimeout ?? TimeSpan.FromSeconds(100));
        var endpoints = config.Routes.ToDictionary(r => r, r => new Endpoint(null,
            r.Policy is null ? new EndpointMetadataCollection(new DisableCorsKitAttribute()) : new EndpointMetadataCollection(new CorsKitAttribute(r.Policy)),
            "gateway " + r.Path));
        var writer = log is null ? null : TextWriter.Synchronized(log);

        if (writer is not null)
        {
            app.Use(async (context, next) =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await next(context).ConfigureAwait(false);
                }
                finally
                {
                    writer.WriteLine(LogLine(context, config, Stopwatch.GetElapsedTime(started)));
                }
            });
        }
        // Route selection before CorsKit: the endpoint's metadata tells the middleware which policy applies, exactly
        // as RequireCorsKit/DisableCorsKit would on a mapped endpoint (and as YARP's ProxyEndpointFactory does with
        // EnableCors/DisableCors per route).
        app.Use((context, next) =>
        {
            var route = config.Match(context.Request.Path.Value ?? "/");
            if (route is not null)
            {
                context.Items[RouteKey] = route;
                context.SetEndpoint(endpoints[route]);
            }
            return next(context);
        });
        app.UseCorsKit();
        // Preflights for a route with a policy were answered above and never get here (an upstream that answers 405
        // to OPTIONS still works). Everything else is forwarded.
        app.Run(context => context.Items[RouteKey] is GatewayRoute route
            ? forwarder.ForwardAsync(context, route.To)
            : NotFound(context));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            forwarder.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayServer(app, forwarder, new Uri(bound));
    }

    private static Task NotFound(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("corskit: no route matches this path.\n", context.RequestAborted);
    }

    /// <summary>One line per request: method, path, Origin, CORS verdict, status, milliseconds.</summary>
    private static string LogLine(HttpContext context, GatewayConfig config, TimeSpan elapsed)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var status = context.Response.StatusCode;
        var route = context.Items[RouteKey] as GatewayRoute;
        string verdict;
        if (route is null)
        {
            verdict = "no-route";
        }
        else if (route.Policy is null)
        {
            verdict = "cors-off";
        }
        else if (origin.Length == 0)
        {
            verdict = "no-origin";
        }
        else if (HttpMethods.IsOptions(request.Method) && request.Headers.AccessControlRequestMethod.Count != 0)
        {
            verdict = status is >= 200 and < 300 ? "preflight-allowed" : "preflight-denied";
        }
        else
        {
            verdict = config.Policies.TryGetValue(route.Policy, out var policy) && policy.Compiled.IsOriginAllowed(origin) ? "allowed" : "denied";
        }
        // The target as sent (still percent-encoded): a decoded path could put a line break ("%0A") into the log.
        var path = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw ? raw : request.Path.Value + request.QueryString.Value;
        return $"{request.Method} {path} origin={(origin.Length == 0 ? "-" : origin)} cors={verdict} {status} {elapsed.TotalMilliseconds:0}ms";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _forwarder.Dispose();
    }
}
