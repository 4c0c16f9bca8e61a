namespace CorsKit.Cookies;

/// <summary>What the browser decides about cookies for one request: the <c>Cookie</c> header (null when no cookie
/// goes) and a decision for every cookie it holds.</summary>
/// <param name="Url">The request's URL.</param>
/// <param name="Header">The <c>Cookie</c> header value, or null when no cookie is attached.</param>
/// <param name="Decisions">One decision per stored cookie, sent ones first in header order.</param>
public sealed record CookieAttachment(Uri Url, string? Header, IReadOnlyList<CookieDecision> Decisions)
{
    /// <summary>The cookies left out, each with its reason.</summary>
    public IEnumerable<CookieDecision> LeftOut => Decisions.Where(d => !d.Sent);
}
