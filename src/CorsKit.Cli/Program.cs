using System.CommandLine;
using CorsKit.Cli.Audit;
using CorsKit.Cli.Check;
using CorsKit.Cli.Demo;
using CorsKit.Cli.Explain;
using CorsKit.Cli.Gateway;
using CorsKit.Cli.Playground;
using CorsKit.Cli.Relay;

namespace CorsKit.Cli;

/// <summary>The <c>corskit</c> entry point. Each command lives in its feature folder and is built by its own factory.</summary>
internal static class Program
{
    /// <summary>Exit code for a usage error or a network error (never a stack trace).</summary>
    public const int UsageError = 2;

    private static Task<int> Main(string[] args) => Cli.RunAsync(args, Console.Out, Console.Error);
}

/// <summary>
/// Parses and runs a <c>corskit</c> command line with the given output writers, so tests can run commands in-process
/// and read what they print. Commands write through <c>ParseResult.InvocationConfiguration.Output/Error</c>.
/// </summary>
internal static class Cli
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("corskit: check, audit and fix CORS, judged by a model of the browser.");
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(ExplainCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(ProxyCommand.Create());
        root.Subcommands.Add(GatewayCommand.Create());
        root.Subcommands.Add(RelayCommand.Create());
        root.Subcommands.Add(PlaygroundCommand.Create());
        return root;
    }

    /// <summary>Runs <paramref name="args"/>; returns the exit code. User errors print one sentence to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        // A bare `corskit` is someone finding out what it does: the help, not an error.
        var root = CreateRoot();
        CommandHelp.Attach(root);
        var parse = root.Parse(args.Length == 0 ? ["--help"] : args);
        if (UsageText.Problem(parse) is { } problem)
        {
            // One clear sentence and exit code 2, as for every user error, pointing at the help of the command typed.
            await error.WriteLineAsync($"corskit: {Output.TerminalText.Escape(problem)}").ConfigureAwait(false);
            return Program.UsageError;
        }

        try
        {
            var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
            return await parse.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"corskit: {Output.TerminalText.EscapeLines(ex.Message)}").ConfigureAwait(false);
            return Program.UsageError;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C: stop quietly with the conventional 128 + SIGINT.
            await error.WriteLineAsync("corskit: cancelled.").ConfigureAwait(false);
            return 130;
        }
    }
}

/// <summary>Thrown for a user error; the message is one sentence shown as is, and the exit code is 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
