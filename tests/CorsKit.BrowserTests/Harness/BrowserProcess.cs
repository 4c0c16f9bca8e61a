using System.Diagnostics;
using System.Text;

namespace CorsKit.BrowserTests.Harness;

/// <summary>Starting, watching and stopping a browser process that the harness runs without a driver (Firefox,
/// WebKitGTK's MiniBrowser): one place for the "missing browser fails, never skips" message and the stderr capture.</summary>
public static class BrowserProcess
{
    /// <summary>Starts <paramref name="info"/> with redirected streams; a missing binary throws with
    /// <paramref name="what"/> and <paramref name="install"/> in the message.</summary>
    public static Process Start(ProcessStartInfo info, string what, string install)
    {
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{what} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{what} is not installed or not on PATH: {e.Message}. {install} Browser tests fail rather than skip.", e);
        }
    }

    /// <summary>Starts reading both streams of a started process; the result returns what stderr has said so far.</summary>
    public static Func<string> CaptureStderr(Process process)
    {
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return () =>
        {
            lock (stderr)
            {
                string text = stderr.ToString();
                return text[..Math.Min(text.Length, 4000)];
            }
        };
    }

    /// <summary>Kills the process and its children (xvfb-run's X server, Firefox's content processes) if still running.</summary>
    public static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }
}
