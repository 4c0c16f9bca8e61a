using System.Collections.Frozen;
using CorsKit.Policy;
using CorsKit.Policy.Infrastructure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>An immutable set of compiled policies, swapped as a whole on reload.</summary>
internal sealed class PolicySnapshot(FrozenDictionary<string, CorsPolicy> policies, CorsPolicy? defaultPolicy, string? defaultName, CorsKitOptions options)
{
    public FrozenDictionary<string, CorsPolicy> Policies { get; } = policies;

    public CorsPolicy? Default { get; } = defaultPolicy;

    public string? DefaultName { get; } = defaultName;

    public CorsKitOptions Options { get; } = options;
}

/// <summary>
/// Compiles the configured policies once and again on every configuration change. The first build collects every
/// error of the configuration section and of every policy (<see cref="StartupErrors"/>), which <c>UseCorsKit</c>
/// reports together with its own checks when the pipeline is built; a later reload that makes a policy invalid keeps
/// that policy's previous version and logs every error. Readers see either the old or the new snapshot, never a mix.
/// </summary>
internal sealed class CorsKitPolicyProvider : IDisposable
{
    private readonly ILogger _logger;
    private readonly IDisposable? _subscription;
    private volatile PolicySnapshot _current;

    public CorsKitPolicyProvider(IOptionsMonitor<CorsKitOptions> monitor, ILogger<CorsKitPolicyProvider> logger)
    {
        _logger = logger;
        var errors = new List<string>();
        var invalid = new List<CorsPolicyValidationException>();
        _current = Compile(monitor.CurrentValue, previous: null, errors, invalid);
        StartupErrors = errors;
        InvalidStartupPolicies = invalid;
        _subscription = monitor.OnChange(Reload);
    }

    public PolicySnapshot Current => _current;

    /// <summary>Every error of the configuration as the application started, each with where it is.</summary>
    public IReadOnlyList<string> StartupErrors { get; }

    /// <summary>The policies that were invalid as the application started.</summary>
    public IReadOnlyList<CorsPolicyValidationException> InvalidStartupPolicies { get; }

    private void Reload(CorsKitOptions options)
    {
        try
        {
            _current = Compile(options, _current, errors: null, invalid: null);
            Log.PoliciesReloaded(_logger, string.Join(", ", _current.Policies.Keys));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A reload must never take the server down: keep serving the previous snapshot.
            _logger.LogError(ex, "CORS policy reload failed; the previous policies stay in force.");
        }
    }

    /// <summary>Compiles <paramref name="options"/>. At startup (<paramref name="previous"/> null) every error goes to
    /// <paramref name="errors"/>; on a reload errors are logged and the previous versions stay.</summary>
    private PolicySnapshot Compile(CorsKitOptions options, PolicySnapshot? previous, List<string>? errors, List<CorsPolicyValidationException>? invalid)
    {
        var built = new Dictionary<string, CorsPolicy>(StringComparer.OrdinalIgnoreCase);
        foreach (var error in options.ConfigurationErrors)
        {
            if (errors is not null)
            {
                errors.Add(error);
            }
            else
            {
                Log.ReloadConfigurationError(_logger, error);
            }
        }
        if (previous is not null)
        {
            // A policy whose section has an error was not bound: it keeps its previous version.
            foreach (var name in options.UnboundPolicies)
            {
                if (previous.Policies.TryGetValue(name, out var old))
                {
                    built[name] = old;
                }
            }
        }
        foreach (var (name, policyOptions) in options.Policies)
        {
            if (CorsPolicy.TryBuild(policyOptions, out var policy, out var policyErrors))
            {
                built[name] = policy;
                foreach (var w in policy.Warnings)
                {
                    Log.PolicyWarning(_logger, name, w);
                }
                continue;
            }
            if (errors is not null)
            {
                invalid!.Add(new CorsPolicyValidationException(name, policyErrors));
                errors.AddRange(policyErrors.Select(e => $"policy '{name}': {e}"));
                continue;
            }
            foreach (var e in policyErrors)
            {
                Log.ReloadRejected(_logger, name, e);
            }
            if (previous!.Policies.TryGetValue(name, out var old))
            {
                built[name] = old;
            }
        }
        CorsPolicy? defaultPolicy = null;
        if (options.DefaultPolicy is { } defaultName && !built.TryGetValue(defaultName, out defaultPolicy)
            && !options.UnboundPolicies.Contains(defaultName) && !options.Policies.ContainsKey(defaultName))
        {
            if (errors is not null)
            {
                errors.Add($"CorsKit:DefaultPolicy: the default policy '{defaultName}' is not defined{Suggest(defaultName, options)}. Add it under CorsKit:Policies:{defaultName} or with AddPolicy.");
            }
            else
            {
                // A reload must not silently switch CORS off: keep serving the previous default.
                Log.DefaultPolicyMissing(_logger, defaultName);
                defaultPolicy = previous!.Default;
                if (defaultPolicy is not null && previous.DefaultName is { } previousName)
                {
                    built.TryAdd(previousName, defaultPolicy);
                }
            }
        }
        return new PolicySnapshot(built.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), defaultPolicy, options.DefaultPolicy, options);
    }

    /// <summary>" (did you mean 'api'?)" when a defined policy name is close to <paramref name="name"/>.</summary>
    internal static string Suggest(string name, CorsKitOptions options) =>
        UnknownName.Closest(name, options.Policies.Keys.Concat(options.UnboundPolicies)) is { } closest ? $" (did you mean '{closest}'?)" : "";

    public void Dispose() => _subscription?.Dispose();
}
