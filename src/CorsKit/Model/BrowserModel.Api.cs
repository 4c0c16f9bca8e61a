using CorsKit.Fetch;

namespace CorsKit.Model;

// The model's public entry points; the algorithm lives in BrowserModel.Run.cs, RequestClassifier, Preflight and ResponseFilter.
public sealed partial class BrowserModel
{
    /// <summary>
    /// Runs <paramref name="request"/> as the browser would, sending each request through <paramref name="transport"/>:
    /// the preflight when needed (or a cache hit), the actual request, and each redirect hop (CORS mode follows up to
    /// 20 redirects, tainting the origin to <c>null</c> after a cross-origin hop). Transport failures become a verdict
    /// whose failure has <see cref="CorsFailure.NetworkError"/> set; they are never thrown.
    /// </summary>
    public Task<CorsVerdict> RunAsync(CorsRequest request, CorsTransport transport, CancellationToken cancellationToken = default)
        => RunCoreAsync(request, transport, null, cancellationToken);

    /// <summary>
    /// Runs <paramref name="request"/> as <see cref="RunAsync(CorsRequest, CorsTransport, CancellationToken)"/> does,
    /// with <paramref name="onWire"/> completing each request before it is sent (the headers a browser adds on its own:
    /// User-Agent, Sec-Fetch-*, cookies). The completed request is what <paramref name="transport"/> receives and what
    /// <see cref="Exchange.Wire"/> records; the CORS algorithm never sees the additions.
    /// </summary>
    public Task<CorsVerdict> RunAsync(CorsRequest request, CorsTransport transport, Func<OutgoingRequest, OutgoingRequest> onWire, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onWire);
        return RunCoreAsync(request, transport, onWire, cancellationToken);
    }

    /// <summary>Forgets every cached preflight.</summary>
    public void ClearPreflightCache() => _cache.Clear();
}

public sealed partial class BrowserProfile
{
    /// <summary>Chromium: the default profile.</summary>
    public static BrowserProfile Chromium { get; } = new()
    {
        Engine = BrowserEngine.Chromium,
        Name = "chromium",
        Version = "156",
        UserAgentIsForbidden = true,
        SafelistsClientHints = true,
        MaxPreflightMaxAge = TimeSpan.FromSeconds(7200),
        CacheStyle = PreflightCacheStyle.ReplacePerUrl,
        DropsClientHintsOnRedirectAwayFromPage = true,
        AbortsSameOriginRedirectWithCredentials = true,
    };

    /// <summary>Firefox.</summary>
    public static BrowserProfile Firefox { get; } = new()
    {
        Engine = BrowserEngine.Firefox,
        Name = "firefox",
        Version = "153 ESR",
        MaxPreflightMaxAge = TimeSpan.FromSeconds(86400),
        CacheStyle = PreflightCacheStyle.PerMethodAndHeader,
        UnparseableMaxAgeDisablesCache = true,
        CacheExemptsOnlyGetAndPost = true,
        ContentTypeListsAreNotSafelisted = true,
        SafelistsSequenceEntriesSeparately = true,
        RelistsDroppedBodyHeaders = true,
        PreflightUsesPageOrigin = true,
        SkipsPreflightCorsCheckOnPageOrigin = true,
        PreflightsEveryHopAfterAPreflight = true,
        ReusesPreflightCache = false,
        UploadListenerPreflightsWithoutBody = true,
    };

    /// <summary>Safari: WebKit's CORS code (WebCore and the network process), verified against WebKitGTK 2.50's
    /// MiniBrowser by tests/CorsKit.BrowserTests.</summary>
    public static BrowserProfile Safari { get; } = new()
    {
        Engine = BrowserEngine.Safari,
        Name = "safari",
        Version = "WebKitGTK 2.50",
        MaxPreflightMaxAge = TimeSpan.FromSeconds(600),
        CacheStyle = PreflightCacheStyle.ReplacePerUrl,
        UploadListenerPreflightsWithoutBody = true,
        PreflightsEveryHopAfterAPreflight = true,
        PreflightsWithOriginalRequestHeaders = true,
        RedirectsCrossOriginDeleteAsGet = true,
        RechecksRedirectsInWebProcess = true,
        KeepsOriginOnSameOriginRedirect = true,
        XhrSendSetsCharsetToUtf8 = true,
        CachesRefusedPreflights = true,
        NeverReusesOpaqueOriginPreflights = true,
    };

    /// <summary>The profile named <paramref name="name"/> (<c>chromium</c>, <c>firefox</c>, <c>safari</c>), case-insensitive.</summary>
    public static bool TryGet(string? name, out BrowserProfile profile)
    {
        BrowserProfile? found = name?.ToLowerInvariant() switch
        {
            "chromium" or "chrome" => Chromium,
            "firefox" => Firefox,
            "safari" or "webkit" => Safari,
            _ => null,
        };
        profile = found ?? Chromium;
        return found is not null;
    }
}

/// <summary>How the browser sees a request before anything is sent.</summary>
public sealed record RequestClassification
{
    /// <summary>The method after normalisation (<c>put</c> → <c>PUT</c>; <c>patch</c> unchanged).</summary>
    public required string Method { get; init; }

    /// <summary>True when the request's URL is cross-origin to the page (CORS applies).</summary>
    public required bool IsCrossOrigin { get; init; }

    /// <summary>The header lines the browser sends for the script (forbidden ones removed; a default
    /// <c>Content-Type: text/plain;charset=UTF-8</c> added for a string body with none).</summary>
    public required IReadOnlyList<HttpHeader> Headers { get; init; }

    /// <summary>Script headers the browser silently dropped, as written.</summary>
    public required IReadOnlyList<string> DroppedHeaders { get; init; }

    /// <summary>The CORS-unsafe request-header names as the preflight lists them: lowercase, byte-sorted and
    /// de-duplicated (Firefox, given a header sequence, lists one per unsafe entry, see
    /// <see cref="BrowserProfile.SafelistsSequenceEntriesSeparately"/>).</summary>
    public required IReadOnlyList<string> UnsafeHeaderNames { get; init; }

    /// <summary>The surviving script entries before combining (values normalised), in order.</summary>
    internal IReadOnlyList<HttpHeader> Entries { get; init; } = [];

    /// <summary>True when the unsafe names are computed per entry (Firefox with a header sequence).</summary>
    internal bool PerEntry { get; init; }

    /// <summary>The exact <c>Access-Control-Request-Headers</c> value (names joined by <c>,</c>), or null when none.</summary>
    public string? AccessControlRequestHeaders => UnsafeHeaderNames.Count == 0 ? null : string.Join(',', UnsafeHeaderNames);

    /// <summary>True when a preflight is needed (ignoring the preflight cache).</summary>
    public required bool NeedsPreflight { get; init; }

    /// <summary>Set when the request cannot be made at all (forbidden method: <c>fetch()</c> throws a TypeError).</summary>
    public string? Error { get; init; }
}

public sealed partial class BrowserModel
{
    /// <summary>Classifies <paramref name="request"/> as this browser does (no I/O).</summary>
    public RequestClassification Classify(CorsRequest request) => RequestClassifier.Classify(request, Profile);

    /// <summary>
    /// Judges one preflight response as this browser would (Fetch §4.9 CORS-preflight fetch steps 5-7, in Chromium's
    /// order: redirect, CORS check, ok status, the two lists, the method, each header). Null when it passes, else the
    /// CorsError. For callers that send preflights of their own (check's extra probes) and must not re-implement the rule.
    /// </summary>
    public ChromiumCorsError? JudgePreflight(IncomingResponse response, string serializedOrigin, CredentialsMode credentials, string method, IReadOnlyList<string> unsafeHeaderNames)
    {
        ArgumentNullException.ThrowIfNull(response);
        return PreflightEvaluator.Evaluate(response, serializedOrigin, credentials, method, unsafeHeaderNames, Profile).Error;
    }

    /// <summary>The response header names (lowercase, sorted) a script can read from a CORS response.</summary>
    public IReadOnlyList<string> ReadableHeaders(IncomingResponse response, CredentialsMode credentials)
        => ResponseFilter.ReadableHeaders(response, credentials, Profile);
}
