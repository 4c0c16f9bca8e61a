namespace CorsKit.Model;

/// <summary>
/// Chromium's <c>network::mojom::CorsError</c> (services/network/public/mojom/cors.mojom), as DevTools reports it in
/// <c>Network.loadingFailed.corsErrorStatus.corsError</c>. The member names are the DevTools protocol's strings.
/// </summary>
public enum ChromiumCorsError
{
#pragma warning disable CS1591 // The names are Chromium's; docs/browser-model.md lists each with its message.
    DisallowedByMode,
    InvalidResponse,
    WildcardOriginNotAllowed,
    MissingAllowOriginHeader,
    MultipleAllowOriginValues,
    InvalidAllowOriginValue,
    AllowOriginMismatch,
    InvalidAllowCredentials,
    CorsDisabledScheme,
    PreflightInvalidStatus,
    PreflightDisallowedRedirect,
    PreflightWildcardOriginNotAllowed,
    PreflightMissingAllowOriginHeader,
    PreflightMultipleAllowOriginValues,
    PreflightInvalidAllowOriginValue,
    PreflightAllowOriginMismatch,
    PreflightInvalidAllowCredentials,
    InvalidAllowMethodsPreflightResponse,
    InvalidAllowHeadersPreflightResponse,
    MethodDisallowedByPreflightResponse,
    HeaderDisallowedByPreflightResponse,
    RedirectContainsCredentials,
    InsecureLocalNetwork,
    InvalidLocalNetworkAccess,
    LocalNetworkAccessPermissionDenied,
#pragma warning restore CS1591
}

/// <summary>Why a request failed, in each browser's words, and what the server must change.</summary>
public sealed record CorsFailure
{
    /// <summary>Chromium's CorsError, or null when the failure is not a CORS error (e.g. too many redirects).</summary>
    public ChromiumCorsError? Code { get; init; }

    /// <summary>Chromium's <c>failedParameter</c> (the offending value, method or header name); empty when none.</summary>
    public string FailedParameter { get; init; } = "";

    /// <summary>Chromium's console message, verbatim (<c>Access to fetch at '…' from origin '…' has been blocked by CORS policy: …</c>).</summary>
    public required string ChromiumMessage { get; init; }

    /// <summary>Firefox's reason code (<c>CORSMissingAllowOrigin</c>, …), as named on MDN's CORS error pages.</summary>
    public required string FirefoxReason { get; init; }

    /// <summary>Firefox's console text, verbatim (security.properties): the reason line, and for a failed preflight
    /// the <c>CORS request did not succeed</c> line Firefox logs after it; lines joined by <c>\n</c>. Empty when the
    /// request was never made.</summary>
    public string FirefoxMessage { get; init; } = "";

    /// <summary>Safari's (WebKit's) console text, verbatim: the detail (<c>Origin … is not allowed by
    /// Access-Control-Allow-Origin. Status code: 200</c>) and the request line (<c>Fetch API cannot load … due to access
    /// control checks.</c>), joined by <c>\n</c>. Empty when unknown (a network failure, a request never made).</summary>
    public string SafariMessage { get; init; } = "";

    /// <summary>The console text of <paramref name="engine"/>: what that browser's console shows for this failure.</summary>
    public string ConsoleMessage(BrowserEngine engine) => engine switch
    {
        BrowserEngine.Firefox => FirefoxMessage,
        BrowserEngine.Safari => SafariMessage,
        _ => ChromiumMessage,
    };

    /// <summary>A non-CORS network error name when the failure is not a CORS error (<c>net::ERR_TOO_MANY_REDIRECTS</c>).</summary>
    public string? NetworkError { get; init; }

    /// <summary>The transport's own failure (refused, DNS, TLS, timeout, reset), when that is why no response arrived.</summary>
    public TransportException? Transport { get; init; }

    /// <summary>A plain-language explanation of what went wrong.</summary>
    public required string Explanation { get; init; }

    /// <summary>The likely server-side causes, most common first (empty for failures that are not CORS errors).</summary>
    public IReadOnlyList<string> Causes { get; init; } = [];

    /// <summary>The fix, naming the exact header(s) and value(s) the server must send.</summary>
    public required string Fix { get; init; }

    /// <summary>This failure, its explanation, causes and fix rewritten from what <paramref name="refusal"/> found:
    /// the header or method a denied preflight refused instead of the Access-Control-Allow-Origin the browser reports
    /// missing. The browser's own code, parameter and console texts are kept.</summary>
    public CorsFailure WithRefusal(PreflightRefusal refusal, string serializedOrigin, string method)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        return CorsFailures.Refused(this, refusal, serializedOrigin, method);
    }
}
