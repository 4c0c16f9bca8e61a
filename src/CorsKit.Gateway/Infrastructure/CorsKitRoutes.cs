using System.Collections.Concurrent;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.Extensions.DependencyInjection;
using Yarp.ReverseProxy.Configuration;

namespace CorsKit.Gateway.Infrastructure;

/// <summary>
/// Reads a YARP route's <c>CorsKit</c> metadata: its kind, the endpoint metadata the CorsKit middleware reads, and
/// every problem with it (checked when YARP loads the config, so a bad route never serves).
/// </summary>
internal static class CorsKitRoutes
{
    /// <summary>Compiled inline policies by their text: routes that share a policy, and reloads that keep it, compile
    /// it once. Bounded: a config that keeps changing cannot grow it without end.</summary>
    private static readonly ConcurrentDictionary<string, CorsPolicy> Inline = new(StringComparer.Ordinal);
    private const int MaxInline = 1024;

    public static CorsKitRouteKind KindOf(RouteConfig route, out string value)
    {
        value = "";
        if (route.Metadata is null || !route.Metadata.TryGetValue(CorsKitReverseProxyExtensions.MetadataKey, out var raw) || raw is null)
        {
            return CorsKitRouteKind.None;
        }
        value = raw.Trim();
        if (value.Equals(CorsKitReverseProxyExtensions.Disable, StringComparison.OrdinalIgnoreCase))
        {
            return CorsKitRouteKind.Disabled;
        }
        return value.StartsWith('{') ? CorsKitRouteKind.Inline : CorsKitRouteKind.Named;
    }

    /// <summary>Every problem with the route's CorsKit metadata, in YARP's validation style (one sentence each).</summary>
    public static IEnumerable<string> Problems(RouteConfig route, CorsKitOptions options)
    {
        var kind = KindOf(route, out var value);
        if (kind == CorsKitRouteKind.None)
        {
            yield break;
        }
        if (!string.IsNullOrEmpty(route.CorsPolicy))
        {
            // YARP turns CorsPolicy into EnableCors/DisableCors metadata for Microsoft's CORS middleware
            // (ProxyEndpointFactory); two CORS layers would each write Access-Control-Allow-Origin, and two values
            // fail the CORS check in every browser (Fetch §4.10).
            yield return $"Route '{route.RouteId}' sets both CorsPolicy ('{route.CorsPolicy}') and CorsKit metadata; CorsKit answers CORS on this route, so remove CorsPolicy.";
        }
        switch (kind)
        {
            case CorsKitRouteKind.Named when value.Length == 0:
                yield return $"Route '{route.RouteId}': the CorsKit metadata is empty; give a policy name, an inline policy or '{CorsKitReverseProxyExtensions.Disable}'.";
                break;
            case CorsKitRouteKind.Named when !options.Policies.ContainsKey(value):
                yield return $"Route '{route.RouteId}': CorsKit policy '{value}' is not defined (CorsKit:Policies:{value} or AddPolicy).";
                break;
            case CorsKitRouteKind.Inline:
                if (!TryCompile(value, out _, out var errors))
                {
                    foreach (var error in errors)
                    {
                        yield return $"Route '{route.RouteId}': CorsKit policy: {error}";
                    }
                }
                break;
        }
    }

    /// <summary>The endpoint metadata for the route: what the CorsKit middleware reads (null for a route without the key).</summary>
    public static object? EndpointMetadata(RouteConfig route) => KindOf(route, out var value) switch
    {
        CorsKitRouteKind.Disabled => DisabledRoute.Instance,
        CorsKitRouteKind.Named => new NamedRoutePolicy(value),
        // Validated at load; an invalid inline policy never reaches here (YARP rejects the config).
        CorsKitRouteKind.Inline => TryCompile(value, out var policy, out _) ? new CorsKitPolicyMetadata(route.RouteId, policy) : DisabledRoute.Instance,
        _ => null,
    };

    private static bool TryCompile(string json, out CorsPolicy policy, out IReadOnlyList<string> errors)
    {
        errors = [];
        if (Inline.TryGetValue(json, out policy!))
        {
            return true;
        }
        CorsPolicyOptions parsed;
        try
        {
            parsed = CorsPolicyOptions.FromJson(json);
        }
        catch (CorsPolicyValidationException ex)
        {
            errors = ex.Errors.Select(e => e.Message).ToArray();
            return false;
        }
        if (!CorsPolicy.TryBuild(parsed, out var built, out var problems))
        {
            errors = problems.Select(e => e.ToString()).ToArray();
            return false;
        }
        if (Inline.Count >= MaxInline)
        {
            Inline.Clear();
        }
        policy = Inline.GetOrAdd(json, built);
        return true;
    }

    /// <summary>A named policy, resolved by the middleware among the configured policies on every request.
    /// Not an <c>ICorsMetadata</c>: the proxy endpoint runs CorsKit itself.</summary>
    private sealed class NamedRoutePolicy(string name) : ICorsKitPolicyMetadata
    {
        public string PolicyName { get; } = name;
    }

    /// <summary>CorsKit turned off on the route.</summary>
    private sealed class DisabledRoute : IDisableCorsKitMetadata
    {
        public static DisabledRoute Instance { get; } = new();
    }
}
