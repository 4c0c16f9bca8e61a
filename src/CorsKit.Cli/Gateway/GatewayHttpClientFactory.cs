using Yarp.ReverseProxy.Forwarder;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// YARP's upstream client (one <c>SocketsHttpHandler</c> per cluster: no proxy, no redirects, no decompression, no
/// cookies), with the gateway's connect timeout (YARP fixes it at 15 s, our default too) and the
/// <see cref="GatewayUpstreamHandler"/> checks in front of it.
/// </summary>
internal sealed class GatewayHttpClientFactory(TimeSpan connectTimeout) : ForwarderHttpClientFactory
{
    protected override void ConfigureHandler(ForwarderHttpClientContext context, SocketsHttpHandler handler)
    {
        base.ConfigureHandler(context, handler);
        handler.ConnectTimeout = connectTimeout;
    }

    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        new GatewayUpstreamHandler(base.WrapHandler(context, handler));
}
