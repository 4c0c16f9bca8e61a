using System.Text;
using CorsKit.AspNetCore;
using CorsKit.AspNetCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CorsKit.Fuzz.Tests;

/// <summary>Policy files as the CLI reads them (<c>--policy</c>: <see cref="CorsPolicyOptions.FromJson"/>, then
/// <see cref="CorsPolicy.TryBuild"/>) and as the middleware reads them (the <c>CorsKit</c> configuration section
/// bound by <c>AddCorsKit</c> and compiled by its policy provider).</summary>
public sealed class PolicyFuzzTests(ITestOutputHelper output)
{
    internal static readonly string[] Seeds =
    [
        """{"origins":["https://app.example.com","https://*.tenant.example.com","http://localhost:*"],"methods":["PUT","DELETE"],"requestHeaders":["Content-Type","X-Api-Key"],"exposeHeaders":["X-Request-Id"],"credentials":true,"maxAge":600}""",
        """{"origins":["*"],"methods":["*"],"requestHeaders":["*","Authorization"],"exposeHeaders":["*"],"privateNetwork":false,"preflightSuccessStatus":200}""",
        """{"origins":["https://*.amazonaws.com","https://*.kawasaki.jp"],"credentials":true,"dangerouslyAllowPublicSuffixSubdomainsWithCredentials":false}""",
        """{"origins":["http://app.example.com"],"credentials":true,"dangerouslyAllowInsecureOriginsWithCredentials":true,"reportOnly":true,"privateNetwork":true}""",
        "{ // comment\n  \"origins\": [\"https://a.example\", \"null\", \"file:///x\", \"https://A.example/\"], \"maxAge\": 90000, }",
        """{"origins":[],"methods":["TRACE","PU T"],"requestHeaders":["Cookie"],"exposeHeaders":["Set-Cookie"]}""",
    ];

    internal static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "false", "0", "-1", "1e309", "2147483648", "204", "86401",
        "\"origins\"", "\"methods\"", "\"requestHeaders\"", "\"exposeHeaders\"", "\"credentials\"", "\"maxAge\"", "\"privateNetwork\"",
        "\"preflightSuccessStatus\"", "\"reportOnly\"", "\"*\"", "\"https://*.example.com\"", "\"http://localhost:*\"",
        "/*", "*/", "//", "\\u0000", "\\ud800", "\"origin\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    ];

    [Fact]
    public void Policy_files_read_by_the_cli_never_throw_past_the_api() =>
        FuzzRun.Sync(output, "policy-files", 10_000, Seeds, Tokens, FuzzRun.Documented(typeof(CorsPolicyValidationException)), InputSource.File, static input =>
        {
            CorsPolicyOptions options;
            try
            {
                options = CorsPolicyOptions.FromJson(input);
            }
            catch (CorsPolicyValidationException ex)
            {
                // Every problem of the document is reported (issue 12 item 9), each in CorsKit's words.
                Assert.NotEmpty(ex.Errors);
                Assert.All(ex.Errors, static e => Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal));
                throw;
            }
            if (CorsPolicy.TryBuild(options, out var policy, out var errors))
            {
                Assert.Empty(errors);
                // A built policy writes a file that reads back into the same policy.
                Assert.True(CorsPolicy.TryBuild(CorsPolicyOptions.FromJson(policy.Options.ToJson()), out _, out var again), string.Join(" ", again.Select(e => e.Message)));
            }
            else
            {
                Assert.NotEmpty(errors);
                Assert.All(errors, static e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
            }
        });

    /// <summary>
    /// Documented outcomes of the configuration path once the host's JSON configuration provider has accepted the
    /// document (what it refuses never reaches CorsKit): an invalid section or policy stops the application with
    /// one <see cref="CorsKitConfigurationException"/> listing every error in CorsKit's words (never the binder's
    /// "Failed to convert configuration value … 'System.Nullable`1[System.Int32]'": issue 12 item 8).
    /// </summary>
    private static bool ConfigurationOutcome(Exception ex) =>
        ex is CorsKitConfigurationException { Errors.Count: > 0 } c && !c.Message.Contains("System.", StringComparison.Ordinal);

    [Fact]
    public void Policies_in_configuration_read_by_the_middleware_never_throw_past_the_api() =>
        FuzzRun.Sync(output, "policy-configuration", 3_000, Seeds, Tokens, ConfigurationOutcome, InputSource.File, static input =>
        {
            var json = """{"CorsKit":{"DefaultPolicy":"api","Policies":{"api":""" + input + "}}}";
            IConfigurationRoot configuration;
            try
            {
                configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json))).Build();
            }
            catch (Exception)
            {
                return; // the host's JSON configuration provider refused the document: CorsKit never sees it
            }
            using var services = new ServiceCollection()
                .AddSingleton<IConfiguration>(configuration)
                .AddLogging()
                .AddCorsKit()
                .BuildServiceProvider();
            var provider = services.GetRequiredService<CorsKitPolicyProvider>();
            Assert.NotNull(provider.Current);
            if (provider.StartupErrors.Count != 0)
            {
                throw new CorsKitConfigurationException(provider.StartupErrors, provider.InvalidStartupPolicies);
            }
        });

    /// <summary>A JSON escape of a lone surrogate in a policy file is one InvalidJson error, not an
    /// InvalidOperationException out of System.Text.Json.</summary>
    [Theory]
    [InlineData("{\"origins\":[\"https://a.example\\ud800\"]}")]
    [InlineData("{\"orig\\udc00ins\":[\"https://a.example\"]}")]
    public void A_lone_surrogate_escape_in_a_policy_file_is_invalid_json(string json)
    {
        var ex = Assert.Throws<CorsPolicyValidationException>(() => CorsPolicyOptions.FromJson(json));
        Assert.Equal(CorsPolicyErrorKind.InvalidJson, Assert.Single(ex.Errors).Kind);
    }
}
