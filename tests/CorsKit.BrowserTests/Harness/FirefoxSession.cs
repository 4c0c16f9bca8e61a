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
        var info = new ProcessStartInfo(Command)
        {
            ArgumentList = { "--headless", "--no-remote", "--profile", profile, $"{server.Topology.PageOrigin}/runner.html?run={run}" },
        };
        info.Environment["MOZ_HEADLESS"] = "1";
        info.Environment["HOME"] = profile;
        using Process firefox = Start(info);
        try
        {
            return await server.ObserveAsync(run, scenarios, firefox, "Firefox", timeout).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static Process Start(ProcessStartInfo info)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {Command}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"Firefox ESR ({Command}) is not installed or not on PATH: {e.Message}. Install it (./test.sh does so as root: apt-get install firefox-esr). Browser tests fail rather than skip.", e);
        }
    }
}
