using System.CommandLine;

namespace CorsKit.Cli.Check;

/// <summary><c>corskit check</c>: call a live endpoint exactly as a browser would (placeholder until issue 3 lands).</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var command = new Command("check", "Call a live endpoint exactly as a browser would, and explain the verdict and the fix.");
        command.SetAction(_ => { Console.Error.WriteLine("corskit: check is not implemented yet."); return Program.UsageError; });
        return command;
    }
}
