using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 12 item 13: docs/audit.md promises evidence headers "in wire order, duplicates kept". An HttpClient response
/// keeps neither (content headers such as Content-Type come after the others, repeated names are grouped).
/// </summary>
public sealed class AuditEvidenceOrderTests
{
    [Fact]
    public async Task Evidence_response_headers_are_in_wire_order_with_duplicates()
    {
        string[] lines =
        [
            "Content-Type: application/json",
            "Access-Control-Allow-Origin: {origin}",
            "X-Trace: 1",
            "Content-Length: 2",
            "Access-Control-Allow-Credentials: true",
            "X-Trace: 2",
        ];
        await using var server = RawServer.Start(request =>
            RawServer.Head("HTTP/1.1 200 OK", [.. lines.Select(l => l.Replace("{origin}", request.Header("Origin") ?? "none", StringComparison.Ordinal))]) + "{}");

        using var output = new StringWriter();
        using var error = new StringWriter();
        await Cli.RunAsync(["audit", server.Origin + "/api", "-t", "https://app.example.com", "--format", "json"], output, error);

        using var json = JsonDocument.Parse(output.ToString());
        var finding = json.RootElement.GetProperty("targets")[0].GetProperty("findings").EnumerateArray().First(f => f.GetProperty("id").GetString() == "origin-reflected");
        var evidence = finding.GetProperty("evidence");
        var origin = evidence.GetProperty("request").GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).Single(h => h.StartsWith("Origin: ", StringComparison.Ordinal))["Origin: ".Length..];
        var received = evidence.GetProperty("response").GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).ToList();
        Assert.Equal(lines.Select(l => l.Replace("{origin}", origin, StringComparison.Ordinal)), received);
    }
}
