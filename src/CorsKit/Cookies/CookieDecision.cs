namespace CorsKit.Cookies;

/// <summary>Whether one stored cookie goes with a request, and why not when it does not.</summary>
/// <param name="Cookie">The cookie.</param>
/// <param name="Exclusion">Why it is left out; null when it is sent.</param>
public sealed record CookieDecision(Cookie Cookie, CookieExclusion? Exclusion)
{
    /// <summary>True when the cookie is in the request's <c>Cookie</c> header.</summary>
    public bool Sent => Exclusion is null;

    /// <summary>Why the cookie is left out, in one sentence; empty when it is sent.</summary>
    public string Explanation => Exclusion is { } reason ? CookieReasons.Explain(reason, Cookie) : "";
}
