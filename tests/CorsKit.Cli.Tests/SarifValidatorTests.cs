using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CorsKit.Cli.Tests.AuditCorpus;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 12 item 13: the SARIF of a real audit passes Microsoft's SARIF validator (npm @microsoft/sarif-multitool
/// 5.7.0, installed by test.sh with <c>npm ci</c> in tests/CorsKit.Cli.Tests/SarifValidator) with no error and no
/// warning. A missing validator fails the test.
/// </summary>
public sealed class SarifValidatorTests
{
    private const string T = AuditTestServer.Trusted;

    [Fact]
    public async Task A_real_audits_sarif_passes_the_validator_without_warnings()
    {
        await using var reflecting = await AuditTestServer.StartAsync(new CorsBehaviour { Allow = o => o });
        await using var noVary = await AuditTestServer.StartAsync(new CorsBehaviour { Allow = o => o == T ? o : null, Vary = false });
        var sarif = await AuditSarifAsync(Url(reflecting), Url(noVary));
        Assert.True(JsonNode.Parse(sarif)!["runs"]![0]!["results"]!.AsArray().Count >= 2, sarif);

        var problems = await ValidateAsync(sarif);

        Assert.Empty(problems);
    }

    [Fact]
    public async Task The_validator_reports_what_issue_12_found()
    {
        // The validator can fail this test: a rule whose name equals its id (the SARIF before issue 12) is SARIF1001.
        await using var reflecting = await AuditTestServer.StartAsync(new CorsBehaviour { Allow = o => o });
        var sarif = JsonNode.Parse(await AuditSarifAsync(Url(reflecting)))!;
        var rule = sarif["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!;
        rule["name"] = rule["id"]!.GetValue<string>();

        var problems = await ValidateAsync(sarif.ToJsonString());

        Assert.Equal(["SARIF1001"], problems.Distinct());
    }

    private static string Url(Demo.LoopbackServer server) => new Uri(server.BaseAddress, "api/data").AbsoluteUri;

    private static async Task<string> AuditSarifAsync(params string[] urls)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        await Cli.RunAsync(["audit", .. urls, "-t", T, "--format", "sarif"], output, error);
        return output.ToString();
    }

    /// <summary>The rule ids of every result the validator reports (errors, warnings and notes).</summary>
    private static async Task<List<string>> ValidateAsync(string sarif)
    {
        var tool = Path.Combine(CorpusPaths.SarifValidator, "node_modules", ".bin", "sarif-multitool");
        if (!File.Exists(tool))
        {
            Assert.Fail($"Microsoft's SARIF validator is not installed: run 'npm ci' in {CorpusPaths.SarifValidator} (test.sh does).");
        }

        var work = Directory.CreateTempSubdirectory("corskit-sarif-").FullName;
        try
        {
            var input = Path.Combine(work, "audit.sarif");
            var log = Path.Combine(work, "validation.sarif");
            await File.WriteAllTextAsync(input, sarif);
            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = work };
            foreach (var arg in new[] { "validate", input, "--output", log, "--log", "ForceOverwrite" })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"the validator exited {process.ExitCode}: {await stdout}{await stderr}");
            Assert.Contains("Analysis completed successfully", await stdout, StringComparison.Ordinal);

            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(log));
            return [.. json.RootElement.GetProperty("runs")[0].GetProperty("results").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()!)];
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
