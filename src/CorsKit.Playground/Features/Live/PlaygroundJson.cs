using System.Text.Json.Serialization;

namespace CorsKit.Playground.Features.Live;

/// <summary>Source-generated JSON for the few values the page writes itself (trimming keeps no reflection).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class PlaygroundJson : JsonSerializerContext;
