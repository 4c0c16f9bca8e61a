namespace CorsKit.Cli.Gateway;

/// <summary>An upstream answer that cannot be forwarded as HTTP (<see cref="GatewayUpstreamHandler"/>): YARP reports it
/// as a failed request, so the client gets a 502 with CorsKit's headers and this reason.</summary>
internal sealed class UpstreamResponseException(string reason) : Exception(reason);
