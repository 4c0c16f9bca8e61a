using CorsKit.Model;

namespace CorsKit.Diagnostics.Explain;

/// <summary>One browser's console text for a failure (issue 11, Diagnosis item 4), as check and explain show them.</summary>
/// <param name="Engine">The browser.</param>
/// <param name="Text">Its console text, verbatim; several lines when the browser logs a pair.</param>
public sealed record ConsoleLine(BrowserEngine Engine, string Text)
{
    /// <summary>Each browser's text for <paramref name="failure"/>, <paramref name="primary"/>'s first, then the others
    /// in <see cref="BrowserEngine"/> order; a browser with no text for it is left out.</summary>
    public static IReadOnlyList<ConsoleLine> For(CorsFailure failure, BrowserEngine primary) =>
        PrimaryFirst(Enum.GetValues<BrowserEngine>().Select(e => new ConsoleLine(e, failure.ConsoleMessage(e))).Where(l => l.Text.Length > 0), primary);

    /// <summary><paramref name="lines"/> with <paramref name="primary"/>'s first, the others in their order (the one
    /// ordering rule for check's and explain's <c>--browser</c>).</summary>
    public static IReadOnlyList<ConsoleLine> PrimaryFirst(IEnumerable<ConsoleLine> lines, BrowserEngine primary) =>
        [.. lines.OrderBy(l => l.Engine == primary ? 0 : 1)];

    /// <summary>The label the text output puts before it (<c>Chromium:</c>, padded to one width).</summary>
    public string Label => Engine switch
    {
        BrowserEngine.Firefox => "Firefox:  ",
        BrowserEngine.Safari => "Safari:   ",
        _ => "Chromium: ",
    };

    /// <summary>The key in JSON output: the profile name (<c>chromium</c>, <c>firefox</c>, <c>safari</c>).</summary>
    public string Key => Name(Engine);

    /// <summary>The profile name of <paramref name="engine"/>.</summary>
    public static string Name(BrowserEngine engine) => engine switch
    {
        BrowserEngine.Firefox => BrowserProfile.Firefox.Name,
        BrowserEngine.Safari => BrowserProfile.Safari.Name,
        _ => BrowserProfile.Chromium.Name,
    };
}
