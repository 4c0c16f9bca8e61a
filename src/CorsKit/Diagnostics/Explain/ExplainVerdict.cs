namespace CorsKit.Diagnostics.Explain;

/// <summary>What <c>explain</c> concluded about one item.</summary>
public enum ExplainVerdict
{
    /// <summary>The browser blocks (or blocked) the response.</summary>
    Blocked,
    /// <summary>The browser lets the script read the response.</summary>
    Allowed,
    /// <summary>The input does not record what the verdict needs (a response, a preflight).</summary>
    Unknown,
    /// <summary>A copied request explained offline: what the browser sends; <c>--live</c> gets the server's answer.</summary>
    Predicted,
}
