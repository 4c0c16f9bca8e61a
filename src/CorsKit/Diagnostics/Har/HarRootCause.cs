namespace CorsKit.Diagnostics.Har;

/// <summary>One root cause across a HAR file: a CorsError (or network error) and how many requests it blocked.</summary>
/// <param name="Cause">Chromium's CorsError name, or the network error (<c>net::ERR_…</c>).</param>
/// <param name="Count">Blocked requests with this cause.</param>
/// <param name="Fix">The model's fix for the first of them.</param>
/// <param name="Urls">The distinct URLs blocked by it, in file order.</param>
public sealed record HarRootCause(string Cause, int Count, string Fix, IReadOnlyList<string> Urls);
