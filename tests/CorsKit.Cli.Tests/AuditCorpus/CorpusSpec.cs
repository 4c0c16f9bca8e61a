using System.Text.Json;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>Writes the JSON file a corpus app reads its configuration from.</summary>
internal static class CorpusSpec
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(string directory, object spec)
    {
        var path = Path.Combine(directory, "config.json");
        File.WriteAllText(path, JsonSerializer.Serialize(spec, Options));
        return path;
    }
}
