using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// The gateway config as YARP configuration: one YARP route and cluster per gateway route, published through a change
/// token, so a reload swaps routes, destinations and policies at once (YARP rebuilds the endpoints, and each endpoint
/// carries its compiled CorsKit policy). A request keeps the endpoint it was routed to, and with it its generation.
/// </summary>
/// <remarks>
/// Every YARP route matches every path (<c>/{**catch-all}</c>); <see cref="GatewayRouteSelector"/> keeps the one whose
/// prefix is the longest match, compared ordinally and case-sensitively as the gateway always has (ASP.NET Core's route
/// templates compare literals case-insensitively and by whole segments).
/// </remarks>
internal sealed class GatewayProxyConfig : IProxyConfigProvider
{
    public const string CatchAll = "/{**catch-all}";

    private readonly Lock _gate = new();
    private readonly ConcurrentDictionary<string, GatewayRouteMetadata> _routes = new(StringComparer.Ordinal);
    private Snapshot _current;
    private int _generation;

    public GatewayProxyConfig(GatewayConfig config)
    {
        _current = Build(config, 0);
    }

    /// <summary>The config new requests are served with.</summary>
    public GatewayConfig Config => _current.Gateway;

    public IProxyConfig GetConfig() => _current;

    /// <summary>The route and config behind a YARP route id (every generation's ids are its own).</summary>
    public GatewayRouteMetadata? Find(string routeId) => _routes.GetValueOrDefault(routeId);

    public void Publish(GatewayConfig config)
    {
        lock (_gate)
        {
            var previous = _current;
            _current = Build(config, ++_generation);
            // The generation before the previous one can no longer be built into endpoints.
            foreach (var id in _routes.Keys)
            {
                if (!previous.RouteIds.Contains(id) && !_current.RouteIds.Contains(id))
                {
                    _routes.TryRemove(id, out _);
                }
            }
            previous.Changed.Cancel();
        }
    }

    private Snapshot Build(GatewayConfig config, int generation)
    {
        var routes = new List<RouteConfig>(config.Routes.Count);
        var clusters = new List<ClusterConfig>(config.Routes.Count);
        for (var i = 0; i < config.Routes.Count; i++)
        {
            var route = config.Routes[i];
            var id = $"{generation}/{i}";
            _routes[id] = new GatewayRouteMetadata(route, config);
            routes.Add(new RouteConfig
            {
                RouteId = id,
                ClusterId = id,
                Match = new RouteMatch { Path = CatchAll },
                // The policy travels inline, in the policy file format; CorsKit.Gateway compiles it when YARP builds
                // the endpoint and puts it in the endpoint's metadata.
                Metadata = new Dictionary<string, string>
                {
                    [CorsKitReverseProxyExtensions.MetadataKey] = route.Policy is { } name
                        ? config.Policies[name].Options.ToJson()
                        : CorsKitReverseProxyExtensions.Disable,
                },
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = id,
                LoadBalancingPolicy = route.LoadBalancing.ToString(),
                Destinations = route.Destinations.Select((uri, n) => (uri, n)).ToDictionary(
                    d => $"d{d.n:D4}", // FirstAlphabetical picks in the order the config lists them
                    d => new DestinationConfig { Address = d.uri.OriginalString }),
                HttpClient = new HttpClientConfig
                {
                    // Header bytes pass through as received, both ways (Latin-1: one char per byte; ReceivedHeaders).
                    RequestHeaderEncoding = "latin1",
                    ResponseHeaderEncoding = "latin1",
                    DangerousAcceptAnyServerCertificate = route.DangerouslyAcceptAnyServerCertificate,
                },
                HttpRequest = new ForwarderRequestConfig
                {
                    // YARP's ActivityTimeout is reset by every read and write, so it is the gateway's idle timeout; the
                    // wait for response headers is GatewayServer's own timer (the config's "timeout").
                    ActivityTimeout = config.Timeouts.Idle ?? Timeout.InfiniteTimeSpan,
                    Version = route.Http2 ? HttpVersion.Version20 : HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionExact,
                    AllowResponseBuffering = false,
                },
            });
        }
        return new Snapshot(config, routes, clusters, routes.Select(r => r.RouteId).ToHashSet(StringComparer.Ordinal));
    }

    private sealed class Snapshot(GatewayConfig gateway, IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, HashSet<string> routeIds) : IProxyConfig
    {
        public GatewayConfig Gateway { get; } = gateway;

        public HashSet<string> RouteIds { get; } = routeIds;

        public CancellationTokenSource Changed { get; } = new();

        public IReadOnlyList<RouteConfig> Routes { get; } = routes;

        public IReadOnlyList<ClusterConfig> Clusters { get; } = clusters;

        public IChangeToken ChangeToken => new CancellationChangeToken(Changed.Token);
    }
}
