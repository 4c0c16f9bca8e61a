namespace CorsKit.Diagnostics.Har;

/// <summary>A whole HAR file judged: every cross-origin request and the root causes across them.</summary>
public sealed record HarReport
{
    /// <summary>The cross-origin requests, in file order.</summary>
    public required IReadOnlyList<HarFinding> Findings { get; init; }

    /// <summary>Entries not judged: same-origin requests, navigations, no-cors loads, non-http(s) URLs (preflights excluded).</summary>
    public required int NotCrossOrigin { get; init; }

    /// <summary>Blocked requests grouped by cause, most frequent first (primary outcomes).</summary>
    public required IReadOnlyList<HarRootCause> RootCauses { get; init; }

    /// <summary>True when any request's export was sanitised (<see cref="HarFinding.Sanitised"/>).</summary>
    public bool Sanitised => Findings.Any(f => f.Sanitised);
}
