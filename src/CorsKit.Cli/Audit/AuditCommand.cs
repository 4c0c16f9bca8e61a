using System.CommandLine;

namespace CorsKit.Cli.Audit;

/// <summary><c>corskit audit</c>: find CORS misconfigurations (placeholder until issue 5 lands).</summary>
internal static class AuditCommand
{
    public static Command Create()
    {
        var command = new Command("audit", "Find CORS misconfigurations on live endpoints, judged by the browser model.");
        command.SetAction(_ => { Console.Error.WriteLine("corskit: audit is not implemented yet."); return Program.UsageError; });
        return command;
    }
}
