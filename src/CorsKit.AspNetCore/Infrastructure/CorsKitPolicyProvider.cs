using System.Collections.Frozen;
using CorsKit.Policy;
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
/// Compiles the configured policies once and again on every configuration change. The first build fails fast with
/// every error of every policy; a later reload that makes a policy invalid keeps that policy's previous version and
/// logs every error. Readers see either the old or the new snapshot, never a mix.
/// </summary>
internal sealed class CorsKitPolicyProvider : IDisposable
{
    private readonly ILogger _logger;
    private readonly IDisposable? _subscription;
    private volatile PolicySnapshot _current;

    public CorsKitPolicyProvider(IOptionsMonitor<CorsKitOptions> monitor, ILogger<CorsKitPolicyProvider> logger)
    {
        _logger = logger;
        _current = Compile(monitor.CurrentValue, previous: null);
        _subscription = monitor.OnChange(Reload);
    }

    public PolicySnapshot Current => _current;

    private void Reload(CorsKitOptions options)
    {
        try
        {
            _current = Compile(options, _current);
            Log.PoliciesReloaded(_logger, string.Join(", ", _current.Policies.Keys));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A reload must never take the server down: keep serving the previous snapshot.
            _logger.LogError(ex, "CORS policy reload failed; the previous policies stay in force.");
        }
    }

    private PolicySnapshot Compile(CorsKitOptions options, PolicySnapshot? previous)
    {
        var built = new Dictionary<string, CorsPolicy>(StringComparer.OrdinalIgnoreCase);
        List<CorsPolicyValidationException>? failures = null;
        foreach (var (name, policyOptions) in options.Policies)
        {
            if (CorsPolicy.TryBuild(policyOptions, out var policy, out var errors))
            {
                built[name] = policy;
                foreach (var w in policy.Warnings)
                {
                    Log.PolicyWarning(_logger, name, w);
                }
                continue;
            }
            if (previous is null)
            {
                (failures ??= []).Add(new CorsPolicyValidationException(name, errors));
                continue;
            }
            foreach (var e in errors)
            {
                Log.ReloadRejected(_logger, name, e);
            }
            if (previous.Policies.TryGetValue(name, out var old))
            {
                built[name] = old;
            }
        }
        if (failures is not null)
        {
            throw failures.Count == 1 ? failures[0] : new AggregateException("Invalid CORS policies.", failures);
        }
        CorsPolicy? defaultPolicy = null;
        if (options.DefaultPolicy is { } defaultName && !built.TryGetValue(defaultName, out defaultPolicy))
        {
            var message = $"CorsKit: the default policy '{defaultName}' is not defined. Add it under CorsKit:Policies:{defaultName} or with AddPolicy.";
            if (previous is null)
            {
                throw new InvalidOperationException(message);
            }
            // A reload must not silently switch CORS off: keep serving the previous default.
            Log.DefaultPolicyMissing(_logger, defaultName);
            defaultPolicy = previous.Default;
            if (defaultPolicy is not null && previous.DefaultName is { } previousName)
            {
                built.TryAdd(previousName, defaultPolicy);
            }
        }
        return new PolicySnapshot(built.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), defaultPolicy, options.DefaultPolicy, options);
    }

    public void Dispose() => _subscription?.Dispose();
}
