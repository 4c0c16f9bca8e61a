using CorsKit.Policy;

namespace CorsKit.Tests.Policy;

/// <summary>
/// Issue 12 items 8 and 9: a policy file's problems are all reported at once, in CorsKit's words: no .NET type names,
/// 1-based line and column, "did you mean" for a misspelt setting.
/// </summary>
public sealed class PolicyFileMessageTests
{
    private static IReadOnlyList<CorsPolicyError> Errors(string json) =>
        Assert.Throws<CorsPolicyValidationException>(() => CorsPolicyOptions.FromJson(json)).Errors;

    [Fact]
    public void A_misspelt_setting_names_the_setting_it_resembles()
    {
        var error = Assert.Single(Errors("""{"origins": ["https://app.example.com"], "credential": true}"""));
        Assert.Equal(CorsPolicyErrorKind.UnknownSetting, error.Kind);
        Assert.Equal("credential", error.Setting);
        Assert.Equal("unknown property 'credential' (did you mean 'credentials'?).", error.Message);
        // Far from every setting: no suggestion.
        Assert.Equal("unknown property 'allowEverything'.", Assert.Single(Errors("""{"origins": ["https://a.example"], "allowEverything": true}""")).Message);
    }

    [Fact]
    public void Wrong_types_are_named_as_the_docs_name_them_not_as_dotnet_types()
    {
        var errors = Errors("""{"origins": "https://app.example.com", "credentials": "true", "maxAge": "600", "preflightSuccessStatus": 204.5}""");
        Assert.Equal(
        [
            "'origins' must be a list of origins such as [\"https://app.example.com\"], not the string \"https://app.example.com\".",
            "'credentials' must be true or false, not the string \"true\".",
            "'maxAge' must be a whole number of seconds (or null to send no Access-Control-Max-Age), not the string \"600\".",
            "'preflightSuccessStatus' must be a whole-number HTTP status such as 204, not 204.5.",
        ], errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal(CorsPolicyErrorKind.InvalidSettingValue, e.Kind));
        Assert.All(errors, e => Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal));
    }

    [Theory]
    // The position of the first character that cannot continue the document, counted by hand from 1; the third
    // case puts a two-byte UTF-8 character before it, so a byte count would be one too many.
    [InlineData("{\"origins\": [\"https://app.example.com\"] \"credentials\": true}", 1, 41)]
    [InlineData("{\n  \"origins\": [\"https://app.example.com\"],\n  \"maxAge\": 600 600\n}", 3, 17)]
    [InlineData("{\"origins\": [\"https://é.example\"] x}", 1, 35)]
    public void A_syntax_error_gives_the_line_and_column_counted_from_one(string json, int line, int column)
    {
        var error = Assert.Single(Errors(json));
        Assert.Equal(CorsPolicyErrorKind.InvalidJson, error.Kind);
        Assert.StartsWith($"The policy file is not valid JSON at line {line}, column {column}: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("LineNumber", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BytePositionInLine", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_unknown_property_hides_no_other_error()
    {
        // Before, the first unknown property stopped the reader: one error shown, ten present.
        var errors = Errors("""
            {
              "origin": ["https://app.example.com"],
              "credential": true,
              "method": ["PUT"],
              "maxAge": "600",
              "privateNetwork": "yes",
              "preflightSuccessStatus": 204.5,
              "requestHeaders": ["Content-Type", 7],
              "exposeHeaders": ["Set-Cookie", "Set-Cookie2"],
              "reportOnly": "no"
            }
            """);
        Assert.Equal(
        [
            (CorsPolicyErrorKind.UnknownSetting, "unknown property 'origin' (did you mean 'origins'?)."),
            (CorsPolicyErrorKind.UnknownSetting, "unknown property 'credential' (did you mean 'credentials'?)."),
            (CorsPolicyErrorKind.UnknownSetting, "unknown property 'method' (did you mean 'methods'?)."),
            (CorsPolicyErrorKind.InvalidSettingValue, "'maxAge' must be a whole number of seconds (or null to send no Access-Control-Max-Age), not the string \"600\"."),
            (CorsPolicyErrorKind.InvalidSettingValue, "'privateNetwork' must be true or false, not the string \"yes\"."),
            (CorsPolicyErrorKind.InvalidSettingValue, "'preflightSuccessStatus' must be a whole-number HTTP status such as 204, not 204.5."),
            (CorsPolicyErrorKind.InvalidSettingValue, "'requestHeaders' must be a list of header names such as [\"Content-Type\"]; item 2 is 7, not a string."),
            (CorsPolicyErrorKind.InvalidSettingValue, "'reportOnly' must be true or false, not the string \"no\"."),
        ], errors.Take(8).Select(e => (e.Kind, e.Message)));
        // Then the validation of what could be read (Fetch: Set-Cookie and Set-Cookie2 are forbidden response-header
        // names); "no origins" is not repeated: the misspelt 'origin' is its cause.
        Assert.Equal([CorsPolicyErrorKind.ForbiddenExposedHeader, CorsPolicyErrorKind.ForbiddenExposedHeader], errors.Skip(8).Select(e => e.Kind));
    }

    [Fact]
    public void The_checked_settings_are_exactly_the_options_properties()
    {
        // One list of names (PolicySettings) for the file reader and the middleware's configuration check; this keeps
        // it in step with the record.
        var properties = typeof(CorsPolicyOptions).GetProperties().Where(p => p.CanWrite).Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..]).Order();
        Assert.Equal(properties, CorsKit.Policy.Infrastructure.PolicySettings.All.Keys.Order());
    }

    [Theory]
    [InlineData("[]", "not a list")]
    [InlineData("\"x\"", "not the string \"x\"")]
    [InlineData("null", "not null")]
    public void A_document_that_is_not_an_object_says_what_it_is(string json, string what) =>
        Assert.EndsWith(what + ".", Assert.Single(Errors(json)).Message, StringComparison.Ordinal);
}
