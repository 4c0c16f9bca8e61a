namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>A configuration's origin check.</summary>
/// <param name="Kind">What kind of check.</param>
/// <param name="Origins">The allow-list (<see cref="MatcherKind.List"/>) or the one value (<see cref="MatcherKind.Fixed"/>).</param>
/// <param name="Pattern">The pattern (<see cref="MatcherKind.Pattern"/>).</param>
/// <param name="Style">How the pattern is written.</param>
internal sealed record OriginMatcher(MatcherKind Kind, IReadOnlyList<string> Origins, OriginPattern? Pattern = null, PatternStyle Style = PatternStyle.Regex)
{
    public static OriginMatcher Default { get; } = new(MatcherKind.Default, []);

    public static OriginMatcher Reflect { get; } = new(MatcherKind.Reflect, []);

    public static OriginMatcher Wildcard { get; } = new(MatcherKind.Wildcard, []);

    public static OriginMatcher List(params string[] origins) => new(MatcherKind.List, origins);

    public static OriginMatcher Fixed(string origin) => new(MatcherKind.Fixed, [origin]);

    public static OriginMatcher Of(OriginPattern pattern, PatternStyle style) => new(MatcherKind.Pattern, [], pattern, style);

    public OriginPattern RequiredPattern => Pattern ?? throw new InvalidOperationException($"a {Kind} matcher has no pattern");
}
