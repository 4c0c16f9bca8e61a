using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.Cli.Demo;

/// <summary>A real Kestrel server on 127.0.0.1 with an ephemeral port, answering every request with one delegate.
/// Loopback only: nothing here is reachable from another machine.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary><c>http://127.0.0.1:PORT/</c>.</summary>
    public Uri BaseAddress { get; }

    public static Task<LoopbackServer> StartAsync(RequestDelegate handler, CancellationToken cancellationToken = default) =>
        StartAsync(handler, new IPEndPoint(IPAddress.Loopback, 0), cancellationToken);

    /// <summary>Starts on <paramref name="endpoint"/> (port 0: an ephemeral port). The caller chooses a loopback address.</summary>
    public static async Task<LoopbackServer> StartAsync(RequestDelegate handler, IPEndPoint endpoint, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(endpoint);
            k.AddServerHeader = false;
            // Header values are bytes; browsers read them as Latin-1 (Fetch §2.2 "isomorphic decode"), so a response
            // may carry any character up to U+00FF as one byte, as a hand-written server would.
            k.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.Latin1;
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LoopbackServer(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
