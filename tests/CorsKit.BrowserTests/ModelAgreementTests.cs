using CorsKit.BrowserTests.Fixtures;
using CorsKit.BrowserTests.Harness;
using CorsKit.Model;

namespace CorsKit.BrowserTests;

/// <summary>
/// The model against the real browsers on every generated scenario: verdict, preflight, ACRM/ACRH, the full request
/// trace the server recorded, actual request sent, readable headers, and for Chromium the CorsError, failedParameter
/// and console line. All disagreements are collected and reported in one table; any disagreement fails.
/// </summary>
[Collection("chromium")]
public sealed class ChromiumModelAgreementTests(ChromiumFixture fx)
{
    [Fact]
    public async Task Model_matches_Chromium_on_every_generated_scenario()
    {
        var all = await ModelComparison.CompareAllAsync(fx.GeneratedObservations, BrowserProfile.Chromium, fx.Server.Topology, fx.Run, chromium: true);
        Assert.True(all.Count == 0, ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, fx.Generated.Count));
    }

    [Theory]
    [MemberData(nameof(NamedScenarios.Names), MemberType = typeof(NamedScenarios))]
    public async Task Model_matches_Chromium_on_named_scenario(string name)
    {
        BrowserObservation o = fx.Observations[NamedScenarios.Get(name).Scenario.Id];
        var all = await ModelComparison.CompareAllAsync([o], BrowserProfile.Chromium, fx.Server.Topology, fx.Run, chromium: true);
        Assert.True(all.Count == 0, ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, 1));
    }
}

[Collection("firefox")]
public sealed class FirefoxModelAgreementTests(FirefoxFixture fx)
{
    [Fact]
    public async Task Model_matches_Firefox_on_every_generated_scenario()
    {
        var all = await ModelComparison.CompareAllAsync(fx.GeneratedObservations, BrowserProfile.Firefox, fx.Server.Topology, fx.Run, chromium: false);
        Assert.True(all.Count == 0, ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, fx.Generated.Count));
    }

    [Theory]
    [MemberData(nameof(NamedScenarios.Names), MemberType = typeof(NamedScenarios))]
    public async Task Model_matches_Firefox_on_named_scenario(string name)
    {
        BrowserObservation o = fx.Observations[NamedScenarios.Get(name).Scenario.Id];
        var all = await ModelComparison.CompareAllAsync([o], BrowserProfile.Firefox, fx.Server.Topology, fx.Run, chromium: false);
        Assert.True(all.Count == 0, ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, 1));
    }
}
