using CorsKit.Policy.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// The checks <c>UseCorsKit</c> makes when the pipeline is built, reported together with the configuration's errors in
/// one <see cref="CorsKitConfigurationException"/>: the middleware's place relative to <c>UseRouting</c>, the policy
/// <c>UseCorsKit(name)</c> names, and the policy every endpoint names.
/// </summary>
internal static class StartupCheck
{
    // The property UseRouting sets on the application builder (aspnetcore src/Http/Routing/src/Builder/
    // EndpointRoutingApplicationBuilderExtensions.cs, const EndpointRouteBuilder; the same key since ASP.NET Core 3.0).
    private const string EndpointRouteBuilderKey = "__EndpointRouteBuilder";

    /// <summary>Whether <c>UseRouting</c> has been called on <paramref name="app"/> so far.</summary>
    public static bool RoutingAdded(IApplicationBuilder app) => app.Properties.ContainsKey(EndpointRouteBuilderKey);

    public static void ThrowIfInvalid(IApplicationBuilder app, CorsKitPolicyProvider provider, string? policyName, bool routingBefore)
    {
        var errors = new List<string>(provider.StartupErrors);
        var options = provider.Current.Options;
        if (!routingBefore && RoutingAdded(app))
        {
            // Routing would pick the endpoint after CorsKit ran, so CorsKit sees no endpoint, and EndpointMiddleware
            // answers 500 for every endpoint with CORS metadata ("…add app.UseCors()…"), which RequireCorsKit adds.
            errors.Add("app.UseCorsKit() is called before app.UseRouting(), so CorsKit runs before the endpoint is chosen: it cannot apply per-endpoint policies and endpoints with RequireCorsKit answer 500. Call app.UseRouting() first, then app.UseCorsKit(), then authentication, authorization and the endpoints.");
        }
        if (policyName is not null && !Defined(options, policyName))
        {
            errors.Add($"UseCorsKit(\"{policyName}\") names a policy that is not defined{CorsKitPolicyProvider.Suggest(policyName, options)}. Add it under CorsKit:Policies:{policyName} or with AddPolicy.");
        }
        foreach (var endpoint in Endpoints(app))
        {
            foreach (var named in endpoint.Metadata.GetOrderedMetadata<ICorsKitPolicyMetadata>())
            {
                // A CorsKitPolicyMetadata carries its compiled policy (a gateway route, "0/api"): its name is a label
                // for logs, never looked up (CorsKitMiddleware applies the carried policy), so it need not be defined.
                if (named is not CorsKitPolicyMetadata && !Defined(options, named.PolicyName))
                {
                    errors.Add($"endpoint '{endpoint.DisplayName}': RequireCorsKit(\"{named.PolicyName}\") or [CorsKit(\"{named.PolicyName}\")] names a policy that is not defined{CorsKitPolicyProvider.Suggest(named.PolicyName, options)}. Add it under CorsKit:Policies:{named.PolicyName} or with AddPolicy.");
                }
            }
        }
        if (errors.Count != 0)
        {
            throw new CorsKitConfigurationException(errors.Distinct(StringComparer.Ordinal).ToList(), provider.InvalidStartupPolicies);
        }
    }

    private static bool Defined(CorsKitOptions options, string name) =>
        options.Policies.ContainsKey(name) || options.UnboundPolicies.Contains(name);

    /// <summary>
    /// Every endpoint the application maps: those of a WebApplication (it is its own endpoint route builder) and
    /// those UseEndpoints registered with routing (the <see cref="EndpointDataSource"/> service). Read while the
    /// pipeline is built, after every MapX call.
    /// </summary>
    private static IEnumerable<Endpoint> Endpoints(IApplicationBuilder app)
    {
        var seen = new HashSet<Endpoint>(ReferenceEqualityComparer.Instance);
        var sources = new List<EndpointDataSource>();
        if (app is IEndpointRouteBuilder routes)
        {
            sources.AddRange(routes.DataSources);
        }
        if (app.ApplicationServices.GetService<EndpointDataSource>() is { } registered)
        {
            sources.Add(registered);
        }
        foreach (var source in sources)
        {
            foreach (var endpoint in source.Endpoints)
            {
                if (seen.Add(endpoint))
                {
                    yield return endpoint;
                }
            }
        }
    }
}
