using System.CommandLine;
using System.Globalization;
using CorsKit.Cli.Audit.Output;
using CorsKit.Cli.Input;
using CorsKit.Fetch;
using CorsKit.Origins;

namespace CorsKit.Cli.Audit;

/// <summary><c>corskit audit</c>: find CORS misconfigurations on live endpoints, each decided by the browser model.</summary>
internal static class AuditCommand
{
    /// <summary>Exit code when a finding is at or above <c>--fail-on</c>.</summary>
    public const int FindingsExit = 1;

    private static readonly Argument<string[]> Urls = new("url") { Description = "Target URLs (http or https).", Arity = ArgumentArity.ZeroOrMore };
    private static readonly Option<FileInfo?> Input = new("--input", "-i") { Description = "A file with one target URL per line ('#' starts a comment)." };
    private static readonly Option<string[]> Trusted = new("--trusted-origin", "-t") { Description = "An origin the server is meant to trust, exactly as the browser sends it (https://app.example.com; repeatable, or a comma-separated list). Without it, candidates derived from the target's host are tried." };
    private static readonly Option<string[]> ErrorUrl = new("--error-url") { Description = "A URL that answers with an error status, compared with the targets on its host (repeatable)." };
    private static readonly Option<string?> Cookie = new("--cookie") { Description = "Your session cookie for authenticated endpoints ('name=value; …'), sent with every probe." };
    private static readonly Option<string[]> Header = new("--header", "-H") { Description = "An extra request header 'Name: value' sent with every probe (repeatable)." };
    private static readonly Option<string> Format = new("--format", "-f") { Description = "human, json, sarif or markdown.", DefaultValueFactory = _ => "human" };
    private static readonly Option<FileInfo?> OutputFile = new("--output", "-o") { Description = "Write the report to this file instead of standard output." };
    private static readonly Option<string> FailOn = new("--fail-on") { Description = "Exit 1 when a finding is at or above this severity: critical, high, medium, low, info or none.", DefaultValueFactory = _ => "high" };
    private static readonly Option<string?> Concurrency = new("--concurrency", "-c") { Description = "Requests in flight at once (default 32, 1-1024)." };
    private static readonly Option<string?> Rate = new("--rate-limit") { Description = "Requests per second per host (default 0: no limit; else 0.001-1000000)." };
    private static readonly Option<string?> TimeoutSeconds = new("--timeout") { Description = "Seconds to wait for each response (default 10, at most 3600)." };
    private static readonly Option<string?> Retries = new("--retries") { Description = "Retries after a transient network error: reset, timeout, refused (default 2, 0-10)." };
    private static readonly Option<string?> Proxy = new("--proxy") { Description = "An HTTP proxy URL for every request." };
    private static readonly Option<bool> FollowRedirects = new("--follow-redirects") { Description = "Follow redirects (by default the first response is judged, as it is the one the server chose)." };
    private static readonly Option<bool> Insecure = new("--insecure", "-k") { Description = "Do not verify TLS certificates." };
    private static readonly Option<bool> NoColour = new("--no-color") { Description = "No ANSI colour in the human report." };

    public static Command Create()
    {
        var command = new Command("audit", "Find CORS misconfigurations on live endpoints, each finding decided by the browser model.");
        command.Arguments.Add(Urls);
        foreach (var option in new Option[] { Input, Trusted, ErrorUrl, Cookie, Header, Format, OutputFile, FailOn, Concurrency, Rate, TimeoutSeconds, Retries, Proxy, FollowRedirects, Insecure, NoColour })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, ct) => RunAsync(parse, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var settings = await SettingsAsync(parse, cancellationToken).ConfigureAwait(false);
        var format = parse.GetValue(Format)!.ToLowerInvariant();
        if (format is not ("human" or "json" or "sarif" or "markdown" or "md"))
        {
            throw new UsageException($"--format must be human, json, sarif or markdown, not '{format}'.");
        }

        var failOnText = parse.GetValue(FailOn);
        var failOn = string.Equals(failOnText, "none", StringComparison.OrdinalIgnoreCase) ? (Severity)int.MaxValue
            : FindingCatalog.TryParseSeverity(failOnText, out var parsed) ? parsed
            : throw new UsageException($"--fail-on must be critical, high, medium, low, info or none, not '{failOnText}'.");
        var file = parse.GetValue(OutputFile);

        // A progress bar on long runs, only when standard error is a terminal that nobody is capturing.
        var showProgress = ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected && settings.Targets.Count >= 10;
        Action<int, int>? progress = showProgress ? (done, total) => Progress(error, done, total) : null;
        var report = await AuditRunner.RunAsync(settings, progress, cancellationToken).ConfigureAwait(false);
        if (showProgress)
        {
            await error.WriteAsync("\r\u001b[2K").ConfigureAwait(false);
        }

        await WarnUntestedAsync(report, error).ConfigureAwait(false);
        var colour = file is null && ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !parse.GetValue(NoColour)
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        var text = format switch
        {
            "json" => JsonReport.Render(report, failOn),
            "sarif" => SarifReport.Render(report, typeof(AuditCommand).Assembly.GetName().Version?.ToString(3) ?? "0.0.0"),
            "markdown" or "md" => TextReport.Markdown(report, failOn),
            _ => TextReport.Human(report, failOn, colour),
        };
        if (file is null)
        {
            await output.WriteAsync(text).ConfigureAwait(false);
        }
        else
        {
            try
            {
                await File.WriteAllTextAsync(file.FullName, text, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot write {file.FullName}: {ex.Message}");
            }

            await error.WriteLineAsync($"corskit: report written to {file.FullName} ({TextReport.Summary(report)}).").ConfigureAwait(false);
        }

        return report.ExitCode(failOn);
    }

    private static async Task<AuditSettings> SettingsAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var targets = new List<Uri>();
        foreach (var text in parse.GetValue(Urls) ?? [])
        {
            targets.Add(ParseTarget(text, "argument"));
        }

        if (parse.GetValue(Input) is { } input)
        {
            await ReadTargetsAsync(input, targets, cancellationToken).ConfigureAwait(false);
        }

        if (targets.Count == 0)
        {
            throw new UsageException("give at least one target URL (arguments or --input FILE).");
        }

        var trusted = new List<string>();
        // Repeatable, and each value may also be a comma- or space-separated list.
        foreach (var text in (parse.GetValue(Trusted) ?? []).SelectMany(v => v.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var origin = TrustedOrigin(text);
            if (!trusted.Contains(origin.Serialized))
            {
                trusted.Add(origin.Serialized);
            }
        }

        // The same rule as check's -H and --cookie: nothing the user gives may put CR, LF or NUL on the wire.
        var headers = new List<HttpHeader>();
        foreach (var text in parse.GetValue(Header) ?? [])
        {
            if (!HeaderInput.TryParseLine(text, out var header, out var problem))
            {
                throw new UsageException($"--header: {problem}");
            }

            headers.Add(header);
        }

        if (!HeaderInput.TryCookie(parse.GetValue(Cookie), out var cookieProblem))
        {
            throw new UsageException($"--cookie: {cookieProblem}");
        }

        Uri? proxy = null;
        if (parse.GetValue(Proxy) is { Length: > 0 } proxyText && !HttpUrl.TryParse(proxyText, out proxy))
        {
            throw new UsageException($"--proxy '{proxyText}' is not an http:// URL.");
        }

        var concurrency = NumericFlag.Integer("--concurrency", parse.GetValue(Concurrency), fallback: 32, min: 1, max: 1024);
        var timeout = NumericFlag.Seconds("--timeout", parse.GetValue(TimeoutSeconds), fallback: 10);
        var retries = NumericFlag.Integer("--retries", parse.GetValue(Retries), fallback: 2, min: 0, max: 10);
        // At least one request in 1,000 s per host: a slower pace would leave a probe waiting past any timeout.
        var rate = NumericFlag.Rate("--rate-limit", parse.GetValue(Rate), min: 0.001, max: 1_000_000);

        return new AuditSettings
        {
            Targets = targets,
            TrustedOrigins = trusted,
            ErrorUrls = (parse.GetValue(ErrorUrl) ?? []).Select(u => ParseTarget(u, "--error-url")).ToList(),
            Cookie = parse.GetValue(Cookie),
            Headers = headers,
            Concurrency = concurrency,
            RatePerHost = rate,
            Timeout = timeout,
            Retries = retries,
            Proxy = proxy,
            FollowRedirects = parse.GetValue(FollowRedirects),
            Insecure = parse.GetValue(Insecure),
        };
    }

    /// <summary>The largest target list read from a file, and its longest line (a URL longer than Chromium's 2 MiB
    /// limit is no target; /dev/zero fails at once).</summary>
    internal const int MaxInputBytes = 16 * 1024 * 1024;
    internal const int MaxInputLineBytes = 1024 * 1024;

    /// <summary>Reads the targets of <paramref name="input"/> line by line, each line bounded, the whole file capped.</summary>
    private static async Task ReadTargetsAsync(FileInfo input, List<Uri> targets, CancellationToken cancellationToken)
    {
        try
        {
            var stream = BoundedLines.Open(input.FullName);
            await using (stream.ConfigureAwait(false))
            {
                var number = 0;
                await foreach (var text in BoundedLines.ReadAsync(stream, MaxInputLineBytes, MaxInputBytes, cancellationToken).ConfigureAwait(false))
                {
                    number++;
                    var line = text.Trim();
                    if (line.Length > 0 && !line.StartsWith('#'))
                    {
                        targets.Add(ParseTarget(line, $"{input.Name} line {number}"));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read {input.FullName}: {ex.Message.TrimEnd('.')}.");
        }
    }

    /// <summary>Characters that make a -t value a pattern (glob or regular expression) rather than an origin.</summary>
    private static readonly char[] PatternChars = ['*', '^', '$', '\\', '|', '?', '[', ']', '(', ')', '{', '}'];

    /// <summary>
    /// A -t value must be one serialised origin (HTML "ASCII serialization of an origin": scheme://host[:port], lowercase,
    /// no default port, no path): the audit derives its probes from the exact origin, and finding what a pattern lets
    /// through is its job. Patterns, URLs with paths, and 'null' are refused with one sentence (exit 2).
    /// </summary>
    private static Origin TrustedOrigin(string text)
    {
        if (text.IndexOfAny(PatternChars) >= 0)
        {
            throw new UsageException($"--trusted-origin '{text}' is a pattern; give each origin your front end really uses, exactly (for example -t https://app.example.com, repeatable), and the audit finds what a pattern would let through.");
        }

        if (Origin.TryParseSerialized(text, out var origin) && !origin.IsOpaque)
        {
            return origin;
        }

        throw new UsageException(Origin.TryParse(text, out var lenient) && !lenient.IsOpaque
            ? $"--trusted-origin '{text}' is not a serialised origin (scheme://host[:port], lowercase, no path, no trailing slash, no default port); did you mean {lenient.Serialized}?"
            : $"--trusted-origin '{text}' is not a serialised origin such as https://app.example.com (scheme://host[:port]).");
    }

    /// <summary>
    /// Without -t the allow-list classes (prefix, suffix, subdomain, unescaped dot, special character, port, http://)
    /// are derived only from candidates the server happens to allow (issue 9 item 4): say so on standard error, with
    /// the candidates tried and how to give the real front end's origin.
    /// </summary>
    private static async Task WarnUntestedAsync(AuditReport report, TextWriter error)
    {
        var discovered = report.Targets.Where(t => !t.TrustedGiven && t.Error is null).ToList();
        if (discovered.Count == 0)
        {
            return;
        }

        await error.WriteLineAsync("corskit: no --trusted-origin given, so the allow-list classes (prefix, suffix, subdomain, unescaped dot, special character, port, http://) were tested only from candidate origins derived from each target's host; give the front end's origin with -t https://app.example.com to test them.").ConfigureAwait(false);
        const int shown = 5;
        foreach (var target in discovered.Take(shown))
        {
            var allowed = target.TrustedOrigins.Count == 0
                ? "none was allowed, so the allow-list classes were not tested against an origin the server trusts"
                : "allowed: " + string.Join(", ", target.TrustedOrigins);
            await error.WriteLineAsync($"corskit: {target.Url}: tried {string.Join(", ", target.Candidates)}; {allowed}.").ConfigureAwait(false);
        }

        if (discovered.Count > shown)
        {
            await error.WriteLineAsync($"corskit: (and {discovered.Count - shown} more targets without a trusted origin)").ConfigureAwait(false);
        }
    }

    private static Uri ParseTarget(string text, string where)
    {
        if (HttpUrl.TryParse(text.Trim(), out var uri))
        {
            return uri;
        }

        throw new UsageException($"'{text}' ({where}) is not an http:// or https:// URL{HttpUrl.DidYouMean(text)}.");
    }

    private static void Progress(TextWriter error, int done, int total)
    {
        const int width = 30;
        var filled = total == 0 ? width : done * width / total;
        error.Write(string.Create(CultureInfo.InvariantCulture, $"\r[{new string('#', filled)}{new string('.', width - filled)}] {done}/{total} targets"));
    }
}

/// <summary>Runs an audit with the network transport; shared by the command and the demo.</summary>
internal static class AuditRunner
{
    public static async Task<AuditReport> RunAsync(AuditSettings settings, Action<int, int>? progress = null, CancellationToken cancellationToken = default)
    {
        using var client = new ProbeClient(settings);
        return await new AuditEngine(settings, client).RunAsync(progress, cancellationToken).ConfigureAwait(false);
    }
}
