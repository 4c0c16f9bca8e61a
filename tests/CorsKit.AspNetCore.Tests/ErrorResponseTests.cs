using System.Net;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CorsKit.AspNetCore.Tests;

/// <summary>CORS headers on error responses (dotnet/aspnetcore#2378, #68614), with the developer exception page off
/// (Production environment).</summary>
public sealed class ErrorResponseTests
{
    private const string App = "https://app.example.com";
    private const string Admin = "https://admin.example.com";

    private static void Configure(CorsKitOptions o)
    {
        o.AddDefaultPolicy(new CorsPolicyOptions { Origins = [App], Credentials = true, ExposeHeaders = ["X-Trace"] });
        o.AddPolicy("admin", new CorsPolicyOptions { Origins = [Admin] });
        o.AddPolicy("open", new CorsPolicyOptions { Origins = ["*"] });
    }

    private static void Map(WebApplication app)
    {
        app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
        app.MapGet("/boom-async", async Task<string> () => { await Task.Yield(); throw new InvalidOperationException("boom"); });
        app.MapGet("/admin-boom", string () => throw new InvalidOperationException("boom")).RequireCorsKit("admin");
        app.MapGet("/open-boom", async Task<string> () => { await Task.Yield(); throw new InvalidOperationException("boom"); }).RequireCorsKit("open");
        app.MapGet("/error", () => Results.Problem("handled")).DisableCorsKit();
        app.MapGet("/error-default", () => Results.Problem("handled"));
        app.MapGet("/missing", () => Results.NotFound()).RequireCorsKit("admin");
        app.MapGet("/status/{code}", (int code) => Results.Text($"status page {code}"));
        app.MapGet("/status-off/{code}", (int code) => Results.Text($"status page {code}")).DisableCorsKit();
        app.MapGet("/stream-then-boom", async (HttpContext c) =>
        {
            await c.Response.WriteAsync("partial");
            await c.Response.Body.FlushAsync();
            throw new InvalidOperationException("late");
        });
    }

    [Theory]
    [InlineData("/boom")]
    [InlineData("/boom-async")]
    public async Task Exception_handler_with_a_lambda_keeps_the_cors_headers_on_the_500(string path)
    {
        await using var t = await TestApp.StartAsync(Configure, Map, app =>
        {
            app.UseExceptionHandler(e => e.Run(c => { c.Response.StatusCode = 500; return c.Response.WriteAsync("oops"); }));
            app.UseRouting();
            app.UseCorsKit();
        });
        var r = await t.SendAsync(HttpMethod.Get, path, ("Origin", App));
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal("oops", await r.Content.ReadAsStringAsync());
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", r.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("X-Trace", r.Header("Access-Control-Expose-Headers"));
        Assert.Equal(["Origin"], r.HeaderLines("Vary"));
    }

    [Theory]
    [InlineData("/boom")]
    [InlineData("/boom-async")]
    public async Task A_denied_origin_keeps_vary_and_gets_no_allow_origin_on_the_500(string path)
    {
        await using var t = await TestApp.StartAsync(Configure, Map, app =>
        {
            app.UseExceptionHandler(e => e.Run(c => { c.Response.StatusCode = 500; return c.Response.WriteAsync("oops"); }));
            app.UseRouting();
            app.UseCorsKit();
        });
        var r = await t.SendAsync(HttpMethod.Get, path, ("Origin", "https://evil.example.net"));
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
        Assert.Null(r.Header("Access-Control-Allow-Credentials"));
        // The exception handler cleared the headers; a cache must still key this 500 on Origin (RFC 9110 §12.5.5).
        Assert.Equal(["Origin"], r.HeaderLines("Vary"));
    }

    [Fact]
    public async Task A_wildcard_policy_keeps_allow_origin_star_and_adds_no_vary_on_the_500()
    {
        await using var t = await TestApp.StartAsync(Configure, Map, app =>
        {
            app.UseExceptionHandler(e => e.Run(c => { c.Response.StatusCode = 500; return c.Response.WriteAsync("oops"); }));
            app.UseRouting();
            app.UseCorsKit();
        });
        var r = await t.SendAsync(HttpMethod.Get, "/open-boom", ("Origin", "https://anyone.example"));
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal("*", r.Header("Access-Control-Allow-Origin"));
        Assert.Empty(r.HeaderLines("Vary"));
    }

    [Fact]
    public async Task Exception_handler_path_re_execution_uses_the_final_endpoints_decision()
    {
        await using var t = await TestApp.StartAsync(Configure, Map, app =>
        {
            app.UseExceptionHandler("/error-default");
            app.UseRouting();
            app.UseCorsKit();
        });
        // /admin-boom allows only Admin; the error endpoint uses the default policy, which allows App.
        var r = await t.SendAsync(HttpMethod.Get, "/admin-boom", ("Origin", App));
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        Assert.Equal(["Origin"], r.HeaderLines("Vary"));
        var admin = await t.SendAsync(HttpMethod.Get, "/admin-boom", ("Origin", Admin));
        Assert.Equal(HttpStatusCode.InternalServerError, admin.StatusCode);
        Assert.Null(admin.Header("Access-Control-Allow-Origin")); // stale 'allow Admin' must not survive
    }

    [Fact]
    public async Task Re_executed_onto_an_endpoint_with_cors_disabled_drops_the_earlier_headers()
    {
        await using var t = await TestApp.StartAsync(Configure, Map, app =>
        {
            app.UseExceptionHandler("/error");
            app.UseRouting();
            app.UseCorsKit();
        });
        var r = await t.SendAsync(HttpMethod.Get, "/boom", ("Origin", App));
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Unhandled_exception_without_any_handler_still_gets_a_500_with_cors_headers()
    {
        await using var t = await TestApp.StartAsync(Configure, Map);
        var r = await t.SendAsync(HttpMethod.Get, "/boom-async", ("Origin", App));
        Assert.Equal(HttpStatusCode.InternalServerError, r.StatusCode);
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        Assert.Equal("", await r.Content.ReadAsStringAsync());
        Assert.Contains(t.Logs.Events, e => e.Id == 21);
        var denied = await t.SendAsync(HttpMethod.Get, "/boom", ("Origin", "https://evil.example"));
        Assert.Equal(HttpStatusCode.InternalServerError, denied.StatusCode);
        Assert.Null(denied.Header("Access-Control-Allow-Origin"));
        Assert.Equal(["Origin"], denied.HeaderLines("Vary"));
    }

    [Fact]
    public async Task Status_code_re_execution_is_decided_by_the_final_endpoint()
    {
        await using var t = await TestApp.StartAsync(Configure, Map, app =>
        {
            app.UseStatusCodePagesWithReExecute("/status/{0}");
            app.UseRouting();
            app.UseCorsKit();
        });
        // /missing (admin policy) → 404 → /status/404 (default policy: App allowed).
        var r = await t.SendAsync(HttpMethod.Get, "/missing", ("Origin", App));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Equal("status page 404", await r.Content.ReadAsStringAsync());
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        var admin = await t.SendAsync(HttpMethod.Get, "/missing", ("Origin", Admin));
        Assert.Null(admin.Header("Access-Control-Allow-Origin"));
        Assert.Equal(["Origin"], admin.HeaderLines("Vary"));
    }

    [Fact]
    public async Task Status_code_re_execution_onto_a_disabled_endpoint_removes_earlier_headers()
    {
        await using var t = await TestApp.StartAsync(Configure, Map, app =>
        {
            app.UseStatusCodePagesWithReExecute("/status-off/{0}");
            app.UseRouting();
            app.UseCorsKit();
        });
        var r = await t.SendAsync(HttpMethod.Get, "/missing", ("Origin", Admin));
        Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Exception_after_the_response_started_cannot_add_headers_but_keeps_the_early_ones()
    {
        await using var t = await TestApp.StartAsync(Configure, Map, app =>
        {
            app.UseExceptionHandler(e => e.Run(c => c.Response.WriteAsync("never")));
            app.UseRouting();
            app.UseCorsKit();
        });
        var request = new HttpRequestMessage(HttpMethod.Get, "/stream-then-boom");
        request.Headers.Add("Origin", App);
        using var r = await t.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        // Headers went out with the first flush, before the exception.
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
    }
}
