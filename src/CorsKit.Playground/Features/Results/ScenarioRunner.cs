using CorsKit.Model;
using CorsKit.Scenarios;

namespace CorsKit.Playground.Features.Results;

/// <summary>Runs the browser model (src/CorsKit/Model) on a scenario through ScenarioServer's in-memory transport.</summary>
internal static class ScenarioRunner
{
    public static IReadOnlyList<BrowserProfile> ProfilesFor(ScenarioBrowser browser) => browser switch
    {
        ScenarioBrowser.Firefox => [BrowserProfile.Firefox],
        ScenarioBrowser.Safari => [BrowserProfile.Safari],
        ScenarioBrowser.All => [BrowserProfile.Chromium, BrowserProfile.Firefox, BrowserProfile.Safari],
        _ => [BrowserProfile.Chromium],
    };

    /// <summary>The runs, or the problems that keep the scenario from running.</summary>
    public static async Task<(IReadOnlyList<BrowserRun> Runs, IReadOnlyList<string> Problems)> RunAsync(Scenario scenario, IReadOnlyList<BrowserProfile> profiles)
    {
        if (!scenario.TryToRequest(out var request, out var problems))
        {
            return ([], problems);
        }
        var transport = ScenarioServer.Transport(scenario);
        var runs = new List<BrowserRun>(profiles.Count);
        foreach (var profile in profiles)
        {
            // One model per browser: its preflight cache is the page's, so the repeat shows a hit or a miss.
            var model = new BrowserModel(profile);
            var verdict = await model.RunAsync(request, transport);
            var repeat = await model.RunAsync(request, transport);
            runs.Add(new BrowserRun(profile, verdict, repeat, ScenarioAdvice.For(scenario, verdict)));
        }
        return (runs, []);
    }
}
