using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using CorsKit.AspNetCore;
using CorsKit.Cli.Output;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// A running gateway: Kestrel on the configured address and YARP with CorsKit (CorsKit.Gateway) on every route. The
/// same server runs <c>corskit proxy</c> (one route, <c>/</c>) and <c>corskit gateway</c>. The CLI adds what is its
/// own: the route choice on the raw target (<see cref="GatewayTarget"/>, <see cref="GatewayRouteSelector"/>), the
/// response-headers timeout, a one-line reason in the body of every answer the gateway makes itself, and the log line.
/// </summary>
internal sealed class GatewayServer : IAsyncDisposable
{
    /// <summary>Where a step that refuses or fails a request leaves the one-line reason for the body and the log.</summary>
    public const string ReasonKey = "corskit.gateway.reason";

    private readonly WebApplication _app;
    private readonly GatewayProxyConfig _proxyConfig;

    private GatewayServer(WebApplication app, GatewayProxyConfig proxyConfig, Uri address)
    {
        _app = app;
        _proxyConfig = proxyConfig;
        Address = address;
    }

    /// <summary>The bound address, <c>http://127.0.0.1:PORT</c> (the real port when the config asked for port 0).</summary>
    public Uri Address { get; }

    /// <summary>The config new requests are served with.</summary>
    public GatewayConfig Config => _proxyConfig.Config;

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
        var proxyConfig = new GatewayProxyConfig(config);
        var connectTimeout = config.Timeouts.Connect;
        builder.Services.AddSingleton<IForwarderHttpClientFactory>(new GatewayHttpClientFactory(connectTimeout));
        builder.Services.AddSingleton<IProxyConfigProvider>(proxyConfig);
        builder.Services.AddSingleton<MatcherPolicy, GatewayRouteSelector>();
        // The request log's cors= field and its reason read the middleware's decision (ICorsKitDecisionFeature).
        builder.Services.AddReverseProxy().AddCorsKit(o => o.PublishDecision = true).AddTransforms(GatewayForwardingRules.Apply);

        var app = builder.Build();
        var writer = log is null ? null : TextWriter.Synchronized(log);
        app.Use((context, next) => Outermost(context, next, writer, connectTimeout));
        // Before routing: the route is chosen on the path parsed from the raw target, the same parse that is forwarded
        // (issue 10 item 1), never on Kestrel's Request.Path alone: a path routed one way and forwarded another would
        // let "\" or an encoded "/" step out of a route's prefix.
        app.Use((context, next) =>
        {
            // First, while still on the thread that parsed the request: the Connection lines as received.
            if (context.Request.Headers.Connection is { Count: > 0 } connection)
            {
                context.Request.Headers.Connection = ReceivedHeaders.TakeConnection(connection);
            }
            if (!GatewayTarget.TryParse(RawTarget(context), out var target, out var problem))
            {
                return Refuse(context, StatusCodes.Status400BadRequest, problem);
            }
            context.Items[GatewayRouteSelector.TargetKey] = target;
            return next(context);
        });
        app.UseRouting();
        app.Use((context, next) => context.GetEndpoint()?.Metadata.GetMetadata<GatewayRouteMetadata>() is { } route
            ? WithResponseTimeout(context, next, route.Config.Timeouts.Response)
            : next(context));
        app.MapReverseProxy().WithCorsKit().Add(endpoint =>
        {
            // Each YARP endpoint carries its gateway route and config (the generation it was built from).
            if (endpoint.Metadata.OfType<RouteModel>().FirstOrDefault() is { } model && proxyConfig.Find(model.Config.RouteId) is { } route)
            {
                endpoint.Metadata.Add(route);
            }
        });
        app.UseEndpoints(_ => { });
        app.Run(context => Refuse(context, StatusCodes.Status404NotFound, "no route matches this path."));

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayServer(app, proxyConfig, new Uri(bound));
    }

    /// <summary>
    /// Serves <paramref name="config"/> from the next request on: routes, upstreams, policies and the timeouts change
    /// at once (YARP swaps its endpoints); requests already running finish on the config they started with. Returns
    /// the settings that cannot change while running (<c>listen</c>, <c>connectTimeout</c>, the connection limits),
    /// which keep their old values.
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
        _proxyConfig.Publish(config with { Listen = running.Listen, Timeouts = config.Timeouts with { Connect = running.Timeouts.Connect }, Limits = running.Limits });
        return notApplied;
    }

    /// <summary>
    /// Around everything: after the request, an answer the gateway made itself (a proxy error, a refused target) gets
    /// its one-line reason as a <c>text/plain</c> body when nothing was written yet, and the request is logged.
    /// </summary>
    private static async Task Outermost(HttpContext context, RequestDelegate next, TextWriter? log, TimeSpan connectTimeout)
    {
        var started = Stopwatch.GetTimestamp();
        string? reason = null;
        try
        {
            await next(context).ConfigureAwait(false);
            // A step that answered itself (a refused target, no route, a timeout) wrote its reason already.
            reason = context.Items[ReasonKey] as string;
            if (reason is null && GatewayFailure.Describe(context, connectTimeout) is { } failure)
            {
                reason = failure.Reason;
                if (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
                {
                    context.Response.StatusCode = failure.Status;
                    await Write(context, reason).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // "no-route" says it all; every other answer the gateway made itself says why.
            log?.WriteLine(LogLine(context, Stopwatch.GetElapsedTime(started), context.GetEndpoint() is null && context.Response.StatusCode == 404 ? null : reason));
        }
    }

    /// <summary>
    /// The wait for the upstream's response headers (<c>timeout</c>): YARP links its upstream request to
    /// <c>RequestAborted</c>, so a token that also fires after the timeout ends the wait; the forwarding rules stop it
    /// when the headers arrive (<see cref="GatewayForwardingRules"/>). 504, as nginx answers for <c>proxy_read_timeout</c>.
    /// </summary>
    private static async Task WithResponseTimeout(HttpContext context, RequestDelegate next, TimeSpan timeout)
    {
        var aborted = context.RequestAborted;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timer.CancelAfter(timeout);
        context.RequestAborted = timer.Token;
        context.Items[GatewayForwardingRules.TimerKey] = timer;
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            context.RequestAborted = aborted;
            context.Items.Remove(GatewayForwardingRules.TimerKey);
        }
        if (timer.IsCancellationRequested && !aborted.IsCancellationRequested && context.Features.Get<IForwarderErrorFeature>() is not null
            && !context.Response.HasStarted)
        {
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
            context.Items[ReasonKey] = $"the upstream {GatewayFailure.Upstream(context)} sent no response within {GatewayTimeouts.Format(timeout)} s.";
            await Write(context, (string)context.Items[ReasonKey]!).ConfigureAwait(false);
        }
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
        context.Items[ReasonKey] = reason;
        return Write(context, reason);
    }

    private static Task Write(HttpContext context, string reason)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("corskit: " + reason + "\n", context.RequestAborted);
    }

    /// <summary>One line per request: method, path, Origin, CORS verdict, status, milliseconds, and why when the
    /// gateway refused or failed it (the failed check of a denied preflight, the error behind a 502).</summary>
    private static string LogLine(HttpContext context, TimeSpan elapsed, string? reason)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        var status = context.Response.StatusCode;
        var metadata = context.GetEndpoint()?.Metadata;
        var route = metadata?.GetMetadata<GatewayRouteMetadata>();
        var policy = (metadata?.GetMetadata<ICorsKitPolicyMetadata>() as CorsKitPolicyMetadata)?.Policy;
        string verdict;
        if (route is null)
        {
            verdict = "no-route";
        }
        else if (route.Route.Policy is null || policy is null)
        {
            verdict = "cors-off";
        }
        else
        {
            // The middleware's own decision (ICorsKitDecisionFeature), not a second guess from the status: an allowed
            // origin's method or header denial is answered 204 and is still a denial.
            var decision = context.Features.Get<ICorsKitDecisionFeature>();
            verdict = decision?.Outcome switch
            {
                CorsKitOutcome.NoOrigin => "no-origin",
                CorsKitOutcome.Allowed => "allowed",
                CorsKitOutcome.Denied => "denied",
                CorsKitOutcome.PreflightAllowed => "preflight-allowed",
                CorsKitOutcome.PreflightDenied => "preflight-denied",
                _ => "cors-off",
            };
            if (decision is { Outcome: CorsKitOutcome.PreflightDenied })
            {
                // The check that failed, in the policy engine's own words.
                reason ??= CorsResult.Describe(decision.Reason, decision.Reason == CorsRejection.OriginNotAllowed ? origin : decision.RejectedValue);
            }
        }
        // The target as sent (still percent-encoded): a decoded path could put a line break ("%0A") into the log.
        var path = RawTarget(context);
        // Every request-derived value goes through the one terminal-safe escape (ESC, BEL, bidi controls in an Origin).
        var line = $"{TerminalText.Escape(request.Method)} {TerminalText.Escape(path)} origin={(origin.Length == 0 ? "-" : TerminalText.Escape(origin))} cors={verdict} {status} {elapsed.TotalMilliseconds:0}ms";
        return reason is null ? line : line + ": " + TerminalText.Escape(reason.TrimEnd('.'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
