using CorsKit.Model;

namespace CorsKit.Diagnostics.Explain;

/// <summary>What <see cref="CorsExplainer"/> cannot read from the input itself; every option may be left out.</summary>
public sealed record ExplainOptions
{
    /// <summary>What the input is; null: recognised from the content (a JSON object with <c>log</c> is a HAR, text
    /// starting with <c>curl</c> or <c>fetch(</c> a copied request, anything else console text).</summary>
    public ExplainInputKind? Kind { get; init; }

    /// <summary>Whose console text comes first in <see cref="ExplainItem.Consoles"/>; null: the browser the input came from.</summary>
    public BrowserEngine? Browser { get; init; }

    /// <summary>The <c>fetch()</c> credentials mode of a HAR's requests (a HAR does not record it); null: from a Cookie
    /// header, else both outcomes. Only for a HAR file.</summary>
    public CredentialsMode? Credentials { get; init; }

    /// <summary>The page's origin for a copied request; null: its Origin or Referer header. Only for a copied request.</summary>
    public string? Origin { get; init; }
}
