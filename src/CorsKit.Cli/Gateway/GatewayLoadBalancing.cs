namespace CorsKit.Cli.Gateway;

/// <summary>
/// How a route with several destinations picks one per request: YARP's built-in load-balancing policies
/// (<c>Yarp.ReverseProxy.LoadBalancing.LoadBalancingPolicies</c>; the names are the same).
/// </summary>
internal enum GatewayLoadBalancing
{
    /// <summary>Two destinations at random, the one with fewer requests in flight (YARP's default).</summary>
    PowerOfTwoChoices,

    /// <summary>Each destination in turn.</summary>
    RoundRobin,

    /// <summary>The destination with the fewest requests in flight.</summary>
    LeastRequests,

    /// <summary>A destination at random.</summary>
    Random,

    /// <summary>The first destination (by name) that is up: a primary and its fallbacks.</summary>
    FirstAlphabetical,
}
