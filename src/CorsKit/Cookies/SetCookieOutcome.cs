namespace CorsKit.Cookies;

/// <summary>What the browser did with one <c>Set-Cookie</c> line of a response.</summary>
/// <param name="Line">The field value as received.</param>
/// <param name="Cookie">The cookie as stored (or as it would have been), null when the line did not parse.</param>
/// <param name="Rejection">Why it was not stored; null when it was stored (or deleted a cookie).</param>
public sealed record SetCookieOutcome(string Line, Cookie? Cookie, SetCookieRejection? Rejection)
{
    /// <summary>True when the cookie is now in the store.</summary>
    public bool Stored => Rejection is null && !Deleted;

    /// <summary>True when the line deleted the cookie (an expiry in the past, <c>Max-Age=0</c>).</summary>
    public bool Deleted { get; init; }

    /// <summary>Why the line was not stored, in one sentence; empty when stored.</summary>
    public string Explanation => Rejection is { } reason ? CookieReasons.Explain(reason, Cookie?.Name ?? "") : "";
}
