using System.Text.Json;

namespace CorsKit.Policy.Infrastructure;

/// <summary>
/// Reads a policy file into <see cref="CorsPolicyOptions"/>, reporting every problem at once: a syntax error with its
/// 1-based line and column, every unknown property (with the closest setting) and every value of the wrong type (a
/// setting given twice is read as JSON readers do, the last one counting; the gateway's config reader reports repeated
/// names at every level). The messages name settings as docs/policy.md does and never a .NET type.
/// </summary>
internal static class PolicyJsonReader
{
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Reads <paramref name="json"/>; with any error, returns null and <paramref name="errors"/> holds every
    /// problem of the document and, when it is an object, the validation errors of the settings that could be read
    /// (<see cref="PolicySettings.ValidateReadable"/>).</summary>
    public static CorsPolicyOptions? Read(string json, List<CorsPolicyError> errors)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            errors.Add(new CorsPolicyError(CorsPolicyErrorKind.InvalidJson, "$", null, "The policy file is not valid JSON" + JsonSyntaxError.Describe(json, ex)));
            return null;
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new CorsPolicyError(CorsPolicyErrorKind.InvalidJson, "$", null,
                    $"A policy file is a JSON object such as {{\"origins\": [\"https://app.example.com\"]}}, not {Describe(root)}."));
                return null;
            }
            var before = errors.Count;
            var options = new CorsPolicyOptions();
            var originsUnreadable = false;
            foreach (var property in root.EnumerateObject())
            {
                if (!TryGetString(() => property.Name, out var name))
                {
                    errors.Add(new CorsPolicyError(CorsPolicyErrorKind.InvalidJson, "$", null, LoneSurrogate));
                    continue;
                }
                if (!PolicySettings.All.TryGetValue(name, out var setting))
                {
                    errors.Add(new CorsPolicyError(CorsPolicyErrorKind.UnknownSetting, name, null, PolicySettings.Unknown(name)));
                    originsUnreadable |= PolicySettings.MeansOrigins(name);
                    continue;
                }
                var found = errors.Count;
                options = Apply(options, setting, property.Value, errors);
                originsUnreadable |= setting == PolicySettings.Origins && errors.Count != found;
            }
            if (errors.Count == before)
            {
                return options;
            }
            // A name that could not be read at all (an escaped lone surrogate) may be any setting: validating the rest
            // would guess; the document's own errors are reported alone.
            if (!errors.Skip(before).Any(static e => e.Kind == CorsPolicyErrorKind.InvalidJson))
            {
                errors.AddRange(PolicySettings.ValidateReadable(options, originsUnreadable));
            }
            return null;
        }
    }

    private const string LoneSurrogate = "The policy file is not valid JSON: it escapes half of a UTF-16 surrogate pair (\\ud800 to \\udfff alone), which is not a character.";

    private static CorsPolicyOptions Apply(CorsPolicyOptions options, PolicySetting setting, JsonElement value, List<CorsPolicyError> errors)
    {
        switch (setting.Type)
        {
            case PolicySettingType.StringList:
                return ReadList(setting, value, errors) is { } list ? With(options, setting, list) : options;
            case PolicySettingType.Boolean:
                if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
                {
                    return With(options, setting, value.GetBoolean());
                }
                break;
            case PolicySettingType.WholeNumber or PolicySettingType.OptionalWholeNumber:
                if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number))
                {
                    return With(options, setting, number);
                }
                if (value.ValueKind == JsonValueKind.Null && setting.Type == PolicySettingType.OptionalWholeNumber)
                {
                    return options;
                }
                break;
        }
        errors.Add(new CorsPolicyError(CorsPolicyErrorKind.InvalidSettingValue, setting.Name, null, setting.WrongValue(Describe(value))));
        return options;
    }

    private static string[]? ReadList(PolicySetting setting, JsonElement value, List<CorsPolicyError> errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new CorsPolicyError(CorsPolicyErrorKind.InvalidSettingValue, setting.Name, null, setting.WrongValue(Describe(value))));
            return null;
        }
        var items = new string[value.GetArrayLength()];
        var ok = true;
        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(new CorsPolicyError(CorsPolicyErrorKind.InvalidSettingValue, setting.Name, null,
                    $"'{setting.Name}' must be {setting.Expected}; item {i + 1} is {Describe(item)}, not a string."));
                ok = false;
            }
            else if (!TryGetString(item.GetString, out var text))
            {
                errors.Add(new CorsPolicyError(CorsPolicyErrorKind.InvalidJson, setting.Name, null, LoneSurrogate));
                ok = false;
            }
            else
            {
                items[i] = text;
            }
            i++;
        }
        return ok ? items : null;
    }

    private static CorsPolicyOptions With(CorsPolicyOptions o, PolicySetting s, string[] list) =>
        s == PolicySettings.Origins ? o with { Origins = list }
        : s == PolicySettings.Methods ? o with { Methods = list }
        : s == PolicySettings.RequestHeaders ? o with { RequestHeaders = list }
        : s == PolicySettings.ExposeHeaders ? o with { ExposeHeaders = list }
        : throw new ArgumentOutOfRangeException(nameof(s), s.Name, "not a list setting");

    private static CorsPolicyOptions With(CorsPolicyOptions o, PolicySetting s, bool flag) =>
        s == PolicySettings.Credentials ? o with { Credentials = flag }
        : s == PolicySettings.PrivateNetwork ? o with { PrivateNetwork = flag }
        : s == PolicySettings.ReportOnly ? o with { ReportOnly = flag }
        : s == PolicySettings.DangerouslyAllowInsecureOriginsWithCredentials ? o with { DangerouslyAllowInsecureOriginsWithCredentials = flag }
        : s == PolicySettings.DangerouslyAllowPublicSuffixSubdomainsWithCredentials ? o with { DangerouslyAllowPublicSuffixSubdomainsWithCredentials = flag }
        : throw new ArgumentOutOfRangeException(nameof(s), s.Name, "not a boolean setting");

    private static CorsPolicyOptions With(CorsPolicyOptions o, PolicySetting s, int number) =>
        s == PolicySettings.MaxAge ? o with { MaxAge = number }
        : s == PolicySettings.PreflightSuccessStatus ? o with { PreflightSuccessStatus = number }
        : throw new ArgumentOutOfRangeException(nameof(s), s.Name, "not a number setting");

    /// <summary>What a JSON value is, for "must be …, not …" (strings and numbers quoted as written, shortened).</summary>
    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "the string " + Shorten(value.GetRawText()),
        JsonValueKind.Number => Shorten(value.GetRawText()),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "a list",
        _ => "an object",
    };

    private static string Shorten(string raw)
    {
        // Raw JSON text is escaped already (control characters and quotes are written as escapes), so it is safe to
        // show; long values are cut.
        return raw.Length <= 40 ? raw : string.Concat(raw.AsSpan(0, 37), "...");
    }

    private static bool TryGetString(Func<string?> read, out string text)
    {
        try
        {
            text = read() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to turn an escaped lone surrogate into a string.
            text = "";
            return false;
        }
    }
}
