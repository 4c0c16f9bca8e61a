using CorsKit.Policy;

namespace CorsKit.AspNetCore;

/// <summary>
/// Endpoint metadata that carries a compiled CorsKit policy, so the middleware applies it directly instead of looking a
/// name up among the configured policies. For hosts that build endpoints from their own configuration (a YARP route, a
/// gateway config): the endpoint and its policy are replaced together, so no request meets a new route with an old
/// policy, and nothing is registered under a generated name. Deliberately not an <c>ICorsMetadata</c>: endpoint routing
/// then requires no CORS middleware in front of an endpoint that runs CorsKit itself (a YARP route).
/// </summary>
public sealed class CorsKitPolicyMetadata : ICorsKitPolicyMetadata
{
    /// <summary>Carries <paramref name="policy"/>; <paramref name="name"/> is what logs call it.</summary>
    public CorsKitPolicyMetadata(string name, CorsPolicy policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(policy);
        PolicyName = name;
        Policy = policy;
    }

    /// <inheritdoc />
    public string PolicyName { get; }

    /// <summary>The compiled policy applied to the endpoint.</summary>
    public CorsPolicy Policy { get; }
}
