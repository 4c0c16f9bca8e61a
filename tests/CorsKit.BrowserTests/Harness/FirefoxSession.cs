using System.Diagnostics;

namespace CorsKit.BrowserTests.Harness;

/// <summary>
/// Firefox ESR without a driver: a fresh profile (<see cref="FirefoxProfile"/>),
/// <c>firefox-esr --headless --no-remote --profile DIR runner.html?run=R</c>; the runner page runs the scenarios
/// itself and POSTs its results to the server. Firefox gives no CorsError, so only verdicts and what the server saw
/// are compared.
/// </summary>
public static class FirefoxSession
{
    /// <summary>The command looked up on PATH.</summary>
    public const string Command = "firefox-esr";

    /// <summary>The installed version (<c>firefox-esr --version</c>), or throws when Firefox is missing.</summary>
    public static string Version()
    {
        using Process p = Start(new ProcessStartInfo(Command, "--version"));
        string text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return text;
    }

    /// <summary>Runs <paramref name="scenarios"/> in a fresh headless Firefox and gathers the observations.</summary>
    public static async Task<IReadOnlyDictionary<int, BrowserObservation>> RunAsync(
        ScenarioServer server, string run, IReadOnlyList<Scenario> scenarios, TimeSpan timeout)
    {
        server.Register(run, scenarios);
        string profile = FirefoxProfile.Create();
        using Process firefox = Launch(profile, $"{server.Topology.PageOrigin}/runner.html?run={run}");
        try
        {
            return await server.ObserveAsync(run, scenarios, firefox, "Firefox", timeout).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Starts headless Firefox on <paramref name="url"/> with the profile directory <paramref name="profile"/>
    /// (from <see cref="FirefoxProfile.Create"/>); standard streams are redirected, the caller reads and kills it.</summary>
    public static Process Launch(string profile, string url)
    {
        var info = new ProcessStartInfo(Command)
        {
            ArgumentList = { "--headless", "--no-remote", "--profile", profile, url },
        };
        info.Environment["MOZ_HEADLESS"] = "1";
        info.Environment["HOME"] = profile;
        return Start(info);
    }

    private static Process Start(ProcessStartInfo info) => BrowserProcess.Start(info, $"Firefox ESR ({Command})",
        "Install it (./test.sh does so as root: apt-get install firefox-esr).");
}
