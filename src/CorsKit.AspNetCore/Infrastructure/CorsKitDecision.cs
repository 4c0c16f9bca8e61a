using CorsKit.Policy;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>CorsKit's <see cref="ICorsKitDecisionFeature"/>: immutable; the decisions without a rejected value are
/// shared per policy (<see cref="PolicyDecisions"/>), so recording them allocates nothing.</summary>
internal sealed class CorsKitDecision(CorsPolicy policy, CorsKitOutcome outcome, CorsRejection reason, string? rejectedValue) : ICorsKitDecisionFeature
{
    public CorsKitOutcome Outcome { get; } = outcome;

    public CorsRejection Reason { get; } = reason;

    public string? RejectedValue { get; } = rejectedValue;

    public CorsPolicy Policy { get; } = policy;

    public bool IsReportOnly => Policy.IsReportOnly;

    public bool IsPreflight => Outcome is CorsKitOutcome.PreflightAllowed or CorsKitOutcome.PreflightDenied;

    public bool IsDenied => Reason != CorsRejection.None;
}
