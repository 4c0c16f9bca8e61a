namespace CorsKit.BrowserTests.Cookies;

/// <summary>The engines (and engine settings) the cookie scenarios run in.</summary>
public enum CookieBrowser
{
    /// <summary>Debian's Chromium with a fresh ordinary profile (what a user gets on first start).</summary>
    Chromium,

    /// <summary>The same Chromium with third-party cookies allowed in the fresh profile's preferences
    /// (<c>profile.cookie_controls_mode</c> 0), the setting Google Chrome ships.</summary>
    ChromiumThirdPartyAllowed,

    /// <summary>Firefox ESR with a fresh profile (the shared test prefs, cookie prefs untouched).</summary>
    Firefox,

    /// <summary>WebKitGTK's MiniBrowser as started (cookie policy no-third-party, tracking prevention off).</summary>
    WebKit,

    /// <summary>MiniBrowser with <c>--enable-itp</c> (Intelligent Tracking Prevention, closer to Safari).</summary>
    WebKitItp,
}
