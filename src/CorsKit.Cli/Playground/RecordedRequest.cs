namespace CorsKit.Cli.Playground;

/// <summary>One request that reached a live server: the listener's origin, the method, the request target as sent
/// (RFC 9112 §3.2) and the header lines (names in lower case, as HTTP/2 writes them and as the page shows them).</summary>
internal sealed record RecordedRequest(string Origin, string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers);
