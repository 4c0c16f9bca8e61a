using CorsKit.BrowserTests.Fixtures;
using CorsKit.BrowserTests.Harness;

namespace CorsKit.BrowserTests;

/// <summary>
/// The named edge cases, pinned to what each installed browser does (the browser is the authority; where it departs
/// from the Fetch standard or the research digest, <see cref="NamedScenarios"/> and docs/browser-verification.md say
/// so).
/// </summary>
internal static class NamedAssert
{
    public static void Matches(NamedCase c, Expect e, BrowserObservation o, Topology topology, bool chromium)
    {
        string Ctx() => $"{c.Name}: {c.Scenario.ToJson()}\nobserved: ok={o.Page.Ok} error={o.Page.Error} corsError={o.CorsError} " +
            $"failedParameter='{o.FailedParameter}' requests=[{string.Join("; ", o.Requests.Select(r => $"{r.Method} h{r.Hop} o={r.Origin} m={r.RequestMethod} h={r.RequestHeaders}"))}] readable={o.Page.Readable}";
        Assert.True(e.Allowed == o.Page.Ok, "allowed? " + Ctx());
        Assert.True(e.Preflight == o.PreflightSent, "preflight? " + Ctx());
        if (e.Acrh is not null)
            Assert.True(e.Acrh == (o.PreflightRequestHeaders ?? ""), "ACRH " + Ctx());
        if (e.Acrm is not null)
            Assert.True(e.Acrm == o.PreflightRequestMethod, "ACRM " + Ctx());
        if (e.Readable is { } readable)
            Assert.True(readable == o.Page.Readable, "readable? " + Ctx());
        if (e.FinalOrigin is not null)
            Assert.True(topology.Expand(e.FinalOrigin) == o.Requests.Last().Origin, "final Origin " + Ctx());
        if (chromium)
        {
            Assert.True(e.CorsError == o.CorsError, "CorsError " + Ctx());
            if (e.FailedParameter is not null)
                Assert.True(topology.Expand(e.FailedParameter) == (o.FailedParameter ?? ""), "failedParameter " + Ctx());
        }
    }
}

[Collection("chromium")]
public sealed class ChromiumNamedScenarioTests(ChromiumFixture fx)
{
    [Theory]
    [MemberData(nameof(NamedScenarios.Names), MemberType = typeof(NamedScenarios))]
    public void Chromium_behaves_as_pinned(string name)
    {
        NamedCase c = NamedScenarios.Get(name);
        NamedAssert.Matches(c, c.Chromium, fx.Observations[c.Scenario.Id], fx.Server.Topology, chromium: true);
    }
}

[Collection("firefox")]
public sealed class FirefoxNamedScenarioTests(FirefoxFixture fx)
{
    [Theory]
    [MemberData(nameof(NamedScenarios.Names), MemberType = typeof(NamedScenarios))]
    public void Firefox_behaves_as_pinned(string name)
    {
        NamedCase c = NamedScenarios.Get(name);
        NamedAssert.Matches(c, c.Firefox, fx.Observations[c.Scenario.Id], fx.Server.Topology, chromium: false);
    }
}
