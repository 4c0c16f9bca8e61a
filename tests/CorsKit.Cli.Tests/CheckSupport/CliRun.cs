using System.Text.Json;

namespace CorsKit.Cli.Tests.CheckSupport;

/// <summary>What one in-process <c>corskit</c> run printed and returned.</summary>
public sealed record CliOutcome(int ExitCode, string Out, string Err)
{
    /// <summary>Stdout parsed as one JSON document.</summary>
    public JsonElement Json => JsonDocument.Parse(Out).RootElement.Clone();

    /// <summary>Stdout parsed as JSON lines.</summary>
    public IReadOnlyList<JsonElement> JsonLines =>
        [.. Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}

/// <summary>Runs the <c>corskit</c> command line in-process through <c>Cli.RunAsync</c>.</summary>
public static class CliRun
{
    public static async Task<CliOutcome> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await Cli.RunAsync(args, output, error);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    /// <summary>The [name, value] pairs of a JSON header list with this name (case-insensitive).</summary>
    public static IReadOnlyList<string> HeaderValues(JsonElement headers, string name) =>
        [.. headers.EnumerateArray().Where(h => h[0].GetString()!.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h[1].GetString()!)];

    public static IReadOnlyList<string> Strings(JsonElement array) => [.. array.EnumerateArray().Select(e => e.GetString()!)];
}
