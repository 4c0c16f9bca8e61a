using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

/// <summary>What kind of failure a check ended with; decides the exit code.</summary>
internal enum CheckErrorKind
{
    /// <summary>The browser blocked the response by CORS (exit code 1).</summary>
    Cors,
    /// <summary>The request failed below CORS: refused, DNS, TLS, timeout, reset, too many redirects (exit code 2).</summary>
    Network,
    /// <summary>The input could not be used: bad URL, origin, header, method, JSONL line (exit code 2).</summary>
    Input,
}

/// <summary>A request as it went (or would have gone) on the wire.</summary>
/// <param name="Method">The method.</param>
/// <param name="Url">The absolute URL.</param>
/// <param name="Headers">The header lines, in order (including <c>Cookie</c> when one was attached).</param>
internal sealed record WireRequest(string Method, string Url, IReadOnlyList<HttpHeader> Headers);

/// <summary>A response as received.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Headers">Every header line, in order, duplicates kept.</param>
internal sealed record WireResponse(int Status, IReadOnlyList<HttpHeader> Headers);

/// <summary>One request/response pair of the transcript.</summary>
/// <param name="Kind">Preflight or actual request.</param>
/// <param name="Sent">False when the browser would have sent it but stopped before (e.g. the preflight failed).</param>
/// <param name="Request">The request.</param>
/// <param name="Response">The response, or null when none arrived (not sent, or a network failure).</param>
internal sealed record CheckExchange(ExchangeKind Kind, bool Sent, WireRequest Request, WireResponse? Response);

/// <summary>Why a check did not end with an allowed response.</summary>
internal sealed record CheckError
{
    /// <summary>CORS block, network failure or bad input.</summary>
    public required CheckErrorKind Kind { get; init; }

    /// <summary>Chromium's CorsError name (<c>PreflightMissingAllowOriginHeader</c>), or null when not a CORS error.</summary>
    public string? Code { get; init; }

    /// <summary>Chromium's failed parameter; empty when none.</summary>
    public string Parameter { get; init; } = "";

    /// <summary>Chromium's console message verbatim for a CORS error; the DevTools network-error line for a network
    /// failure; the input problem in one sentence for bad input.</summary>
    public required string Message { get; init; }

    /// <summary>Firefox's reason code, or null for bad input.</summary>
    public string? Firefox { get; init; }

    /// <summary>Each browser's console text for the failure, the checked browser's first (empty for bad input).</summary>
    public IReadOnlyList<ConsoleLine> Consoles { get; init; } = [];

    /// <summary>For a network failure: <c>refused</c>, <c>dns</c>, <c>tls</c>, <c>timeout</c>, <c>reset</c>,
    /// <c>network</c> (transport), or <c>redirects</c> (too many redirects); otherwise null.</summary>
    public string? Network { get; init; }

    /// <summary>Chromium's net error name for a network failure (<c>net::ERR_CONNECTION_REFUSED</c>); otherwise null.</summary>
    public string? NetError { get; init; }

    /// <summary>Why, in plain words.</summary>
    public string? Explanation { get; init; }
}

/// <summary>The outcome of one <c>corskit check</c>: the transcript, the verdict, and the fix.</summary>
internal sealed record CheckResult
{
    /// <summary>The 1-based input line in batch mode; null for a single check.</summary>
    public int? Line { get; init; }

    /// <summary>The caller's label from the batch line's <c>"id"</c>, or null.</summary>
    public string? Id { get; init; }

    /// <summary>The URL requested, as written.</summary>
    public required string Url { get; init; }

    /// <summary>The page origin, serialized when it parsed, else as written.</summary>
    public required string Origin { get; init; }

    /// <summary>The browser modelled (<c>chromium</c>, <c>firefox</c>, <c>safari</c>).</summary>
    public required string Browser { get; init; }

    /// <summary>The method as the script wrote it.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The credentials mode.</summary>
    public string Credentials { get; init; } = "same-origin";

    /// <summary>The headers the script set, as given (before the browser drops forbidden ones).</summary>
    public IReadOnlyList<HttpHeader> Headers { get; init; } = [];

    /// <summary>The request body, or null.</summary>
    public string? Body { get; init; }

    /// <summary>True when the script receives the response.</summary>
    public bool Allowed { get; init; }

    /// <summary>The first preflight, or null when none was needed.</summary>
    public CheckExchange? Preflight { get; init; }

    /// <summary>The first actual request (sent or not), or null when the request could not be made at all.</summary>
    public CheckExchange? Actual { get; init; }

    /// <summary>Every exchange after the first actual request (redirect hops, and preflights they needed), in order.</summary>
    public IReadOnlyList<CheckExchange> Redirects { get; init; } = [];

    /// <summary>Why it failed, or null when allowed.</summary>
    public CheckError? Error { get; init; }

    /// <summary>Response header names a script can read (lowercase, sorted); empty when blocked.</summary>
    public IReadOnlyList<string> ReadableHeaders { get; init; } = [];

    /// <summary>Script-set headers the browser dropped silently (forbidden names).</summary>
    public IReadOnlyList<string> DroppedHeaders { get; init; } = [];

    /// <summary>Things the browser may do that the verdict cannot show (Chromium's Local Network Access prompt).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>What the verdict alone does not say: an echoed origin (audit tells), a cookie left out by the credentials mode.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>The fix in one paragraph (the model's wording), or null when allowed.</summary>
    public string? Fix { get; init; }

    /// <summary>The headers the server must send and per-stack configuration, or null when allowed or not applicable.</summary>
    public FixAdvice? Advice { get; init; }

    /// <summary>What CorsKit's extra probes (never sent by a browser) found about a preflight denied without CORS
    /// headers, or null when none were sent.</summary>
    public CheckDiagnosis? Diagnosis { get; init; }

    /// <summary>0 allowed, 1 blocked by CORS, 2 network failure or bad input.</summary>
    public int ExitCode => Error?.Kind switch
    {
        null => Allowed ? 0 : 1,
        CheckErrorKind.Cors => 1,
        _ => Program.UsageError,
    };

    /// <summary>A result for input that could not be used.</summary>
    public static CheckResult InputError(CheckRequest request, string browser, string message, int? line = null) => new()
    {
        Line = line,
        Id = request.Id,
        Url = request.Url,
        Origin = request.Origin,
        Browser = browser,
        Method = request.Method,
        Credentials = request.Credentials,
        Headers = request.Headers,
        Body = request.Body,
        Error = new CheckError { Kind = CheckErrorKind.Input, Message = message },
    };
}
