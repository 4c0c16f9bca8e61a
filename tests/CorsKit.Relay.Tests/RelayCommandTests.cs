using System.Diagnostics;

namespace CorsKit.Relay.Tests;

/// <summary><c>corskit relay</c> as a user runs it: refusals of unsafe settings are one sentence and exit code 2.</summary>
public sealed class RelayCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CorsKit.Cli.dll"));
        info.ArgumentList.Add("relay");
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(limit.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData(new[] { "--allow-origin", "http://localhost:3000" },
        "corskit: a target allow-list is required: give --allow-target (repeatable, such as --allow-target https://api.example.com), or --dangerously-allow-any-target.")]
    [InlineData(new[] { "--allow-target", "https://api.example.com" },
        "corskit: an origin allow-list is required: give --allow-origin (repeatable, such as --allow-origin http://localhost:3000 or --allow-origin 'http://localhost:*') for the pages that may use the relay.")]
    [InlineData(new[] { "--allow-origin", "http://localhost:3000", "--allow-target", "https://api.example.com", "--forward-header", "X-Api-Key" },
        "corskit: --forward-header 'X-Api-Key': only the credential headers Cookie and Authorization are dropped, so only they can be named (every other header is forwarded already).")]
    [InlineData(new[] { "--allow-origin", "http://localhost:3000", "--dangerously-allow-any-target", "--allow-private-target", "10.0.0.0" },
        "corskit: --allow-private-target '10.0.0.0' is not an address range in CIDR form with no bits set after the prefix, such as 10.0.0.0/8, 127.0.0.1/32 or fd00::/8.")]
    public async Task Refuses_unsafe_or_invalid_settings_in_one_sentence(string[] args, string message)
    {
        var (exit, stdout, stderr) = await RunAsync(args);

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Equal(message, stderr.TrimEnd('\n'));
    }
}
