namespace CorsKit.Model;

/// <summary>
/// The Fetch standard's CORS algorithm as one browser runs it. It decides whether a preflight is needed, builds the
/// preflight and actual requests exactly as the browser would, evaluates each response (the CORS check, the preflight
/// checks, redirect rules), keeps a preflight cache, and reports the outcome with Chromium's and Firefox's error names.
/// </summary>
public sealed partial class BrowserModel
{
    /// <summary>Creates a model of <paramref name="profile"/> with an empty preflight cache.</summary>
    public BrowserModel(BrowserProfile profile)
    {
        Profile = profile;
    }

    /// <summary>The browser this model follows.</summary>
    public BrowserProfile Profile { get; }
}
