using CorsKit.BrowserTests.Fixtures;
using CorsKit.BrowserTests.Harness;
using CorsKit.Model;

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
        if (e.PreflightCount is { } count)
            Assert.True(count == o.Requests.Count(r => r.Preflight), $"preflights: expected {count}, got {o.Requests.Count(r => r.Preflight)}; " + Ctx());
        if (e.LastPreflightOrigin is not null)
            Assert.True(topology.Expand(e.LastPreflightOrigin) == o.Requests.Last(r => r.Preflight).Origin, "last preflight Origin " + Ctx());
        if (chromium)
        {
            Assert.True(e.CorsError == o.CorsError, "CorsError " + Ctx());
            if (e.FailedParameter is not null)
                Assert.True(topology.Expand(e.FailedParameter) == (o.FailedParameter ?? ""), "failedParameter " + Ctx());
        }
    }
}

/// <summary>Each named case against the browser's pinned expectation.</summary>
public abstract class NamedScenarioTests(BrowserRunFixture fx, BrowserEngine engine)
{
    [Theory]
    [MemberData(nameof(NamedScenarios.Names), MemberType = typeof(NamedScenarios))]
    public void Browser_behaves_as_pinned(string name)
    {
        NamedCase c = NamedScenarios.Get(name);
        Expect e = engine switch { BrowserEngine.Chromium => c.Chromium, BrowserEngine.Firefox => c.Firefox, _ => c.WebKit };
        NamedAssert.Matches(c, e, fx.Observations[c.Scenario.Id], fx.Server.Topology, engine == BrowserEngine.Chromium);
    }
}

[Collection("chromium")]
public sealed class ChromiumNamedScenarioTests(ChromiumFixture fx) : NamedScenarioTests(fx, BrowserEngine.Chromium);

[Collection("firefox")]
public sealed class FirefoxNamedScenarioTests(FirefoxFixture fx) : NamedScenarioTests(fx, BrowserEngine.Firefox);

[Collection("webkit")]
public sealed class WebKitNamedScenarioTests(WebKitFixture fx) : NamedScenarioTests(fx, BrowserEngine.Safari);
