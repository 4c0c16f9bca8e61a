namespace CorsKit.Scenarios;

/// <summary>Which browser model a scenario is judged by.</summary>
public enum ScenarioBrowser
{
    /// <summary>Chromium (Chrome, Edge).</summary>
    Chromium,
    /// <summary>Firefox.</summary>
    Firefox,
    /// <summary>Safari (WebKit).</summary>
    Safari,
    /// <summary>All three side by side.</summary>
    All,
}
