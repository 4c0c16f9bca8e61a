using System.Runtime.CompilerServices;
using CorsKit.Policy;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// The decisions of one compiled policy that carry no per-request value, built once per policy object and shared by
/// every request it decides. Held in a weak table keyed by the policy, so a reload's new policies get new decisions and
/// the old ones go with their policies.
/// </summary>
internal sealed class PolicyDecisions
{
    private static readonly ConditionalWeakTable<CorsPolicy, PolicyDecisions> Table = new();

    private PolicyDecisions(CorsPolicy policy)
    {
        Policy = policy;
        NoOrigin = new(policy, CorsKitOutcome.NoOrigin, CorsRejection.None, null);
        Allowed = new(policy, CorsKitOutcome.Allowed, CorsRejection.None, null);
        Denied = new(policy, CorsKitOutcome.Denied, CorsRejection.OriginNotAllowed, null);
        PreflightAllowed = new(policy, CorsKitOutcome.PreflightAllowed, CorsRejection.None, null);
        PreflightDenied = new(policy, CorsKitOutcome.PreflightDenied, CorsRejection.OriginNotAllowed, null);
        _preflightDenials = [.. Enum.GetValues<CorsRejection>().Select(r => new CorsKitDecision(policy, CorsKitOutcome.PreflightDenied, r, null))];
    }

    private readonly CorsKitDecision[] _preflightDenials;

    /// <summary>A preflight denied for <paramref name="reason"/>, without its rejected value: what the middleware
    /// records when the decision is not published, so that no denial (a hostile header list included) allocates.</summary>
    public CorsKitDecision PreflightDeniedFor(CorsRejection reason) => _preflightDenials[(int)reason];

    public CorsPolicy Policy { get; }

    public CorsKitDecision NoOrigin { get; }

    public CorsKitDecision Allowed { get; }

    /// <summary>An actual request from an origin the policy does not allow.</summary>
    public CorsKitDecision Denied { get; }

    public CorsKitDecision PreflightAllowed { get; }

    /// <summary>A preflight from an origin the policy does not allow.</summary>
    public CorsKitDecision PreflightDenied { get; }

    public static PolicyDecisions For(CorsPolicy policy) => Table.GetValue(policy, static p => new PolicyDecisions(p));
}
