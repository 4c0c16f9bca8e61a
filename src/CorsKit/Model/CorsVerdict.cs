using CorsKit.Cookies;

namespace CorsKit.Model;

/// <summary>
/// What the browser did with one <see cref="CorsRequest"/>: every exchange it made, whether the script got the
/// response, and, when it did not, why and how to fix it.
/// </summary>
public sealed record CorsVerdict
{
    /// <summary>True when the script receives the response (the fetch promise resolves).</summary>
    public required bool Allowed { get; init; }

    /// <summary>Every exchange in the order the browser made them: preflight(s), actual request, redirect hops.</summary>
    public required IReadOnlyList<Exchange> Exchanges { get; init; }

    /// <summary>True when the request needed a CORS preflight and one was sent (not served from the preflight cache).</summary>
    public bool PreflightSent { get; init; }

    /// <summary>The <c>Access-Control-Request-Method</c> of the first preflight, or null when none was sent.</summary>
    public string? PreflightRequestMethod { get; init; }

    /// <summary>The <c>Access-Control-Request-Headers</c> of the first preflight, or null when none was sent or it had none.</summary>
    public string? PreflightRequestHeaders { get; init; }

    /// <summary>True when the actual request reached the server.</summary>
    public bool ActualSent { get; init; }

    /// <summary>The final response's header names a script can read (lowercase, sorted); empty when blocked.</summary>
    public IReadOnlyList<string> ReadableHeaders { get; init; } = [];

    /// <summary>Why the request failed, or null when allowed.</summary>
    public CorsFailure? Failure { get; init; }

    /// <summary>Script-set headers the browser silently dropped (forbidden names), as the script wrote them.</summary>
    public IReadOnlyList<string> DroppedHeaders { get; init; } = [];

    /// <summary>How the browser classified the request before sending anything (the one classification of the run).</summary>
    public RequestClassification? Classification { get; init; }

    /// <summary>The actual request the browser would have sent, when it stopped before sending it (a failed
    /// preflight); null otherwise.</summary>
    public OutgoingRequest? Unsent { get; init; }

    /// <summary>The cookies the unsent actual request (<see cref="Unsent"/>) would have carried; null otherwise or without
    /// a cookie store.</summary>
    public CookieAttachment? UnsentCookies { get; init; }

    /// <summary>The cookie decisions of every actual request in order, the unsent one last; empty without a cookie store.</summary>
    public IReadOnlyList<CookieAttachment> CookieAttachments =>
        [.. Exchanges.Select(e => e.Cookies).OfType<CookieAttachment>(), .. UnsentCookies is { } unsent ? [unsent] : Array.Empty<CookieAttachment>()];
}
