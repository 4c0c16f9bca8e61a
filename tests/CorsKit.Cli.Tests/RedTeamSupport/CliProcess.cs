using System.Diagnostics;
using System.Globalization;

namespace CorsKit.Cli.Tests.RedTeamSupport;

/// <summary>What one out-of-process <c>corskit</c> run did.</summary>
/// <param name="ExitCode">The exit code, or -1 when the watchdog killed it.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Err">Standard error.</param>
/// <param name="PeakRssBytes">The largest resident set size seen while it ran.</param>
/// <param name="Elapsed">Wall-clock time until it ended.</param>
/// <param name="Killed">Why the watchdog killed it, or null.</param>
public sealed record ProcessOutcome(int ExitCode, string Out, string Err, long PeakRssBytes, TimeSpan Elapsed, string? Killed);

/// <summary>Runs programs as real processes, with a watchdog on time and memory so a defect cannot take the machine down.</summary>
public static class CliProcess
{
    /// <summary>The built <c>CorsKit.Cli.dll</c> next to the test assembly.</summary>
    public static string CliDll => Path.Combine(AppContext.BaseDirectory, "CorsKit.Cli.dll");

    /// <summary>The dotnet host running the tests (set by <c>dotnet test</c>), else <c>dotnet</c> from PATH.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>corskit ARGS</c>.</summary>
    public static Task<ProcessOutcome> CorskitAsync(TimeSpan limit, long maxRssBytes, params string[] args) =>
        RunAsync(Dotnet, [CliDll, .. args], limit, maxRssBytes);

    /// <summary>Runs <paramref name="file"/>, killing it (and its children) past <paramref name="limit"/> or <paramref name="maxRssBytes"/>.</summary>
    public static async Task<ProcessOutcome> RunAsync(string file, IReadOnlyList<string> args, TimeSpan limit, long maxRssBytes)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["NO_COLOR"] = "1";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        long peak = 0;
        string? killed = null;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, Rss(process.Id));
            if (peak > maxRssBytes)
            {
                killed = $"resident memory {peak / (1024 * 1024)} MiB is over {maxRssBytes / (1024 * 1024)} MiB";
            }
            else if (clock.Elapsed > limit)
            {
                killed = $"still running after {limit.TotalSeconds:0} s";
            }

            if (killed is not null)
            {
                process.Kill(entireProcessTree: true);
                break;
            }

            await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(20));
        }

        await process.WaitForExitAsync();
        return new ProcessOutcome(killed is null ? process.ExitCode : -1, await stdout, await stderr, peak, clock.Elapsed, killed);
    }

    // VmRSS from /proc/PID/status, in bytes (0 once the process is gone).
    private static long Rss(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    var kb = line["VmRSS:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb, CultureInfo.InvariantCulture) * 1024;
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }
}
