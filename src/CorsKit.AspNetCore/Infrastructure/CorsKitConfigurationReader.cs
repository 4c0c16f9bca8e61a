using System.Collections.Frozen;
using System.ComponentModel;
using CorsKit.Policy;
using CorsKit.Policy.Infrastructure;
using Microsoft.Extensions.Configuration;

namespace CorsKit.AspNetCore.Infrastructure;

/// <summary>
/// Reads the <c>CorsKit</c> configuration section into <see cref="CorsKitOptions"/>, checking it first, whole: every
/// unknown property (with the closest name: <c>credential</c> → <c>credentials</c>) and every value the binder could
/// not convert is an error, all of them reported together (<see cref="CorsKitOptions.ConfigurationErrors"/>), in
/// CorsKit's words rather than the binder's ("Failed to convert configuration value … to type
/// 'System.Nullable`1[System.Int32]'"). A policy with an error is not bound (<see cref="CorsKitOptions.UnboundPolicies"/>);
/// the others are, so their own validation errors are reported at the same time.
/// </summary>
internal static class CorsKitConfigurationReader
{
    private static readonly FrozenDictionary<string, CorsKitSetting> Settings =
        Enum.GetValues<CorsKitSetting>().ToFrozenDictionary(static s => s.ToString(), StringComparer.OrdinalIgnoreCase);

    public static void Read(IConfigurationSection section, CorsKitOptions options)
    {
        if (!section.Exists())
        {
            return;
        }
        var errors = options.ConfigurationErrors;
        if (!string.IsNullOrEmpty(section.Value) && !section.GetChildren().Any())
        {
            errors.Add($"{section.Path}: must be an object with 'Policies' and 'DefaultPolicy', not {Show(section)}.");
            return;
        }
        foreach (var child in section.GetChildren())
        {
            if (!Settings.TryGetValue(child.Key, out var setting))
            {
                errors.Add($"{child.Path}: {UnknownName.Message(child.Key, Settings.Keys)}");
                continue;
            }
            switch (setting)
            {
                case CorsKitSetting.Policies:
                    ReadPolicies(child, options);
                    break;
                case CorsKitSetting.DefaultPolicy:
                    if (child.GetChildren().Any())
                    {
                        errors.Add($"{child.Path}: 'DefaultPolicy' must be the name of a policy, not {Show(child)}.");
                    }
                    else
                    {
                        options.DefaultPolicy = string.IsNullOrEmpty(child.Value) ? null : child.Value;
                    }
                    break;
                default:
                    if (Convert<bool>(child) is { } flag)
                    {
                        Set(options, setting, flag);
                    }
                    else
                    {
                        errors.Add($"{child.Path}: '{setting}' must be true or false, not {Show(child)}.");
                    }
                    break;
            }
        }
    }

    private static void Set(CorsKitOptions options, CorsKitSetting setting, bool flag)
    {
        switch (setting)
        {
            case CorsKitSetting.Debug:
                options.Debug = flag;
                break;
            case CorsKitSetting.DebugResponseBody:
                options.DebugResponseBody = flag;
                break;
            case CorsKitSetting.AnswerUnhandledExceptions:
                options.AnswerUnhandledExceptions = flag;
                break;
            case CorsKitSetting.PublishDecision:
                options.PublishDecision = flag;
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(setting), setting, "not a boolean setting");
        }
    }

    private static void ReadPolicies(IConfigurationSection policies, CorsKitOptions options)
    {
        var errors = options.ConfigurationErrors;
        if (!string.IsNullOrEmpty(policies.Value) && !policies.GetChildren().Any())
        {
            errors.Add($"{policies.Path}: 'Policies' must be an object mapping policy names to policies, not {Show(policies)}.");
            return;
        }
        foreach (var policy in policies.GetChildren())
        {
            var before = errors.Count;
            var settings = policy.GetChildren().ToList();
            if (settings.Count == 0 && !string.IsNullOrEmpty(policy.Value))
            {
                errors.Add($"{policy.Path}: a policy must be an object such as {{ \"origins\": [\"https://app.example.com\"] }}, not {Show(policy)}.");
            }
            var readable = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var originsUnreadable = false;
            foreach (var entry in settings)
            {
                if (!PolicySettings.All.TryGetValue(entry.Key, out var setting))
                {
                    errors.Add($"{entry.Path}: {PolicySettings.Unknown(entry.Key)}");
                    originsUnreadable |= PolicySettings.MeansOrigins(entry.Key);
                }
                else if (Problem(entry, setting) is { } problem)
                {
                    errors.Add($"{entry.Path}: {problem}");
                    originsUnreadable |= setting == PolicySettings.Origins;
                }
                else
                {
                    foreach (var (key, value) in entry.AsEnumerable(makePathsRelative: true))
                    {
                        readable[key.Length == 0 ? entry.Key : entry.Key + ConfigurationPath.KeyDelimiter + key] = value;
                    }
                }
            }
            if (errors.Count == before)
            {
                // Checked above: every name is a setting and every value converts, so the binder cannot fail here.
                options.Policies[policy.Key] = policy.Get<CorsPolicyOptions>() ?? new CorsPolicyOptions();
                continue;
            }
            options.UnboundPolicies.Add(policy.Key);
            // One typo hides nothing: the settings that could be read are validated too, and reported with the rest.
            var rest = new ConfigurationBuilder().AddInMemoryCollection(readable).Build().Get<CorsPolicyOptions>() ?? new CorsPolicyOptions();
            errors.AddRange(PolicySettings.ValidateReadable(rest, originsUnreadable).Select(e => $"policy '{policy.Key}': {e}"));
        }
    }

    /// <summary>What is wrong with one setting's value, or null. Values are converted as the configuration binder
    /// converts them (<see cref="TypeDescriptor"/> converters, invariant culture), so what passes here binds.</summary>
    private static string? Problem(IConfigurationSection entry, PolicySetting setting)
    {
        var children = entry.GetChildren().ToList();
        switch (setting.Type)
        {
            case PolicySettingType.StringList:
                if (children.Count == 0)
                {
                    // An empty list is written as an empty value ("methods": [] in JSON).
                    return string.IsNullOrEmpty(entry.Value) ? null : setting.WrongValue(Show(entry));
                }
                for (var i = 0; i < children.Count; i++)
                {
                    if (children[i].GetChildren().Any())
                    {
                        return $"'{setting.Name}' must be {setting.Expected}; item {i + 1} is {Show(children[i])}, not a string.";
                    }
                }
                return null;
            case PolicySettingType.Boolean:
                return children.Count == 0 && Convert<bool>(entry) is not null ? null : setting.WrongValue(Show(entry));
            case PolicySettingType.WholeNumber:
                return children.Count == 0 && Convert<int>(entry) is not null ? null : setting.WrongValue(Show(entry));
            default:
                return children.Count == 0 && (string.IsNullOrEmpty(entry.Value) || Convert<int>(entry) is not null)
                    ? null
                    : setting.WrongValue(Show(entry));
        }
    }

    private static T? Convert<T>(IConfigurationSection entry) where T : struct
    {
        if (entry.Value is not { } text || entry.GetChildren().Any())
        {
            return null;
        }
        try
        {
            return (T?)TypeDescriptor.GetConverter(typeof(T)).ConvertFromInvariantString(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>What a configuration value is, for "must be …, not …".</summary>
    private static string Show(IConfigurationSection entry)
    {
        if (entry.GetChildren().Any())
        {
            return entry.GetChildren().All(static c => int.TryParse(c.Key, out _)) ? "a list" : "an object";
        }
        if (string.IsNullOrEmpty(entry.Value))
        {
            return "an empty value";
        }
        var text = entry.Value.Length <= 40 ? entry.Value : string.Concat(entry.Value.AsSpan(0, 37), "...");
        // Configuration may come from anywhere (environment variables): no control character reaches a log or terminal.
        return "'" + string.Concat(text.Select(static c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + "'";
    }
}
