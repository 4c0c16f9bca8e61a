namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>One string operation of an origin callback (apps/express/predicate.js and the Go server mirror it).</summary>
/// <param name="Op">equals, startsWith, endsWith, includes, regex or true.</param>
/// <param name="Value">The operand.</param>
internal sealed record OriginTest(string Op, string Value)
{
    public bool Holds(string origin) => Op switch
    {
        "true" => true,
        "equals" => origin == Value,
        "startsWith" => origin.StartsWith(Value, StringComparison.Ordinal),
        "endsWith" => origin.EndsWith(Value, StringComparison.Ordinal),
        "includes" => origin.Contains(Value, StringComparison.Ordinal),
        "regex" => System.Text.RegularExpressions.Regex.IsMatch(origin, Value),
        _ => throw new InvalidOperationException($"unknown origin test '{Op}'"),
    };
}
