using CorsKit.BrowserTests.Fixtures;
using CorsKit.BrowserTests.Harness;
using CorsKit.Model;

namespace CorsKit.BrowserTests;

/// <summary>
/// The model against a real browser on every generated scenario: verdict, preflight, ACRM/ACRH, the full request
/// trace the server recorded, actual request sent, readable headers, and for Chromium the CorsError, failedParameter
/// and console line. All disagreements are collected and reported in one table; any disagreement fails.
/// </summary>
public abstract class ModelAgreementTests(BrowserRunFixture fx, BrowserProfile profile, bool chromium)
{
    [Fact]
    public async Task Model_matches_the_browser_on_every_generated_scenario()
    {
        var all = await ModelComparison.CompareAllAsync(fx.GeneratedObservations, profile, fx.Server.Topology, fx.Run, chromium);
        if (Environment.GetEnvironmentVariable("CORSKIT_DUMP") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            await File.WriteAllTextAsync(Path.Combine(dir, $"{fx.Run}-disagreements.md"),
                ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, fx.Generated.Count, max: int.MaxValue));
        }
        Assert.True(all.Count == 0, ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, fx.Generated.Count));
    }

    [Fact]
    public async Task Model_matches_the_browser_on_every_offending_header_combination()
    {
        var all = await ModelComparison.CompareAllAsync(OffenderScenarios.All.Select(s => fx.Observations[s.Id]), profile, fx.Server.Topology, fx.Run, chromium);
        Assert.True(all.Count == 0, ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, OffenderScenarios.All.Count));
    }

    [Theory]
    [MemberData(nameof(NamedScenarios.Names), MemberType = typeof(NamedScenarios))]
    public async Task Model_matches_the_browser_on_named_scenario(string name)
    {
        BrowserObservation o = fx.Observations[NamedScenarios.Get(name).Scenario.Id];
        var all = await ModelComparison.CompareAllAsync([o], profile, fx.Server.Topology, fx.Run, chromium);
        Assert.True(all.Count == 0, ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, 1));
    }
}

[Collection("chromium")]
public sealed class ChromiumModelAgreementTests(ChromiumFixture fx) : ModelAgreementTests(fx, BrowserProfile.Chromium, chromium: true);

[Collection("firefox")]
public sealed class FirefoxModelAgreementTests(FirefoxFixture fx) : ModelAgreementTests(fx, BrowserProfile.Firefox, chromium: false);

[Collection("webkit")]
public sealed class WebKitModelAgreementTests(WebKitFixture fx) : ModelAgreementTests(fx, BrowserProfile.Safari, chromium: false);
