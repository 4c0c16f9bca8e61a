namespace CorsKit.Diagnostics.Explain;

/// <summary>What the user gave <c>corskit explain</c> (issue 11, "Inputs"). Detected from the content, or forced
/// with <c>--kind</c>.</summary>
public enum ExplainInputKind
{
    /// <summary>Browser console text: one or many pasted lines.</summary>
    ConsoleText,
    /// <summary>A HAR export (DevTools "Save all as HAR", Firefox, Playwright).</summary>
    Har,
    /// <summary>DevTools "Copy as cURL" (bash or cmd).</summary>
    Curl,
    /// <summary>DevTools "Copy as fetch" / "Copy as fetch (Node.js)".</summary>
    Fetch,
}
