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

public sealed class GeneratorTests
{
    [Fact]
    public void Same_seed_gives_the_same_scenarios_and_scenario_i_stands_alone()
    {
        var a = ScenarioGenerator.Generate(42, 60).Select(s => s.ToJson()).ToList();
        var b = ScenarioGenerator.Generate(42, 60).Select(s => s.ToJson()).ToList();
        Assert.Equal(a, b);
        Assert.Equal(a[37], ScenarioGenerator.One(42, 37).ToJson());
        Assert.NotEqual(a, ScenarioGenerator.Generate(43, 60).Select(s => s.ToJson()).ToList());
    }

    [Fact]
    public void Generated_scenarios_cover_the_request_space()
    {
        var all = ScenarioGenerator.Generate(ScenarioGenerator.Seed, ScenarioGenerator.DefaultCount);
        var methods = all.Select(s => s.Request.Method).ToHashSet();
        Assert.Superset(new HashSet<string> { "GET", "POST", "HEAD", "PUT", "put", "DELETE", "delete", "PATCH", "patch" }, methods);
        Assert.Superset(new HashSet<string> { "omit", "same-origin", "include" }, all.Select(s => s.Request.Credentials).ToHashSet());
        Assert.Contains(all, s => s.Hops.Count >= 3);
        Assert.Contains(all, s => s.Hops.Any(h => h.Actual.Location?.UserInfo == true));
        Assert.Contains(all, s => s.Hops.Any(h => h.Actual.Headers.Count(l => l.Name == "Access-Control-Allow-Origin") == 2));
        Assert.Contains(all, s => s.Request.Headers.Any(h => h.Name == "Authorization"));
        Assert.Contains(all, s => s.Request.Headers.Any(h => h.Value.Length > 128));
    }
}
