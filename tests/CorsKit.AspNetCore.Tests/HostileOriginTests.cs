using System.Net.Sockets;
using System.Text;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// Issue 10 item 7, through real Kestrel on 127.0.0.1 and raw bytes on the socket (HttpClient would refuse or
/// re-encode these values): an <c>Origin</c> no browser can send is denied before it can be echoed. Before the fix
/// <c>https://п.example.com</c> matched <c>https://*.example.com</c>, was echoed, and Kestrel refused the non-ASCII
/// response header value: 500 with no CORS headers and no <c>Vary</c>.
/// </summary>
public sealed class HostileOriginTests : IAsyncLifetime
{
    private WebApplication? _app;
    private int _port;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCorsKit(o => o.AddDefaultPolicy(new CorsPolicyOptions
        {
            Origins = ["https://*.example.com", "http://localhost:*"],
            Methods = ["PUT"],
            Credentials = true,
        }));
        _app = builder.Build();
        _app.UseRouting();
        _app.UseCorsKit();
        _app.MapGet("/api", () => "ok");
        _app.MapPut("/api", () => "ok");
        await _app.StartAsync();
        _port = new Uri(_app.Urls.First()).Port;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    public static TheoryData<string> Hostile() =>
    [
        "https://\u043f.example.com",
        "https://caf\u00e9.example.com",
        "https://a\u202e.example.com",
        "https://evil.com/.example.com",
        "https://evil.com?.example.com",
        "https://evil.com#.example.com",
        "https://evil.com\\.example.com",
        "https://user@app.example.com",
        "https://APP.example.com",
        "https://a b.example.com",
        "https://a%2f.example.com",
        "http://localhost:80",
        "http://user@localhost:3000",
        "http://localhost:3000/x",
    ];

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Actual_request_from_a_hostile_origin_gets_no_ACAO_keeps_Vary_and_never_500(string origin)
    {
        var (status, headers) = await SendRawAsync("GET", origin, null);
        Assert.Equal(200, status);
        Assert.DoesNotContain(headers, h => h.Name.StartsWith("access-control-", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(headers, h => h.Name.Equals("Vary", StringComparison.OrdinalIgnoreCase) && h.Value == "Origin");
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Preflight_from_a_hostile_origin_is_403_with_no_ACAO_and_Vary(string origin)
    {
        var (status, headers) = await SendRawAsync("OPTIONS", origin, "PUT");
        Assert.Equal(403, status);
        Assert.DoesNotContain(headers, h => h.Name.StartsWith("access-control-", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(headers, h => h.Name.Equals("Vary", StringComparison.OrdinalIgnoreCase)
            && h.Value.StartsWith("Origin, Access-Control-Request-Method", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_punycode_form_a_browser_sends_is_allowed()
    {
        var (status, headers) = await SendRawAsync("GET", "https://xn--n1a.example.com", null);
        Assert.Equal(200, status);
        Assert.Contains(headers, h => h.Name.Equals("Access-Control-Allow-Origin", StringComparison.OrdinalIgnoreCase) && h.Value == "https://xn--n1a.example.com");
    }

    /// <summary>Sends one request with the Origin value's UTF-8 bytes as they are and reads the whole response.</summary>
    private async Task<(int Status, List<(string Name, string Value)> Headers)> SendRawAsync(string method, string origin, string? requestMethod)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _port);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append(method).Append(" /api HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n")
            .Append("Origin: ").Append(origin).Append("\r\n");
        if (requestMethod is not null)
        {
            head.Append("Access-Control-Request-Method: ").Append(requestMethod).Append("\r\n");
        }
        head.Append("\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()));
        using var buffer = new MemoryStream();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.CopyToAsync(buffer, cts.Token);
        var text = Encoding.Latin1.GetString(buffer.ToArray());
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, $"no complete response head: '{text}'");
        var lines = text[..end].Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => (l[..l.IndexOf(':')], l[(l.IndexOf(':') + 1)..].Trim())).ToList();
        return (status, headers);
    }
}
