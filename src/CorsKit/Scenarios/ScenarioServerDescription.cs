namespace CorsKit.Scenarios;

/// <summary>
/// The server a scenario's request meets. With <see cref="ScenarioServerKind.Policy"/>, <see cref="Policy"/> (a CorsKit
/// policy file, docs/policy.md) decides every CORS header as the middleware does, and <see cref="ActualStatus"/> and
/// <see cref="ActualHeaders"/> are what the application behind it answers. With <see cref="ScenarioServerKind.Raw"/>,
/// the preflight gets <see cref="PreflightStatus"/> and <see cref="PreflightHeaders"/>, every other request
/// <see cref="ActualStatus"/> and <see cref="ActualHeaders"/>. In either kind the non-preflight requests meet
/// <see cref="Redirects"/> first.
/// </summary>
public sealed record ScenarioServerDescription
{
    /// <summary>Policy or raw headers.</summary>
    public ScenarioServerKind Kind { get; init; } = ScenarioServerKind.Policy;

    /// <summary>The policy file's JSON text (kept as typed, so a half-edited policy is representable).</summary>
    public string Policy { get; init; } = "{\n  \"origins\": [\"https://app.example\"]\n}";

    /// <summary>Raw: the preflight's status.</summary>
    public int PreflightStatus { get; init; } = 204;

    /// <summary>Raw: the preflight's header lines, <c>Name: value</c>; <c>{origin}</c> in a value stands for the
    /// request's <c>Origin</c> (a server that reflects it); a line with <c>{origin}</c> is left out when the request has
    /// no <c>Origin</c>.</summary>
    public IReadOnlyList<string> PreflightHeaders { get; init; } = [];

    /// <summary>The status of every response that is not a preflight or a redirect (the application's status under a policy).</summary>
    public int ActualStatus { get; init; } = 200;

    /// <summary>Header lines of every response that is not a preflight (raw: all of them, also on redirects; policy: the
    /// application's own, after the middleware's). <c>{origin}</c> as in <see cref="PreflightHeaders"/>.</summary>
    public IReadOnlyList<string> ActualHeaders { get; init; } = [];

    /// <summary>The redirect chain non-preflight requests meet, in order.</summary>
    public IReadOnlyList<ScenarioRedirect> Redirects { get; init; } = [];
}
