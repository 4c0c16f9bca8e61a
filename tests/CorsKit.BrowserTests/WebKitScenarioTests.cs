using CorsKit.BrowserTests.Fixtures;
using CorsKit.BrowserTests.Harness;
using CorsKit.Model;
using CorsKit.Diagnostics;

namespace CorsKit.BrowserTests;

/// <summary>The WebKit-only cases (<see cref="WebKitScenarios"/>): WebKit does what is pinned, and the Safari profile
/// does what WebKit did.</summary>
[Collection("webkit")]
public sealed class WebKitScenarioTests(WebKitFixture fx)
{
    [Theory]
    [MemberData(nameof(WebKitScenarios.Names), MemberType = typeof(WebKitScenarios))]
    public void WebKit_behaves_as_pinned(string name)
    {
        WebKitCase c = WebKitScenarios.Get(name);
        BrowserObservation o = fx.Observations[c.Scenario.Id];
        string seen = string.Join(" | ", o.Requests.Select(r => r.Preflight
            ? $"P{r.Hop} {r.RequestMethod} h={r.RequestHeaders ?? "-"} o={r.Origin}"
            : $"A{r.Hop} {r.Method} o={r.Origin ?? "-"}"));
        string expected = fx.Server.Topology.Expand(string.Join(" | ", c.Trace));
        Assert.True(expected == seen, $"{name}: expected {expected}\nWebKit sent {seen}");
        Assert.True(c.Allowed == o.Page.Ok, $"{name}: allowed? expected {c.Allowed}, WebKit {o.Page.Ok} ({o.Page.Error})");
    }

    /// <summary>Each line the model writes for a failing case is one WebKit logged (scenarios run in parallel, so lines
    /// are looked up, not paired).</summary>
    [Theory]
    [MemberData(nameof(WebKitScenarios.Names), MemberType = typeof(WebKitScenarios))]
    public async Task WebKit_logs_the_model_console_text(string name)
    {
        WebKitCase c = WebKitScenarios.Get(name);
        var verdicts = await ModelComparison.RunModelAsync(BrowserProfile.Safari, fx.Server.Topology, fx.Run, c.Scenario);
        CorsFailure? failure = verdicts[^1].Failure;
        if (c.Allowed)
        {
            Assert.Null(failure);
            return;
        }
        var logged = fx.ConsoleLines.Select(l => l[(l.IndexOf("CONSOLE ", StringComparison.Ordinal) + 8)..]).Select(l => l[(l.IndexOf(' ', l.IndexOf(' ') + 1) + 1)..]).ToHashSet();
        foreach (string line in failure!.ConsoleMessage(BrowserEngine.Safari).Split('\n'))
        {
            Assert.True(logged.Contains(line), $"{name}: the model writes\n{line}\nWebKit logged none such; its lines naming this case:\n"
                + string.Join('\n', fx.ConsoleLines.Where(l => l.Contains($"-{c.Scenario.Id}/", StringComparison.Ordinal))));
        }
    }

    [Theory]
    [MemberData(nameof(WebKitScenarios.Names), MemberType = typeof(WebKitScenarios))]
    public async Task Safari_profile_matches_WebKit(string name)
    {
        BrowserObservation o = fx.Observations[WebKitScenarios.Get(name).Scenario.Id];
        var all = await ModelComparison.CompareAllAsync([o], BrowserProfile.Safari, fx.Server.Topology, fx.Run, chromium: false);
        Assert.True(all.Count == 0, ModelComparison.Table(all, fx.BrowserVersion, fx.Seed, 1));
    }
}
