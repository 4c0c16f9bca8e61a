using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Diagnostics.Har;

/// <summary>
/// One entry of a HAR file (HAR 1.2 <c>log.entries[]</c>) with what the CORS judge needs: the request and response
/// headers as recorded, and the extensions Chromium's DevTools writes (front_end/models/har/Log.ts, <c>Entry.build</c>:
/// <c>_resourceType</c>, <c>_initiator</c>, <c>response._error</c>). Fields a writer left out are empty, never guessed.
/// </summary>
public sealed record HarEntry
{
    /// <summary>The 0-based position in <c>log.entries</c>.</summary>
    public required int Index { get; init; }

    /// <summary><c>request.method</c> as recorded.</summary>
    public required string Method { get; init; }

    /// <summary><c>request.url</c> as recorded.</summary>
    public required string Url { get; init; }

    /// <summary><c>request.url</c> parsed, or null when it is not an absolute URL.</summary>
    public Uri? ParsedUrl { get; init; }

    /// <summary><c>request.headers</c>, in order (pseudo-headers such as <c>:authority</c> included).</summary>
    public IReadOnlyList<HttpHeader> RequestHeaders { get; init; } = [];

    /// <summary>The number of <c>request.cookies</c> objects (a sanitised export may keep them without the header).</summary>
    public int RequestCookieCount { get; init; }

    /// <summary><c>request.postData.text</c>, or null.</summary>
    public string? Body { get; init; }

    /// <summary><c>response.status</c>; 0 (or -1, Playwright) when no response was recorded.</summary>
    public int Status { get; init; }

    /// <summary><c>response.headers</c>, in order, duplicates kept.</summary>
    public IReadOnlyList<HttpHeader> ResponseHeaders { get; init; } = [];

    /// <summary><c>response.redirectURL</c>, or empty.</summary>
    public string RedirectUrl { get; init; } = "";

    /// <summary><c>response._error</c> (DevTools: the request's failure, e.g. <c>net::ERR_FAILED</c>), or null.</summary>
    public string? Error { get; init; }

    /// <summary><c>startedDateTime</c>, or null when missing or unreadable.</summary>
    public DateTimeOffset? Started { get; init; }

    /// <summary><c>_resourceType</c> (DevTools: <c>fetch</c>, <c>xhr</c>, <c>preflight</c>, <c>document</c>, …), or null.</summary>
    public string? ResourceType { get; init; }

    /// <summary><c>_initiator.type</c> (<c>script</c>, <c>parser</c>, <c>preflight</c>, <c>other</c>), or null.</summary>
    public string? InitiatorType { get; init; }

    /// <summary><c>_initiator.requestId</c>: for a preflight, the id of the request it was made for.</summary>
    public string? InitiatorRequestId { get; init; }

    /// <summary><c>_initiator.url</c>: for a preflight, the URL of the request it was made for.</summary>
    public string? InitiatorUrl { get; init; }

    /// <summary><c>_requestId</c>, when the writer records the entry's own id (DevTools does not; some tools do).</summary>
    public string? RequestId { get; init; }

    /// <summary><c>pageref</c>, or null.</summary>
    public string? PageRef { get; init; }

    /// <summary>True when a response was recorded (a status line arrived).</summary>
    public bool HasResponse => Status > 0;

    /// <summary>True when this entry is a CORS preflight: DevTools marks it (<c>_resourceType: "preflight"</c> or
    /// <c>_initiator.type: "preflight"</c>); other writers are recognised by the request itself, <c>OPTIONS</c> with
    /// <c>Access-Control-Request-Method</c> (Fetch §4.9 CORS-preflight fetch step 2).</summary>
    public bool IsPreflight => ResourceType == "preflight" || InitiatorType == "preflight"
        || (Method == "OPTIONS" && HeaderValues.Get(RequestHeaders, "access-control-request-method") is not null);
}
