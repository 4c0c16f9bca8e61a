using System.Collections.Frozen;

namespace CorsKit.Policy.Infrastructure;

/// <summary>
/// The settings a policy file and a <c>CorsKit:Policies:&lt;name&gt;</c> configuration section may hold: the one
/// list both readers check names and types against (<see cref="PolicyJsonReader"/>, and the middleware's
/// configuration check), so a typo such as <c>credential</c> is an error everywhere, with the same message.
/// </summary>
internal static class PolicySettings
{
    public static readonly PolicySetting Origins = new("origins", PolicySettingType.StringList, "a list of origins such as [\"https://app.example.com\"]");
    public static readonly PolicySetting Methods = new("methods", PolicySettingType.StringList, "a list of methods such as [\"PUT\", \"DELETE\"]");
    public static readonly PolicySetting RequestHeaders = new("requestHeaders", PolicySettingType.StringList, "a list of header names such as [\"Content-Type\"]");
    public static readonly PolicySetting ExposeHeaders = new("exposeHeaders", PolicySettingType.StringList, "a list of header names such as [\"X-Request-Id\"]");
    public static readonly PolicySetting Credentials = new("credentials", PolicySettingType.Boolean, "true or false");
    public static readonly PolicySetting MaxAge = new("maxAge", PolicySettingType.OptionalWholeNumber, "a whole number of seconds (or null to send no Access-Control-Max-Age)");
    public static readonly PolicySetting PrivateNetwork = new("privateNetwork", PolicySettingType.Boolean, "true or false");
    public static readonly PolicySetting PreflightSuccessStatus = new("preflightSuccessStatus", PolicySettingType.WholeNumber, "a whole-number HTTP status such as 204");
    public static readonly PolicySetting ReportOnly = new("reportOnly", PolicySettingType.Boolean, "true or false");
    public static readonly PolicySetting DangerouslyAllowInsecureOriginsWithCredentials = new("dangerouslyAllowInsecureOriginsWithCredentials", PolicySettingType.Boolean, "true or false");
    public static readonly PolicySetting DangerouslyAllowPublicSuffixSubdomainsWithCredentials = new("dangerouslyAllowPublicSuffixSubdomainsWithCredentials", PolicySettingType.Boolean, "true or false");

    /// <summary>Every setting, keyed case-insensitively (configuration keys and policy-file names both are).</summary>
    public static readonly FrozenDictionary<string, PolicySetting> All = new[]
    {
        Origins, Methods, RequestHeaders, ExposeHeaders, Credentials, MaxAge, PrivateNetwork, PreflightSuccessStatus,
        ReportOnly, DangerouslyAllowInsecureOriginsWithCredentials, DangerouslyAllowPublicSuffixSubdomainsWithCredentials,
    }.ToFrozenDictionary(static s => s.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The message for a name that is not a setting, with the closest setting when one is near.</summary>
    public static string Unknown(string name) => UnknownName.Message(name, All.Keys);

    /// <summary>Whether an unknown <paramref name="name"/> is most likely a misspelt <c>origins</c>.</summary>
    public static bool MeansOrigins(string name) => UnknownName.Closest(name, All.Keys) == Origins.Name;

    /// <summary>
    /// The validation errors of what could be read of a policy whose file or section also has errors of its own (an
    /// unknown property, a value of the wrong type), so that one typo hides nothing else. "No origins" is left out when
    /// the origins were written but could not be read (<paramref name="originsUnreadable"/>: a wrong value, or a
    /// misspelt name such as <c>origin</c>): that error is already reported.
    /// </summary>
    public static IEnumerable<CorsPolicyError> ValidateReadable(CorsPolicyOptions readable, bool originsUnreadable) =>
        CorsPolicy.Validate(readable).Where(e => !(originsUnreadable && e.Kind == CorsPolicyErrorKind.NoOrigins));
}
