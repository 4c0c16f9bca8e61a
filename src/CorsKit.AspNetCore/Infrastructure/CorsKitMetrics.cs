using System.Diagnostics.Metrics;
using CorsKit.Policy;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// CorsKit's <see cref="Meter"/> (<c>CorsKit</c>): <c>corskit.preflights</c>, <c>corskit.requests.allowed</c> and
/// <c>corskit.requests.rejected</c> (tag <c>reason</c>). Counters cost one branch when nobody listens.
/// </summary>
internal sealed class CorsKitMetrics : IDisposable
{
    public const string MeterName = "CorsKit";

    private readonly Meter _meter;
    private readonly Counter<long> _preflights;
    private readonly Counter<long> _allowed;
    private readonly Counter<long> _rejected;

    public CorsKitMetrics(IMeterFactory? factory)
    {
        _meter = factory?.Create(MeterName) ?? new Meter(MeterName);
        _preflights = _meter.CreateCounter<long>("corskit.preflights", "{request}", "CORS preflight requests evaluated.");
        _allowed = _meter.CreateCounter<long>("corskit.requests.allowed", "{request}", "CORS requests (preflight or actual) allowed.");
        _rejected = _meter.CreateCounter<long>("corskit.requests.rejected", "{request}", "CORS requests rejected, by reason.");
    }

    /// <summary>Counts one decision (read from the request's <see cref="ICorsKitDecisionFeature"/>, never worked out
    /// again here).</summary>
    public void Record(CorsKitDecision decision)
    {
        // Each counter is tested before use: with no listener (the usual case) recording is a few field reads.
        if (decision.IsPreflight && _preflights.Enabled)
        {
            _preflights.Add(1);
        }
        if (decision.Outcome == CorsKitOutcome.NoOrigin)
        {
            return;
        }
        if (decision.IsDenied)
        {
            if (_rejected.Enabled)
            {
                _rejected.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(decision.Reason)));
            }
        }
        else if (_allowed.Enabled)
        {
            _allowed.Add(1);
        }
    }

    private static string ReasonTag(CorsRejection r) => r switch
    {
        CorsRejection.OriginNotAllowed => "origin",
        CorsRejection.MethodNotAllowed => "method",
        CorsRejection.HeaderNotAllowed => "header",
        CorsRejection.MalformedRequestHeaders => "malformed_headers",
        CorsRejection.RequestHeadersTooLarge => "headers_too_large",
        CorsRejection.PrivateNetworkNotAllowed => "private_network",
        _ => "other",
    };

    public void Dispose() => _meter.Dispose();
}
