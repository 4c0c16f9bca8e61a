using System.Diagnostics;

namespace CorsKit.BrowserTests.Harness;

/// <summary>
/// WebKitGTK (the engine Safari shares WebCore's CORS code with, issue 14) without a driver: its MiniBrowser under
/// <c>xvfb-run -a</c>, in private browsing (an ephemeral network session: no disk cache, no stored preflights or
/// cookies from another run), loading <c>runner.html?run=R</c>; the runner page runs the scenarios itself and POSTs
/// its results to the server, exactly as for Firefox. WebKit gives no CorsError, so verdicts and what the server saw
/// are compared. This is the one place that launches MiniBrowser (the console-text tests use it too).
/// </summary>
public static class WebKitSession
{
    /// <summary>Debian's MiniBrowser (package <c>webkit2gtk-driver</c>'s dependency <c>libwebkit2gtk-4.1-0</c>).</summary>
    public const string MiniBrowser = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

    /// <summary>The installed version (<c>MiniBrowser --version</c>, e.g. "WebKitGTK 2.50.6"), or throws when WebKit is
    /// missing.</summary>
    public static string Version()
    {
        using Process p = Launch(["--version"]);
        string text = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return text;
    }

    /// <summary>Starts MiniBrowser under <c>xvfb-run -a</c> (a private X display) with <paramref name="arguments"/>,
    /// standard streams redirected. A missing MiniBrowser or xvfb-run throws with the install command (browser tests
    /// fail rather than skip).</summary>
    public static Process Launch(IEnumerable<string> arguments)
    {
        if (!File.Exists(MiniBrowser))
        {
            throw new InvalidOperationException(
                $"WebKitGTK's MiniBrowser is not installed at {MiniBrowser}: apt-get install webkit2gtk-driver xvfb (./test.sh does so as root). Browser tests fail rather than skip.");
        }
        // GTK needs a display even for --version.
        var info = new ProcessStartInfo("xvfb-run")
        {
            ArgumentList = { "-a", MiniBrowser },
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{info.FileName} is not installed or not on PATH: {e.Message}. Install it (./test.sh does so as root: apt-get install webkit2gtk-driver xvfb). Browser tests fail rather than skip.", e);
        }
    }

    /// <summary>Runs <paramref name="scenarios"/> in a fresh private MiniBrowser and gathers the observations.</summary>
    public static async Task<IReadOnlyDictionary<int, BrowserObservation>> RunAsync(
        ScenarioServer server, string run, IReadOnlyList<Scenario> scenarios, TimeSpan timeout)
    {
        server.Register(run, scenarios);
        using Process browser = Launch(["--private", $"{server.Topology.PageOrigin}/runner.html?run={run}"]);
        return await server.ObserveAsync(run, scenarios, browser, "WebKit's MiniBrowser", timeout).ConfigureAwait(false);
    }
}
