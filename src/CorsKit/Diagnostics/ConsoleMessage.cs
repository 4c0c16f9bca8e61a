using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Diagnostics;

/// <summary>
/// One CORS error message found in pasted browser console text, with the fields DevTools reports for it
/// (<c>Network.loadingFailed.corsErrorStatus</c>: <c>corsError</c> and <c>failedParameter</c>).
/// </summary>
public sealed record ConsoleMessage
{
    /// <summary>The browser whose wording the message has.</summary>
    public required BrowserEngine Browser { get; init; }

    /// <summary>The API that made the request (<c>Access to fetch</c> / <c>Access to XMLHttpRequest</c>).</summary>
    public required Initiator Initiator { get; init; }

    /// <summary>The resource kind the message names: <c>fetch</c>, <c>XMLHttpRequest</c>, or another of Chromium's
    /// words (<c>script</c>, <c>font</c>, <c>CSS stylesheet</c>, …; <see cref="Initiator"/> is then
    /// <see cref="Initiator.Fetch"/>).</summary>
    public required string ResourceKind { get; init; }

    /// <summary>The URL whose response failed (the last redirect hop), as the message writes it.</summary>
    public required string Url { get; init; }

    /// <summary>The URL the script asked for when the request was redirected, else null.</summary>
    public string? RedirectedFrom { get; init; }

    /// <summary>The page's origin, as the message writes it (<c>null</c> for an opaque origin); empty when the message
    /// does not name it (Firefox's reasons, most WebKit details).</summary>
    public required string Origin { get; init; }

    /// <summary>Chromium's CorsError: the message's own for Chromium, the likeliest of <see cref="Candidates"/> for
    /// Firefox and Safari.</summary>
    public required ChromiumCorsError Code { get; init; }

    /// <summary>Every CorsError the message can stand for, likeliest first (one for Chromium; Firefox and WebKit word
    /// several of Chromium's errors alike, docs/browser-model.md "Cross-browser mapping").</summary>
    public IReadOnlyList<ChromiumCorsError> Candidates { get; init; } = [];

    /// <summary>Firefox's security.properties key, for a Firefox message.</summary>
    public FirefoxReason? FirefoxReason { get; init; }

    /// <summary>WebKit's message, for a Safari/WebKit message (the detail's; <see cref="Model.WebKitMessage.CannotLoad"/>
    /// when only the request line was there).</summary>
    public WebKitMessage? WebKitMessage { get; init; }

    /// <summary>The browser's own name for the message (<see cref="FirefoxReason"/> or <see cref="WebKitMessage"/>),
    /// null for Chromium (whose name is <see cref="Code"/>).</summary>
    public string? Reason => FirefoxReason?.ToString() ?? WebKitMessage?.ToString();

    /// <summary>The response status the message names (Firefox's and WebKit's <c>Status code: N</c>), else null.</summary>
    public int? StatusCode { get; init; }

    /// <summary>DevTools' <c>failedParameter</c>: the hint the message names, or empty when the code has none (the
    /// message's <c>\uXXXX</c> escapes decoded).</summary>
    public required string FailedParameter { get; init; }

    /// <summary>The value the message names when it is not the failed parameter (the address space of a Local
    /// Network Access error, the scheme list of CorsDisabledScheme), else empty.</summary>
    public string Hint { get; init; } = "";

    /// <summary>The request's method when the pasted text holds DevTools' companion line
    /// (<c>PUT https://… net::ERR_FAILED</c>) for the same URL, else null.</summary>
    public string? Method { get; init; }

    /// <summary>True when the error was raised on the preflight's response (the browser preflighted the request).</summary>
    public bool PreflightFailed => CorsFailures.IsPreflightError(Code);

    /// <summary>The message itself, from <c>Access to</c> on.</summary>
    public required string Text { get; init; }

    /// <summary>The 1-based line of the input the message was on.</summary>
    public required int Line { get; init; }

    internal Uri ParsedUrl { get; init; } = null!;

    internal Uri? ParsedRedirectedFrom { get; init; }

    internal Origin ParsedOrigin { get; init; } = Origins.Origin.Null;

    /// <summary>
    /// What the message means and the fix, in the words <c>corskit check</c> uses for the same CorsError (the model's
    /// own <see cref="CorsFailure"/>). Only what the message says is known: the credentials mode is <c>include</c>
    /// for the two credentials errors, the method only for MethodDisallowedByPreflightResponse, no response headers.
    /// </summary>
    public CorsFailure Explain()
    {
        var credentials = Code is ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed
            or ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials
            ? CredentialsMode.Include : CredentialsMode.SameOrigin;
        var request = new CorsRequest { Origin = ParsedOrigin, Url = ParsedRedirectedFrom ?? ParsedUrl, Initiator = Initiator, Credentials = credentials };
        var context = new FailureContext
        {
            Request = request,
            LastUrl = ParsedUrl,
            Method = Code == ChromiumCorsError.MethodDisallowedByPreflightResponse ? FailedParameter : Method ?? "",
            SerializedOrigin = SentOrigin(),
            // The status the message names, so the explanation can say it (no headers are known).
            Response = StatusCode is { } status ? new IncomingResponse { Status = status, Headers = [] } : null,
            UnsafeHeaderNames = Code == ChromiumCorsError.HeaderDisallowedByPreflightResponse && FailedParameter.Length > 0 ? [FailedParameter] : [],
        };
        return CorsFailures.Cors(Code, FailedParameter, context, Hint.Length > 0 ? Hint : null);
    }

    /// <summary>Stands for the page's origin when the message does not name it (Firefox's reasons, most WebKit
    /// details): a reserved example name (RFC 2606), so advice and commands read as templates to fill in.</summary>
    public static Origins.Origin UnknownOrigin { get; } = Origins.Origin.Parse("https://your-page.example");

    /// <summary>Stands for the URL when a pasted WebKit detail does not name one (its request line was not pasted).</summary>
    public static Uri UnknownUrl { get; } = new("https://your-api.example/");

    /// <summary>True when the message names the page's origin.</summary>
    public bool OriginKnown => Origin.Length > 0;

    /// <summary>The Origin the failing hop carried: <c>null</c> once a redirect crossed origins away from both the
    /// previous URL and the page (Chromium CheckTainted; Fetch §4.4 HTTP-redirect fetch step 13). Only the first and
    /// last URLs are known, so a chain that passed through a third origin is judged by its ends.</summary>
    private string SentOrigin()
    {
        if (ParsedRedirectedFrom is null || ParsedOrigin.IsOpaque)
        {
            return ParsedOrigin.Serialized;
        }

        var tainted = Origins.Origin.TryParse(ParsedUrl.AbsoluteUri, out var last) && Origins.Origin.TryParse(ParsedRedirectedFrom.AbsoluteUri, out var first)
            && !last.IsSameOrigin(first) && !last.IsSameOrigin(ParsedOrigin);
        return tainted ? "null" : ParsedOrigin.Serialized;
    }
}
