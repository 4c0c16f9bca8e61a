using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CorsKit.Cli;

/// <summary>
/// What every <c>--help</c> ends with beyond System.CommandLine's sections: examples to copy and the exit codes
/// (issue 12 item 11). Kept here, one table for all commands, so each command's help reads the same way.
/// </summary>
internal static class CommandHelp
{
    private sealed record Page(string[] Examples, (int Code, string Meaning)[] ExitCodes);

    private static readonly (int, string) Usage = (2, "usage error: a flag, argument or input file is wrong (one sentence on standard error)");

    private static readonly Dictionary<string, Page> Pages = new(StringComparer.Ordinal)
    {
        ["corskit"] = new(
            [
                "corskit demo",
                "corskit check https://api.example.com/v1/me --origin https://app.example.com",
                "corskit audit https://api.example.com/v1/me --trusted-origin https://app.example.com",
                "corskit explain console.txt",
                "corskit check --help",
            ],
            [(0, "success (for check: allowed; for audit: no finding at or above --fail-on)"), (1, "check or explain: blocked by CORS; audit: a finding at or above --fail-on"),
             (2, "usage error or network error"), (130, "cancelled with Ctrl+C")]),
        ["check"] = new(
            [
                "corskit check https://api.example.com/v1/me --origin https://app.example.com",
                "corskit check https://api.example.com/orders/17 --origin https://shop.example -X PUT -H 'Content-Type: application/json' -d '{}' --credentials include",
                "corskit check https://localhost:5001/api --origin https://localhost:3000 --insecure",
                "corskit check --input requests.jsonl --format json",
                "corskit check http://api.localhost:5000/me --origin http://app.localhost:3000 --credentials include --cookie-jar cookies.txt",
                "corskit check http://api.localhost:5000/me --origin http://app.localhost:3000 --credentials include --cookie-jar cookies.txt --third-party-cookies allow",
            ],
            [(0, "the browser allows the request and the page can read the response"), (1, "blocked by CORS (the text says which header and the fix)"),
             (2, "usage error, or a network error: no response to judge"), (130, "cancelled with Ctrl+C")]),
        ["explain"] = new(
            [
                "corskit explain console.txt",
                "corskit explain - < console.txt",
                "corskit explain --kind curl copied-as-curl.txt",
            ],
            [(0, "nothing explained was blocked"), (1, "something explained was blocked by CORS"), (2, "usage error, or input corskit cannot read")]),
        ["audit"] = new(
            [
                "corskit audit https://api.example.com/v1/me --trusted-origin https://app.example.com",
                "corskit audit --input urls.txt -t https://app.example.com --format sarif --output cors.sarif",
                "corskit audit https://api.example.com/v1/me -t https://app.example.com --format json --fail-on medium",
            ],
            [(0, "no finding at or above --fail-on (default high), and every target answered"), (1, "a finding at or above --fail-on"),
             (2, "usage error, or a target could not be reached (nothing to judge)"), (130, "cancelled with Ctrl+C")]),
        ["demo"] = new(
            ["corskit demo", "corskit demo --no-color"],
            [(0, "the demo ran"), Usage]),
        ["proxy"] = new(
            [
                "corskit proxy --to http://127.0.0.1:5000 --origin https://app.example.com --credentials",
                "corskit proxy --to http://127.0.0.1:5000 --policy policy.json --listen 127.0.0.1:8080",
            ],
            [(0, "stopped with Ctrl+C"), (2, "usage error: a flag or the policy is wrong, or the address cannot be listened on")]),
        ["relay"] = new(
            [
                "corskit relay --allow-origin https://app.example.com --allow-target https://api.example.com",
                "corskit relay --allow-origin https://app.example.com --allow-target 'https://*.example.com' --forward-header Authorization",
            ],
            [(0, "stopped with Ctrl+C"), (2, "usage error: a flag is wrong, or the address cannot be listened on")]),
        ["playground"] = new(
            ["corskit playground", "corskit playground --open", "corskit playground --listen 127.0.0.1:8787 --allow-remote-check"],
            [(0, "stopped with Ctrl+C"), (2, "usage error: a flag is wrong, the address is not loopback or cannot be listened on, or --open found no browser")]),
        ["gateway"] = new(
            ["corskit gateway --config gateway.json", "corskit gateway --config gateway.json --quiet"],
            [(0, "stopped with Ctrl+C"), (2, "usage error: the config file is missing or invalid, or the address cannot be listened on")]),
    };

    /// <summary>Adds the Examples and Exit codes sections to the help of <paramref name="root"/> and every subcommand:
    /// the default help is written first, then these sections for the command the help was asked for.</summary>
    public static void Attach(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction standard)
        {
            help.Action = new WithExamples(standard);
        }
    }

    /// <summary>True when <paramref name="command"/>'s help has examples and exit codes (a test keeps it so for every command).</summary>
    public static bool Covers(Command command) => Pages.ContainsKey(Key(command));

    private sealed class WithExamples(HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var code = standard.Invoke(parseResult);
            if (Pages.TryGetValue(Key(parseResult.CommandResult.Command), out var page))
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var example in page.Examples)
                {
                    output.WriteLine("  " + example);
                }

                output.WriteLine();
                output.WriteLine("Exit codes:");
                foreach (var (exit, meaning) in page.ExitCodes)
                {
                    output.WriteLine($"  {exit,-3}  {meaning}");
                }

                output.WriteLine();
            }

            return code;
        }
    }

    private static string Key(Command command) => command is RootCommand ? "corskit" : command.Name;
}
