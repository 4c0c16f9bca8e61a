namespace CorsKit.Model;

/// <summary>The browser engines CorsKit models.</summary>
public enum BrowserEngine
{
    /// <summary>Chromium (Chrome, Edge, Opera, …). The default; verified against Debian's Chromium.</summary>
    Chromium,
    /// <summary>Firefox (Gecko). Verified against Debian's Firefox ESR.</summary>
    Firefox,
    /// <summary>Safari (WebKit). Modelled from WebKit's sources only; not verified in a real browser here.</summary>
    Safari,
}

/// <summary>
/// Where one browser engine departs from the Fetch standard. Every field cites the source it was read from
/// (see docs/browser-model.md).
/// </summary>
public sealed partial class BrowserProfile
{
    /// <summary>The engine this profile describes.</summary>
    public required BrowserEngine Engine { get; init; }

    /// <summary>The lowercase name used on the command line: <c>chromium</c>, <c>firefox</c>, <c>safari</c>.</summary>
    public required string Name { get; init; }
}
