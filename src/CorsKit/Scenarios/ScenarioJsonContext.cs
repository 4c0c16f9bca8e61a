using System.Text.Json.Serialization;
using CorsKit.Policy;

namespace CorsKit.Scenarios;

/// <summary>Source-generated JSON for <see cref="Scenario"/> (so the trimmed WebAssembly page keeps what it needs)
/// and for the policy file a relocated scenario writes (the property names of <see cref="CorsPolicyOptions"/> in
/// camelCase are the policy file's names, docs/policy.md).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    AllowTrailingCommas = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    MaxDepth = 16)]
[JsonSerializable(typeof(Scenario))]
[JsonSerializable(typeof(CorsPolicyOptions))]
internal sealed partial class ScenarioJsonContext : JsonSerializerContext;
