using System.Collections.Concurrent;
using System.Text.Json;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// Real headless Chromium: a page on one loopback origin calls an API with CorsKit on another. For a matrix of
/// policies × requests, the fetch succeeds exactly when the policy allows it (the expectations are written by hand
/// from the Fetch standard, not taken from CorsKit), and a disallowed origin never receives
/// <c>Access-Control-Allow-Origin</c>. Fails (never skips) when Chromium is missing.
/// </summary>
public sealed class ChromiumEndToEndTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private sealed record Call(string Name, string Method, bool Credentials, string? Header, bool ReadsExposed);

    private static readonly Call[] Calls =
    [
        new("get", "GET", false, null, false),
        new("get-credentials", "GET", true, null, false),
        new("put", "PUT", false, null, false),
        new("delete", "DELETE", false, null, false),
        new("get-x-custom", "GET", false, "x-custom", false),
        new("get-x-other", "GET", false, "x-other", false),
        new("get-exposed", "GET", false, null, true),
    ];

    [Fact]
    public async Task Chromium_succeeds_exactly_when_the_policy_allows_and_denied_origins_never_get_allow_origin()
    {

        await using var page = await StartPageServer();
        var pagePort = new Uri(page.Urls.First()).Port;
        var ipPage = $"http://127.0.0.1:{pagePort}";
        var namedPage = $"http://page.localhost:{pagePort}";

        var policies = new Dictionary<string, CorsPolicyOptions>
        {
            ["exact"] = new() { Origins = [ipPage], Methods = ["PUT"], RequestHeaders = ["x-custom"], ExposeHeaders = ["x-exposed"] },
            ["other"] = new() { Origins = ["https://other.example.com"], Methods = ["*"], RequestHeaders = ["*"] },
            ["any"] = new() { Origins = ["*"], Methods = ["*"], RequestHeaders = ["*"], ExposeHeaders = ["*"] },
            ["creds"] = new() { Origins = [ipPage], Methods = ["PUT"], Credentials = true },
            ["ports"] = new() { Origins = ["http://127.0.0.1:*"], Methods = ["DELETE"] },
            ["sub"] = new() { Origins = ["http://*.localhost:*"], RequestHeaders = ["x-custom"], Credentials = true },
        };
        var seen = new ConcurrentQueue<(string Path, string? Origin, string Method, string? AllowOrigin)>();
        await using var api = await StartApi(policies, seen);
        var apiBase = api.Urls.First();

        // Hand-written expectations (Fetch §4.8-4.10): which calls a browser completes under each policy.
        var expected = new Dictionary<(string Policy, string Page), string[]>
        {
            [("exact", ipPage)] = ["get", "put", "get-x-custom", "get-exposed"],
            [("other", ipPage)] = [],
            [("any", ipPage)] = ["get", "put", "delete", "get-x-custom", "get-x-other", "get-exposed"], // '*' never with credentials
            [("creds", ipPage)] = ["get", "get-credentials", "put", "get-exposed"],
            [("ports", ipPage)] = ["get", "delete", "get-exposed"],
            [("sub", ipPage)] = [],
            [("sub", namedPage)] = ["get", "get-credentials", "get-x-custom", "get-exposed"],
            [("exact", namedPage)] = [],
        };
        // Which calls can read the x-exposed response header.
        var exposes = new HashSet<string> { "exact", "any" };

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromium(playwright);

        var failures = new List<string>();
        foreach (var pageOrigin in new[] { ipPage, namedPage })
        {
            var context = await browser.NewContextAsync();
            var tab = await context.NewPageAsync();
            await tab.GotoAsync(pageOrigin + "/");
            foreach (var ((policy, origin), allowed) in expected.Where(e => e.Key.Page == pageOrigin))
            {
                foreach (var call in Calls)
                {
                    var url = $"{apiBase}/p/{policy}/data?call={call.Name}";
                    var result = await tab.EvaluateAsync<JsonElement>(
                        """
                        async ([url, method, credentials, header]) => {
                          const init = { method, credentials: credentials ? 'include' : 'omit', headers: {} };
                          if (header) init.headers[header] = '1';
                          try {
                            const r = await fetch(url, init);
                            await r.text();
                            return { ok: true, status: r.status, exposed: r.headers.get('x-exposed') };
                          } catch (e) { return { ok: false, error: String(e) }; }
                        }
                        """, new object?[] { url, call.Method, call.Credentials, call.Header });
                    var ok = result.GetProperty("ok").GetBoolean();
                    var shouldSucceed = allowed.Contains(call.Name);
                    if (ok != shouldSucceed)
                    {
                        failures.Add($"{policy} from {origin}: {call.Name} expected {(shouldSucceed ? "success" : "CORS failure")}, got {result}");
                    }
                    if (ok && call.ReadsExposed)
                    {
                        var readable = result.GetProperty("exposed").ValueKind == JsonValueKind.String;
                        if (readable != exposes.Contains(policy))
                        {
                            failures.Add($"{policy} from {origin}: x-exposed readable={readable}");
                        }
                    }
                }
            }
            await context.CloseAsync();
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // The server side of the same run: a denied origin never received Access-Control-Allow-Origin.
        var deniedPairs = expected.Where(e => e.Value.Length == 0).Select(e => (e.Key.Policy, e.Key.Page)).ToHashSet();
        var leaks = seen.Where(s => s.Origin is not null && deniedPairs.Contains((s.Path.Split('/')[2], s.Origin)) && s.AllowOrigin is not null).ToList();
        Assert.Empty(leaks);
        // And the run did exercise those denied pairs, preflights included.
        Assert.Contains(seen, s => s.Path == "/p/other/data" && s.Method == "OPTIONS");
        Assert.Contains(seen, s => s.Path == "/p/other/data" && s.Method == "GET");
        Assert.Contains(seen, s => s.Path == "/p/sub/data" && s.Origin == ipPage);
    }

    [Fact]
    public async Task Chromium_sees_the_500_of_a_throwing_endpoint_with_corskit_and_a_cors_error_with_microsoft()
    {
        await using var page = await StartPageServer();
        var pageOrigin = $"http://127.0.0.1:{new Uri(page.Urls.First()).Port}";

        await using var kit = await StartThrowingApi(b =>
        {
            b.Services.AddCorsKit(o => o.AddDefaultPolicy(new CorsPolicyOptions { Origins = [pageOrigin] }));
        }, app => app.UseCorsKit());
        await using var ms = await StartThrowingApi(b =>
        {
            b.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(pageOrigin)));
        }, app => app.UseCors());

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchChromium(playwright);
        var tab = await browser.NewPageAsync();
        await tab.GotoAsync(pageOrigin + "/");
        const string Fetch = "async url => { try { const r = await fetch(url); return 'status ' + r.status; } catch (e) { return 'error ' + e; } }";
        Assert.Equal("status 500", await tab.EvaluateAsync<string>(Fetch, kit.Urls.First() + "/boom"));
        Assert.StartsWith("error TypeError", await tab.EvaluateAsync<string>(Fetch, ms.Urls.First() + "/boom"), StringComparison.Ordinal);
    }

    private static async Task<WebApplication> StartThrowingApi(Action<WebApplicationBuilder> services, Action<WebApplication> cors)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        services(builder);
        var app = builder.Build();
        app.UseRouting();
        cors(app);
        app.MapGet("/boom", string () => throw new InvalidOperationException("boom"));
        await app.StartAsync();
        return app;
    }

    /// <summary>Launches the system Chromium headless; throws (the test fails, never skips) when it is missing.</summary>
    internal static Task<IBrowser> LaunchChromium(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath}; the end-to-end tests fail rather than skip.");
        }
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    internal static async Task<WebApplication> StartPageServer()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Results.Content("<!doctype html><title>page</title><p>page</p>", "text/html"));
        await app.StartAsync();
        return app;
    }

    private static async Task<WebApplication> StartApi(Dictionary<string, CorsPolicyOptions> policies,
        ConcurrentQueue<(string, string?, string, string?)> seen)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddCorsKit(o =>
        {
            foreach (var (name, p) in policies)
            {
                o.AddPolicy(name, p);
            }
        });
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                seen.Enqueue((context.Request.Path.Value ?? "", context.Request.Headers.Origin.FirstOrDefault(), context.Request.Method,
                    context.Response.Headers.AccessControlAllowOrigin.FirstOrDefault()));
                return Task.CompletedTask;
            });
            await next(context);
        });
        app.UseRouting();
        app.UseCorsKit();
        foreach (var name in policies.Keys)
        {
            var group = app.MapGroup($"/p/{name}").RequireCorsKit(name);
            group.MapMethods("/data", ["GET", "PUT", "DELETE"], (HttpContext c) =>
            {
                c.Response.Headers["x-exposed"] = "1";
                return "data";
            });
        }
        await app.StartAsync();
        return app;
    }
}
