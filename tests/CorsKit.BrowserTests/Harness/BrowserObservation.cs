namespace CorsKit.BrowserTests.Harness;

/// <summary>Everything one browser showed about one scenario: the page's view, the server's records and, for
/// Chromium, DevTools' CORS error and the console line.</summary>
public sealed record BrowserObservation
{
    /// <summary>The scenario.</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>What the script saw.</summary>
    public required PageResult Page { get; init; }

    /// <summary>The requests the server received for this scenario, in order.</summary>
    public required IReadOnlyList<Recorded> Requests { get; init; }

    /// <summary>Chromium: <c>Network.loadingFailed.corsErrorStatus.corsError</c>, or null.</summary>
    public string? CorsError { get; init; }

    /// <summary>Chromium: <c>corsErrorStatus.failedParameter</c>, or null.</summary>
    public string? FailedParameter { get; init; }

    /// <summary>Chromium: <c>Network.loadingFailed.errorText</c> of the fetch, or null.</summary>
    public string? NetError { get; init; }

    /// <summary>Chromium: the "Access to fetch at …" console line, or null.</summary>
    public string? ConsoleMessage { get; init; }

    /// <summary>Chromium: DevTools reported an OPTIONS / Preflight request for this scenario.</summary>
    public bool DevToolsSawPreflight { get; init; }

    /// <summary>True when the server received a preflight.</summary>
    public bool PreflightSent => Requests.Any(r => r.Preflight);

    /// <summary>The first preflight's <c>Access-Control-Request-Method</c>.</summary>
    public string? PreflightRequestMethod => Requests.FirstOrDefault(r => r.Preflight)?.RequestMethod;

    /// <summary>The first preflight's <c>Access-Control-Request-Headers</c>.</summary>
    public string? PreflightRequestHeaders => Requests.FirstOrDefault(r => r.Preflight)?.RequestHeaders;

    /// <summary>True when the server received the actual request (on any hop).</summary>
    public bool ActualSent => Requests.Any(r => !r.Preflight);
}
