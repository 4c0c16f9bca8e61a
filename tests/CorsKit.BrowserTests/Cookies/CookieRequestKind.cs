namespace CorsKit.BrowserTests.Cookies;

/// <summary>Which of a scenario's requests the server saw.</summary>
public enum CookieRequestKind
{
    /// <summary>The response that sets the cookie.</summary>
    Set,

    /// <summary>The page's reading <c>fetch()</c>.</summary>
    Read,

    /// <summary>The first-party probe from a top-level page on the setting host.</summary>
    Probe,
}
