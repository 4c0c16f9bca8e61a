namespace CorsKit.Scenarios;

/// <summary>How a scenario's server decides its CORS headers.</summary>
public enum ScenarioServerKind
{
    /// <summary>A CorsKit policy (the policy file's JSON) answers, exactly as the CorsKit middleware would.</summary>
    Policy,
    /// <summary>Fixed statuses and header lines for the preflight and for every other response.</summary>
    Raw,
}
