using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.Cli.Tests.CheckSupport;

/// <summary>A request as the server received it.</summary>
public sealed record SeenRequest(string Method, string Path, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The query string, with its leading <c>?</c>, or empty.</summary>
    public string Query { get; init; } = "";

    /// <summary>True for a CORS preflight (OPTIONS with Access-Control-Request-Method).</summary>
    public bool IsPreflight => Method == "OPTIONS" && Header("Access-Control-Request-Method") is not null;

    /// <summary>The header's value (lines combined with ", "), or null when absent.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        return values.Count == 0 ? null : string.Join(", ", values);
    }
}

/// <summary>A canned response: status and header lines in order (duplicates allowed).</summary>
public sealed record Reply(int Status, params (string Name, string Value)[] Headers)
{
    /// <summary>Writes this reply. <c>{origin}</c> in a value becomes the request's Origin header.</summary>
    public Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = Status;
        var origin = context.Request.Headers.Origin.ToString();
        foreach (var (name, value) in Headers)
        {
            context.Response.Headers.Append(name, value.Replace("{origin}", origin, StringComparison.Ordinal));
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// A real Kestrel server on 127.0.0.1, port chosen by the OS, that records every request it receives and answers
/// with a per-test handler.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private LoopbackServer(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string Origin { get; }

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<SeenRequest> Seen { get; } = new();

    /// <summary>The requests received for <paramref name="path"/>.</summary>
    public IReadOnlyList<SeenRequest> For(string path) => [.. Seen.Where(r => r.Path == path)];

    /// <summary>Starts a server whose every request is answered by <paramref name="handle"/>; HTTPS with
    /// <paramref name="certificate"/> when given.</summary>
    public static async Task<LoopbackServer> StartAsync(Func<HttpContext, Task> handle, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        LoopbackServer? self = null;
        app.Run(async context =>
        {
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var (name, values) in context.Request.Headers)
            {
                foreach (var value in values)
                {
                    headers.Add(new(name, value ?? ""));
                }
            }

            self!.Seen.Enqueue(new SeenRequest(context.Request.Method, context.Request.Path.Value ?? "/", headers) { Query = context.Request.QueryString.Value ?? "" });
            await handle(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new LoopbackServer(app, address.TrimEnd('/').Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        return self;
    }

    /// <summary>Answers OPTIONS with <paramref name="preflight"/> and everything else with <paramref name="actual"/>.</summary>
    public static Task<LoopbackServer> StartAsync(Reply preflight, Reply actual) =>
        StartAsync(context => context.Request.Method == "OPTIONS" ? preflight.WriteAsync(context) : actual.WriteAsync(context));

    /// <summary>A self-signed certificate for 127.0.0.1 (trusted by nobody): what a developer's local HTTPS often is.</summary>
    public static X509Certificate2 SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        // Kestrel needs the private key in a form SslStream can use on Linux: round-trip through PKCS#12.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
