using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CorsKit.Relay.Tests;

/// <summary>
/// A real API on Kestrel, listening on 127.0.0.1 and [::1] (same port): the third-party API the relay reaches in the
/// loopback tests. It records every request it receives (method, path, Cookie, Authorization) and answers with its own
/// CORS and Set-Cookie headers, which the relay must not pass on.
/// </summary>
internal sealed class LocalApi : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LocalApi(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string V4 => $"http://127.0.0.1:{Port}";

    public ConcurrentQueue<(string Method, string Path, string? Cookie, string? Authorization, string Body)> Seen { get; } = new();

    public static async Task<LocalApi> StartAsync()
    {
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Listen(IPAddress.IPv6Loopback, port);
        });
        var app = builder.Build();
        var api = new LocalApi(app, port);
        app.Run(async context =>
        {
            var request = context.Request;
            var body = await new StreamReader(request.Body).ReadToEndAsync();
            var cookie = request.Headers.Cookie.Count == 0 ? null : request.Headers.Cookie.ToString();
            var authorization = request.Headers.Authorization.Count == 0 ? null : request.Headers.Authorization.ToString();
            api.Seen.Enqueue((request.Method, request.Path + request.QueryString, cookie, authorization, body));
            var response = context.Response;
            switch (request.Path.Value)
            {
                case "/redirect":
                    response.StatusCode = int.Parse(request.Query["status"].FirstOrDefault() ?? "302", System.Globalization.CultureInfo.InvariantCulture);
                    response.Headers.Location = request.Query["to"].ToString();
                    return;
                case "/loop":
                    response.StatusCode = 302;
                    response.Headers.Location = "/loop";
                    return;
                case "/big":
                    response.ContentLength = 100;
                    await response.WriteAsync(new string('x', 100));
                    return;
                case "/big-chunked":
                    for (var i = 0; i < 10; i++)
                    {
                        await response.WriteAsync(new string('x', 100));
                        await response.Body.FlushAsync();
                    }

                    return;
            }

            response.Headers.AccessControlAllowOrigin = "*";
            response.Headers.AccessControlAllowCredentials = "true";
            response.Headers.SetCookie = "session=upstream; Path=/";
            response.Headers["X-Api"] = "items";
            response.ContentType = "application/json";
            await response.WriteAsync($"{{\"method\":\"{request.Method}\",\"path\":\"{request.Path}\",\"body\":\"{body}\"}}");
        });
        await app.StartAsync();
        return api;
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
