using System.Net;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CorsKit.AspNetCore.Tests;

public sealed class MiddlewareTests
{
    private const string App = "https://app.example.com";
    private const string Evil = "https://evil.example.net";

    private static readonly CorsPolicyOptions Api = new()
    {
        Origins = [App, "https://admin.example.com", "https://*.tenant.example.com"],
        Methods = ["PUT", "DELETE"],
        RequestHeaders = ["X-Api-Key", "Content-Type"],
        ExposeHeaders = ["X-Request-Id"],
        Credentials = true,
        MaxAge = 600,
    };

    private static Task<TestApp> StartDefault(CorsPolicyOptions? policy = null, Action<CorsKitOptions>? more = null) =>
        TestApp.StartAsync(o => { o.AddDefaultPolicy(policy ?? Api); more?.Invoke(o); }, app =>
        {
            app.MapGet("/api", () => "ok");
            app.MapPost("/api", () => "posted");
            app.MapPut("/api", () => "put");
            app.MapGet("/vary", (HttpContext c) => { c.Response.Headers.Vary = "Accept-Encoding, origin"; return "v"; });
            app.MapGet("/vary2", (HttpContext c) => { c.Response.Headers.Vary = "Accept-Encoding"; return "v"; });
            app.MapMethods("/opts", ["OPTIONS"], () => "app options");
        });

    [Fact]
    public async Task Allowed_actual_request_gets_origin_credentials_expose_and_vary()
    {
        await using var t = await StartDefault();
        var r = await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", r.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("X-Request-Id", r.Header("Access-Control-Expose-Headers"));
        Assert.Equal("Origin", r.Header("Vary"));
        Assert.Null(r.Header("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Subdomain_pattern_matches_subdomains_but_not_the_apex_or_lookalikes()
    {
        await using var t = await StartDefault();
        foreach (var (origin, allowed) in new[]
        {
            ("https://a.tenant.example.com", true), ("https://a.b.tenant.example.com", true),
            ("https://tenant.example.com", false), ("https://eviltenant.example.com", false),
            ("http://a.tenant.example.com", false), ("https://a.tenant.example.com:8443", false),
            ("https://a.tenant.example.com.evil.net", false),
        })
        {
            var r = await t.SendAsync(HttpMethod.Get, "/api", ("Origin", origin));
            Assert.True(allowed == (r.Header("Access-Control-Allow-Origin") == origin), origin);
            Assert.Equal("Origin", r.Header("Vary"));
        }
    }

    [Fact]
    public async Task Denied_origin_gets_no_cors_headers_but_vary_and_the_app_still_runs()
    {
        await using var t = await StartDefault();
        var r = await t.SendAsync(HttpMethod.Get, "/api", ("Origin", Evil));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("ok", await r.Content.ReadAsStringAsync());
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
        Assert.Null(r.Header("Access-Control-Allow-Credentials"));
        Assert.Null(r.Header("Access-Control-Expose-Headers"));
        Assert.Equal("Origin", r.Header("Vary"));
    }

    [Fact]
    public async Task Request_without_origin_gets_vary_origin_only()
    {
        await using var t = await StartDefault();
        var r = await t.SendAsync(HttpMethod.Get, "/api");
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
        Assert.Equal("Origin", r.Header("Vary"));
    }

    [Fact]
    public async Task Origin_matching_is_exact_case_and_slash_sensitive_as_in_browsers()
    {
        await using var t = await StartDefault();
        foreach (var origin in new[] { "https://APP.example.com", App + "/", App + ":443", "null", App + "," + App })
        {
            var r = await t.SendAsync(HttpMethod.Get, "/api", ("Origin", origin));
            Assert.Null(r.Header("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task Two_origin_lines_are_denied()
    {
        await using var t = await StartDefault();
        var request = new HttpRequestMessage(HttpMethod.Get, "/api");
        request.Headers.TryAddWithoutValidation("Origin", [App, App]);
        var r = await t.Client.SendAsync(request);
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Wildcard_policy_sends_star_on_every_response_and_no_vary()
    {
        await using var t = await StartDefault(new CorsPolicyOptions { Origins = ["*"], ExposeHeaders = ["*"] });
        var withOrigin = await t.SendAsync(HttpMethod.Get, "/api", ("Origin", Evil));
        var without = await t.SendAsync(HttpMethod.Get, "/api");
        foreach (var r in new[] { withOrigin, without })
        {
            Assert.Equal("*", r.Header("Access-Control-Allow-Origin"));
            Assert.Equal("*", r.Header("Access-Control-Expose-Headers"));
            Assert.Null(r.Header("Access-Control-Allow-Credentials"));
            Assert.Null(r.Header("Vary"));
        }
    }

    [Fact]
    public async Task Vary_is_merged_with_the_apps_values_and_never_duplicated()
    {
        await using var t = await StartDefault();
        var dup = await t.SendAsync(HttpMethod.Get, "/vary", ("Origin", App));
        // The app assigned Vary (dropping what CorsKit wrote first); it already names origin, so nothing is added.
        Assert.Equal("Accept-Encoding, origin", dup.Header("Vary"));
        var merged = await t.SendAsync(HttpMethod.Get, "/vary2", ("Origin", Evil));
        // The app assigned Vary without Origin: CorsKit adds it back when the response starts, even on a denial.
        Assert.Equal("Accept-Encoding, Origin", merged.Header("Vary"));
    }

    [Fact]
    public async Task Allowed_preflight_echoes_only_what_was_asked()
    {
        await using var t = await StartDefault();
        var r = await t.PreflightAsync("/api", App, "PUT", "content-type,x-api-key");
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", r.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("PUT", r.Header("Access-Control-Allow-Methods"));
        Assert.Equal("content-type,x-api-key", r.Header("Access-Control-Allow-Headers"));
        Assert.Equal("600", r.Header("Access-Control-Max-Age"));
        Assert.Null(r.Header("Access-Control-Expose-Headers"));
        Assert.Contains("Origin", r.Header("Vary"));
    }

    [Theory]
    [InlineData(Evil, "PUT", null)]
    [InlineData(Evil, "PATCH", "x-other")]
    [InlineData(App, "PUT", "x api key")]
    public async Task Denied_preflight_is_403_without_cors_headers(string origin, string method, string? headers)
    {
        await using var t = await StartDefault();
        var r = await t.PreflightAsync("/api", origin, method, headers);
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
        Assert.Null(r.Header("Access-Control-Allow-Methods"));
        Assert.Null(r.Header("Access-Control-Allow-Headers"));
        Assert.Null(r.Header("Access-Control-Allow-Credentials"));
        Assert.Contains("Origin", r.Header("Vary"));
        Assert.Equal("", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Safelisted_method_preflight_is_allowed_without_listing_it()
    {
        await using var t = await StartDefault();
        var r = await t.PreflightAsync("/api", App, "POST", "x-api-key");
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal("POST", r.Header("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Preflight_for_an_endpoint_without_an_options_route_is_answered_not_405()
    {
        await using var t = await TestApp.StartAsync(o => o.AddPolicy("p", Api), app =>
        {
            app.MapPost("/only-post", () => "x").RequireCorsKit("p");
            app.MapDelete("/only-delete", () => "x").RequireCorsKit("p");
        });
        var post = await t.PreflightAsync("/only-post", App, "POST", "x-api-key");
        Assert.Equal(HttpStatusCode.NoContent, post.StatusCode);
        Assert.Equal(App, post.Header("Access-Control-Allow-Origin"));
        var delete = await t.PreflightAsync("/only-delete", App, "DELETE");
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        var actual = await t.SendAsync(HttpMethod.Post, "/only-post", ("Origin", App));
        Assert.Equal(HttpStatusCode.OK, actual.StatusCode);
        Assert.Equal(App, actual.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_with_the_default_policy_for_a_post_only_endpoint_is_answered_not_405()
    {
        await using var t = await StartDefault();
        var r = await t.PreflightAsync("/api", App, "DELETE");
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal("DELETE", r.Header("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Options_without_request_method_is_not_a_preflight_and_reaches_the_app()
    {
        await using var t = await StartDefault();
        var r = await t.SendAsync(HttpMethod.Options, "/opts", ("Origin", App));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("app options", await r.Content.ReadAsStringAsync());
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        Assert.Null(r.Header("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Several_request_headers_lines_are_read_as_one_list()
    {
        await using var t = await StartDefault();
        var request = new HttpRequestMessage(HttpMethod.Options, "/api");
        request.Headers.TryAddWithoutValidation("Origin", App);
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "PUT");
        request.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", ["content-type", "x-api-key"]);
        var ok = await t.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal("content-type, x-api-key", ok.Header("Access-Control-Allow-Headers"));

        var bad = new HttpRequestMessage(HttpMethod.Options, "/api");
        bad.Headers.TryAddWithoutValidation("Origin", App);
        bad.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "PUT");
        bad.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", ["content-type", "x-evil"]);
        var denied = await t.Client.SendAsync(bad);
        Assert.Equal(HttpStatusCode.NoContent, denied.StatusCode);
        Assert.Equal("x-api-key, content-type", denied.Header("Access-Control-Allow-Headers"));
        Assert.Equal(CorsRejection.HeaderNotAllowed, t.Decisions.Last().Reason);
        Assert.Equal("x-evil", t.Decisions.Last().RejectedValue);
    }

    [Fact]
    public async Task Hostile_request_headers_are_bounded_and_rejected()
    {
        await using var t = await StartDefault(Api with { RequestHeaders = ["*"] });
        var commas = new string(',', 100_000);
        var r1 = await t.PreflightAsync("/api", App, "PUT", commas);
        Assert.Equal(HttpStatusCode.Forbidden, r1.StatusCode);
        var many = string.Join(",", Enumerable.Range(0, 1000).Select(i => "x-h" + i));
        var r2 = await t.PreflightAsync("/api", App, "PUT", many);
        Assert.Equal(HttpStatusCode.Forbidden, r2.StatusCode);
        var lines = new HttpRequestMessage(HttpMethod.Options, "/api");
        lines.Headers.TryAddWithoutValidation("Origin", App);
        lines.Headers.TryAddWithoutValidation("Access-Control-Request-Method", "PUT");
        lines.Headers.TryAddWithoutValidation("Access-Control-Request-Headers", Enumerable.Repeat("x-a", 100));
        Assert.Equal(HttpStatusCode.Forbidden, (await t.Client.SendAsync(lines)).StatusCode);
        var longOrigin = "https://" + new string('a', 5000) + ".example.com";
        var r3 = await t.SendAsync(HttpMethod.Get, "/api", ("Origin", longOrigin));
        Assert.Null(r3.Header("Access-Control-Allow-Origin"));
        // A normal '*' preflight still works, and '*' does not cover Authorization (Fetch §4.8 step 7.6): the denial
        // lists what '*' did cover, never '*' itself (Firefox lets '*' cover Authorization) nor authorization.
        Assert.Equal(HttpStatusCode.NoContent, (await t.PreflightAsync("/api", App, "PUT", "x-anything")).StatusCode);
        var auth = await t.PreflightAsync("/api", App, "PUT", "a-first,authorization,x-later");
        Assert.Equal(HttpStatusCode.NoContent, auth.StatusCode);
        Assert.Equal("a-first, x-later", auth.Header("Access-Control-Allow-Headers"));
        Assert.Equal(CorsRejection.HeaderNotAllowed, t.Decisions.Last().Reason);
        Assert.Equal("authorization", t.Decisions.Last().RejectedValue);
    }

    [Fact]
    public async Task Preflight_success_status_is_configurable()
    {
        await using var t = await StartDefault(Api with { PreflightSuccessStatus = 200 });
        var r = await t.PreflightAsync("/api", App, "PUT");
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
    }

    [Fact]
    public async Task Private_network_access_is_opt_in()
    {
        await using (var off = await StartDefault())
        {
            var r = await off.SendAsync(HttpMethod.Options, "/api", ("Origin", App), ("Access-Control-Request-Method", "GET"),
                ("Access-Control-Request-Private-Network", "true"));
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Null(r.Header("Access-Control-Allow-Private-Network"));
        }
        await using var on = await StartDefault(Api with { PrivateNetwork = true });
        var ok = await on.SendAsync(HttpMethod.Options, "/api", ("Origin", App), ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Private-Network", "true"));
        Assert.Equal(HttpStatusCode.NoContent, ok.StatusCode);
        Assert.Equal("true", ok.Header("Access-Control-Allow-Private-Network"));
        var plain = await on.PreflightAsync("/api", App, "PUT");
        Assert.Null(plain.Header("Access-Control-Allow-Private-Network"));
    }

    [Fact]
    public async Task Report_only_enforces_nothing_but_logs_what_it_would_reject()
    {
        await using var t = await StartDefault(Api with { ReportOnly = true }, o => { });
        var r = await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App));
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
        Assert.Null(r.Header("Vary"));
        var pre = await t.PreflightAsync("/opts", Evil, "PUT");
        Assert.Equal("app options", await pre.Content.ReadAsStringAsync());
        Assert.Contains(t.Logs.Events, e => e.Id == 4 && e.Message.Contains(Evil, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Debug_mode_logs_the_failed_check_and_can_put_it_in_the_body()
    {
        await using var t = await StartDefault(more: o => { o.Debug = true; o.DebugResponseBody = true; });
        var r = await t.PreflightAsync("/api", App, "PUT", "x api");
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Contains("'x api'", await r.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // An allowed origin's method denial is a 204 with the lists: no body, and the log says so.
        var method = await t.PreflightAsync("/api", App, "PATCH");
        Assert.Equal(HttpStatusCode.NoContent, method.StatusCode);
        Assert.Contains(t.Logs.Events, e => e.Id == 3 && e.Level == LogLevel.Information && e.Message.Contains("method 'PATCH'", StringComparison.Ordinal)
            && e.Message.Contains("answered 204 with the policy's Access-Control-Allow-Methods", StringComparison.Ordinal));
        // Debug mode logs every denial: no rate limit.
        await t.PreflightAsync("/api", App, "PUT", "x-nope");
        await t.PreflightAsync("/api", App, "PUT", "x-nope");
        Assert.Equal(2, t.Logs.Events.Count(e => e.Id == 3 && e.Message.Contains("request header 'x-nope'", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Without_debug_denials_are_logged_at_information_rate_limited_and_the_body_is_empty()
    {
        await using var t = await StartDefault(more: o => o.DebugResponseBody = true);
        var r = await t.PreflightAsync("/api", Evil, "PUT");
        Assert.Equal("", await r.Content.ReadAsStringAsync());
        Assert.Contains(t.Logs.Events, e => e.Id == 2 && e.Level == LogLevel.Information && e.Message.Contains(Evil, StringComparison.Ordinal)
            && e.Message.Contains("answered 403", StringComparison.Ordinal));
        // The same denial again within the interval is counted, not logged; another origin or reason is logged.
        await t.PreflightAsync("/api", Evil, "PUT");
        await t.SendAsync(HttpMethod.Get, "/api", ("Origin", Evil));
        await t.PreflightAsync("/api", "https://other.example.net", "PUT");
        await t.PreflightAsync("/api", App, "PUT", "x-nope");
        var denials = t.Logs.Events.Where(e => e.Id == 2 && e.Category.StartsWith("CorsKit.", StringComparison.Ordinal)).Select(e => e.Message).ToList();
        Assert.Single(denials, m => m.Contains("Preflight request from origin 'https://evil.example.net'", StringComparison.Ordinal));
        Assert.Single(denials, m => m.Contains("Actual request from origin 'https://evil.example.net'", StringComparison.Ordinal));
        Assert.Single(denials, m => m.Contains("https://other.example.net", StringComparison.Ordinal));
        Assert.Single(denials, m => m.Contains("request header 'x-nope'", StringComparison.Ordinal) && m.Contains("names the header", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Named_policies_apply_per_endpoint_and_disable_turns_cors_off()
    {
        await using var t = await TestApp.StartAsync(o =>
        {
            o.AddDefaultPolicy(new CorsPolicyOptions { Origins = [App] });
            o.AddPolicy("admin", new CorsPolicyOptions { Origins = ["https://admin.example.com"] });
        }, app =>
        {
            app.MapGet("/default", () => "d");
            app.MapGet("/admin", () => "a").RequireCorsKit("admin");
            app.MapGet("/off", () => "o").DisableCorsKit();
            var group = app.MapGroup("/g").RequireCorsKit("admin");
            group.MapGet("/x", () => "x");
        });
        Assert.Equal(App, (await t.SendAsync(HttpMethod.Get, "/default", ("Origin", App))).Header("Access-Control-Allow-Origin"));
        Assert.Null((await t.SendAsync(HttpMethod.Get, "/admin", ("Origin", App))).Header("Access-Control-Allow-Origin"));
        Assert.Equal("https://admin.example.com",
            (await t.SendAsync(HttpMethod.Get, "/admin", ("Origin", "https://admin.example.com"))).Header("Access-Control-Allow-Origin"));
        Assert.Equal("https://admin.example.com",
            (await t.SendAsync(HttpMethod.Get, "/g/x", ("Origin", "https://admin.example.com"))).Header("Access-Control-Allow-Origin"));
        var off = await t.SendAsync(HttpMethod.Get, "/off", ("Origin", App));
        Assert.Null(off.Header("Access-Control-Allow-Origin"));
        Assert.Null(off.Header("Vary"));
    }

    [Fact]
    public async Task Invalid_policy_stops_startup_with_every_error()
    {
        var all = await Assert.ThrowsAsync<CorsKitConfigurationException>(() => TestApp.StartAsync(
            o => o.AddDefaultPolicy(new CorsPolicyOptions { Origins = ["*", "null", "https://x.com/"], Credentials = true, MaxAge = -1 }),
            app => app.MapGet("/", () => "")));
        var ex = Assert.Single(all.InvalidPolicies);
        Assert.Equal(4, all.Errors.Count);
        Assert.Equal("default", ex.PolicyName);
        Assert.Equal(
            [CorsPolicyErrorKind.WildcardOriginWithCredentials, CorsPolicyErrorKind.NullOrigin, CorsPolicyErrorKind.NonCanonicalOrigin, CorsPolicyErrorKind.MaxAgeOutOfRange],
            ex.Errors.Select(e => e.Kind));
    }

    [Fact]
    public async Task Unknown_policy_names_are_startup_errors_with_the_closest_name()
    {
        // Issue 12 item 6: an endpoint naming an unknown policy used to start, and each request only logged event 5.
        var ex = await Assert.ThrowsAsync<CorsKitConfigurationException>(() => TestApp.StartAsync(
            o => o.AddPolicy("admin", new CorsPolicyOptions { Origins = [App] }),
            app => app.MapGet("/typo", () => "t").RequireCorsKit("admn")));
        Assert.Equal(
            "endpoint 'HTTP: GET /typo': RequireCorsKit(\"admn\") or [CorsKit(\"admn\")] names a policy that is not defined (did you mean 'admin'?). Add it under CorsKit:Policies:admn or with AddPolicy.",
            Assert.Single(ex.Errors));
        var missing = await Assert.ThrowsAsync<CorsKitConfigurationException>(() => TestApp.StartAsync(
            o => o.AddPolicy("p", new CorsPolicyOptions { Origins = [App] }), app => app.MapGet("/", () => ""),
            pipeline: app => app.UseCorsKit("missing")));
        Assert.StartsWith("UseCorsKit(\"missing\") names a policy that is not defined.", Assert.Single(missing.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_warnings_are_logged_at_startup()
    {
        await using var t = await StartDefault(Api with { MaxAge = 7300 });
        Assert.Contains(t.Logs.Events, e => e.Id == 12 && e.Level == LogLevel.Warning && e.Message.Contains("Chromium caps it at 7200", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UseCorsKit_without_AddCorsKit_says_what_to_do()
    {
        var builder = WebApplication.CreateBuilder();
        await using var app = builder.Build();
        var ex = Assert.Throws<InvalidOperationException>(() => app.UseCorsKit());
        Assert.Contains("AddCorsKit", ex.Message, StringComparison.Ordinal);
    }
}
