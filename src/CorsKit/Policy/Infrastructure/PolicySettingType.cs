namespace CorsKit.Policy.Infrastructure;

/// <summary>The JSON type a policy setting takes in a policy file or a configuration section.</summary>
internal enum PolicySettingType
{
    /// <summary>A list of strings: <c>["PUT", "DELETE"]</c>.</summary>
    StringList,
    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,
    /// <summary>A whole number.</summary>
    WholeNumber,
    /// <summary>A whole number, or null to leave the setting out.</summary>
    OptionalWholeNumber,
}
