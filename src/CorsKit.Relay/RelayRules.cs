namespace CorsKit.Relay;

/// <summary>Names and status codes of <see cref="RelayRule"/>.</summary>
public static class RelayRules
{
    /// <summary>The rule's stable kebab-case name, as printed in refusals and the request log.</summary>
    public static string Name(RelayRule rule) => rule switch
    {
        RelayRule.NoOrigin => "no-origin",
        RelayRule.OriginNotAllowed => "origin-not-allowed",
        RelayRule.RateLimited => "rate-limited",
        RelayRule.MangledTarget => "mangled-target",
        RelayRule.CredentialsInTarget => "credentials-in-target",
        RelayRule.TargetNotAllowed => "target-not-allowed",
        RelayRule.NonPublicAddress => "non-public-address",
        RelayRule.RedirectLimit => "redirect-limit",
        RelayRule.RequestTooLarge => "request-too-large",
        RelayRule.ResponseTooLarge => "response-too-large",
        _ => throw new ArgumentOutOfRangeException(nameof(rule)),
    };

    /// <summary>The status a refusal by <paramref name="rule"/> is answered with.</summary>
    public static int Status(RelayRule rule) => rule switch
    {
        RelayRule.RateLimited => 429,
        RelayRule.RequestTooLarge => 413,
        RelayRule.ResponseTooLarge => 502,
        _ => 403,
    };
}
