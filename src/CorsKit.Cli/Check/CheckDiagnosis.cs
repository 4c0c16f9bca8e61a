namespace CorsKit.Cli.Check;

/// <summary>What CorsKit's extra probes found about a denied preflight, with each probe as it went on the wire.</summary>
/// <param name="Found">The refusal and the probes.</param>
/// <param name="Transcript">Each probe's request and response as sent and received, in order.</param>
internal sealed record CheckDiagnosis(PreflightDiagnosis Found, IReadOnlyList<CheckExchange> Transcript);
