using CorsKit.Fetch;

namespace CorsKit.Diagnostics.Explain;

/// <summary>What a copied command says, before it is mapped to a check request: every header as copied (browser-set
/// ones included), the referrer a <c>fetch</c> copy names, and the credentials mode when the copy states one.</summary>
internal sealed record CopiedParts
{
    public required string Url { get; init; }

    public string? Method { get; init; }

    public List<HttpHeader> Headers { get; init; } = [];

    public string? Body { get; init; }

    /// <summary><c>fetch</c>'s <c>referrer</c> option (a page URL), or null.</summary>
    public string? Referrer { get; init; }

    /// <summary><c>fetch</c>'s <c>credentials</c> option, or null when the copy does not state one (cURL, Node.js).</summary>
    public string? Credentials { get; init; }
}
