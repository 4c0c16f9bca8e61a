using System.Net;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MsCorsPolicyBuilder = Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// CorsKit against Microsoft.AspNetCore.Cors on equivalent configurations, same requests. Each test pins what both
/// middlewares actually do; where they differ, docs/middleware.md ("Differences from Microsoft.AspNetCore.Cors")
/// explains why CorsKit's behaviour is the right one.
/// </summary>
public sealed class DifferentialTests
{
    private const string App = "https://app.example.com";
    private const string Admin = "https://admin.example.com";
    private const string Evil = "https://evil.example.net";

    private static readonly CorsPolicyOptions Kit = new()
    {
        Origins = [App, Admin],
        Methods = ["PUT", "DELETE"],
        RequestHeaders = ["x-api-key"],
        ExposeHeaders = ["X-Request-Id"],
        Credentials = true,
        MaxAge = 600,
    };

    private static void Ms(MsCorsPolicyBuilder b) => b.WithOrigins(App, Admin).WithMethods("PUT", "DELETE").WithHeaders("x-api-key")
        .WithExposedHeaders("X-Request-Id").AllowCredentials().SetPreflightMaxAge(TimeSpan.FromSeconds(600));

    private static void Endpoints(WebApplication app)
    {
        app.MapGet("/api", () => "ok");
        app.MapPost("/post-only", () => "posted");
        app.MapMethods("/opts", ["OPTIONS"], () => "app options");
        app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
    }

    private static async Task<HttpClient> StartMicrosoft(Action<MsCorsPolicyBuilder> policy, bool kestrel = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }
        builder.Logging.ClearProviders();
        builder.Services.AddCors(o => o.AddDefaultPolicy(policy));
        var app = builder.Build();
        app.UseRouting();
        app.UseCors();
        Endpoints(app);
        await app.StartAsync();
        return kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
    }

    private static async Task<HttpClient> StartCorsKit(CorsPolicyOptions policy, bool kestrel = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        if (kestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }
        builder.Logging.ClearProviders();
        builder.Services.AddCorsKit(o => o.AddDefaultPolicy(policy));
        var app = builder.Build();
        app.UseRouting();
        app.UseCorsKit();
        Endpoints(app);
        await app.StartAsync();
        return kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
    }

    private static Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, params (string, string)[] headers)
    {
        var request = new HttpRequestMessage(method, path);
        foreach (var (n, v) in headers)
        {
            request.Headers.TryAddWithoutValidation(n, v);
        }
        return client.SendAsync(request);
    }

    private static readonly string[] CorsHeaders =
    [
        "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Expose-Headers",
        "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age",
    ];

    [Fact]
    public async Task Same_allowed_actual_request_same_headers()
    {
        var ms = await StartMicrosoft(Ms);
        var kit = await StartCorsKit(Kit);
        var a = await Send(ms, HttpMethod.Get, "/api", ("Origin", App));
        var b = await Send(kit, HttpMethod.Get, "/api", ("Origin", App));
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(a.StatusCode, b.StatusCode);
        foreach (var h in CorsHeaders.Append("Vary"))
        {
            Assert.Equal(a.Header(h), b.Header(h));
        }
        Assert.Equal(App, b.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Difference_vary_on_denied_and_no_origin_and_single_origin_responses()
    {
        var ms = await StartMicrosoft(Ms);
        var kit = await StartCorsKit(Kit);
        foreach (var origin in new[] { Evil, null })
        {
            var headers = origin is null ? [] : new[] { ("Origin", origin) };
            var a = await Send(ms, HttpMethod.Get, "/api", headers);
            var b = await Send(kit, HttpMethod.Get, "/api", headers);
            Assert.Null(a.Header("Access-Control-Allow-Origin"));
            Assert.Null(b.Header("Access-Control-Allow-Origin"));
            Assert.Null(a.Header("Vary"));            // Microsoft: a shared cache may serve this to an allowed origin
            Assert.Equal("Origin", b.Header("Vary")); // CorsKit
        }
        var ms1 = await StartMicrosoft(p => p.WithOrigins(App));
        var kit1 = await StartCorsKit(new CorsPolicyOptions { Origins = [App] });
        Assert.Null((await Send(ms1, HttpMethod.Get, "/api", ("Origin", App))).Header("Vary")); // aspnet/CORS#111, wontfix
        Assert.Equal("Origin", (await Send(kit1, HttpMethod.Get, "/api", ("Origin", App))).Header("Vary"));
    }

    [Fact]
    public async Task Same_allowed_preflight_status_origin_and_max_age_but_corskit_echoes_only_the_requested_method()
    {
        var ms = await StartMicrosoft(Ms);
        var kit = await StartCorsKit(Kit);
        var a = await Send(ms, HttpMethod.Options, "/api", ("Origin", App), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-api-key"));
        var b = await Send(kit, HttpMethod.Options, "/api", ("Origin", App), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "x-api-key"));
        Assert.Equal(HttpStatusCode.NoContent, a.StatusCode);
        Assert.Equal(a.StatusCode, b.StatusCode);
        foreach (var h in new[] { "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Max-Age", "Access-Control-Allow-Headers" })
        {
            Assert.Equal(a.Header(h), b.Header(h));
        }
        Assert.Equal("PUT,DELETE", a.Header("Access-Control-Allow-Methods")); // the whole list, whatever was asked
        Assert.Equal("PUT", b.Header("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Difference_denied_origin_preflight_is_204_at_microsoft_and_403_at_corskit()
    {
        var ms = await StartMicrosoft(Ms);
        var kit = await StartCorsKit(Kit);
        (string, string)[] h = [("Origin", Evil), ("Access-Control-Request-Method", "PUT")];
        var a = await Send(ms, HttpMethod.Options, "/api", h);
        var b = await Send(kit, HttpMethod.Options, "/api", h);
        Assert.Equal(HttpStatusCode.NoContent, a.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, b.StatusCode);
        Assert.Null(a.Header("Access-Control-Allow-Origin"));
        foreach (var name in CorsHeaders)
        {
            Assert.Null(b.Header(name));
        }
    }

    [Theory]
    [InlineData("PATCH", null)]       // method not allowed
    [InlineData("PUT", "x-other")]    // header not allowed
    public async Task Same_and_different_allowed_origin_denied_method_or_header_gets_2xx_with_the_lists(string method, string? requestHeaders)
    {
        var ms = await StartMicrosoft(Ms);
        var kit = await StartCorsKit(Kit);
        var h = new List<(string, string)> { ("Origin", App), ("Access-Control-Request-Method", method) };
        if (requestHeaders is not null)
        {
            h.Add(("Access-Control-Request-Headers", requestHeaders));
        }
        var a = await Send(ms, HttpMethod.Options, "/api", [.. h]);
        var b = await Send(kit, HttpMethod.Options, "/api", [.. h]);
        // Both answer 204 with the origin, credentials and the policy's lists, so the browser's own check fails and
        // names the method or header (Fetch §4.8 steps 7.5-7.7).
        Assert.Equal(HttpStatusCode.NoContent, a.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, b.StatusCode);
        foreach (var name in new[] { "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Headers" })
        {
            Assert.Equal(a.Header(name), b.Header(name));
        }
        Assert.Equal(App, b.Header("Access-Control-Allow-Origin"));
        Assert.Equal("x-api-key", b.Header("Access-Control-Allow-Headers"));
        Assert.Equal("PUT,DELETE", a.Header("Access-Control-Allow-Methods"));
        Assert.Equal("PUT, DELETE", b.Header("Access-Control-Allow-Methods"));
        // The difference: CorsKit decided (the denial is in its decision, log and metrics) and sends no max-age, so
        // nothing about a refused request is cached for longer than the browser's default.
        Assert.Equal("600", a.Header("Access-Control-Max-Age"));
        Assert.Null(b.Header("Access-Control-Max-Age"));
    }

    [Fact]
    public async Task Same_plain_options_goes_to_the_app()
    {
        var ms = await StartMicrosoft(Ms);
        var kit = await StartCorsKit(Kit);
        var a = await Send(ms, HttpMethod.Options, "/opts", ("Origin", App));
        var b = await Send(kit, HttpMethod.Options, "/opts", ("Origin", App));
        Assert.Equal("app options", await a.Content.ReadAsStringAsync());
        Assert.Equal("app options", await b.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Preflight_to_a_post_only_endpoint()
    {
        var ms = await StartMicrosoft(Ms);
        var kit = await StartCorsKit(Kit);
        var a = await Send(ms, HttpMethod.Options, "/post-only", ("Origin", App), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "x-api-key"));
        var b = await Send(kit, HttpMethod.Options, "/post-only", ("Origin", App), ("Access-Control-Request-Method", "POST"), ("Access-Control-Request-Headers", "x-api-key"));
        Assert.Equal(HttpStatusCode.NoContent, a.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, b.StatusCode);
        Assert.Equal(a.Header("Access-Control-Allow-Origin"), b.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Difference_unhandled_exception_on_kestrel_500_with_cors_headers_only_at_corskit()
    {
        using var ms = await StartMicrosoft(Ms, kestrel: true);
        using var kit = await StartCorsKit(Kit, kestrel: true);
        var a = await Send(ms, HttpMethod.Get, "/boom", ("Origin", App));
        var b = await Send(kit, HttpMethod.Get, "/boom", ("Origin", App));
        Assert.Equal(HttpStatusCode.InternalServerError, a.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, b.StatusCode);
        Assert.Null(a.Header("Access-Control-Allow-Origin")); // the browser reports a CORS error instead of the 500
        Assert.Equal(App, b.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Difference_reflect_any_origin_with_credentials_is_possible_at_microsoft_and_unrepresentable_at_corskit()
    {
        var ms = await StartMicrosoft(p => p.SetIsOriginAllowed(_ => true).AllowCredentials());
        var a = await Send(ms, HttpMethod.Get, "/api", ("Origin", Evil));
        Assert.Equal(Evil, a.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", a.Header("Access-Control-Allow-Credentials"));
        // CorsKit has no predicate; the nearest configuration is refused when the policy is built.
        var errors = CorsPolicy.Validate(new CorsPolicyOptions { Origins = ["*"], Credentials = true });
        Assert.Equal(CorsPolicyErrorKind.WildcardOriginWithCredentials, Assert.Single(errors).Kind);
    }

    [Fact]
    public async Task Difference_non_canonical_configured_origins_silent_at_microsoft_and_rejected_at_corskit()
    {
        var ms = await StartMicrosoft(p => p.WithOrigins(App + "/"));
        var a = await Send(ms, HttpMethod.Get, "/api", ("Origin", App));
        Assert.Null(a.Header("Access-Control-Allow-Origin")); // never matches (dotnet/aspnetcore#3060, #18492)
        var error = Assert.Single(CorsPolicy.Validate(new CorsPolicyOptions { Origins = [App + "/"] }));
        Assert.Equal(CorsPolicyErrorKind.NonCanonicalOrigin, error.Kind);
        Assert.Contains($"'{App}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_wildcard_subdomains_match_subdomains_not_the_apex()
    {
        var ms = await StartMicrosoft(p => p.WithOrigins("https://*.example.com").SetIsOriginAllowedToAllowWildcardSubdomains());
        var kit = await StartCorsKit(new CorsPolicyOptions { Origins = ["https://*.example.com"] });
        foreach (var origin in new[] { "https://a.example.com", "https://a.b.example.com", "https://example.com", "https://a.example.com:8443", "http://a.example.com" })
        {
            var a = await Send(ms, HttpMethod.Get, "/api", ("Origin", origin));
            var b = await Send(kit, HttpMethod.Get, "/api", ("Origin", origin));
            Assert.Equal(a.Header("Access-Control-Allow-Origin"), b.Header("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task Difference_hostile_request_headers_are_echoed_by_microsoft_and_refused_by_corskit()
    {
        var ms = await StartMicrosoft(p => p.WithOrigins(App).AllowAnyHeader().AllowAnyMethod());
        var kit = await StartCorsKit(new CorsPolicyOptions { Origins = [App], Methods = ["*"], RequestHeaders = ["*"] });
        var flood = string.Join(",", Enumerable.Range(0, 2000).Select(i => "x-" + i));
        var a = await Send(ms, HttpMethod.Options, "/api", ("Origin", App), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", flood));
        var b = await Send(kit, HttpMethod.Options, "/api", ("Origin", App), ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", flood));
        Assert.Equal(HttpStatusCode.NoContent, a.StatusCode);
        Assert.True(a.Header("Access-Control-Allow-Headers")!.Length > 10_000);
        Assert.Equal(HttpStatusCode.Forbidden, b.StatusCode);
    }
}
