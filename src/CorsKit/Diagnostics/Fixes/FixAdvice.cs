using CorsKit.Fetch;

namespace CorsKit.Diagnostics.Fixes;

/// <summary>What the server must send for the request to pass, and how to say it in the server's stack.</summary>
public sealed record FixAdvice
{
    /// <summary>The URL whose response failed (the last hop the browser reached).</summary>
    public required string Url { get; init; }

    /// <summary>The Access-Control-Allow-Origin value to send: the exact origin, <c>*</c> for an opaque origin without
    /// credentials, or null when no header can fix it safely (an opaque origin with credentials).</summary>
    public required string? Origin { get; init; }

    /// <summary>True when the server must send <c>Access-Control-Allow-Credentials: true</c>.</summary>
    public required bool Credentials { get; init; }

    /// <summary>True when the browser preflights the request.</summary>
    public required bool Preflight { get; init; }

    /// <summary>The request method.</summary>
    public required string Method { get; init; }

    /// <summary>The CORS-unsafe request headers the request carries (lowercase, sorted).</summary>
    public required IReadOnlyList<string> Headers { get; init; }

    /// <summary>Header lines the <c>OPTIONS</c> (preflight) response must carry, with a 2xx status; empty when no preflight.</summary>
    public required IReadOnlyList<HttpHeader> PreflightResponseHeaders { get; init; }

    /// <summary>Header lines the actual response must carry.</summary>
    public required IReadOnlyList<HttpHeader> ActualResponseHeaders { get; init; }

    /// <summary>The stack the responses point to, or null.</summary>
    public ServerStack? DetectedStack { get; init; }

    /// <summary>Configuration snippets: the detected stack's, the one <c>--stack</c> names, or every one with <c>--fix all</c>.</summary>
    public required IReadOnlyList<FixSnippet> Snippets { get; init; }
}
