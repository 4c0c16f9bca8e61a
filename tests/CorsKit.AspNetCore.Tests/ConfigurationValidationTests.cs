using System.Net;
using System.Text;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// Issue 12 items 5, 6, 8 and 9: the whole <c>CorsKit</c> configuration section, every policy, every endpoint's policy
/// name and the place of <c>UseCorsKit()</c> are checked when the application starts, and every error is reported at
/// once, in CorsKit's words.
/// </summary>
public sealed class ConfigurationValidationTests
{
    private const string App = "https://app.example.com";

    private static Action<IConfigurationBuilder> Json(string json) =>
        c => c.AddJsonStream(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    private static Task<CorsKitConfigurationException> StartFails(string appsettings, Action<WebApplication>? map = null, Action<WebApplication>? pipeline = null) =>
        Assert.ThrowsAsync<CorsKitConfigurationException>(() =>
            TestApp.StartAsync(null, map ?? (app => app.MapGet("/api", () => "ok")), pipeline, configuration: Json(appsettings)));

    [Fact]
    public async Task A_misspelt_setting_in_appsettings_stops_the_application_and_names_the_right_one()
    {
        // Before: "credential" was ignored (the binder skips unknown keys), so the policy silently had no credentials.
        var ex = await StartFails("""
            { "CorsKit": { "DefaultPolicy": "api", "Policies": { "api": { "origins": ["https://app.example.com"], "credential": true } } } }
            """);
        Assert.Equal("CorsKit:Policies:api:credential: unknown property 'credential' (did you mean 'credentials'?).", Assert.Single(ex.Errors));
        Assert.Contains("unknown property 'credential' (did you mean 'credentials'?)", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"maxAge\": \"ten\"", "CorsKit:Policies:api:maxAge: 'maxAge' must be a whole number of seconds (or null to send no Access-Control-Max-Age), not 'ten'.")]
    [InlineData("\"maxAge\": [1, 2]", "CorsKit:Policies:api:maxAge: 'maxAge' must be a whole number of seconds (or null to send no Access-Control-Max-Age), not a list.")]
    [InlineData("\"credentials\": \"yes\"", "CorsKit:Policies:api:credentials: 'credentials' must be true or false, not 'yes'.")]
    [InlineData("\"preflightSuccessStatus\": 2.5", "CorsKit:Policies:api:preflightSuccessStatus: 'preflightSuccessStatus' must be a whole-number HTTP status such as 204, not '2.5'.")]
    [InlineData("\"methods\": \"PUT\"", "CorsKit:Policies:api:methods: 'methods' must be a list of methods such as [\"PUT\", \"DELETE\"], not 'PUT'.")]
    [InlineData("\"methods\": [{\"name\": \"PUT\"}]", "CorsKit:Policies:api:methods: 'methods' must be a list of methods such as [\"PUT\", \"DELETE\"]; item 1 is an object, not a string.")]
    public async Task A_value_of_the_wrong_type_is_described_without_dotnet_types(string setting, string expected)
    {
        // Before: the binder threw "Failed to convert configuration value at 'CorsKit:Policies:api:MaxAge' to type
        // 'System.Nullable`1[System.Int32]'", or ignored a string where a list belongs.
        var ex = await StartFails($$"""
            { "CorsKit": { "Policies": { "api": { "origins": ["https://app.example.com"], {{setting}} } } } }
            """);
        Assert.Equal(expected, Assert.Single(ex.Errors));
        Assert.DoesNotContain("System.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("could not be mapped", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_error_is_reported_at_once()
    {
        var ex = await StartFails("""
            {
              "CorsKit": {
                "DefaultPolicy": "apii",
                "Debugg": true,
                "AnswerUnhandledExceptions": "sometimes",
                "Policies": {
                  "api": {
                    "origins": ["https://app.example.com/", "null"],
                    "credential": true,
                    "maxAge": "ten",
                    "methods": ["TRACE"]
                  },
                  "partners": { "origins": ["*"], "credentials": true }
                }
              }
            }
            """,
            map: app => app.MapGet("/admin", () => "a").RequireCorsKit("admin"),
            pipeline: app =>
            {
                app.UseCorsKit();
                app.UseRouting();
            });
        var e = ex.Errors;
        Assert.Equal(11, e.Count);
        Assert.Equal("CorsKit:AnswerUnhandledExceptions: 'AnswerUnhandledExceptions' must be true or false, not 'sometimes'.", e[0]);
        Assert.Equal("CorsKit:Debugg: unknown property 'Debugg' (did you mean 'Debug'?).", e[1]);
        Assert.Equal("CorsKit:Policies:api:credential: unknown property 'credential' (did you mean 'credentials'?).", e[2]);
        Assert.Equal("CorsKit:Policies:api:maxAge: 'maxAge' must be a whole number of seconds (or null to send no Access-Control-Max-Age), not 'ten'.", e[3]);
        // The rest of 'api' is validated although it has errors of its own: the typo hides nothing.
        // (Validation errors come in the order of the settings: origins, then methods.)
        Assert.StartsWith("policy 'api': origins: ", e[4], StringComparison.Ordinal);
        Assert.Contains("'https://app.example.com'", e[4], StringComparison.Ordinal);
        Assert.StartsWith("policy 'api': origins: ", e[5], StringComparison.Ordinal);
        Assert.Contains("null", e[5], StringComparison.Ordinal);
        Assert.StartsWith("policy 'api': methods: ", e[6], StringComparison.Ordinal);
        Assert.Contains("TRACE", e[6], StringComparison.Ordinal);
        Assert.StartsWith("policy 'partners': origins: ", e[7], StringComparison.Ordinal);
        Assert.Equal(CorsPolicyErrorKind.WildcardOriginWithCredentials, Assert.Single(Assert.Single(ex.InvalidPolicies).Errors).Kind);
        Assert.Equal("CorsKit:DefaultPolicy: the default policy 'apii' is not defined (did you mean 'api'?). Add it under CorsKit:Policies:apii or with AddPolicy.", e[8]);
        Assert.StartsWith("app.UseCorsKit() is called before app.UseRouting()", e[9], StringComparison.Ordinal);
        Assert.StartsWith("endpoint 'HTTP: GET /admin': RequireCorsKit(\"admin\")", e[10], StringComparison.Ordinal);
        Assert.StartsWith("CorsKit cannot start: 11 errors in its configuration:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_section_with_every_setting_binds()
    {
        await using var t = await TestApp.StartAsync(null, app => app.MapGet("/api", () => "ok"), configuration: Json("""
            {
              "CorsKit": {
                "defaultPolicy": "api", "debug": true, "debugResponseBody": false, "answerUnhandledExceptions": true,
                "policies": {
                  "api": {
                    "origins": ["https://app.example.com"], "methods": ["PUT"], "requestHeaders": ["Content-Type"],
                    "exposeHeaders": [], "credentials": true, "maxAge": 600, "privateNetwork": false,
                    "preflightSuccessStatus": 200, "reportOnly": false,
                    "dangerouslyAllowInsecureOriginsWithCredentials": false,
                    "dangerouslyAllowPublicSuffixSubdomainsWithCredentials": false
                  }
                }
              }
            }
            """));
        var r = await t.PreflightAsync("/api", App, "PUT", "content-type");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("600", r.Header("Access-Control-Max-Age"));
        Assert.Equal("true", r.Header("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task A_reload_with_a_misspelt_setting_keeps_the_previous_policy_and_logs_the_error()
    {
        var source = new ReloadableSource(new Dictionary<string, string?>
        {
            ["CorsKit:DefaultPolicy"] = "api",
            ["CorsKit:Policies:api:Origins:0"] = App,
        });
        await using var t = await TestApp.StartAsync(null, app => app.MapGet("/api", () => "ok"), configuration: c => c.Add(source));
        source.Replace(new Dictionary<string, string?>
        {
            ["CorsKit:DefaultPolicy"] = "api",
            ["CorsKit:Policies:api:Origin:0"] = "https://next.example.com",
        });
        Assert.Equal(App, (await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App))).Header("Access-Control-Allow-Origin"));
        Assert.Contains(t.Logs.Events, e => e.Id == 14 && e.Level == LogLevel.Error
            && e.Message.Contains("CorsKit:Policies:api:Origin: unknown property 'Origin' (did you mean 'origins'?)", StringComparison.Ordinal));
    }

    [Fact]
    public void The_checked_section_properties_are_exactly_the_options_properties()
    {
        // One list of names per layer (the policy's: PolicyFileMessageTests); this keeps it in step with the type.
        var kit = typeof(CorsKitOptions).GetProperties().Where(p => p.GetMethod!.IsPublic && (p.CanWrite || p.PropertyType.IsGenericType)).Select(p => p.Name).Order();
        Assert.Equal(kit, Enum.GetNames<CorsKit.AspNetCore.Infrastructure.CorsKitSetting>().Order());
    }

    [Fact]
    public async Task UseCorsKit_before_UseRouting_stops_a_real_app_at_startup_with_what_to_do()
    {
        // Before: the app started, and every endpoint with RequireCorsKit answered 500 with ASP.NET Core's
        // "Configure the application startup by adding app.UseCors()".
        var app = KestrelApp(app =>
        {
            app.UseCorsKit();
            app.UseRouting();
        });
        await using (app)
        {
            var ex = await Assert.ThrowsAsync<CorsKitConfigurationException>(() => app.StartAsync());
            Assert.Equal(
                "app.UseCorsKit() is called before app.UseRouting(), so CorsKit runs before the endpoint is chosen: it cannot apply per-endpoint policies and endpoints with RequireCorsKit answer 500. Call app.UseRouting() first, then app.UseCorsKit(), then authentication, authorization and the endpoints.",
                Assert.Single(ex.Errors));
            Assert.DoesNotContain("UseCors()", ex.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task UseRouting_then_UseCorsKit_or_no_UseRouting_serves_the_endpoint_policy(bool explicitRouting)
    {
        // Without an explicit UseRouting, WebApplication adds routing at the start of the pipeline: a valid order.
        var app = KestrelApp(app =>
        {
            if (explicitRouting)
            {
                app.UseRouting();
            }
            app.UseCorsKit();
        });
        await using (app)
        {
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            using var client = new HttpClient();
            using var preflight = new HttpRequestMessage(HttpMethod.Options, address + "/orders/7");
            preflight.Headers.Add("Origin", App);
            preflight.Headers.Add("Access-Control-Request-Method", "PUT");
            var r = await client.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
            Assert.Equal(App, r.Headers.GetValues("Access-Control-Allow-Origin").Single());
            using var put = new HttpRequestMessage(HttpMethod.Put, address + "/orders/7");
            put.Headers.Add("Origin", App);
            var actual = await client.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
            Assert.Equal(App, actual.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    private static WebApplication KestrelApp(Action<WebApplication> pipeline)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCorsKit(o => o.AddPolicy("orders", new CorsPolicyOptions { Origins = [App], Methods = ["PUT"] }));
        var app = builder.Build();
        pipeline(app);
        app.MapPut("/orders/{id}", (int id) => id).RequireCorsKit("orders");
        return app;
    }
}
