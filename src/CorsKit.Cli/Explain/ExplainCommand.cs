using System.CommandLine;
using CorsKit.Cli.Input;
using CorsKit.Cli.Output;
using CorsKit.Model;

namespace CorsKit.Cli.Explain;

/// <summary>
/// <c>corskit explain [FILE|-]</c>: start from what the developer has (console text now; HAR and copied requests
/// plug into <see cref="ExplainInput"/>) and end at the CorsError, the fix, and the <c>corskit check</c> command that
/// confirms it. Exit codes: 0 nothing blocked, 1 something explained was blocked, 2 unusable input.
/// </summary>
internal static class ExplainCommand
{
    /// <summary>Largest input read: far above any console paste or HAR a browser writes for one page.</summary>
    internal const int MaxInputBytes = 64 * 1024 * 1024;

    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "The file to explain (console text pasted from DevTools); - or nothing reads standard input.", Arity = ArgumentArity.ZeroOrOne };
        var kind = new Option<string?>("--kind") { Description = "What the input is: console (default when detected), har, curl or fetch.", HelpName = "kind" };
        var format = new Option<string?>("--format") { Description = "Output: text (default) or json (one object a line).", HelpName = "format" };
        var browser = new Option<string?>("--browser") { Description = "Whose console text to show first next to the explanation: chromium, firefox or safari (default: the browser the input came from).", HelpName = "browser" };

        var shortOutput = new Option<bool>("--short") { Description = "Print only the verdict, the cause and the fix of each item, in three lines." };

        var command = new Command("explain", "Explain a browser's CORS error from what you have (console text): the cause, the fix, and the check that confirms it.")
        {
            file, kind, format, shortOutput, browser,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var formatName = parse.GetValue(format);
            if (formatName is not (null or "text" or "json"))
            {
                throw new UsageException($"'{formatName}' is not an output format (use text or json).");
            }

            var kindName = parse.GetValue(kind);
            ExplainInputKind? forced = null;
            if (kindName is not null)
            {
                forced = ExplainInput.TryParseKind(kindName, out var k) ? k : throw new UsageException($"'{kindName}' is not an input kind (use console, har, curl or fetch).");
            }

            BrowserProfile? primary = null;
            if (parse.GetValue(browser) is { } browserName)
            {
                primary = BrowserProfile.TryGet(browserName, out var p) ? p : throw new UsageException($"'{browserName}' is not a browser corskit models (use chromium, firefox or safari).");
            }

            var path = parse.GetValue(file) ?? "-";
            var text = Read(path);
            var items = ExplainInput.Explain(forced ?? ExplainInput.Detect(text), text);
            if (primary is not null)
            {
                // --browser puts that browser's console text first, whatever the input's browser.
                items = [.. items.Select(i => i with { Consoles = [.. i.Consoles.OrderBy(c => c.Engine == primary.Engine ? 0 : 1)] })];
            }

            if (formatName == "json")
            {
                foreach (var item in items)
                {
                    await output.WriteLineAsync(ExplainJson.Serialize(item)).ConfigureAwait(false);
                }
            }
            else if (parse.GetValue(shortOutput))
            {
                ExplainTextRenderer.RenderShort(items, output, Ansi.For(output));
            }
            else
            {
                ExplainTextRenderer.Render(items, output, Ansi.For(output));
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return items.Any(i => i.Blocked) ? 1 : 0;
        });
        return command;
    }

    /// <summary>The whole input as UTF-8 text (or the encoding its byte order mark names), at most <see cref="MaxInputBytes"/>.</summary>
    private static string Read(string path)
    {
        try
        {
            // "-" is standard input, which has no length: the cap is counted as it is read.
            using var stream = BoundedLines.Open(path);
            return BoundedFile.ReadAllText(stream, MaxInputBytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read '{(path == "-" ? "standard input" : path)}': {ex.Message.TrimEnd('.')}.");
        }
    }
}
