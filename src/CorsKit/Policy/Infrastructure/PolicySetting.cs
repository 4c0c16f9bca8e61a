namespace CorsKit.Policy.Infrastructure;

/// <summary>One setting of a policy file (<see cref="CorsPolicyOptions"/> property), as it is written in JSON.</summary>
/// <param name="Name">The name as docs/policy.md writes it (camelCase; matched case-insensitively).</param>
/// <param name="Type">The JSON type it takes.</param>
/// <param name="Expected">What a valid value is, completing "must be …".</param>
internal sealed record PolicySetting(string Name, PolicySettingType Type, string Expected)
{
    /// <summary>The message for a value of the wrong type; <paramref name="actual"/> describes what was written.</summary>
    public string WrongValue(string actual) => $"'{Name}' must be {Expected}, not {actual}.";
}
