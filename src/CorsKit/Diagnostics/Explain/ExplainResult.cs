using CorsKit.Diagnostics.Har;

namespace CorsKit.Diagnostics.Explain;

/// <summary>Everything <c>explain</c> found in one input: the items, and for a HAR file the root causes across it.</summary>
public sealed record ExplainResult(ExplainInputKind Kind, IReadOnlyList<ExplainItem> Items)
{
    /// <summary>The HAR file's root causes (most frequent first); empty for other inputs.</summary>
    public IReadOnlyList<HarRootCause> RootCauses { get; init; } = [];

    /// <summary>What the reader says about the input as a whole (entries skipped, a sanitised export).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Why nothing was explained (the input holds no CORS error message, HAR request or copied request it can
    /// read), in one sentence; null when <see cref="Items"/> holds the explanation.</summary>
    public string? Error { get; init; }
}
