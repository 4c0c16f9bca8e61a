namespace CorsKit.Cli.Gateway;

/// <summary>
/// Endpoint metadata of a gateway route's YARP endpoint: the route and the config it came from, so the route selector,
/// the timeouts, the forwarding rules and the log line all read the same generation as the policy the endpoint carries.
/// </summary>
internal sealed record GatewayRouteMetadata(GatewayRoute Route, GatewayConfig Config);
