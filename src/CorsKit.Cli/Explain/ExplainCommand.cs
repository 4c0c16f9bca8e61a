using System.CommandLine;
using CorsKit.Cli.Check;
using CorsKit.Cli.Input;
using CorsKit.Cli.Output;
using CorsKit.Model;

namespace CorsKit.Cli.Explain;

/// <summary>
/// <c>corskit explain [FILE|-]</c>: start from what the developer has (console text, a HAR file, a copied request; the
/// kinds live in <see cref="ExplainInput"/>) and end at the CorsError, the fix, and the <c>corskit check</c> command that
/// confirms it. Exit codes: 0 nothing blocked, 1 something explained was blocked, 2 unusable input; with
/// <c>--live</c>, check's.
/// </summary>
internal static class ExplainCommand
{
    /// <summary>Largest input read: far above any console paste or HAR a browser writes for one page.</summary>
    internal const int MaxInputBytes = CorsExplainer.MaxInputBytes;

    public static Command Create()
    {
        var file = new Argument<string?>("file") { Description = "The file to explain (console text, a HAR file, a copied cURL or fetch); - or nothing reads standard input.", Arity = ArgumentArity.ZeroOrOne };
        var kind = new Option<string?>("--kind") { Description = "What the input is: console (default when detected), har, curl or fetch.", HelpName = "kind" };
        var format = new Option<string?>("--format") { Description = "Output: text (default), json (one object a line) or markdown.", HelpName = "format" };
        var browser = new Option<string?>("--browser") { Description = "Whose console text to show first next to the explanation: chromium, firefox or safari (default: the browser the input came from).", HelpName = "browser" };
        var shortOutput = new Option<bool>("--short") { Description = "Print only the verdict, the cause and the fix of each item, in three lines." };
        var credentials = new Option<string?>("--credentials") { Description = "A HAR's fetch() credentials mode: omit, same-origin or include (default: from a Cookie header, else both outcomes).", HelpName = "mode" };
        var origin = new Option<string?>("--origin") { Description = "The page's origin for a copied request (default: its Origin or Referer header).", HelpName = "origin" };
        var live = new Option<bool>("--live") { Description = "Run a copied request live with corskit check and exit as check does." };

        var command = new Command("explain", "Explain a browser's CORS error from what you have (console text, a HAR file, a copied cURL or fetch): the cause, the fix, and the check that confirms it.")
        {
            file, kind, format, shortOutput, browser, credentials, origin, live,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var formatName = parse.GetValue(format);
            if (formatName is not (null or "text" or "json" or "markdown"))
            {
                throw new UsageException($"'{formatName}' is not an output format (use text, json or markdown).");
            }

            CredentialsMode? mode = null;
            if (parse.GetValue(credentials) is { } modeName)
            {
                mode = CheckInput.TryParseCredentials(modeName, out var m) ? m : throw new UsageException($"'{modeName}' is not a credentials mode (use omit, same-origin or include).");
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
            var detected = forced ?? ExplainInput.Detect(text);
            if (mode is not null && detected != ExplainInputKind.Har)
            {
                throw new UsageException("--credentials is for a HAR file; a copied request states its own credentials (Cookie header, or fetch's credentials option).");
            }

            if (parse.GetValue(live) && detected is not (ExplainInputKind.Curl or ExplainInputKind.Fetch))
            {
                throw new UsageException("--live runs a copied request (cURL or fetch); for console text or a HAR file, run the check command explain prints.");
            }

            // The library's engine, as the playground page calls it; --browser puts that browser's console text first.
            var result = CorsExplainer.Explain(text, new ExplainOptions { Kind = detected, Browser = primary?.Engine, Credentials = mode, Origin = parse.GetValue(origin) });
            if (result.Error is { } unreadable)
            {
                throw new UsageException(unreadable);
            }

            if (parse.GetValue(live))
            {
                CheckRequest request;
                try
                {
                    request = CopiedExplainer.Parse(text, parse.GetValue(origin));
                }
                catch (ExplainInputException ex)
                {
                    throw new UsageException(ex.Message);
                }

                return await RunLiveAsync(result, request, formatName, output, cancellationToken).ConfigureAwait(false);
            }

            Write(result, formatName, parse.GetValue(shortOutput), output);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return result.Items.Any(i => i.Blocked) ? 1 : 0;
        });
        return command;
    }

    private static void Write(ExplainResult result, string? formatName, bool shortOutput, TextWriter output)
    {
        switch (formatName)
        {
            case "json":
                foreach (var item in result.Items)
                {
                    output.WriteLine(ExplainJson.Serialize(item));
                }

                break;
            case "markdown":
                ExplainMarkdownRenderer.Render(result, output);
                break;
            case var _ when shortOutput:
                ExplainTextRenderer.RenderShort(result.Items, output, Ansi.For(output));
                break;
            default:
                ExplainTextRenderer.Render(result, output, Ansi.For(output));
                break;
        }
    }

    /// <summary><c>--live</c>: the copied request goes through check's own runner (<see cref="CheckRunner"/>), printed
    /// as check prints it (after the explanation for text and markdown), and the exit code is check's.</summary>
    private static async Task<int> RunLiveAsync(ExplainResult explained, CheckRequest request, string? formatName, TextWriter output, CancellationToken cancellationToken)
    {
        var checkResult = await CheckRunner.RunAsync(request, new CheckSettings(), cancellationToken).ConfigureAwait(false);
        if (checkResult.Error?.Kind == CheckErrorKind.Input)
        {
            throw new UsageException(checkResult.Error.Message);
        }

        switch (formatName)
        {
            case "json":
                await output.WriteLineAsync(CheckJson.Serialize(checkResult, indented: false)).ConfigureAwait(false);
                break;
            case "markdown":
                ExplainMarkdownRenderer.Render(explained, output);
                using (var text = new StringWriter())
                {
                    CheckTextRenderer.Render(checkResult, text, Ansi.Plain);
                    output.WriteLine("## Live check");
                    output.WriteLine();
                    output.WriteLine(MarkdownText.Block(text.ToString().TrimEnd(), "text"));
                }

                break;
            default:
                ExplainTextRenderer.Render(explained, output, Ansi.For(output));
                output.WriteLine();
                CheckTextRenderer.Render(checkResult, output, Ansi.For(output));
                break;
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return checkResult.ExitCode;
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
