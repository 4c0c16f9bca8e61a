using System.Diagnostics;

namespace CorsKit.BrowserTests.Harness;

/// <summary>
/// WebKitGTK (the engine Safari shares WebCore's CORS code with, issue 14) without a driver: its MiniBrowser under
/// <c>xvfb-run -a</c>, with a fresh home directory (no disk cache, stored preflights or cookies from another run),
/// loading <c>runner.html?run=R</c>; the runner page runs the scenarios itself and POSTs
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
    /// standard streams redirected, its data under <paramref name="home"/> when given. A missing MiniBrowser or xvfb-run throws with the install command (browser tests
    /// fail rather than skip).</summary>
    public static Process Launch(IEnumerable<string> arguments, string? home = null)
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
        if (home is not null)
        {
            // Everything MiniBrowser keeps (cookies, cache, local storage) goes under this directory.
            info.Environment["HOME"] = home;
            info.Environment["XDG_DATA_HOME"] = Path.Combine(home, "data");
            info.Environment["XDG_CACHE_HOME"] = Path.Combine(home, "cache");
            info.Environment["XDG_CONFIG_HOME"] = Path.Combine(home, "config");
        }
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

    /// <summary>Runs <paramref name="scenarios"/> in a fresh MiniBrowser and gathers the observations; WebKit's
    /// console lines (<c>CONSOLE {SOURCE} {LEVEL} {text}</c>) are added to <paramref name="console"/> in order.</summary>
    public static async Task<IReadOnlyDictionary<int, BrowserObservation>> RunAsync(
        ScenarioServer server, string run, IReadOnlyList<Scenario> scenarios, TimeSpan timeout, List<string> console)
    {
        server.Register(run, scenarios);
        // A fresh home directory keeps the session clean (no cookies, cache or stored data from another run). Private
        // browsing (--private) would do as well but writes no console, which the console check needs.
        string home = Directory.CreateTempSubdirectory("corskit-wk-").FullName;
        using Process browser = Launch(["--enable-write-console-messages-to-stdout=true", $"{server.Topology.PageOrigin}/runner.html?run={run}"], home);
        try
        {
            return await server.ObserveAsync(run, scenarios, browser, "WebKit's MiniBrowser", timeout, line =>
            {
                if (line.Contains("CONSOLE ", StringComparison.Ordinal))
                {
                    lock (console) { console.Add(line); }
                }
            }).ConfigureAwait(false);
        }
        finally
        {
            try { Directory.Delete(home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
