using CorsKit.Cli.Tests.CheckSupport;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;
using static CorsKit.Cli.Tests.GatewaySupport.GatewayHarness;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 12 items 8, 10 and 11: the messages a new user meets in the first hour say what is wrong in words (no .NET
/// type or enum names), never contradict themselves, and point to the help of the command being typed.
/// </summary>
public sealed class FirstHourMessageTests
{
    private const string Page = "https://app.example";

    [Theory]
    [InlineData("1.5")]
    [InlineData("x")]
    public async Task Max_age_that_is_not_a_whole_number_says_so_without_a_dotnet_type(string value)
    {
        var run = await RunAsync("proxy", "--to", "http://127.0.0.1:5000", "--origin", Page, "--max-age", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal($"corskit: --max-age must be a whole number of seconds, not '{value}'.", run.Err.Trim());
    }

    [Theory]
    [InlineData("proxy", "--to", "http://127.0.0.1:5000", "--origin", Page, "--max-age", "1e3")]
    [InlineData("check", "http://127.0.0.1:1/", "--origin", Page, "--insecure=maybe")]
    [InlineData("audit", "http://127.0.0.1:1/", "--input")]
    [InlineData("proxy", "--credentials=perhaps", "--to", "http://127.0.0.1:5000")]
    public async Task No_parse_error_names_a_dotnet_type(params string[] args)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.DoesNotContain("System.", run.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("`1", run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Trim().Split('\n'));
    }

    [Fact]
    public async Task Timeout_zero_says_the_range_it_is_outside()
    {
        var run = await RunAsync("check", "http://127.0.0.1:1/", "--origin", Page, "--timeout", "0");

        Assert.Equal("corskit: --timeout must be a number of seconds greater than 0 and at most 3600, not '0'.", run.Err.Trim());
    }

    [Fact]
    public async Task An_option_that_swallows_the_next_flag_is_named()
    {
        var method = await RunAsync("check", "http://127.0.0.1:1/", "--origin", "--method", "PUT");
        var switched = await RunAsync("check", "http://127.0.0.1:1/", "--origin", "--insecure");

        Assert.Equal(2, method.ExitCode);
        Assert.Equal("corskit: --origin needs a value, but the next word is the option --method (write --origin <origin> --method …); run 'corskit check --help' for usage.", method.Err.Trim());
        Assert.Equal(2, switched.ExitCode);
        Assert.StartsWith("corskit: --origin needs a value, but the next word is the option --insecure", switched.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "chek" }, "corskit: 'chek' is not a corskit command (did you mean 'check'?); run 'corskit --help' for usage.")]
    [InlineData(new[] { "adit", "https://api.example" }, "corskit: 'adit' is not a corskit command (did you mean 'audit'?); run 'corskit --help' for usage.")]
    [InlineData(new[] { "check", "--orign", Page, "http://127.0.0.1:1/" }, "corskit: '--orign' is not an option of corskit check (did you mean --origin?); run 'corskit check --help' for usage.")]
    [InlineData(new[] { "audit", "http://127.0.0.1:1/", "--trusted", Page }, "corskit: '--trusted' is not an option of corskit audit (did you mean --trusted-origin?); run 'corskit audit --help' for usage.")]
    [InlineData(new[] { "check", "http://127.0.0.1:1/" , "--origin" }, "corskit: --origin needs a value (--origin <origin>); run 'corskit check --help' for usage.")]
    [InlineData(new[] { "audit", "http://127.0.0.1:1/", "--input" }, "corskit: --input needs a value; run 'corskit audit --help' for usage.")]
    [InlineData(new[] { "check", "example.com", "--origin", Page }, "corskit: 'example.com' is not an absolute http:// or https:// URL (did you mean https://example.com?).")]
    [InlineData(new[] { "check", "localhost:5000/api", "--origin", Page }, "corskit: 'localhost:5000/api' is not an absolute http:// or https:// URL (did you mean http://localhost:5000/api?).")]
    [InlineData(new[] { "audit", "api.example.com/v1/me" }, "corskit: 'api.example.com/v1/me' (argument) is not an http:// or https:// URL (did you mean https://api.example.com/v1/me?).")]
    public async Task Mistakes_get_a_did_you_mean_and_the_help_of_the_command_typed(string[] args, string expected)
    {
        var run = await RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Err.Trim());
    }

    [Fact]
    public async Task A_directory_given_as_a_file_is_called_a_directory()
    {
        var directory = Directory.CreateTempSubdirectory("corskit-").FullName;
        try
        {
            var gateway = await RunAsync("gateway", "--config", directory);
            var input = await RunAsync("check", "--input", directory);

            Assert.Equal(2, gateway.ExitCode);
            Assert.Equal($"corskit: cannot read the config file '{directory}': it is a directory, not a file.", gateway.Err.Trim());
            Assert.Equal($"corskit: cannot read '{directory}': it is a directory, not a file.", input.Err.Trim());
        }
        finally
        {
            Directory.Delete(directory);
        }
    }

    [Fact]
    public async Task Bare_corskit_shows_the_help()
    {
        var run = await RunAsync();

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("", run.Err);
        Assert.Contains("Usage:", run.Out, StringComparison.Ordinal);
        Assert.Contains("  check <url>", run.Out, StringComparison.Ordinal);
    }

    public static TheoryData<string> Commands() => [.. Cli.CreateRoot().Subcommands.Select(c => c.Name).Prepend("")];

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Every_help_has_examples_and_exit_codes(string command)
    {
        var run = await RunAsync(command.Length == 0 ? ["--help"] : [command, "--help"]);

        Assert.Equal(0, run.ExitCode);
        var examples = run.Out.IndexOf("\nExamples:\n  corskit ", StringComparison.Ordinal);
        var exits = run.Out.IndexOf("\nExit codes:\n  0 ", StringComparison.Ordinal);
        Assert.True(examples > 0 && exits > examples, run.Out);
        Assert.Contains("\n  2 ", run.Out[exits..], StringComparison.Ordinal);
        if (command.Length > 0)
        {
            // The examples are of this command.
            Assert.StartsWith($"corskit {command}", run.Out[(examples + "\nExamples:\n  ".Length)..], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Check_help_marks_origin_as_required()
    {
        var run = await RunAsync("check", "--help");

        Assert.Matches(@"\n  --origin <origin>\s+Required \(unless --input\)", run.Out);
    }

    [Fact]
    public async Task Shell_completion_directive_completes_commands_and_options()
    {
        // docs/check.md "Shell completion": the shell calls corskit with System.CommandLine's [suggest] directive.
        var commands = await RunAsync("[suggest:10]", "corskit ch");
        var options = await RunAsync("[suggest:19]", "corskit check --cre");

        Assert.Equal("check", commands.Out.Trim());
        Assert.Contains("--credentials", options.Out.Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public async Task Tls_failure_with_an_untrusted_certificate_suggests_insecure()
    {
        using var certificate = LoopbackServer.SelfSignedCertificate();
        await using var api = await LoopbackServer.StartAsync(context => Task.CompletedTask, certificate);
        var url = api.Origin.Replace("http://", "https://", StringComparison.Ordinal) + "/";

        var check = await RunAsync("check", url, "--origin", Page);
        var audit = await RunAsync("audit", url, "--retries", "0");

        Assert.Equal(2, check.ExitCode);
        var expected = $"the TLS handshake with {url.TrimEnd('/')} failed: its certificate is not issued by an authority this machine trusts (self-signed, or a development certificate); if you trust this server (a local or test one), add --insecure (-k) to accept any certificate";
        Assert.Contains(expected, check.Out, StringComparison.Ordinal);
        Assert.Contains(expected, audit.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("UntrustedRoot", check.Out + audit.Out, StringComparison.Ordinal);
        // With the flag the server is reached: its answer has no CORS headers, so the verdict is a CORS block (exit 1).
        Assert.Equal(1, (await RunAsync("check", url, "--origin", Page, "--insecure")).ExitCode);
    }

    [Fact]
    public async Task Https_to_a_plain_http_port_says_so()
    {
        await using var api = await LoopbackServer.StartAsync(context => Task.CompletedTask);
        var https = api.Origin.Replace("http://", "https://", StringComparison.Ordinal);

        var run = await RunAsync("check", https + "/", "--origin", Page);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{https} answered in plain HTTP, not TLS: this port serves http://, so use {api.Origin} instead of {https}", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_through_a_proxy_that_is_down_blames_the_proxy()
    {
        await using var api = await LoopbackServer.StartAsync(context => Task.CompletedTask);
        var proxy = $"http://127.0.0.1:{ClosedPort()}";

        var run = await RunAsync("audit", api.Origin + "/", "--proxy", proxy, "--retries", "0");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"error: connection to the proxy {proxy} was refused (is --proxy running?); {api.Origin} was not reached", run.Out, StringComparison.Ordinal);
        Assert.Empty(api.Seen);
    }

    [Fact]
    public async Task Unreachable_target_ends_with_the_reason_for_exit_code_2_and_counts_one_request()
    {
        var url = $"http://127.0.0.1:{ClosedPort()}/";

        var run = await RunAsync("audit", url, "--retries", "0");

        Assert.Equal(2, run.ExitCode);
        var lines = run.Out.TrimEnd().Split('\n');
        Assert.Contains(", 1 unreachable; 1 request in ", lines[0], StringComparison.Ordinal);
        Assert.Equal("No finding at or above high (--fail-on), but 1 target could not be reached, so nothing was judged there: exit code 2.", lines[^1]);
    }

    [Fact]
    public async Task Fail_on_none_does_not_say_no_finding_above_findings()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(204, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Credentials", "true")),
            new Reply(200, ("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Credentials", "true")));

        var none = await RunAsync("audit", api.Origin + "/", "--fail-on", "none");
        var high = await RunAsync("audit", api.Origin + "/", "--fail-on", "high");

        Assert.Equal(0, none.ExitCode);
        Assert.DoesNotContain("No finding", none.Out, StringComparison.Ordinal);
        Assert.Equal("--fail-on none: findings do not change the exit code: exit code 0.", none.Out.TrimEnd().Split('\n')[^1]);
        Assert.Equal(1, high.ExitCode);
        Assert.Matches(@"^\d+ findings? at or above high \(--fail-on\): exit code 1\.$", high.Out.TrimEnd().Split('\n')[^1]);
    }
}
