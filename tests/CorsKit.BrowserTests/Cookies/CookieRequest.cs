namespace CorsKit.BrowserTests.Cookies;

/// <summary>One request as the server saw it: its <c>Cookie</c> header (null when absent).</summary>
public sealed record CookieRequest(string Run, int Id, CookieRequestKind Kind, string Host, string? Cookie);
