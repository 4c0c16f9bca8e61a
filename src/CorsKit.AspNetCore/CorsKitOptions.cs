using CorsKit.Policy;

namespace CorsKit.AspNetCore;

/// <summary>
/// CorsKit's ASP.NET Core settings, bound from the configuration section <c>CorsKit</c> (policies under
/// <c>CorsKit:Policies:&lt;name&gt;</c>) and from code. Reloaded through <c>IOptionsMonitor</c>.
/// </summary>
public sealed class CorsKitOptions
{
    /// <summary>The name <see cref="AddDefaultPolicy(CorsPolicyOptions)"/> gives the default policy.</summary>
    public const string DefaultPolicyName = "default";

    /// <summary>Named policies (names are case-insensitive).</summary>
    public Dictionary<string, CorsPolicyOptions> Policies { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The policy applied to requests whose endpoint names none (and to requests with no endpoint).
    /// Null: such requests get no CORS handling.</summary>
    public string? DefaultPolicy { get; set; }

    /// <summary>Debug mode: rejections are logged at Information level with the failed check (otherwise at Debug).</summary>
    public bool Debug { get; set; }

    /// <summary>
    /// Put each request's decision on <c>HttpContext.Features</c> as <see cref="ICorsKitDecisionFeature"/>, for hosts,
    /// request logs and metrics of their own. Off by default: setting a feature bumps the feature collection's
    /// revision, so every feature the request touches afterwards is looked up again, which measurably costs on the hot
    /// path (docs/benchmarks.md); CorsKit's own logs and metrics read the decision either way.
    /// </summary>
    public bool PublishDecision { get; set; }

    /// <summary>With <see cref="Debug"/>, a rejected preflight's 403 body says which check failed. Off by default: the
    /// body is visible to any caller.</summary>
    public bool DebugResponseBody { get; set; }

    /// <summary>
    /// When an exception escapes the whole pipeline (no exception handler, or a handler that rethrows) before the
    /// response has started, answer 500 with the CORS headers of the request's policy instead of letting the server
    /// answer 500 without them. The exception is logged (event 21). On by default.
    /// </summary>
    public bool AnswerUnhandledExceptions { get; set; } = true;

    /// <summary>What is wrong with the <c>CorsKit</c> configuration section (unknown properties, values of the wrong
    /// type), each with its configuration path; filled by <c>CorsKitConfigurationReader</c>.</summary>
    internal List<string> ConfigurationErrors { get; } = [];

    /// <summary>Configured policies left unbound because their section has an error (a reload keeps their previous
    /// version).</summary>
    internal HashSet<string> UnboundPolicies { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds or replaces a named policy.</summary>
    public CorsKitOptions AddPolicy(string name, CorsPolicyOptions policy)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(policy);
        Policies[name] = policy;
        return this;
    }

    /// <summary>Adds the policy named <see cref="DefaultPolicyName"/> and makes it the default.</summary>
    public CorsKitOptions AddDefaultPolicy(CorsPolicyOptions policy)
    {
        DefaultPolicy = DefaultPolicyName;
        return AddPolicy(DefaultPolicyName, policy);
    }
}
