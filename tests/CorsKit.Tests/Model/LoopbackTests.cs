using System.Net;
using System.Net.Sockets;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.Tests.Model;

/// <summary>The model against a real Kestrel server on 127.0.0.1 over a real HTTP client transport.</summary>
public sealed class LoopbackTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private Uri _base = null!;
    private readonly HttpClient _client = new(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = false });

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.Run(async context =>
        {
            var origin = context.Request.Headers.Origin.ToString();
            var path = context.Request.Path.Value ?? "";
            if (path == "/redirect")
            {
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers.AccessControlAllowCredentials = "true";
                context.Response.Redirect($"http://localhost:{context.Request.Host.Port}/echo", permanent: false);
                return;
            }

            if (path != "/strict")
            {
                context.Response.Headers.AccessControlAllowOrigin = origin;
                context.Response.Headers.AccessControlAllowCredentials = "true";
                context.Response.Headers.Vary = "Origin";
            }

            if (HttpMethods.IsOptions(context.Request.Method))
            {
                context.Response.Headers.AccessControlAllowMethods = "PUT";
                context.Response.Headers.AccessControlAllowHeaders = "x-custom";
                context.Response.StatusCode = 204;
                return;
            }

            context.Response.Headers["X-Seen-Origin"] = origin;
            context.Response.Headers.AccessControlExposeHeaders = "X-Seen-Origin";
            await context.Response.WriteAsync("ok");
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _base = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<IncomingResponse> Send(OutgoingRequest request, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        if (request.Body is not null)
        {
            message.Content = new StringContent(request.Body);
            message.Content.Headers.Clear();
        }

        foreach (var h in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(h.Name, h.Value))
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation(h.Name, h.Value);
            }
        }

        try
        {
            using var response = await _client.SendAsync(message, ct);
            var headers = response.Headers.Concat(response.Content.Headers).SelectMany(kv => kv.Value.Select(v => new HttpHeader(kv.Key, v))).ToList();
            return new IncomingResponse { Status = (int)response.StatusCode, Headers = headers };
        }
        catch (HttpRequestException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            throw new TransportException("refused", ex.Message, ex);
        }
    }

    private CorsRequest Request(string path, string method = "GET", params HttpHeader[] headers) => new()
    {
        Origin = Origin.Parse("https://app.example"), Url = new Uri(_base, path), Method = method, Headers = headers, Credentials = CredentialsMode.Include, Body = method == "PUT" ? "x" : null,
    };

    [Fact]
    public async Task PreflightedCredentialedPutPasses()
    {
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("/api", "PUT", new HttpHeader("X-Custom", "1")), Send);
        Assert.True(verdict.Allowed, verdict.Failure?.ChromiumMessage);
        Assert.True(verdict.PreflightSent);
        Assert.Equal("x-custom", verdict.PreflightRequestHeaders);
        Assert.Equal(204, verdict.Exchanges[0].Response!.Status);
        Assert.Contains("x-seen-origin", verdict.ReadableHeaders);
    }

    [Fact]
    public async Task StrictEndpointIsBlockedWithTheMissingHeaderMessage()
    {
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("/strict"), Send);
        Assert.False(verdict.Allowed);
        Assert.Equal(ChromiumCorsError.MissingAllowOriginHeader, verdict.Failure!.Code);
        Assert.Equal($"Access to fetch at '{new Uri(_base, "/strict").AbsoluteUri}' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            verdict.Failure.ChromiumMessage);
    }

    [Fact]
    public async Task CrossOriginRedirectReachesTheServerWithNullOrigin()
    {
        // 127.0.0.1 → localhost is a cross-origin hop away from a URL that is not the page's origin: Origin becomes null.
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(Request("/redirect"), Send);
        Assert.True(verdict.Allowed, verdict.Failure?.ChromiumMessage);
        var last = verdict.Exchanges[^1].Response!;
        Assert.Equal("null", last.Headers.First(h => h.Name == "X-Seen-Origin").Value);
    }

    [Fact]
    public async Task ClosedPortIsConnectionRefused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var request = new CorsRequest { Origin = Origin.Parse("https://app.example"), Url = new Uri($"http://127.0.0.1:{port}/") };
        var verdict = await new BrowserModel(BrowserProfile.Chromium).RunAsync(request, Send);
        Assert.False(verdict.Allowed);
        Assert.Equal("net::ERR_CONNECTION_REFUSED", verdict.Failure!.NetworkError);
    }
}
