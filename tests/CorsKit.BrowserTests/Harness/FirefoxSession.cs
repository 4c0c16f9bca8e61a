using System.Diagnostics;
using System.Text.Json;

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
        Func<string> stderr = BrowserProcess.CaptureStderr(firefox);
        try
        {
            Task<string> results = server.ResultsAsync(run);
            Task done = await Task.WhenAny(results, Task.Delay(timeout), firefox.WaitForExitAsync()).ConfigureAwait(false);
            if (done != results)
            {
                string why = firefox.HasExited ? $"exited with code {firefox.ExitCode}" : $"did not report within {timeout.TotalSeconds:0} s";
                throw new InvalidOperationException($"Firefox {why}; stderr:\n{stderr()}");
            }
            string json = await results.ConfigureAwait(false);
            if (json.StartsWith('{'))
            {
                throw new InvalidOperationException("The Firefox runner page failed: " + json);
            }
            var page = JsonSerializer.Deserialize<PageResult[]>(json, RunnerPage.Json) ?? [];
            var recorded = server.RecordedFor(run);
            var byId = scenarios.ToDictionary(s => s.Id);
            return page.ToDictionary(r => r.Id, r => new BrowserObservation
            {
                Scenario = byId[r.Id],
                Page = r,
                Requests = recorded.TryGetValue(r.Id, out var rec) ? rec : [],
            });
        }
        finally
        {
            await BrowserProcess.StopAsync(firefox).ConfigureAwait(false);
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
