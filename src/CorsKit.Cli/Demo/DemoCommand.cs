using System.CommandLine;
using CorsKit.Cli.Audit;
using CorsKit.Cli.Audit.Output;
using CorsKit.Cli.Check;
using CorsKit.Cli.Http;
using CorsKit.Cli.Output;
using System.Net;
using CorsKit.Cli.Gateway;
using CorsKit.Fetch;
using CorsKit.Policy;

namespace CorsKit.Cli.Demo;

/// <summary><c>corskit demo</c>: the main job on a built-in example, with no network and no arguments.</summary>
internal static class DemoCommand
{
    private static readonly Option<bool> NoColour = new("--no-color") { Description = "No ANSI colour." };

    public static Command Create()
    {
        var command = new Command("demo", "Start example APIs on loopback with everyday CORS misconfigurations and one correct configuration, audit them, and show what a browser does.");
        command.Options.Add(NoColour);
        command.SetAction((parse, ct) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var colour = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && !parse.GetValue(NoColour)
                && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
            return RunAsync(output, colour, ct);
        });
        return command;
    }

    /// <summary>Runs the demo, writing to <paramref name="output"/>; returns the exit code (0).</summary>
    public static async Task<int> RunAsync(TextWriter output, bool colour, CancellationToken cancellationToken = default)
    {
        string Paint(string text, string code) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;
        var servers = await Task.WhenAll(DemoApis.All.Select(api => LoopbackServer.StartAsync(api.Handler, cancellationToken))).ConfigureAwait(false);
        try
        {
            var urls = servers.Select(s => new Uri(s.BaseAddress, DemoApis.DataPath.TrimStart('/'))).ToList();
            await output.WriteLineAsync(Paint("CorsKit demo", "1") + ": example APIs on loopback, each serving GET " + DemoApis.DataPath + " to the front end " + DemoApis.TrustedOrigin + ".").ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            var nameWidth = DemoApis.All.Max(a => a.Name.Length);
            for (var i = 0; i < urls.Count; i++)
            {
                await output.WriteLineAsync($"  {DemoApis.All[i].Name.PadRight(nameWidth)}  {urls[i]}  {DemoApis.All[i].Description}").ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(Paint($"$ corskit audit --trusted-origin {DemoApis.TrustedOrigin} <the {urls.Count} URLs above>", "2")).ConfigureAwait(false);
            var settings = new AuditSettings { Targets = urls, TrustedOrigins = [DemoApis.TrustedOrigin], Timeout = TimeSpan.FromSeconds(5) };
            var report = await AuditRunner.RunAsync(settings, null, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(TextReport.Summary(report)).ConfigureAwait(false);
            await output.WriteLineAsync().ConfigureAwait(false);
            var rows = DemoApis.All.Select((api, i) => (api.Name, report.Targets[i].Findings)).ToList();
            var idWidth = Math.Max(7, rows.SelectMany(r => r.Findings).Select(f => f.Kind.Id.Length).DefaultIfEmpty(0).Max());
            const string cookies = "WITH COOKIES";
            await output.WriteLineAsync(Paint($"  {"API".PadRight(nameWidth)}  {"SEVERITY",-9} {"FINDING".PadRight(idWidth)} {cookies} ORIGIN", "2")).ConfigureAwait(false);
            var indent = new string(' ', nameWidth + 4);
            foreach (var (name, findings) in rows)
            {
                if (findings.Count == 0)
                {
                    await output.WriteLineAsync($"  {name.PadRight(nameWidth)}  {Paint("-".PadRight(9), "32")} {Paint("no findings", "32")}").ConfigureAwait(false);
                }

                foreach (var f in findings)
                {
                    await output.WriteLineAsync($"  {name.PadRight(nameWidth)}  {Paint(f.Severity.Name().ToUpperInvariant().PadRight(9), TextReport.Colour(f.Severity))} {f.Kind.Id.PadRight(idWidth)} {(f.Credentials ? "yes" : "no").PadRight(cookies.Length)} {f.Origin ?? "-"}").ConfigureAwait(false);
                    await output.WriteLineAsync($"{indent}{f.Kind.Plain}").ConfigureAwait(false);
                }
            }

            await output.WriteLineAsync(Paint($"  {cookies}: yes when ORIGIN reads the response to a request that carries the user's cookies (fetch with credentials: 'include'); no when it reads only what a visitor without cookies gets.", "2")).ConfigureAwait(false);

            // One finding in full, as `corskit audit` prints every finding.
            if (report.AllFindings.OrderByDescending(f => f.Severity).FirstOrDefault() is { } top)
            {
                await output.WriteLineAsync().ConfigureAwait(false);
                await output.WriteLineAsync($"  {Paint(top.Kind.Id, TextReport.Colour(top.Severity))}: {top.Kind.Title}").ConfigureAwait(false);
                await output.WriteLineAsync($"    {top.Detail}").ConfigureAwait(false);
                await output.WriteLineAsync($"    fix: {top.Kind.Fix}").ConfigureAwait(false);
            }

            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(Paint("What a browser (Chromium model) does with these APIs:", "1")).ConfigureAwait(false);
            // Each check is `corskit check` (CheckRunner) on one request: the same model, transcript and messages.
            using var http = new HttpTransport(TimeSpan.FromSeconds(5));
            var checkSettings = new CheckSettings { Timeout = TimeSpan.FromSeconds(5), Transport = http };
            var ansi = new Ansi(colour);
            string Url(string name, string path = DemoApis.DataPath) => new Uri(servers[Index(name)].BaseAddress, path.TrimStart('/')).AbsoluteUri;
            var checks = new (string Title, bool Attacker, CheckRequest Request)[]
            {
                ("the front end reads its account data from the correct API", false,
                    Request(DemoApis.TrustedOrigin, Url("correct"))),
                ("an attacker's page tries the same on the correct API", true,
                    Request(ProbePlanner.ArbitraryOrigin, Url("correct"))),
                ("the front end POSTs JSON (preflight first) to the correct API", false,
                    Request(DemoApis.TrustedOrigin, Url("correct")) with { Method = "POST", Headers = [new HttpHeader("Content-Type", "application/json")], Body = "{}" }),
                ("an attacker's page reads the reflecting API with the victim's cookies", true,
                    Request(ProbePlanner.ArbitraryOrigin, Url("reflect-origin"))),
                ("an attacker's page on app.example.com.corskit-evil.net reads the unanchored-regex API", true,
                    Request("https://app.example.com.corskit-evil.net", Url("unanchored-regex"))),
                ("the front end reads the '*' + credentials API with cookies", false,
                    Request(DemoApis.TrustedOrigin, Url("wildcard-credentials"))),
                ("the front end hits a 404 on the API that drops CORS headers on errors", false,
                    Request(DemoApis.TrustedOrigin, Url("lost-on-errors", "/api/missing"))),
            };
            await output.WriteLineAsync(Paint("  VULNERABLE: an attacker's page reads the data; BROKEN: the real front end is refused; WORKS / SAFE: as intended. The browser's own verdict is in parentheses.", "2")).ConfigureAwait(false);
            foreach (var (title, attacker, request) in checks)
            {
                var result = await CheckRunner.RunAsync(request, checkSettings, cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync(Outcome(Paint, attacker, result.Allowed, title)).ConfigureAwait(false);
                await output.WriteLineAsync(Paint($"              $ corskit check {request.Url} --origin {request.Origin} --credentials include{(request.Method == "GET" ? "" : " -X " + request.Method)}{string.Concat(request.Headers.Select(h => $" -H '{h.Name}: {h.Value}'"))}{(request.Body is null ? "" : $" -d '{request.Body}'")}", "2")).ConfigureAwait(false);
                await output.WriteLineAsync($"              {CheckTextRenderer.Summary(result, ansi)}").ConfigureAwait(false);
                if (result.Error is { Kind: CheckErrorKind.Cors } error)
                {
                    await output.WriteLineAsync($"              {error.Message}").ConfigureAwait(false);
                }
            }

            // The fix for an API you cannot change: the reflecting API behind `corskit proxy` with an exact allow-list.
            var fixedVerdicts = await ProxyStepAsync(output, Paint, ansi, checkSettings, new Uri(Url("reflect-origin", "/")), cancellationToken).ConfigureAwait(false);

            await output.WriteLineAsync().ConfigureAwait(false);
            var missed = DemoApis.All.Select((api, i) => (api, target: report.Targets[i]))
                .Where(x => x.api.Expected is { } id ? x.target.Findings.All(f => f.Kind.Id != id) : x.target.Findings.Any(f => f.Severity > Severity.Info))
                .Select(x => x.api.Name).ToList();
            if (!fixedVerdicts)
            {
                missed.Add("reflect-origin behind corskit proxy");
            }
            await output.WriteLineAsync(missed.Count == 0
                ? "Every misconfiguration was found, the correct configuration has no finding above info, and the proxy fixed the reflecting API."
                : "Unexpected result for: " + string.Join(", ", missed) + ".").ConfigureAwait(false);
            await output.WriteLineAsync("Next: corskit audit --trusted-origin https://your.app https://your.api/endpoint   (docs/audit.md)").ConfigureAwait(false);
            return 0;
        }
        finally
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Puts the reflecting API behind <c>corskit proxy</c> (the same server the command runs, on a loopback port) with
    /// an exact allow-list, audits the proxy, and checks an attacker's page and the front end through it. True when
    /// the audit finds nothing above info, the attacker is blocked and the front end allowed.
    /// </summary>
    private static async Task<bool> ProxyStepAsync(TextWriter output, Func<string, string, string> paint, Ansi ansi, CheckSettings checkSettings,
        Uri upstream, CancellationToken cancellationToken)
    {
        var policy = new CorsPolicyOptions { Origins = [DemoApis.TrustedOrigin], Credentials = true };
        var config = GatewayConfig.SingleUpstream(new IPEndPoint(IPAddress.Loopback, 0), new Uri(upstream.GetLeftPart(UriPartial.Authority)),
            policy, CorsPolicy.Build(policy));
        await using var proxy = await GatewayServer.StartAsync(config, log: null, cancellationToken).ConfigureAwait(false);
        var proxied = new Uri(proxy.Address, DemoApis.DataPath.TrimStart('/'));

        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteLineAsync(paint("Fixing the reflecting API without changing it:", "1")).ConfigureAwait(false);
        await output.WriteLineAsync(paint($"  $ corskit proxy --to {upstream.GetLeftPart(UriPartial.Authority)} --origin {DemoApis.TrustedOrigin} --credentials   (listening on {proxy.Address.GetLeftPart(UriPartial.Authority)})", "2")).ConfigureAwait(false);
        await output.WriteLineAsync(paint($"  $ corskit audit --trusted-origin {DemoApis.TrustedOrigin} {proxied}", "2")).ConfigureAwait(false);
        var settings = new AuditSettings { Targets = [proxied], TrustedOrigins = [DemoApis.TrustedOrigin], Timeout = TimeSpan.FromSeconds(5) };
        var report = await AuditRunner.RunAsync(settings, null, cancellationToken).ConfigureAwait(false);
        var findings = report.Targets[0].Findings;
        var clean = findings.All(f => f.Severity <= Severity.Info);
        await output.WriteLineAsync(findings.Count == 0
            ? $"  {paint("no findings", "32")}"
            : "  " + string.Join(", ", findings.Select(f => $"{f.Severity.Name().ToUpperInvariant()} {f.Kind.Id}"))).ConfigureAwait(false);

        var allAsExpected = clean;
        foreach (var (title, origin, expectAllowed) in new[]
        {
            ("an attacker's page reads the reflecting API through the proxy", ProbePlanner.ArbitraryOrigin, false),
            ("the front end reads its account data through the proxy", DemoApis.TrustedOrigin, true),
        })
        {
            var request = Request(origin, proxied.AbsoluteUri);
            var result = await CheckRunner.RunAsync(request, checkSettings, cancellationToken).ConfigureAwait(false);
            allAsExpected &= result.Allowed == expectAllowed;
            await output.WriteLineAsync(Outcome(paint, attacker: !expectAllowed, result.Allowed, title)).ConfigureAwait(false);
            await output.WriteLineAsync(paint($"              $ corskit check {request.Url} --origin {request.Origin} --credentials include", "2")).ConfigureAwait(false);
            await output.WriteLineAsync($"              {CheckTextRenderer.Summary(result, ansi)}").ConfigureAwait(false);
        }
        return allAsExpected;
    }

    /// <summary>
    /// One browser check as what it means for the API's owner (issue 12 item 12): an attacker's page that may read is
    /// VULNERABLE (red), the real front end refused is BROKEN (yellow), the front end allowed WORKS and the attacker
    /// refused is SAFE (green); the browser's own verdict follows in parentheses.
    /// </summary>
    private static string Outcome(Func<string, string, string> paint, bool attacker, bool allowed, string title)
    {
        var (label, colour) = (attacker, allowed) switch
        {
            (true, true) => ("VULNERABLE", "1;31"),
            (true, false) => ("SAFE", "32"),
            (false, true) => ("WORKS", "32"),
            (false, false) => ("BROKEN", "33"),
        };
        return $"  {paint(label.PadRight(10), colour)}  {title}  {paint($"(browser: {(allowed ? "ALLOWED" : "BLOCKED")})", "2")}";
    }

    private static int Index(string name)
    {
        for (var i = 0; i < DemoApis.All.Count; i++)
        {
            if (DemoApis.All[i].Name == name)
            {
                return i;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(name), name, "no such demo API");
    }

    private static CheckRequest Request(string origin, string url) => new() { Origin = origin, Url = url, Credentials = "include" };
}
