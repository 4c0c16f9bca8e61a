namespace CorsKit.Diagnostics.Fixes;

/// <summary>What a configuration snippet must allow.</summary>
/// <param name="Origin">The exact origin, or <c>*</c> (never null here: no snippet is written without a safe origin).</param>
/// <param name="Credentials">Allow credentials.</param>
/// <param name="Preflight">The request is preflighted.</param>
/// <param name="Method">The request's method.</param>
/// <param name="Methods">The methods to allow: what the server allows now plus the request's (empty: the defaults do).</param>
/// <param name="Headers">The request headers to allow: what the server allows now plus the request's.</param>
/// <param name="Added">The request's CORS-unsafe headers (marked as added in the snippet when missing now).</param>
internal sealed record FixNeed(string? Origin, bool Credentials, bool Preflight, string Method, IReadOnlyList<string> Methods, IReadOnlyList<string> Headers, IReadOnlyList<string> Added);
