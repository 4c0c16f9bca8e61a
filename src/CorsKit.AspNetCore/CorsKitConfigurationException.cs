using CorsKit.Policy;

namespace CorsKit.AspNetCore;

/// <summary>
/// Thrown when the application starts (while the middleware pipeline is built) if anything CorsKit was given is
/// wrong: the <c>CorsKit</c> configuration section (unknown properties, values of the wrong type), any policy (every
/// validation error), the default policy or a <c>UseCorsKit(name)</c> naming no policy, an endpoint naming a policy
/// that does not exist, or <c>UseCorsKit()</c> placed before <c>UseRouting()</c>. <see cref="Errors"/> lists all of
/// them at once, each with where it is.
/// </summary>
public sealed class CorsKitConfigurationException : Exception
{
    /// <summary>Creates the exception from every error found.</summary>
    public CorsKitConfigurationException(IReadOnlyList<string> errors, IReadOnlyList<CorsPolicyValidationException> invalidPolicies)
        : base(Describe(errors))
    {
        Errors = errors;
        InvalidPolicies = invalidPolicies;
    }

    /// <summary>Every error, each a sentence starting with where it is (<c>CorsKit:Policies:api:credential: …</c>,
    /// <c>policy 'api': origins: …</c>, <c>endpoint 'HTTP: GET /x': …</c>).</summary>
    public IReadOnlyList<string> Errors { get; }

    /// <summary>The policies that failed validation, with their typed errors (<see cref="CorsPolicyError.Kind"/>).</summary>
    public IReadOnlyList<CorsPolicyValidationException> InvalidPolicies { get; }

    private static string Describe(IReadOnlyList<string> errors) =>
        $"CorsKit cannot start: {errors.Count} error{(errors.Count == 1 ? "" : "s")} in its configuration:"
        + string.Concat(errors.Select(static e => "\n - " + e));
}
