using CorsKit.Model;

namespace CorsKit.Diagnostics.Fixes;

/// <summary>What CorsKit's extra probes found about a denied preflight: the refusal (which the failure's texts are
/// rewritten from) and every probe sent.</summary>
/// <param name="Refusal">What the server refuses.</param>
/// <param name="Probes">The probes, in the order sent.</param>
internal sealed record PreflightDiagnosis(PreflightRefusal Refusal, IReadOnlyList<PreflightProbe> Probes);
