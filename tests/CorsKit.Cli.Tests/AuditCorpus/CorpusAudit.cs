using System.Text.Json;
using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>What one audit run of a configuration reported.</summary>
/// <param name="Findings">Each finding: its kind, severity name and detail sentence.</param>
/// <param name="Trusted">Whether, outside the audit, a GET with Origin: <see cref="Corpus.Trusted"/> still passes
/// (Access-Control-Allow-Origin is exactly the trusted origin or '*'): a fix must not lock the front end out.</param>
internal sealed record CorpusAudit(IReadOnlyList<(FindingKind Kind, string Severity, string Detail)> Findings, bool Trusted)
{
    public IReadOnlySet<FindingKind> Kinds => Findings.Select(f => f.Kind).ToHashSet();

    /// <summary>Starts <paramref name="config"/>, runs <c>corskit audit URL… --trusted-origin T --format json</c> through
    /// the CLI's entry point, and stops the server.</summary>
    public static async Task<CorpusAudit> RunAsync(CorpusConfig config)
    {
        await using var server = await CorpusStacks.StartAsync(config);
        var targets = new List<string> { server.Data.AbsoluteUri };
        if (config.AuditThrowingEndpoint)
        {
            targets.Add(server.Boom.AbsoluteUri);
        }

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await Cli.RunAsync(["audit", .. targets, "--trusted-origin", Corpus.Trusted, "--format", "json", "--fail-on", "none"], output, error);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{config.Name}: corskit audit exited {exit}: {error}\nserver output:\n{server.Output}");
        }

        using var json = JsonDocument.Parse(output.ToString());
        var findings = new List<(FindingKind, string, string)>();
        foreach (var target in json.RootElement.GetProperty("targets").EnumerateArray())
        {
            if (target.TryGetProperty("error", out var targetError) && targetError.ValueKind == JsonValueKind.String)
            {
                throw new InvalidOperationException($"{config.Name}: the audit could not reach {target.GetProperty("url")}: {targetError}\nserver output:\n{server.Output}");
            }

            foreach (var finding in target.GetProperty("findings").EnumerateArray())
            {
                var id = finding.GetProperty("id").GetString();
                var kind = FindingCatalog.All.SingleOrDefault(k => k.Id == id)
                    ?? throw new InvalidOperationException($"{config.Name}: the audit reported an id the catalog does not have: '{id}'");
                findings.Add((kind, finding.GetProperty("severity").GetString()!, finding.GetProperty("detail").GetString()!));
            }
        }

        return new CorpusAudit(findings, await TrustedPassesAsync(server));
    }

    private static async Task<bool> TrustedPassesAsync(CorpusServer server)
    {
        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, server.Data);
        request.Headers.Add("Origin", Corpus.Trusted);
        using var response = await client.SendAsync(request);
        return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values)
            && values.ToList() is [var only] && (only == Corpus.Trusted || only == "*");
    }
}
