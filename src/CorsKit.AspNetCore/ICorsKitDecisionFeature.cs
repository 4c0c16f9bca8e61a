using CorsKit.Policy;

namespace CorsKit.AspNetCore;

/// <summary>
/// The decision CorsKit's middleware took for the current request, on <c>HttpContext.Features</c> once the middleware
/// has run with a policy, when <see cref="CorsKitOptions.PublishDecision"/> is on (absent otherwise, and when no policy
/// applied: the endpoint disabled CorsKit, or no policy and no default).
/// Read it to log, count or route on the verdict instead of working it out again:
/// <code>if (context.Features.Get&lt;ICorsKitDecisionFeature&gt;() is { Outcome: CorsKitOutcome.PreflightDenied } d) { … d.Reason … }</code>
/// The object may be shared between requests (decisions without a rejected value are precomputed per policy): read
/// it during the request, do not keep it. A re-executed pipeline (exception handler, status-code pages) replaces it
/// with the final endpoint's decision.
/// </summary>
public interface ICorsKitDecisionFeature
{
    /// <summary>What was decided.</summary>
    CorsKitOutcome Outcome { get; }

    /// <summary>Why the request was denied (<see cref="CorsRejection.None"/> when it was not). In report-only mode,
    /// why it would have been.</summary>
    CorsRejection Reason { get; }

    /// <summary>The method or header name that failed (<see cref="CorsRejection.MethodNotAllowed"/>,
    /// <see cref="CorsRejection.HeaderNotAllowed"/>, <see cref="CorsRejection.MalformedRequestHeaders"/>), or the
    /// <c>Access-Control-Request-Private-Network</c> value; null otherwise. For
    /// <see cref="CorsRejection.OriginNotAllowed"/> it is null: the value is the request's <c>Origin</c> header.</summary>
    string? RejectedValue { get; }

    /// <summary>The policy that decided.</summary>
    CorsPolicy Policy { get; }

    /// <summary>True when the policy is report-only: the outcome is the verdict it reports, and nothing was enforced
    /// (no header written, every request, preflights included, passed to the application).</summary>
    bool IsReportOnly { get; }
}
