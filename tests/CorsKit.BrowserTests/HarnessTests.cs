using CorsKit.BrowserTests.Fixtures;
using CorsKit.BrowserTests.Harness;

namespace CorsKit.BrowserTests;

/// <summary>
/// The harness itself: the generated set is large and mixed, reaches every CorsError class Chromium can produce
/// between loopback origins, and the browser's own reports agree with what the server recorded.
/// </summary>
internal static class HarnessChecks
{
    /// <summary>At least 1,000 generated scenarios, and at least a fifth of them on each side.</summary>
    public static void LargeAndMixed(BrowserRunFixture fx)
    {
        var obs = fx.GeneratedObservations.ToList();
        Assert.True(obs.Count >= 1000, $"only {obs.Count} scenarios observed (seed {fx.Seed})");
        int allowed = obs.Count(o => o.Page.Ok);
        Assert.True(allowed >= obs.Count / 5 && obs.Count - allowed >= obs.Count / 5,
            $"allowed {allowed} of {obs.Count}: both outcomes must be common (seed {fx.Seed})");
    }
}

[Collection("chromium")]
public sealed class ChromiumHarnessTests(ChromiumFixture fx)
{
    /// <summary>
    /// The CorsError classes producible by <c>fetch()</c> from an http page on 127.0.0.1 to loopback servers with the
    /// scenario space of <see cref="ScenarioGenerator"/>. Not producible here: DisallowedByMode (needs mode
    /// "same-origin"), InvalidResponse (needs a preflight network error), CorsDisabledScheme (needs a non-http
    /// scheme), and the three Local Network Access errors (every origin is loopback, one address space).
    /// </summary>
    public static readonly string[] ProducibleCorsErrors =
    [
        "WildcardOriginNotAllowed", "MissingAllowOriginHeader", "MultipleAllowOriginValues", "InvalidAllowOriginValue",
        "AllowOriginMismatch", "InvalidAllowCredentials", "PreflightInvalidStatus", "PreflightDisallowedRedirect",
        "PreflightWildcardOriginNotAllowed", "PreflightMissingAllowOriginHeader", "PreflightMultipleAllowOriginValues",
        "PreflightInvalidAllowOriginValue", "PreflightAllowOriginMismatch", "PreflightInvalidAllowCredentials",
        "InvalidAllowMethodsPreflightResponse", "InvalidAllowHeadersPreflightResponse",
        "MethodDisallowedByPreflightResponse", "HeaderDisallowedByPreflightResponse", "RedirectContainsCredentials",
    ];

    [Fact]
    public void Generated_set_is_large_and_both_outcomes_are_common() => HarnessChecks.LargeAndMixed(fx);

    [Fact]
    public void Every_producible_CorsError_class_appears()
    {
        var seen = fx.GeneratedObservations.Where(o => o.CorsError is not null)
            .GroupBy(o => o.CorsError!).ToDictionary(g => g.Key, g => g.Count());
        var missing = ProducibleCorsErrors.Where(c => !seen.ContainsKey(c)).ToList();
        Assert.True(missing.Count == 0,
            $"CorsError classes missing from the generated set (seed {fx.Seed}): {string.Join(", ", missing)}; seen: "
            + string.Join(", ", seen.OrderBy(k => k.Key).Select(k => $"{k.Key}={k.Value}")));
        var unexpected = seen.Keys.Except(ProducibleCorsErrors).ToList();
        Assert.True(unexpected.Count == 0, $"CorsError classes not in the producible list: {string.Join(", ", unexpected)}");
    }

    [Fact]
    public void DevTools_and_server_agree()
    {
        var problems = new List<string>();
        foreach (BrowserObservation o in fx.Observations.Values.OrderBy(o => o.Scenario.Id))
        {
            string id = $"#{o.Scenario.Id} {o.Scenario.Name}";
            if (o.PreflightSent != o.DevToolsSawPreflight)
                problems.Add($"{id}: server preflight={o.PreflightSent}, DevTools preflight={o.DevToolsSawPreflight}");
            if (o.Page.Ok && o.CorsError is not null)
                problems.Add($"{id}: resolved but DevTools reported {o.CorsError}");
            if (!o.Page.Ok && o.CorsError is null && o.NetError is null)
                problems.Add($"{id}: rejected ({o.Page.Error}) without a loadingFailed event");
            if (o.CorsError is not null && o.ConsoleMessage is null)
                problems.Add($"{id}: {o.CorsError} without an 'Access to fetch at' console line");
            if (o.CorsError is null && o.ConsoleMessage is not null)
                problems.Add($"{id}: console line without a CorsError: {o.ConsoleMessage}");
            if (o.Page.Ok && !o.Requests.Any(r => !r.Preflight && r.Hop == o.Scenario.Hops.Count - 1))
                problems.Add($"{id}: resolved but the server never saw the final hop");
            if (o.Requests.Any(r => r.Preflight && r.Cookie))
                problems.Add($"{id}: a preflight carried the cookie");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} inconsistencies (seed {fx.Seed}):\n" + string.Join("\n", problems.Take(40)));
    }
}

[Collection("firefox")]
public sealed class FirefoxHarnessTests(FirefoxFixture fx)
{
    [Fact]
    public void Generated_set_is_large_and_both_outcomes_are_common() => HarnessChecks.LargeAndMixed(fx);

    [Fact]
    public void Page_and_server_agree()
    {
        var problems = new List<string>();
        foreach (BrowserObservation o in fx.Observations.Values.OrderBy(o => o.Scenario.Id))
        {
            string id = $"#{o.Scenario.Id} {o.Scenario.Name}";
            if (o.Page.Ok && !o.Requests.Any(r => !r.Preflight && r.Hop == o.Scenario.Hops.Count - 1))
                problems.Add($"{id}: resolved but the server never saw the final hop");
            if (!o.Page.Ok && o.Page.Error is null)
                problems.Add($"{id}: neither resolved nor rejected");
            if (o.Requests.Any(r => r.Preflight && r.Cookie))
                problems.Add($"{id}: a preflight carried the cookie");
        }
        Assert.True(problems.Count == 0, $"{problems.Count} inconsistencies (seed {fx.Seed}):\n" + string.Join("\n", problems.Take(40)));
    }
}
