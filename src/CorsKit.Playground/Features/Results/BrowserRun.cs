using CorsKit.Diagnostics.Fixes;
using CorsKit.Model;

namespace CorsKit.Playground.Features.Results;

/// <summary>One browser's judgement of the scenario: the run itself, and an identical second request made right
/// after it by the same page (what the preflight cache does with it); the server-side change when it was blocked.</summary>
public sealed record BrowserRun(BrowserProfile Profile, CorsVerdict Verdict, CorsVerdict Repeat, FixAdvice? Advice)
{
    /// <summary>The profile's name as the page's attributes use it (chromium, firefox, safari).</summary>
    public string Key => Profile.Name;

    /// <summary>The name shown.</summary>
    public string Title => Profile.Engine switch
    {
        BrowserEngine.Firefox => "Firefox",
        BrowserEngine.Safari => "Safari",
        _ => "Chromium",
    };

    /// <summary>The console line the browser prints, or "" when the script got the response.</summary>
    public string Console => Verdict.Failure?.ConsoleMessage(Profile.Engine) ?? "";

    /// <summary>True when the second request needed a preflight and got it from the cache.</summary>
    public bool RepeatHitCache => Repeat.Classification?.NeedsPreflight == true && !Repeat.PreflightSent && Repeat.Exchanges.Count > 0;
}
