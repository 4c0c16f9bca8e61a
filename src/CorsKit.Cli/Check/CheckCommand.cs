using System.CommandLine;
using System.Globalization;
using CorsKit.Cli.Input;
using CorsKit.Cli.Output;
using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

/// <summary>
/// <c>corskit check URL --origin ORIGIN</c>: call a live endpoint exactly as the chosen browser would (preflight,
/// actual request, redirects), and explain the verdict and the fix. <c>--input FILE.jsonl</c> checks a batch.
/// Exit codes: 0 allowed, 1 blocked by CORS, 2 usage or network error.
/// </summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var url = new Argument<string?>("url") { Description = "The URL the page fetches.", Arity = ArgumentArity.ZeroOrOne };
        var origin = new Option<string?>("--origin") { Description = "Required (unless --input): the page's origin (https://app.example, or null for a sandboxed page).", HelpName = "origin" };
        var method = new Option<string?>("--method", "-X") { Description = "The method passed to fetch().", HelpName = "method" };
        var header = new Option<string[]>("--header", "-H") { Description = "A header the script sets, \"Name: value\" (repeatable).", HelpName = "header" };
        var credentials = new Option<string?>("--credentials") { Description = "fetch()'s credentials mode: omit, same-origin (default) or include.", HelpName = "mode" };
        var cookie = new Option<string?>("--cookie") { Description = "A Cookie header as DevTools shows it (\"k=v; k2=v2\"), sent as given, after the --cookie-jar cookies, to the URL's host whenever credentials are; no SameSite or third-party rule applies to it.", HelpName = "cookies" };
        var cookieJar = new Option<string?>("--cookie-jar") { Description = "The cookies the browser holds: a Netscape/curl cookie jar, or Set-Cookie lines the login answered with; each request carries what the browser would send, and the output says which cookie was left out and why.", HelpName = "file" };
        var thirdParty = new Option<string?>("--third-party-cookies") { Description = $"Third-party cookie policy instead of the browser's own ({CheckCookies.PolicyNames}); Google Chrome: allow.", HelpName = "policy" };
        var body = new Option<string?>("--body", "-d") { Description = "The request body (a string, as fetch({body}) sends it).", HelpName = "body" };
        var browser = new Option<string>("--browser") { Description = "The browser to behave like: chromium, firefox or safari.", DefaultValueFactory = _ => "chromium", HelpName = "browser" };
        var format = new Option<string?>("--format") { Description = "Output: text (default for one check) or json (default with --input: one JSON result a line).", HelpName = "format" };
        var timeout = new Option<string?>("--timeout") { Description = "Seconds the whole check may take, every redirect hop and preflight included (default 10, at most 3600).", HelpName = "seconds" };
        var insecure = new Option<bool>("--insecure", "-k") { Description = "Accept any TLS certificate." };
        var input = new Option<string?>("--input") { Description = "Check every request in a JSONL file (one {\"url\",\"origin\",\"method\",\"headers\",\"credentials\",\"body\"} a line; - for stdin).", HelpName = "file.jsonl" };
        var stack = new Option<string?>("--stack") { Description = $"The server stack to write the fix's configuration for ({StackDetector.Names}); default: the one detected from the response.", HelpName = "name" };
        var fix = new Option<string?>("--fix") { Description = "all: show the fix's configuration for every stack.", HelpName = "all" };
        var noProbes = new Option<bool>("--no-probes") { Description = "Send only what the browser sends: no extra preflights to name what a denied preflight refused." };
        var shortOutput = new Option<bool>("--short") { Description = "Print only the verdict, the cause and the fix, in three lines." };
        var concurrency = new Option<string?>("--concurrency") { Description = "Checks in flight at once with --input (default 16, 1-1024).", HelpName = "n" };

        var command = new Command("check", "Call a live endpoint exactly as a browser would, and explain the verdict and the fix.")
        {
            url, origin, method, header, credentials, cookie, cookieJar, thirdParty, body, browser, format, timeout, insecure, input, concurrency, stack, fix, shortOutput, noProbes,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;

            if (!BrowserProfile.TryGet(parse.GetValue(browser), out var profile))
            {
                throw new UsageException($"'{parse.GetValue(browser)}' is not a browser corskit models (use chromium, firefox or safari).");
            }

            var budget = NumericFlag.Seconds("--timeout", parse.GetValue(timeout), fallback: 10);

            var formatName = parse.GetValue(format);
            if (formatName is not (null or "text" or "json"))
            {
                throw new UsageException($"'{formatName}' is not an output format (use text or json).");
            }

            ServerStack? chosen = null;
            if (parse.GetValue(stack) is { } stackName)
            {
                chosen = StackDetector.TryParse(stackName, out var s) ? s : throw new UsageException($"'{stackName}' is not a stack corskit writes configuration for (use {StackDetector.Names}).");
            }

            if (parse.GetValue(fix) is { } fixName && !fixName.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                throw new UsageException($"'{fixName}' is not a --fix choice (use --fix all, or --stack NAME for one stack).");
            }

            var settings = new CheckSettings { Browser = profile, Timeout = budget, Insecure = parse.GetValue(insecure), Stack = chosen, AllStacks = parse.GetValue(fix) is not null, Probes = !parse.GetValue(noProbes),
                Cookies = CheckCookies.Create(parse.GetValue(cookieJar), parse.GetValue(thirdParty)) };

            if (parse.GetValue(input) is { } inputPath)
            {
                if (parse.GetValue(url) is not null || parse.GetValue(origin) is not null || parse.GetValue(method) is not null
                    || parse.GetValue(header) is { Length: > 0 } || parse.GetValue(credentials) is not null
                    || parse.GetValue(cookie) is not null || parse.GetValue(body) is not null)
                {
                    throw new UsageException("--input reads every request from the file; do not also give a URL, --origin, -X, -H, --credentials, --cookie or --body.");
                }

                var n = NumericFlag.Integer("--concurrency", parse.GetValue(concurrency), fallback: 16, min: 1, max: 1024);
                return await RunBatchAsync(inputPath, formatName ?? "json", settings, n, output, cancellationToken).ConfigureAwait(false);
            }

            var request = new CheckRequest
            {
                Url = parse.GetValue(url) ?? throw new UsageException("give the URL to check (corskit check URL --origin ORIGIN), or --input FILE.jsonl."),
                Origin = parse.GetValue(origin) ?? throw new UsageException("give the page's origin with --origin (e.g. --origin https://app.example)."),
                Method = parse.GetValue(method) ?? "GET",
                Headers = ParseHeaders(parse.GetValue(header) ?? []),
                Credentials = parse.GetValue(credentials) ?? "same-origin",
                Cookie = parse.GetValue(cookie),
                Body = parse.GetValue(body),
            };

            var result = await CheckRunner.RunAsync(request, settings, cancellationToken).ConfigureAwait(false);
            if (result.Error?.Kind == CheckErrorKind.Input)
            {
                await error.WriteLineAsync($"corskit: {TerminalText.Escape(result.Error.Message)}").ConfigureAwait(false);
                return Program.UsageError;
            }

            if (formatName == "json")
            {
                await output.WriteLineAsync(CheckJson.Serialize(result, indented: true)).ConfigureAwait(false);
            }
            else if (parse.GetValue(shortOutput))
            {
                CheckTextRenderer.RenderShort(result, output, Ansi.For(output));
            }
            else
            {
                CheckTextRenderer.Render(result, output, Ansi.For(output));
            }

            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            return result.ExitCode;
        });
        return command;
    }

    private static IReadOnlyList<HttpHeader> ParseHeaders(string[] lines)
    {
        var headers = new List<HttpHeader>(lines.Length);
        foreach (var line in lines)
        {
            if (!HeaderInput.TryParseLine(line, out var header, out var message))
            {
                throw new UsageException(message);
            }

            headers.Add(header);
        }

        return headers;
    }

    /// <summary>Longest line of an input file: a request with a 1 MiB body still fits, /dev/zero fails at once.</summary>
    internal const int MaxInputLineBytes = 1024 * 1024;

    private static async Task<int> RunBatchAsync(string path, string format, CheckSettings settings, int concurrency, TextWriter output, CancellationToken cancellationToken)
    {
        Stream stream;
        try
        {
            stream = BoundedLines.Open(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"cannot read '{path}': {ex.Message.TrimEnd('.')}.");
        }

        // Streamed line by line with a cap per line; results are written while later lines are still being read.
        await using (stream.ConfigureAwait(false))
        {
            var lines = BoundedLines.ReadAsync(stream, MaxInputLineBytes, maxBytes: null, cancellationToken);
            try
            {
                if (format == "json")
                {
                    return await CheckBatch.RunAsync(lines, output, settings, concurrency, cancellationToken).ConfigureAwait(false);
                }

                // Text batch: one summary line per result, in input order.
                var ansi = Ansi.For(output);
                return await CheckBatch.RunAsync(lines, r => output.WriteLineAsync(CheckTextRenderer.Summary(r, ansi)), settings, concurrency, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                throw new UsageException($"cannot read '{path}': {ex.Message.TrimEnd('.')}.");
            }
        }
    }
}
