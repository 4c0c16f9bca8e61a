using System.CommandLine;
using CorsKit.Cli.Audit;
using CorsKit.Cli.Check;
using CorsKit.Cli.Demo;

namespace CorsKit.Cli;

/// <summary>The <c>corskit</c> entry point. Each command lives in its feature folder and is built by its own factory.</summary>
internal static class Program
{
    /// <summary>Exit code for a usage error or a network error (never a stack trace).</summary>
    public const int UsageError = 2;

    private static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("corskit: check, audit and fix CORS, judged by a model of the browser.");
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(AuditCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One clear sentence and exit code 2, as for every user error.
            Console.Error.WriteLine($"corskit: {parse.Errors[0].Message}");
            return UsageError;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException ex)
        {
            Console.Error.WriteLine($"corskit: {ex.Message}");
            return UsageError;
        }
    }
}

/// <summary>Thrown for a user error; the message is one sentence shown as is, and the exit code is 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
