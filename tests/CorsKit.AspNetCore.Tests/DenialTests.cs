using System.Net;
using CorsKit.AspNetCore;
using CorsKit.AspNetCore.Infrastructure;
using CorsKit.Policy;
using Xunit.Abstractions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// Issue 12 item 7 and the decision feature: a preflight from an allowed origin that asks for a method or header the
/// policy does not allow is answered 2xx with the policy's own lists (so the browser names the cause; the browsers'
/// side is in <see cref="DenialBrowserTests"/>), a denied origin still gets 403, every decision is on
/// <see cref="ICorsKitDecisionFeature"/>, and denials are logged at Information under a rate limit.
/// </summary>
public sealed class DenialTests(ITestOutputHelper output)
{
    private const string App = "https://app.example.com";
    private const string Evil = "https://evil.example.net";

    private static readonly CorsPolicyOptions Api = new()
    {
        Origins = [App],
        Methods = ["PUT", "DELETE"],
        RequestHeaders = ["X-Api-Key", "Content-Type"],
        Credentials = true,
        MaxAge = 600,
    };

    private static Task<TestApp> Start(CorsPolicyOptions policy, Action<CorsKitOptions>? more = null) =>
        TestApp.StartAsync(o => { o.AddDefaultPolicy(policy); more?.Invoke(o); }, app =>
        {
            app.MapGet("/api", () => "ok");
            app.MapMethods("/opts", ["OPTIONS"], () => "app options");
            app.MapGet("/off", () => "off").DisableCorsKit();
        });

    [Theory]
    [InlineData("PATCH", "x-api-key", CorsRejection.MethodNotAllowed, "PATCH")]
    [InlineData("PUT", "content-type,x-other", CorsRejection.HeaderNotAllowed, "x-other")]
    public async Task Allowed_origin_asking_for_a_method_or_header_the_policy_lacks_gets_204_with_the_policys_lists(
        string method, string headers, CorsRejection reason, string value)
    {
        await using var t = await Start(Api);
        var r = await t.PreflightAsync("/api", App, method, headers);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal(App, r.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", r.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("PUT, DELETE", r.Header("Access-Control-Allow-Methods"));
        Assert.Equal("x-api-key, content-type", r.Header("Access-Control-Allow-Headers"));
        Assert.Null(r.Header("Access-Control-Max-Age"));
        Assert.Equal("Origin, Access-Control-Request-Method, Access-Control-Request-Headers", r.Header("Vary"));
        var d = Assert.Single(t.Decisions);
        Assert.Equal((CorsKitOutcome.PreflightDenied, reason, value), (d.Outcome, d.Reason, d.RejectedValue));
    }

    [Fact]
    public async Task Denied_origin_still_gets_403_and_no_cors_header()
    {
        await using var t = await Start(Api);
        var r = await t.PreflightAsync("/api", Evil, "PATCH", "x-other");
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.DoesNotContain(r.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
        var d = Assert.Single(t.Decisions);
        Assert.Equal((CorsKitOutcome.PreflightDenied, CorsRejection.OriginNotAllowed, (string?)null), (d.Outcome, d.Reason, d.RejectedValue));
    }

    [Theory]
    // Chromium compares the upper-cased request method with the list (crbug.com/1228178): a listed method equal to
    // the denied one ignoring case is left out, or Chromium would pass what the policy refused.
    [InlineData("patch", "PUT")]
    [InlineData("put", "PATCH")]
    public async Task A_listed_method_equal_to_the_denied_one_ignoring_case_is_not_sent(string requested, string expected)
    {
        await using var t = await Start(new CorsPolicyOptions { Origins = [App], Methods = ["PATCH", "PUT"] });
        var r = await t.PreflightAsync("/api", App, requested);
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal(expected, r.Header("Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task Without_listed_methods_the_safelisted_ones_are_the_list()
    {
        await using var t = await Start(new CorsPolicyOptions { Origins = [App] });
        var r = await t.PreflightAsync("/api", App, "PUT");
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal("GET, HEAD, POST", r.Header("Access-Control-Allow-Methods"));
        Assert.Null(r.Header("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Wildcards_are_never_sent_and_a_method_only_star_covers_is_added_so_the_header_is_named()
    {
        await using var t = await Start(new CorsPolicyOptions { Origins = ["*"], Methods = ["*"], RequestHeaders = ["x-a"] });
        var r = await t.PreflightAsync("/api", App, "PATCH", "x-a,x-b");
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        Assert.Equal("*", r.Header("Access-Control-Allow-Origin"));
        Assert.Null(r.Header("Access-Control-Allow-Credentials"));
        Assert.Equal("GET, HEAD, POST, PATCH", r.Header("Access-Control-Allow-Methods"));
        Assert.Equal("x-a", r.Header("Access-Control-Allow-Headers"));
    }

    [Fact]
    public async Task Private_network_refusal_malformed_and_oversized_header_lists_stay_403()
    {
        await using var t = await Start(Api with { RequestHeaders = ["*"] });
        var pna = await t.SendAsync(HttpMethod.Options, "/api", ("Origin", App), ("Access-Control-Request-Method", "GET"),
            ("Access-Control-Request-Private-Network", "true"));
        var malformed = await t.PreflightAsync("/api", App, "PUT", "x(y)");
        var large = await t.PreflightAsync("/api", App, "PUT", string.Join(",", Enumerable.Range(0, 65).Select(i => "x-h" + i)));
        foreach (var r in new[] { pna, malformed, large })
        {
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
            Assert.Null(r.Header("Access-Control-Allow-Origin"));
        }
        Assert.Equal([CorsRejection.PrivateNetworkNotAllowed, CorsRejection.MalformedRequestHeaders, CorsRejection.RequestHeadersTooLarge],
            t.Decisions.Select(d => d.Reason));
    }

    [Fact]
    public async Task Every_outcome_is_on_the_request_and_decisions_without_a_value_are_shared()
    {
        await using var t = await Start(Api);
        await t.SendAsync(HttpMethod.Get, "/api");
        await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App));
        await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App));
        await t.SendAsync(HttpMethod.Get, "/api", ("Origin", Evil));
        await t.PreflightAsync("/api", App, "PUT");
        await t.PreflightAsync("/api", Evil, "PUT");
        await t.SendAsync(HttpMethod.Get, "/off", ("Origin", App)); // CorsKit disabled: no decision
        var d = t.Decisions.ToArray();
        Assert.Equal([CorsKitOutcome.NoOrigin, CorsKitOutcome.Allowed, CorsKitOutcome.Allowed, CorsKitOutcome.Denied,
            CorsKitOutcome.PreflightAllowed, CorsKitOutcome.PreflightDenied], d.Select(x => x.Outcome));
        Assert.Equal([CorsRejection.None, CorsRejection.None, CorsRejection.None, CorsRejection.OriginNotAllowed,
            CorsRejection.None, CorsRejection.OriginNotAllowed], d.Select(x => x.Reason));
        Assert.Same(d[1], d[2]);
        Assert.All(d, x => Assert.False(x.IsReportOnly));
        Assert.All(d, x => Assert.Equal(["https://app.example.com"], x.Policy.Options.Origins));
    }

    [Fact]
    public async Task The_decision_is_published_only_when_asked_for()
    {
        await using var t = await Start(Api, o => o.PublishDecision = false);
        var r = await t.PreflightAsync("/api", App, "PATCH");
        Assert.Equal(HttpStatusCode.NoContent, r.StatusCode);
        await t.SendAsync(HttpMethod.Get, "/api", ("Origin", App));
        Assert.Empty(t.Decisions);
        Assert.Contains(Kit(t), e => e.Id == 2 && e.Message.Contains("method 'PATCH'", StringComparison.Ordinal)); // logs read it anyway
        Assert.False(new CorsKitOptions().PublishDecision);
    }

    [Fact]
    public async Task Report_only_decides_the_same_enforces_nothing_and_logs_what_it_would_have_answered()
    {
        await using var t = await Start(Api with { ReportOnly = true });
        var r = await t.PreflightAsync("/opts", App, "PATCH");
        Assert.Equal("app options", await r.Content.ReadAsStringAsync());
        Assert.Null(r.Header("Access-Control-Allow-Origin"));
        Assert.Null(r.Header("Access-Control-Allow-Methods"));
        var o = await t.PreflightAsync("/opts", Evil, "PUT");
        Assert.Equal("app options", await o.Content.ReadAsStringAsync());
        var d = t.Decisions.ToArray();
        Assert.Equal([(CorsKitOutcome.PreflightDenied, CorsRejection.MethodNotAllowed), (CorsKitOutcome.PreflightDenied, CorsRejection.OriginNotAllowed)],
            d.Select(x => (x.Outcome, x.Reason)));
        Assert.All(d, x => Assert.True(x.IsReportOnly));
        Assert.Contains(Kit(t), e => e.Id == 4 && e.Message.Contains("method 'PATCH'", StringComparison.Ordinal)
            && e.Message.Contains("enforced, it would be answered 204 with the policy's", StringComparison.Ordinal));
        Assert.Contains(Kit(t), e => e.Id == 4 && e.Message.Contains(Evil, StringComparison.Ordinal)
            && e.Message.Contains("enforced, it would be answered 403", StringComparison.Ordinal));
        Assert.DoesNotContain(Kit(t), e => e.Id is 2 or 3);
    }

    [Fact]
    public void Limiter_logs_one_per_key_per_interval_and_reports_what_it_held_back()
    {
        var clock = new ManualClock();
        var limiter = new DenialLogLimiter(clock);
        Assert.True(limiter.Enter("p", CorsRequestKind.Preflight, CorsRejection.HeaderNotAllowed, App).Log);
        Assert.False(limiter.Enter("p", CorsRequestKind.Preflight, CorsRejection.HeaderNotAllowed, App).Log);
        Assert.False(limiter.Enter("P", CorsRequestKind.Preflight, CorsRejection.HeaderNotAllowed, App).Log); // names are case-insensitive
        Assert.True(limiter.Enter("p", CorsRequestKind.Preflight, CorsRejection.MethodNotAllowed, App).Log);
        Assert.True(limiter.Enter("p", CorsRequestKind.Actual, CorsRejection.HeaderNotAllowed, App).Log);
        Assert.True(limiter.Enter("p", CorsRequestKind.Preflight, CorsRejection.HeaderNotAllowed, Evil).Log);
        Assert.True(limiter.Enter("q", CorsRequestKind.Preflight, CorsRejection.HeaderNotAllowed, App).Log);
        clock.Advance(DenialLogLimiter.Interval - TimeSpan.FromSeconds(1));
        Assert.False(limiter.Enter("p", CorsRequestKind.Preflight, CorsRejection.HeaderNotAllowed, App).Log);
        clock.Advance(TimeSpan.FromSeconds(1));
        var next = limiter.Enter("p", CorsRequestKind.Preflight, CorsRejection.HeaderNotAllowed, App);
        Assert.True(next.Log);
        Assert.Equal(3, next.HeldBackForKey);
    }

    [Fact]
    public void Limiter_caps_distinct_keys_per_interval_and_counts_the_rest()
    {
        var clock = new ManualClock();
        var limiter = new DenialLogLimiter(clock);
        var logged = Enumerable.Range(0, 250).Count(i => limiter.Enter("p", CorsRequestKind.Actual, CorsRejection.OriginNotAllowed, $"https://o{i}.example").Log);
        Assert.Equal(DenialLogLimiter.MaxPerInterval, logged);
        clock.Advance(DenialLogLimiter.Interval);
        var after = limiter.Enter("p", CorsRequestKind.Actual, CorsRejection.OriginNotAllowed, "https://new.example");
        Assert.True(after.Log);
        Assert.Equal(150, after.HeldBackOverall);
    }

    [Fact]
    public async Task Repeated_denials_through_the_middleware_are_logged_once_at_information()
    {
        await using var t = await Start(Api);
        for (var i = 0; i < 3; i++)
        {
            await t.SendAsync(HttpMethod.Get, "/api", ("Origin", Evil));
        }
        var e = Assert.Single(Kit(t), e => e.Id == 2);
        Assert.Contains("answered without Access-Control-Allow-Origin", e.Message, StringComparison.Ordinal);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Information, e.Level);
        await t.PreflightAsync("/api", App, "PUT", "content-type,x-api-key,x-trace");
        var header = Assert.Single(Kit(t), e => e.Id == 2 && e.Message.Contains("x-trace", StringComparison.Ordinal));
        Assert.Contains("answered 204 with the policy's Access-Control-Allow-Methods and -Allow-Headers, so the browser names the header", header.Message, StringComparison.Ordinal);
        // The texts docs/middleware.md quotes.
        output.WriteLine(e.Message);
        output.WriteLine(header.Message);
    }

    /// <summary>CorsKit's own events (other categories reuse small event ids).</summary>
    private static IEnumerable<(int Id, Microsoft.Extensions.Logging.LogLevel Level, string Category, string Message)> Kit(TestApp t) =>
        t.Logs.Events.Where(e => e.Category.StartsWith("CorsKit.", StringComparison.Ordinal));

    private sealed class ManualClock : TimeProvider
    {
        private long _ticks = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
