using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// One request to check, as the user wrote it (command-line options or one JSONL line). Nothing here is validated
/// yet: the CLI's check runner turns it into a <see cref="CorsRequest"/> and reports bad input as a result with an
/// input error, never an exception.
/// </summary>
internal sealed record CheckRequest
{
    /// <summary>A caller's label (batch <c>"id"</c>), echoed in the result.</summary>
    public string? Id { get; init; }

    /// <summary>The URL to fetch, as written.</summary>
    public required string Url { get; init; }

    /// <summary>The page's origin, as written (<c>https://app.example</c>, <c>null</c>, or any URL on the page's origin).</summary>
    public required string Origin { get; init; }

    /// <summary>The method the script passes to <c>fetch()</c>.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>Script-set headers, in order, as (name, value).</summary>
    public IReadOnlyList<HttpHeader> Headers { get; init; } = [];

    /// <summary><c>omit</c>, <c>same-origin</c> (the <c>fetch()</c> default) or <c>include</c>.</summary>
    public string Credentials { get; init; } = "same-origin";

    /// <summary>The request body, or null.</summary>
    public string? Body { get; init; }

    /// <summary>The <c>Cookie</c> header value the browser holds for the target, sent only when credentials are sent.</summary>
    public string? Cookie { get; init; }
}
