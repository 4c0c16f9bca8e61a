using CorsKit.Fetch;
using CorsKit.Origins;

namespace CorsKit.Model;

/// <summary>The request's credentials mode (Fetch §2.2.5 "credentials mode").</summary>
public enum CredentialsMode
{
    /// <summary><c>omit</c>: never send cookies or HTTP auth.</summary>
    Omit,
    /// <summary><c>same-origin</c> (the <c>fetch()</c> default): credentials only when same-origin.</summary>
    SameOrigin,
    /// <summary><c>include</c>: always send credentials; the response must then allow them.</summary>
    Include,
}

/// <summary>Which web API started the request; Chromium words its console message after it.</summary>
public enum Initiator
{
    /// <summary><c>fetch()</c>: the console says "Access to fetch at …".</summary>
    Fetch,
    /// <summary><c>XMLHttpRequest</c>: the console says "Access to XMLHttpRequest at …".</summary>
    XmlHttpRequest,
}

/// <summary>
/// A request as a page script makes it: <c>fetch(Url, { method, headers, credentials, body })</c> from a page on
/// <see cref="Origin"/>. Header names and values are as the script passed them; the model applies the browser's
/// normalisation, forbidden-header filtering and safelisting.
/// </summary>
public sealed record CorsRequest
{
    /// <summary>The page's origin (the request's origin). <see cref="Origins.Origin.Null"/> for an opaque origin.</summary>
    public required Origin Origin { get; init; }

    /// <summary>The absolute http(s) URL requested.</summary>
    public required Uri Url { get; init; }

    /// <summary>The method as the script wrote it (the model normalises <c>put</c> to <c>PUT</c>, not <c>patch</c>).</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Headers the script set, in order; duplicates allowed.</summary>
    public IReadOnlyList<HttpHeader> Headers { get; init; } = [];

    /// <summary>True when the script passed a <c>Headers</c> object (<c>const h = new Headers(); h.append(…);
    /// fetch(url, { headers: h })</c>) instead of a sequence or record. A <c>Headers</c> object hands its entries over
    /// combined, so Firefox then safelists the combined value and lists a repeated name once; with a sequence such as
    /// <c>[["x-a","1"],["X-A","2"]]</c> it judges and lists each entry (see
    /// <see cref="BrowserProfile.SafelistsSequenceEntriesSeparately"/>). No effect in Chromium.</summary>
    public bool HeadersObject { get; init; }

    /// <summary>The credentials mode; <c>fetch()</c> defaults to <see cref="CredentialsMode.SameOrigin"/>.</summary>
    public CredentialsMode Credentials { get; init; } = CredentialsMode.SameOrigin;

    /// <summary>The request body, or null for none. Its presence never forces a preflight by itself.</summary>
    public string? Body { get; init; }

    /// <summary>The Fetch "use-CORS-preflight flag" (XHR upload listeners, streaming bodies): forces a preflight.</summary>
    public bool ForcePreflight { get; init; }

    /// <summary>An <c>XMLHttpRequest</c> with listeners on <c>xhr.upload</c>. XHR <c>send()</c> step 4 sets the
    /// use-CORS-preflight flag when there is a body; Firefox preflights such a request even without one (observed in
    /// Firefox ESR 153). Setting <see cref="ForcePreflight"/> directly forces the preflight in every profile.</summary>
    public bool UploadListener { get; init; }

    /// <summary>The API that made the request; shapes Chromium's console message.</summary>
    public Initiator Initiator { get; init; } = Initiator.Fetch;
}
