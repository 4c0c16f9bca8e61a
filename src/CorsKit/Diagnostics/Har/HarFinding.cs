using CorsKit.Model;

namespace CorsKit.Diagnostics.Har;

/// <summary>One cross-origin request of a HAR file, re-judged by the browser model from what the file recorded.</summary>
public sealed record HarFinding
{
    /// <summary>The request's entries: the first hop, then each redirect hop, in order.</summary>
    public required IReadOnlyList<HarEntry> Hops { get; init; }

    /// <summary>The preflight entries paired with the hops, in order.</summary>
    public required IReadOnlyList<HarEntry> Preflights { get; init; }

    /// <summary>The method the request was made with.</summary>
    public string Method => Hops[0].Method;

    /// <summary>The URL the script asked for.</summary>
    public string Url => Hops[0].Url;

    /// <summary>The page's origin.</summary>
    public required string Origin { get; init; }

    /// <summary>Where <see cref="Origin"/> was read from.</summary>
    public required HarOriginSource OriginSource { get; init; }

    /// <summary>The request the model ran (script headers as recovered from the recording).</summary>
    public required CorsRequest Request { get; init; }

    /// <summary>How the credentials mode was decided.</summary>
    public required HarCredentialsSource CredentialsSource { get; init; }

    /// <summary>The verdict per credentials mode: one, or two (<c>omit</c> then <c>include</c>) when the mode is unknowable.</summary>
    public required IReadOnlyList<HarOutcome> Outcomes { get; init; }

    /// <summary>How the preflight was found.</summary>
    public required HarPreflightPairing Pairing { get; init; }

    /// <summary>True when the export was sanitised for this request: its <c>Cookie</c> or <c>Authorization</c> is
    /// emptied or redacted, cookies are listed without their header, or the preflight names headers the request no
    /// longer shows (added back from the preflight's <c>Access-Control-Request-Headers</c>).</summary>
    public bool Sanitised { get; init; }

    /// <summary>What the file did not record that the verdict needed (null when it recorded everything).</summary>
    public string? Incomplete { get; init; }

    /// <summary>The verdict reported first: the given or inferred mode, else <c>omit</c>.</summary>
    public HarOutcome Primary => Outcomes[0];
}
