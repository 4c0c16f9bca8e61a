namespace CorsKit.Cookies;

/// <summary>One cookie line of a cookie-jar text: a cookie as the browser holds it (Netscape/curl format), or a
/// <c>Set-Cookie</c> line to be received as a response would set it.</summary>
/// <param name="Number">The 1-based line number in the text.</param>
/// <param name="Cookie">The held cookie of a Netscape line; null for a Set-Cookie line.</param>
/// <param name="SetCookie">The field value of a <c>Set-Cookie:</c> line; null for a Netscape line.</param>
public sealed record CookieJarLine(int Number, Cookie? Cookie, string? SetCookie);
