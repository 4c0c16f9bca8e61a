using Microsoft.AspNetCore.Cors.Infrastructure;

namespace CorsKit.AspNetCore;

/// <summary>Endpoint metadata naming the CorsKit policy that applies to the endpoint.</summary>
public interface ICorsKitPolicyMetadata
{
    /// <summary>The policy name.</summary>
    string PolicyName { get; }
}

/// <summary>Endpoint metadata that turns CorsKit off for the endpoint: no CORS headers, and preflights go to the
/// application like any other request (which usually answers 405, a CORS failure in the browser).</summary>
public interface IDisableCorsKitMetadata;

/// <summary>
/// Applies the named CorsKit policy to a controller or action. Also an <see cref="ICorsMetadata"/>, so endpoint routing
/// lets preflights through to the endpoint instead of answering 405.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class CorsKitAttribute(string policyName) : Attribute, ICorsKitPolicyMetadata, ICorsMetadata
{
    /// <inheritdoc />
    public string PolicyName { get; } = policyName;
}

/// <summary>Turns CorsKit off for a controller or action.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class DisableCorsKitAttribute : Attribute, IDisableCorsKitMetadata, ICorsMetadata;
