using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary>The command line itself: unknown words and missing commands are user errors (exit 2, one sentence).</summary>
public sealed class CliUsageTests
{
    [Theory]
    [InlineData(new[] { "bogus" }, "corskit: 'bogus' is not a corskit command (the commands are check, explain, audit, demo, proxy, gateway, relay, playground); run 'corskit --help' for usage.")]
    public async Task Usage_errors_name_the_problem_and_point_to_help(string[] args, string expected)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Err.Trim());
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }
}
