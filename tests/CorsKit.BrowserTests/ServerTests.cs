using System.Net.Sockets;
using System.Text;
using CorsKit.BrowserTests.Harness;
using static CorsKit.BrowserTests.Harness.Build;

namespace CorsKit.BrowserTests;

/// <summary>
/// The server puts exactly <see cref="ScenarioServer.Respond"/>'s lines on the wire (read over a raw socket), so the
/// model, which gets Respond's lines through its transport, sees what the browser saw.
/// </summary>
public sealed class ServerTests
{
    [Fact]
    public async Task Wire_carries_every_line_of_Respond_verbatim()
    {
        await using ScenarioServer server = await ScenarioServer.StartAsync();
        var scenario = new Scenario(7, "wire", Req(), [Hop(R(200, Acao(""), Acao(), H("access-control-allow-origin", "  x "),
            Aceh(""), Aceh(ReadHeader), Acac("True")))], ReadHeader);
        server.Register("wire", [scenario]);
        string path = Topology.PathOf("wire", 7, 0);
        WireResponse expected = ScenarioServer.Respond(server.Topology, "wire", scenario, "GET", path, []);

        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", server.Topology.ApiPort);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        string raw = await new StreamReader(stream, Encoding.ASCII).ReadToEndAsync();
        string[] head = raw[..raw.IndexOf("\r\n\r\n", StringComparison.Ordinal)].Split("\r\n");

        Assert.Equal($"HTTP/1.1 {expected.Status} OK", head[0]);
        var wire = head.Skip(1).Where(l => !l.StartsWith("Date:", StringComparison.OrdinalIgnoreCase) && !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase))
            .Select(l => (Name: l[..l.IndexOf(':', StringComparison.Ordinal)].ToLowerInvariant(), Value: l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(' ', '\t')))
            .ToList();
        var want = expected.Headers.Select(l => (Name: l.Name.ToLowerInvariant(), Value: l.Value.Trim(' ', '\t'))).ToList();
        Assert.Equal(want.OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.Value, StringComparer.Ordinal),
            wire.OrderBy(x => x.Name, StringComparer.Ordinal).ThenBy(x => x.Value, StringComparer.Ordinal));
    }
}
