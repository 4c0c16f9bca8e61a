using System.Diagnostics;
using System.Text;
using CorsKit.AspNetCore;
using CorsKit.Cli.Output;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// A running gateway: Kestrel on the configured address, a route selector that gives each request an endpoint whose
/// metadata names the route's CorsKit policy (or disables CorsKit), the CorsKit middleware, and the forwarder. The
/// same server runs <c>corskit proxy</c> (one route, <c>/</c>) and <c>corskit gateway</c>.
/// </summary>
internal sealed class GatewayServer : IAsyncDisposable
{
    private const string GenerationKey = "corskit.gateway.generation";
    private const string RouteKey = "corskit.gateway.route";
    private const string TargetKey = "corskit.gateway.target";

    private readonly WebApplication _app;
    private readonly Forwarder _forwarder;
    private readonly GatewayGenerations _generations;

    private GatewayServer(WebApplication app, Forwarder forwarder, GatewayGenerations generations, Uri address)
    {
        _app = app;
        _forwarder = forwarder;
        _generations = generations;
        Address = address;
    }

    /// <summary>The bound address, <c>http://127.0.0.1:PORT</c> (the real port when the config asked for port 0).</summary>
    public Uri Address { get; }

    /// <summary>The config new requests are served with.</summary>
    public GatewayConfig Config => _generations.Current.Config;

    /// <summary>Starts the server. Each request is logged as one line to <paramref name="log"/> (null: not logged).</summary>
    public static async Task<GatewayServer> StartAsync(GatewayConfig config, TextWriter? log, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(config.Listen);
            k.AddServerHeader = false;
            // Clients cannot hold descriptors without end (issue 10 item 18; GatewayLimits). Over the cap, Kestrel
            // closes a new connection at once, so the descriptors upstream connections need are never used up.
            k.Limits.MaxConcurrentConnections = config.Limits.MaxConnections;
            k.Limits.KeepAliveTimeout = config.Limits.KeepAlive;
            k.Limits.RequestHeadersTimeout = config.Limits.RequestHeaders;
            // The body is streamed to the upstream, never held here; the upstream applies its own limit.
            k.Limits.MaxRequestBodySize = null;
            // Header bytes pass through as received, both ways (Latin-1: one char per byte; ReceivedHeaders).
            k.RequestHeaderEncodingSelector = ReceivedHeaders.Select;
            k.ResponseHeaderEncodingSelector = _ => Encoding.Latin1;
        });
        var generations = new GatewayGenerations(config);
        // The request log's cors= field reads the middleware's decision (ICorsKitDecisionFeature).
        builder.Services.AddCorsKit(o => o.PublishDecision = true);
        generations.Register(builder.Services);

        var app = builder.Build();
        var forwarder = new Forwarder(config.Timeouts.Connect);
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
                    writer.WriteLine(LogLine(context, Stopwatch.GetElapsedTime(started)));
                }
            });
        }
        // Route selection before CorsKit: the endpoint's metadata tells the middleware which policy applies, exactly
        // as RequireCorsKit/DisableCorsKit would on a mapped endpoint (and as YARP's ProxyEndpointFactory does with
        // EnableCors/DisableCors per route). The generation is read once: the request keeps it to the end, whatever
        // a reload does meanwhile.
        // The route is chosen on the path parsed from the raw target, the same parse the forwarder sends (issue 10
        // item 1), never on Kestrel's Request.Path: a path that is routed one way and forwarded another would let
        // "\" or an encoded "/" step out of a route's prefix.
        app.Use((context, next) =>
        {
            // First, while still on the thread that parsed the request: the Connection lines as received.
            if (context.Request.Headers.Connection is { Count: > 0 } connection)
            {
                context.Request.Headers.Connection = ReceivedHeaders.TakeConnection(connection);
            }
            var generation = generations.Current;
            context.Items[GenerationKey] = generation;
            if (!GatewayTarget.TryParse(RawTarget(context), out var target, out var problem))
            {
                return Refuse(context, StatusCodes.Status400BadRequest, problem);
            }
            context.Items[TargetKey] = target;
            var route = generation.Config.Match(target.RoutePath);
            if (route is not null)
            {
                context.Items[RouteKey] = route;
                context.SetEndpoint(generation.Endpoints[route]);
            }
            return next(context);
        });
        app.UseCorsKit();
        // Preflights for a route with a policy were answered above and never get here (an upstream that answers 405
        // to OPTIONS still works). Everything else is forwarded.
        app.Run(context => context.Items[RouteKey] is GatewayRoute route
            ? forwarder.ForwardAsync(context, route, (GatewayTarget)context.Items[TargetKey]!, ((GatewayGeneration)context.Items[GenerationKey]!).Config.Timeouts)
            : Refuse(context, StatusCodes.Status404NotFound, "no route matches this path."));

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
        return new GatewayServer(app, forwarder, generations, new Uri(bound));
    }

    /// <summary>
    /// Serves <paramref name="config"/> from the next request on: routes, upstreams, policies and the response timeout
    /// change at once; requests already running finish on the config they started with. Returns the settings that
    /// cannot change while running (<c>listen</c>, <c>connectTimeout</c>, the connection limits), which keep their old values.
    /// </summary>
    public IReadOnlyList<RestartSetting> Reload(GatewayConfig config)
    {
        var running = Config;
        var notApplied = new List<RestartSetting>();
        if (!config.Listen.Equals(running.Listen))
        {
            notApplied.Add(RestartSetting.Listen);
        }
        if (config.Timeouts.Connect != running.Timeouts.Connect)
        {
            notApplied.Add(RestartSetting.ConnectTimeout);
        }
        if (config.Limits != running.Limits)
        {
            notApplied.Add(RestartSetting.Limits);
        }
        _generations.Publish(config with { Listen = running.Listen, Timeouts = config.Timeouts with { Connect = running.Timeouts.Connect }, Limits = running.Limits });
        return notApplied;
    }

    /// <summary>The request target exactly as received (RFC 9112 §3.2); rebuilt from the parsed path only when the
    /// server gives none (a test host).</summary>
    private static string RawTarget(HttpContext context) =>
        context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : context.Request.PathBase.Add(context.Request.Path).ToUriComponent() + context.Request.QueryString.ToUriComponent();

    /// <summary>Answers the request here with a one-line <c>text/plain</c> reason (a refused target, no route).</summary>
    private static Task Refuse(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("corskit: " + reason + "\n", context.RequestAborted);
    }

    /// <summary>One line per request: method, path, Origin, CORS verdict, status, milliseconds.</summary>
    private static string LogLine(HttpContext context, TimeSpan elapsed)
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
        else
        {
            // The middleware's own decision (ICorsKitDecisionFeature), not a second guess from the status: an allowed
            // origin's method or header denial is answered 204 and is still a denial.
            verdict = context.Features.Get<ICorsKitDecisionFeature>()?.Outcome switch
            {
                CorsKitOutcome.NoOrigin => "no-origin",
                CorsKitOutcome.Allowed => "allowed",
                CorsKitOutcome.Denied => "denied",
                CorsKitOutcome.PreflightAllowed => "preflight-allowed",
                CorsKitOutcome.PreflightDenied => "preflight-denied",
                _ => "cors-off",
            };
        }
        // The target as sent (still percent-encoded): a decoded path could put a line break ("%0A") into the log.
        var path = RawTarget(context);
        // Every request-derived value goes through the one terminal-safe escape (ESC, BEL, bidi controls in an Origin).
        return $"{TerminalText.Escape(request.Method)} {TerminalText.Escape(path)} origin={(origin.Length == 0 ? "-" : TerminalText.Escape(origin))} cors={verdict} {status} {elapsed.TotalMilliseconds:0}ms";
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _forwarder.Dispose();
    }
}

/// <summary>One loaded config with its endpoints; its policies are registered with CorsKit under
/// <see cref="PolicyName"/>, so two generations' policies of the same name never meet.</summary>
internal sealed class GatewayGeneration
{
    public GatewayGeneration(int number, GatewayConfig config)
    {
        Number = number;
        Config = config;
        Endpoints = config.Routes.ToDictionary(r => r, r => new Endpoint(null,
            r.Policy is null ? new EndpointMetadataCollection(new DisableCorsKitAttribute()) : new EndpointMetadataCollection(new CorsKitAttribute(PolicyName(r.Policy))),
            "gateway " + r.Path));
    }

    public int Number { get; }

    public GatewayConfig Config { get; }

    public IReadOnlyDictionary<GatewayRoute, Endpoint> Endpoints { get; }

    /// <summary>The name under which CorsKit knows this generation's policy <paramref name="name"/>.</summary>
    public string PolicyName(string name) => $"{Number}/{name}";
}

/// <summary>
/// The live config and CorsKit's view of it. CorsKit compiles its policies from <c>IOptionsMonitor&lt;CorsKitOptions&gt;</c>
/// (CorsKitPolicyProvider recompiles on every change token and swaps its snapshot atomically), so this class is both
/// the options' configuration and their change-token source, as a configuration provider would be; CorsKit itself is
/// used unchanged. A reload first registers the new generation's policies next to the current ones (the change token
/// fires synchronously, so CorsKit has compiled them when <see cref="Publish"/> continues), then makes the new
/// generation current. A request that chose its route just before the swap still finds its policy: the previous
/// generation's policies are dropped only at the reload after.
/// </summary>
internal sealed class GatewayGenerations : IConfigureOptions<CorsKitOptions>, IOptionsChangeTokenSource<CorsKitOptions>
{
    private readonly Lock _gate = new();
    private volatile GatewayGeneration _current;
    private volatile GatewayGeneration[] _registered;
    private CancellationTokenSource _changed = new();

    public GatewayGenerations(GatewayConfig config)
    {
        _current = new GatewayGeneration(0, config);
        _registered = [_current];
    }

    public GatewayGeneration Current => _current;

    string? IOptionsChangeTokenSource<CorsKitOptions>.Name => Options.DefaultName;

    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IConfigureOptions<CorsKitOptions>>(this);
        services.AddSingleton<IOptionsChangeTokenSource<CorsKitOptions>>(this);
    }

    public void Configure(CorsKitOptions options)
    {
        foreach (var generation in _registered)
        {
            foreach (var policy in generation.Config.Policies.Values)
            {
                options.AddPolicy(generation.PolicyName(policy.Name), policy.Options);
            }
        }
    }

    IChangeToken IOptionsChangeTokenSource<CorsKitOptions>.GetChangeToken() => new CancellationChangeToken(_changed.Token);

    public void Publish(GatewayConfig config)
    {
        lock (_gate)
        {
            var next = new GatewayGeneration(_current.Number + 1, config);
            _registered = [_current, next];
            // A fresh token first: ChangeToken.OnChange asks for the next token when the old one fires.
            var fired = _changed;
            _changed = new CancellationTokenSource();
            fired.Cancel();
            _current = next;
        }
    }
}
