using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Audit;

/// <summary>Everything an audit run needs; built from the command line (or directly by the demo and tests).</summary>
internal sealed record AuditSettings
{
    public required IReadOnlyList<Uri> Targets { get; init; }

    /// <summary>Origins the server is meant to trust (serialized). Empty: discover them.</summary>
    public IReadOnlyList<string> TrustedOrigins { get; init; } = [];

    /// <summary>Extra URLs expected to answer with an error status, compared with the targets on the same host.</summary>
    public IReadOnlyList<Uri> ErrorUrls { get; init; } = [];

    /// <summary>The user's own session cookie (<c>--cookie</c>), sent after the probe cookie.</summary>
    public string? Cookie { get; init; }

    /// <summary>Extra request headers (<c>-H</c>) sent with every non-preflight probe.</summary>
    public IReadOnlyList<HttpHeader> Headers { get; init; } = [];

    public int Concurrency { get; init; } = 32;

    /// <summary>Requests per second per host; 0 for no limit.</summary>
    public double RatePerHost { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public int Retries { get; init; } = 2;

    public Uri? Proxy { get; init; }

    public bool FollowRedirects { get; init; }

    public bool Insecure { get; init; }
}

/// <summary>Why a probe origin was sent.</summary>
internal enum ProbeKind
{
    Trusted,
    Arbitrary,
    ArbitraryNoCookie,
    Null,
    Prefix,
    Suffix,
    HostSuffix,
    UnescapedDot,
    Substring,
    ContainedIn,
    SpecialChar,
    AnySubdomain,
    ParentSibling,
    Sibling,
    InsecureOrigin,
    AnyPort,
    ThirdParty,
}

/// <summary>One probe origin for a GET, and the trusted origin it was derived from (null for origin-independent probes).</summary>
internal sealed record Probe(ProbeKind Kind, string Origin, string? Base = null);

/// <summary>A request that was sent and what came back (or why nothing did).</summary>
internal sealed record Observation
{
    public required OutgoingRequest Request { get; init; }

    public IncomingResponse? Response { get; init; }

    public string? Error { get; init; }

    /// <summary>The CORS check for a credentialed request (<c>credentials: 'include'</c>).</summary>
    public CorsCheckResult WithCredentials { get; init; }

    /// <summary>The CORS check for a request without credentials.</summary>
    public CorsCheckResult WithoutCredentials { get; init; }

    public bool Passes => WithCredentials.Passed || WithoutCredentials.Passed;

    /// <summary>The Origin header the request carried, or null when it had none.</summary>
    public string? SentOrigin => Request.Headers.FirstOrDefault(h => h.Name.Equals("Origin", StringComparison.OrdinalIgnoreCase)).Value;

    public IEnumerable<string> HeaderValues(string name) =>
        Response?.Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value) ?? [];

    public string? Header(string name)
    {
        var values = HeaderValues(name).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }

    /// <summary>True when Access-Control-Allow-Origin is exactly the request's origin (not '*').</summary>
    public bool AllowsExactly(string origin) => HeaderValues("Access-Control-Allow-Origin").ToList() is [var only] && only == origin;
}

/// <summary>A GET probe and its observation.</summary>
internal sealed record ProbeResult(Probe Probe, Observation Observation);

/// <summary>One piece of evidence: a request, its response, and a note saying what it shows.</summary>
internal sealed record Evidence(string Note, Observation Observation);

/// <summary>One finding on one target.</summary>
internal sealed record Finding
{
    public required FindingKind Kind { get; init; }

    public required Severity Severity { get; init; }

    /// <summary>The origin that demonstrates the finding (serialized), or null when it is not about one origin.</summary>
    public string? Origin { get; init; }

    /// <summary>True when a credentialed request passes the CORS check.</summary>
    public bool Credentials { get; init; }

    /// <summary>The main evidence first, then further probes the same root cause explains.</summary>
    public required IReadOnlyList<Evidence> Evidence { get; init; }

    /// <summary>A sentence about this instance (what was sent and what came back).</summary>
    public required string Detail { get; init; }
}

/// <summary>The audit of one target URL.</summary>
internal sealed record TargetResult
{
    public required Uri Url { get; init; }

    public IReadOnlyList<string> TrustedOrigins { get; init; } = [];

    /// <summary>True when the trusted origins came from <c>--trusted-origin</c>; false when they were discovered.</summary>
    public bool TrustedGiven { get; init; }

    /// <summary>The candidate trusted origins tried when none was given (empty when <see cref="TrustedGiven"/>).</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    public IReadOnlyList<Finding> Findings { get; init; } = [];

    /// <summary>Set when the target could not be audited (network error on every probe).</summary>
    public string? Error { get; init; }

    public int Requests { get; init; }
}

/// <summary>The whole run.</summary>
internal sealed record AuditReport
{
    public required IReadOnlyList<TargetResult> Targets { get; init; }

    public required TimeSpan Duration { get; init; }

    public int Requests => Targets.Sum(t => t.Requests);

    public IEnumerable<Finding> AllFindings => Targets.SelectMany(t => t.Findings);

    public int Count(Severity severity) => AllFindings.Count(f => f.Severity == severity);

    public Severity? Highest => AllFindings.Any() ? AllFindings.Max(f => f.Severity) : null;

    /// <summary>Targets that could not be audited at all.</summary>
    public int Unreachable => Targets.Count(t => t.Error is not null);

    /// <summary>The findings at or above <paramref name="failOn"/> (none for <c>--fail-on none</c>, which is above critical).</summary>
    public int Failing(Severity failOn) => AllFindings.Count(f => f.Severity >= failOn);

    /// <summary>The exit code of <c>corskit audit</c>: 1 when a finding is at or above <c>--fail-on</c>, else 2 when a
    /// target could not be reached (nothing was judged there), else 0. The report's last line states the same.</summary>
    public int ExitCode(Severity failOn) => Failing(failOn) > 0 ? AuditCommand.FindingsExit : Unreachable > 0 ? Program.UsageError : 0;
}
