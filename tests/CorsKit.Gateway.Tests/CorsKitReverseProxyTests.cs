using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CorsKit.Gateway.Tests;

/// <summary>
/// A YARP app configured from appsettings-style JSON, with CorsKit on its routes (the docs' snippet,
/// <see cref="ReadmeSnippet"/>), in front of a real Kestrel upstream on 127.0.0.1 that does CORS badly: it reflects
/// <c>*</c> with credentials and answers every request.
/// </summary>
public sealed class CorsKitReverseProxyTests : IAsyncLifetime
{
    private const string App = "https://app.example.com";
    private const string Evil = "https://evil.example.net";

    private readonly ConcurrentQueue<string> _seen = new();
    private WebApplication _upstream = null!;
    private WebApplication _proxy = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _upstream = await StartUpstreamAsync(_seen);
        var up = Address(_upstream);
        _proxy = await StartProxyAsync(Config(up));
        _client = new HttpClient { BaseAddress = new Uri(Address(_proxy)) };
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Preflight_on_a_named_policy_route_is_answered_by_corskit_and_never_forwarded()
    {
        using var response = await _client.SendAsync(Preflight("/api/orders", App, "PUT"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([App], Values(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["PUT"], Values(response, "Access-Control-Allow-Methods"));
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task Denied_preflight_is_403_without_cors_headers_and_never_forwarded()
    {
        using var response = await _client.SendAsync(Preflight("/api/orders", Evil, "PUT"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(Values(response, "Access-Control-Allow-Origin"));
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task Upstream_cors_headers_are_replaced_by_corskits()
    {
        using var allowed = await _client.SendAsync(Get("/api/orders", App));
        using var denied = await _client.SendAsync(Get("/api/orders", Evil));

        Assert.Equal("up /api/orders", await allowed.Content.ReadAsStringAsync());
        Assert.Equal([App], Values(allowed, "Access-Control-Allow-Origin"));
        // The upstream sent "Access-Control-Allow-Credentials: true"; the policy allows no credentials.
        Assert.Empty(Values(allowed, "Access-Control-Allow-Credentials"));
        Assert.Equal(["Origin, Accept-Encoding"], Values(allowed, "Vary"));
        Assert.Empty(Values(denied, "Access-Control-Allow-Origin"));
        Assert.Empty(Values(denied, "Access-Control-Allow-Credentials"));
        Assert.Equal(["Origin, Accept-Encoding"], Values(denied, "Vary"));
    }

    [Fact]
    public async Task Inline_policy_on_a_get_only_route_still_sees_its_preflight()
    {
        // The route matches GET only; without CorsKit, routing would answer the OPTIONS preflight 405.
        using var preflight = await _client.SendAsync(Preflight("/inline/x", App, "GET", "X-Trace"));
        using var post = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/inline/x"));

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal([App], Values(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal(["X-Trace"], Values(preflight, "Access-Control-Allow-Headers"));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        Assert.Empty(_seen);
    }

    [Fact]
    public async Task Proxy_own_502_carries_the_cors_headers()
    {
        using var response = await _client.SendAsync(Get("/down/x", App));

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal([App], Values(response, "Access-Control-Allow-Origin"));
        Assert.Contains("Origin", Values(response, "Vary").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_only_route_forwards_preflights_and_keeps_the_upstreams_cors()
    {
        using var preflight = await _client.SendAsync(Preflight("/report/x", Evil, "DELETE"));
        using var actual = await _client.SendAsync(Get("/report/x", Evil));

        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode);
        Assert.Equal(["*"], Values(preflight, "Access-Control-Allow-Origin"));
        Assert.Equal(["*"], Values(actual, "Access-Control-Allow-Origin"));
        Assert.Equal(["OPTIONS /report/x", "GET /report/x"], _seen);
    }

    [Fact]
    public async Task Route_without_corskit_metadata_is_left_alone()
    {
        using var response = await _client.SendAsync(Get("/plain/x", Evil));

        Assert.Equal(["*"], Values(response, "Access-Control-Allow-Origin"));
        Assert.Equal(["true"], Values(response, "Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Disable_turns_cors_off_but_still_removes_the_upstreams_headers()
    {
        using var preflight = await _client.SendAsync(Preflight("/off/x", App, "PUT"));
        using var actual = await _client.SendAsync(Get("/off/x", App));

        Assert.Equal(HttpStatusCode.OK, preflight.StatusCode); // forwarded: the upstream answers it
        Assert.Empty(Values(preflight, "Access-Control-Allow-Origin"));
        Assert.Empty(Values(actual, "Access-Control-Allow-Origin"));
        Assert.Equal(["OPTIONS /off/x", "GET /off/x"], _seen);
    }

    [Fact]
    public async Task A_route_with_both_corspolicy_and_corskit_is_rejected_at_start()
    {
        var config = Config(Address(_upstream)).Replace("\"Metadata\": { \"CorsKit\": \"web\" }", "\"CorsPolicy\": \"Default\", \"Metadata\": { \"CorsKit\": \"web\" }");
        var error = await Assert.ThrowsAnyAsync<Exception>(() => StartProxyAsync(config));

        Assert.Contains("Route 'api' sets both CorsPolicy ('Default') and CorsKit metadata; CorsKit answers CORS on this route, so remove CorsPolicy.", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_policy_name_and_invalid_inline_policy_are_rejected_at_start()
    {
        var config = Config(Address(_upstream))
            .Replace("\"CorsKit\": \"web\"", "\"CorsKit\": \"wbe\"")
            .Replace("{\\\"origins\\\": [\\\"https://app.example.com\\\"], \\\"requestHeaders\\\"", "{\\\"origins\\\": [\\\"https://app.example.com/\\\"], \\\"requestHeaders\\\"");
        var error = Flatten(await Assert.ThrowsAnyAsync<Exception>(() => StartProxyAsync(config)));

        Assert.Contains("Route 'api': CorsKit policy 'wbe' is not defined (CorsKit:Policies:wbe or AddPolicy).", error, StringComparison.Ordinal);
        Assert.Contains("Route 'inline': CorsKit policy: ", error, StringComparison.Ordinal);
        Assert.Contains("trailing slash", error, StringComparison.Ordinal);
    }

    private static string Flatten(Exception error) => error is AggregateException aggregate
        ? string.Join("\n", aggregate.Flatten().InnerExceptions.Select(Flatten))
        : error.Message + (error.InnerException is null ? "" : "\n" + Flatten(error.InnerException));

    /// <summary>appsettings.json of a YARP app: CorsKit policies and YARP routes, one per case.</summary>
    private static string Config(string upstream)
    {
        var inline = "{\\\"origins\\\": [\\\"https://app.example.com\\\"], \\\"requestHeaders\\\": [\\\"X-Trace\\\"]}";
        var reportOnly = "{\\\"origins\\\": [\\\"https://app.example.com\\\"], \\\"reportOnly\\\": true}";
        return $$"""
        {
          "CorsKit": { "Policies": { "web": { "Origins": [ "https://app.example.com" ], "Methods": [ "PUT" ] } } },
          "ReverseProxy": {
            "Routes": {
              "api": { "ClusterId": "up", "Match": { "Path": "/api/{**rest}" }, "Metadata": { "CorsKit": "web" } },
              "inline": { "ClusterId": "up", "Match": { "Path": "/inline/{**rest}", "Methods": [ "GET" ] }, "Metadata": { "CorsKit": "{{inline}}" } },
              "report": { "ClusterId": "up", "Match": { "Path": "/report/{**rest}" }, "Metadata": { "CorsKit": "{{reportOnly}}" } },
              "off": { "ClusterId": "up", "Match": { "Path": "/off/{**rest}" }, "Metadata": { "CorsKit": "Disable" } },
              "down": { "ClusterId": "down", "Match": { "Path": "/down/{**rest}" }, "Metadata": { "CorsKit": "web" } },
              "plain": { "ClusterId": "up", "Match": { "Path": "/plain/{**rest}" } }
            },
            "Clusters": {
              "up": { "Destinations": { "d": { "Address": "{{upstream}}" } } },
              "down": { "Destinations": { "d": { "Address": "http://127.0.0.1:{{ClosedPort()}}" } } }
            }
          }
        }
        """;
    }

    private static async Task<WebApplication> StartProxyAsync(string appsettings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(appsettings)));
        var app = ReadmeSnippet.Build(builder);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return app;
    }

    private static async Task<WebApplication> StartUpstreamAsync(ConcurrentQueue<string> seen)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(context =>
        {
            seen.Enqueue($"{context.Request.Method} {context.Request.Path}");
            context.Response.Headers["Access-Control-Allow-Origin"] = "*";
            context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
            context.Response.Headers.Vary = "Accept-Encoding";
            return context.Response.WriteAsync($"up {context.Request.Path}");
        });
        await app.StartAsync();
        return app;
    }

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static HttpRequestMessage Get(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return request;
    }

    private static HttpRequestMessage Preflight(string path, string origin, string method, string? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        if (headers is not null)
        {
            request.Headers.Add("Access-Control-Request-Headers", headers);
        }
        return request;
    }

    private static IReadOnlyList<string> Values(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? [.. values] : [];
}
