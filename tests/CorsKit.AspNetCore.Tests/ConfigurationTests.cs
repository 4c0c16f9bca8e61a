using System.Diagnostics.Metrics;
using System.Net;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace CorsKit.AspNetCore.Tests;

/// <summary>A configuration source whose data the test replaces, firing the reload token synchronously.</summary>
internal sealed class ReloadableSource : ConfigurationProvider, IConfigurationSource
{
    public ReloadableSource(IDictionary<string, string?> data) => Data = new Dictionary<string, string?>(data, StringComparer.OrdinalIgnoreCase);

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;

    public void Replace(IDictionary<string, string?> data)
    {
        Data = new Dictionary<string, string?>(data, StringComparer.OrdinalIgnoreCase);
        OnReload();
    }
}

public sealed class ConfigurationTests
{
    private const string App = "https://app.example.com";
    private const string Next = "https://next.example.com";

    private static Dictionary<string, string?> Policy(string origin, string? maxAge = "600") => new()
    {
        ["CorsKit:DefaultPolicy"] = "api",
        ["CorsKit:Policies:api:Origins:0"] = origin,
        ["CorsKit:Policies:api:Methods:0"] = "PUT",
        ["CorsKit:Policies:api:RequestHeaders:0"] = "X-Api-Key",
        ["CorsKit:Policies:api:ExposeHeaders:0"] = "X-Request-Id",
        ["CorsKit:Policies:api:Credentials"] = "true",
        ["CorsKit:Policies:api:MaxAge"] = maxAge,
        ["CorsKit:Policies:api:PrivateNetwork"] = "false",
        ["CorsKit:Policies:other:Origins:0"] = "*",
    };

    [Fact]
    public async Task Policies_bind_from_configuration()
    {
        var source = new ReloadableSource(Policy(App));
        await using var t = await TestApp.StartAsync(null, app => app.MapGet("/api", () => "ok"), configuration: c => c.Add(source));
        var r = await t.PreflightAsync("/api", App, "PUT", "x-api-key");
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", r.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("600", r.Header("Access-Control-Max-Age"));
        var actual = await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App));
        Assert.Equal("X-Request-Id", actual.Header("Access-Control-Expose-Headers"));
    }

    [Fact]
    public async Task A_valid_reload_swaps_the_policy_and_an_invalid_one_keeps_the_previous_and_logs_every_error()
    {
        var source = new ReloadableSource(Policy(App));
        await using var t = await TestApp.StartAsync(null, app => app.MapGet("/api", () => "ok"), configuration: c => c.Add(source));
        Assert.Equal(App, (await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App))).Header("Access-Control-Allow-Origin"));

        source.Replace(Policy(Next));
        Assert.Null((await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App))).Header("Access-Control-Allow-Origin"));
        Assert.Equal(Next, (await t.SendAsync(HttpMethod.Get, "/api", ("Origin", Next))).Header("Access-Control-Allow-Origin"));
        Assert.Contains(t.Logs.Events, e => e.Id == 10);

        // Two errors at once: a trailing slash and a max-age out of range.
        source.Replace(Policy(App + "/", maxAge: "100000"));
        Assert.Equal(Next, (await t.SendAsync(HttpMethod.Get, "/api", ("Origin", Next))).Header("Access-Control-Allow-Origin"));
        var errors = t.Logs.Events.Where(e => e.Id == 11).ToList();
        Assert.Equal(2, errors.Count);
        Assert.All(errors, e => Assert.Equal(LogLevel.Error, e.Level));
        Assert.Contains(errors, e => e.Message.Contains("'https://app.example.com'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Message.Contains("maxAge", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reload_that_names_a_missing_default_policy_keeps_the_previous_default()
    {
        var source = new ReloadableSource(Policy(App));
        await using var t = await TestApp.StartAsync(null, app => app.MapGet("/api", () => "ok"), configuration: c => c.Add(source));
        var renamed = Policy(App);
        renamed["CorsKit:DefaultPolicy"] = "apii";
        source.Replace(renamed);
        Assert.Equal(App, (await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App))).Header("Access-Control-Allow-Origin"));
        Assert.Contains(t.Logs.Events, e => e.Id == 13 && e.Message.Contains("apii", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Invalid_configuration_at_startup_fails_fast()
    {
        var source = new ReloadableSource(Policy("HTTPS://App.example.com"));
        var ex = await Assert.ThrowsAsync<CorsKitConfigurationException>(() =>
            TestApp.StartAsync(null, app => app.MapGet("/api", () => "ok"), configuration: c => c.Add(source)));
        Assert.Equal("api", Assert.Single(ex.InvalidPolicies).PolicyName);
        var error = Assert.Single(Assert.Single(ex.InvalidPolicies).Errors);
        Assert.Equal(CorsPolicyErrorKind.NonCanonicalOrigin, error.Kind);
        Assert.Contains("'https://app.example.com'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_file_has_the_shape_of_the_configuration_section()
    {
        var options = CorsPolicyOptions.FromJson("""
            { "origins": ["https://app.example.com"], "methods": ["PUT"], "requestHeaders": ["X-Api-Key"],
              "exposeHeaders": ["X-Request-Id"], "credentials": true, "maxAge": 600, "privateNetwork": false }
            """);
        await using var t = await TestApp.StartAsync(o => o.AddDefaultPolicy(options), app => app.MapGet("/api", () => "ok"));
        var fromFile = await t.PreflightAsync("/api", App, "PUT", "x-api-key");
        var source = new ReloadableSource(Policy(App));
        await using var c = await TestApp.StartAsync(null, app => app.MapGet("/api", () => "ok"), configuration: b => b.Add(source));
        var fromConfig = await c.PreflightAsync("/api", App, "PUT", "x-api-key");
        foreach (var h in new[] { "Access-Control-Allow-Origin", "Access-Control-Allow-Credentials", "Access-Control-Allow-Methods", "Access-Control-Allow-Headers", "Access-Control-Max-Age" })
        {
            Assert.Equal(fromConfig.Header(h), fromFile.Header(h));
        }
    }

    [Fact]
    public async Task Metrics_count_preflights_allowed_and_rejected_by_reason()
    {
        var counts = new List<(string Instrument, long Value, string? Reason)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (i, l) =>
        {
            if (i.Meter.Name == "CorsKit")
            {
                l.EnableMeasurementEvents(i);
            }
        };
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) =>
        {
            string? reason = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "reason")
                {
                    reason = tag.Value as string;
                }
            }
            lock (counts)
            {
                counts.Add((i.Name, v, reason));
            }
        });
        listener.Start();
        await using var t = await TestApp.StartAsync(o => o.AddDefaultPolicy(new CorsPolicyOptions { Origins = [App], Methods = ["PUT"] }),
            app => app.MapGet("/api", () => "ok"));
        await t.PreflightAsync("/api", App, "PUT");
        await t.PreflightAsync("/api", App, "PATCH");
        await t.SendAsync(HttpMethod.Get, "/api", ("Origin", "https://evil.example"));
        await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App));
        lock (counts)
        {
            // Other tests run in parallel and share the meter name: count only what this app's requests produced.
            Assert.True(counts.Count(c => c.Instrument == "corskit.preflights") >= 2);
            Assert.Contains(counts, c => c.Instrument == "corskit.requests.rejected" && c.Reason == "method");
            Assert.Contains(counts, c => c.Instrument == "corskit.requests.rejected" && c.Reason == "origin");
            Assert.True(counts.Count(c => c.Instrument == "corskit.requests.allowed") >= 2);
        }
    }
}
