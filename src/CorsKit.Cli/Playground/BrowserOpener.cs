using System.ComponentModel;
using System.Diagnostics;

namespace CorsKit.Cli.Playground;

/// <summary><c>--open</c>: the user's default browser on a URL, through the desktop's own opener (<c>xdg-open</c> on
/// Linux and BSD, <c>open</c> on macOS, the shell on Windows).</summary>
internal static class BrowserOpener
{
    /// <summary>How long an opener may run before it counts as having started the browser: some (xdg-open without a
    /// desktop environment) run the browser in the foreground and return only when it closes.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    /// <summary>The opener on this system, or null when there is none.</summary>
    public static string? Find()
    {
        if (OperatingSystem.IsWindows())
        {
            return "explorer.exe";
        }

        var name = OperatingSystem.IsMacOS() ? "open" : "xdg-open";
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Opens <paramref name="url"/> with <paramref name="opener"/>; null when it started, else one sentence.</summary>
    public static async Task<string?> OpenAsync(string opener, Uri url, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(opener) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(url.AbsoluteUri);
        Process? process;
        try
        {
            process = Process.Start(start);
        }
        catch (Win32Exception ex)
        {
            return $"could not run {opener} to open a browser ({ex.Message.TrimEnd('.')}); open {url} yourself.";
        }

        if (process is null)
        {
            return $"could not run {opener} to open a browser; open {url} yourself.";
        }

        using (process)
        {
            // Drained and dropped: the opener's own complaints are replaced by one sentence.
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var grace = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            grace.CancelAfter(Grace);
            try
            {
                await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return null;
            }

            return process.ExitCode == 0 ? null : $"{Path.GetFileName(opener)} found no browser to open {url} (exit code {process.ExitCode}); open it yourself.";
        }
    }
}
