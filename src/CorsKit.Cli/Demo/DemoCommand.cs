using System.CommandLine;

namespace CorsKit.Cli.Demo;

/// <summary><c>corskit demo</c>: the main job on a built-in example, with no network and no arguments.</summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var command = new Command("demo", "Run CorsKit on built-in example APIs on loopback and print the report.");
        command.SetAction(_ => { Console.WriteLine("corskit demo: coming together; see README.md."); return 0; });
        return command;
    }
}
