namespace CorsKit.Diagnostics.Har;

/// <summary>A HAR file as read by <see cref="HarReader"/>: who wrote it, its pages and its entries.</summary>
public sealed record HarLog
{
    /// <summary><c>log.creator.name</c> (<c>WebInspector</c> for Chromium DevTools, <c>Firefox</c>, <c>Playwright</c>), or empty.</summary>
    public string Creator { get; init; } = "";

    /// <summary><c>log.browser.name</c>, or empty.</summary>
    public string Browser { get; init; } = "";

    /// <summary><c>log.pages</c>.</summary>
    public IReadOnlyList<HarPage> Pages { get; init; } = [];

    /// <summary><c>log.entries</c>, in file order; entries too broken to use (no method or URL) are left out and counted in <see cref="Skipped"/>.</summary>
    public IReadOnlyList<HarEntry> Entries { get; init; } = [];

    /// <summary>How many entries were left out because they had no usable request.</summary>
    public int Skipped { get; init; }
}
