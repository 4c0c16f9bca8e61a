using CorsKit.Diagnostics.Fixes;
using CorsKit.Model;

namespace CorsKit.Scenarios;

/// <summary>The server-side change a blocked scenario needs, in the words and snippets <c>corskit check</c> and
/// <c>corskit explain</c> use (<see cref="FixAdvisor"/>): the header lines to send and a snippet per server stack.</summary>
public static class ScenarioAdvice
{
    /// <summary>The advice for <paramref name="verdict"/> (the model's run of <paramref name="scenario"/>); null when
    /// the request was allowed, the scenario cannot run, or no response header can fix the failure.</summary>
    public static FixAdvice? For(Scenario scenario, CorsVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(verdict);
        if (verdict.Allowed || !FixAdvisor.Helps(verdict.Failure?.Code) || !scenario.TryToRequest(out var request, out _))
        {
            return null;
        }
        var classification = verdict.Classification ?? new BrowserModel(BrowserProfile.Chromium).Classify(request);
        return FixAdvisor.Advise(request, classification, verdict, diagnosis: null, stack: null, allStacks: true);
    }
}
