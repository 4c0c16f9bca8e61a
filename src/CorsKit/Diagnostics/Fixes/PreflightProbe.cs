using CorsKit.Model;

namespace CorsKit.Diagnostics.Fixes;

/// <summary>One preflight CorsKit sent on its own to pin what a denied preflight refused. A browser never sends it:
/// output labels it as CorsKit's (text: "CorsKit's extra probes", JSON: <c>"sentBy": "corskit"</c>).</summary>
/// <param name="Purpose">What the probe asks, in plain words.</param>
/// <param name="Request">The preflight as sent (the browser's own headers, with Access-Control-Request-* changed).</param>
/// <param name="Response">The response, or null when the transport failed.</param>
/// <param name="Accepted">True when the browser model would accept this preflight.</param>
internal sealed record PreflightProbe(string Purpose, OutgoingRequest Request, IncomingResponse? Response, bool Accepted);
