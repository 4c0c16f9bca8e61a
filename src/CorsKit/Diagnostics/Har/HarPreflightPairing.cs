namespace CorsKit.Diagnostics.Har;

/// <summary>How a request's preflight was found in the HAR file.</summary>
public enum HarPreflightPairing
{
    /// <summary>The model needs no preflight for this request.</summary>
    NotNeeded,
    /// <summary>Paired by ids: the preflight's <c>_initiator.requestId</c> is the request's <c>_requestId</c>.</summary>
    RequestId,
    /// <summary>Paired by URL, the preflight's <c>Access-Control-Request-Method</c> and the nearest start time (DevTools
    /// writes no id of the request itself, only the preflight's <c>_initiator</c>).</summary>
    UrlAndTiming,
    /// <summary>The model needs a preflight, the file holds none, and the request got its response: the preflight
    /// cache answered it (or the exporter drops preflights, as Playwright's <c>recordHar</c> does); judged as passed.</summary>
    NotRecordedButPassed,
    /// <summary>The model needs a preflight, the file holds none, and the request got no response: not judgeable.</summary>
    Missing,
}
