using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CorsKit.BrowserTests.Harness;

/// <summary>A response as <see cref="ScenarioServer.Respond"/> computes it: exactly the lines put on the wire
/// (Kestrel adds only <c>Date</c>; the <c>Server</c> header is switched off).</summary>
public sealed record WireResponse(int Status, IReadOnlyList<Line> Headers, string Body);

/// <summary>What the server saw of one request: enough to compare with the model's exchanges.</summary>
public sealed record Recorded(
    long Sequence, string Run, int Id, int Hop, Site? Site, string Method, bool Preflight,
    string? Origin, string? RequestMethod, string? RequestHeaders, bool Cookie);

/// <summary>
/// Real Kestrel on three loopback ports. It serves the runner page on the page origin, answers every scenario URL
/// from the scenario's definition through the pure <see cref="Respond"/> (the same function the model's transport
/// uses in the comparison), and records what each browser sent.
/// </summary>
public sealed class ScenarioServer : IAsyncDisposable
{
    /// <summary>The cookie the runner page sets for 127.0.0.1, so "credentials sent" is observable.</summary>
    public const string CookieName = "corskit";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IReadOnlyDictionary<int, Scenario>> _runs = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _results = new();
    private readonly ConcurrentQueue<Recorded> _recorded = new();
    private long _sequence;

    private ScenarioServer(WebApplication app, Topology topology)
    {
        _app = app;
        Topology = topology;
    }

    /// <summary>The ports of this server.</summary>
    public Topology Topology { get; }

    /// <summary>Starts Kestrel on three free loopback ports.</summary>
    public static async Task<ScenarioServer> StartAsync()
    {
        var topology = new Topology(FreePort(), FreePort(), FreePort());
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Listen(IPAddress.Loopback, topology.PagePort);
            k.Listen(IPAddress.Loopback, topology.ApiPort);
            // "localhost" resolves to 127.0.0.1 and/or ::1 depending on the browser; listen on both.
            k.ListenLocalhost(topology.LocalhostPort);
        });
        WebApplication app = builder.Build();
        var server = new ScenarioServer(app, topology);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>Makes <paramref name="scenarios"/> answerable under run tag <paramref name="run"/> (lowercase letters).</summary>
    public void Register(string run, IReadOnlyList<Scenario> scenarios)
    {
        _runs[run] = scenarios.ToDictionary(s => s.Id);
        _results[run] = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The results a runner page POSTed for <paramref name="run"/> (raw JSON).</summary>
    public Task<string> ResultsAsync(string run) => _results[run].Task;

    /// <summary>Everything recorded for one run, grouped by scenario id, in arrival order.</summary>
    public IReadOnlyDictionary<int, IReadOnlyList<Recorded>> RecordedFor(string run) =>
        _recorded.Where(r => r.Run == run).OrderBy(r => r.Sequence).GroupBy(r => r.Id)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<Recorded>)g.ToList());

    /// <summary>
    /// Waits until the self-running page in <paramref name="browser"/> (Firefox, WebKit: no driver) POSTs its results
    /// for <paramref name="run"/> (each line of the browser's standard streams also goes to <paramref name="output"/>), then pairs each page result with what the server recorded, and ends the browser. Fails with
    /// the browser's stderr when it exits or stays silent for <paramref name="timeout"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, BrowserObservation>> ObserveAsync(
        string run, IReadOnlyList<Scenario> scenarios, System.Diagnostics.Process browser, string name, TimeSpan timeout, Action<string>? output = null)
    {
        try
        {
            var stderr = new StringBuilder();
            browser.ErrorDataReceived += (_, e) =>
            {
                lock (stderr) { stderr.AppendLine(e.Data); }
                if (e.Data is { } line) output?.Invoke(line);
            };
            browser.OutputDataReceived += (_, e) => { if (e.Data is { } line) output?.Invoke(line); };
            browser.BeginErrorReadLine();
            browser.BeginOutputReadLine();
            Task<string> results = ResultsAsync(run);
            Task done = await Task.WhenAny(results, Task.Delay(timeout), browser.WaitForExitAsync()).ConfigureAwait(false);
            if (done != results)
            {
                string why = browser.HasExited ? $"exited with code {browser.ExitCode}" : $"did not report within {timeout.TotalSeconds:0} s";
                string err;
                lock (stderr) { err = stderr.ToString(); }
                throw new InvalidOperationException($"{name} {why}; stderr:\n{err[..Math.Min(err.Length, 4000)]}");
            }
            string json = await results.ConfigureAwait(false);
            if (json.StartsWith('{'))
            {
                throw new InvalidOperationException($"The {name} runner page failed: " + json);
            }
            var page = JsonSerializer.Deserialize<PageResult[]>(json, RunnerPage.Json) ?? [];
            var recorded = RecordedFor(run);
            var byId = scenarios.ToDictionary(s => s.Id);
            return page.ToDictionary(r => r.Id, r => new BrowserObservation
            {
                Scenario = byId[r.Id],
                Page = r,
                Requests = recorded.TryGetValue(r.Id, out var rec) ? rec : [],
            });
        }
        finally
        {
            // The browser is ours to end once its results are in (or never came).
            if (!browser.HasExited)
            {
                browser.Kill(entireProcessTree: true);
                await browser.WaitForExitAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>The scenario list as the runner page receives it.</summary>
    public string BrowserSpecJson(string run) => JsonSerializer.Serialize(BrowserSpecs(run), RunnerPage.Json);

    /// <summary>The scenarios of <paramref name="run"/> as the runner's <c>fetch()</c> arguments.</summary>
    public IReadOnlyList<BrowserSpec> BrowserSpecs(string run) =>
        _runs[run].Values.OrderBy(s => s.Id).Select(s => new BrowserSpec(
            s.Id, Topology.UrlOf(run, s, 0),
            s.Steps.Select(r => new StepSpec(r.Method, r.Headers.Select(h => new[] { h.Name, h.Value }).ToArray(), r.Credentials, r.Body, r.Api, r.Upload, r.Sequence)).ToArray(),
            s.ReadHeader)).ToList();

    /// <summary>
    /// The pure answer of scenario <paramref name="scenario"/> to one request: a CORS preflight (OPTIONS carrying
    /// <c>Access-Control-Request-Method</c>) gets the hop's preflight response, anything else its actual response.
    /// Placeholders are expanded for <paramref name="topology"/>; a Location names another hop of the scenario.
    /// </summary>
    public static WireResponse Respond(Topology topology, string run, Scenario scenario, string method, string path,
        IEnumerable<KeyValuePair<string, string>> requestHeaders)
    {
        if (!Topology.TryParsePath(path, out _, out int id, out int hopIndex) || id != scenario.Id
            || hopIndex >= scenario.Hops.Count)
        {
            return new WireResponse(404, [new Line("Content-Length", "0")], "");
        }
        Hop hop = scenario.Hops[hopIndex];
        bool preflight = IsPreflight(method, requestHeaders);
        ResponseSpec spec = preflight ? hop.Preflight : hop.Actual;
        var lines = new List<Line>(spec.Headers.Count + 2);
        foreach (Line line in spec.Headers)
        {
            lines.Add(new Line(line.Name, topology.Expand(line.Value)));
        }
        if (spec.Location is { } location)
        {
            lines.Add(new Line("Location", topology.UrlOf(run, scenario, location.Hop, location.UserInfo)));
        }
        bool bodyless = spec.Status is 204 or 205 or 304 || spec.Status < 200;
        string body = !bodyless && !preflight && spec.Status is >= 200 and < 300 && method != "HEAD" ? "ok" : "";
        if (!bodyless)
        {
            // HEAD announces the length of the GET body it stands for.
            int length = method == "HEAD" && spec.Status is >= 200 and < 300 ? 2 : body.Length;
            lines.Add(new Line("Content-Length", length.ToString(CultureInfo.InvariantCulture)));
        }
        return new WireResponse(spec.Status, lines, body);
    }

    /// <summary>True for a CORS preflight: <c>OPTIONS</c> with <c>Access-Control-Request-Method</c>.</summary>
    public static bool IsPreflight(string method, IEnumerable<KeyValuePair<string, string>> requestHeaders) =>
        method == "OPTIONS" && requestHeaders.Any(h => h.Key.Equals("Access-Control-Request-Method", StringComparison.OrdinalIgnoreCase));

    private async Task HandleAsync(HttpContext ctx)
    {
        string path = ctx.Request.Path.Value ?? "/";
        string run = ctx.Request.Query["run"].ToString();
        switch (path)
        {
            case "/runner.html":
                await WriteAsync(ctx, "text/html; charset=utf-8", RunnerPage.Html).ConfigureAwait(false);
                return;
            case "/runner.js":
                await WriteAsync(ctx, "text/javascript; charset=utf-8", RunnerPage.Script).ConfigureAwait(false);
                return;
            case "/scenarios" when _runs.ContainsKey(run):
                await WriteAsync(ctx, "application/json", BrowserSpecJson(run)).ConfigureAwait(false);
                return;
            case "/results" when ctx.Request.Method == "POST" && _results.TryGetValue(run, out var tcs):
                using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
                {
                    tcs.TrySetResult(await reader.ReadToEndAsync().ConfigureAwait(false));
                }
                ctx.Response.StatusCode = 204;
                return;
        }
        if (!Topology.TryParsePath(path, out string sRun, out int id, out int hop)
            || !_runs.TryGetValue(sRun, out var scenarios) || !scenarios.TryGetValue(id, out Scenario? scenario))
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        var headers = ctx.Request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList();
        bool preflight = IsPreflight(ctx.Request.Method, headers);
        _recorded.Enqueue(new Recorded(
            Interlocked.Increment(ref _sequence), sRun, id, hop, Topology.SiteOfPort(ctx.Connection.LocalPort),
            ctx.Request.Method, preflight, Header(ctx, "Origin"),
            Header(ctx, "Access-Control-Request-Method"), Header(ctx, "Access-Control-Request-Headers"),
            (Header(ctx, "Cookie") ?? "").Contains(CookieName + "=", StringComparison.Ordinal)));

        WireResponse response = Respond(Topology, sRun, scenario, ctx.Request.Method, path, headers);
        ctx.Response.StatusCode = response.Status;
        foreach (Line line in response.Headers)
        {
            // Kestrel silently drops empty values; a lone space is trimmed away by the browser's header parser (OWS),
            // so the browser receives exactly the empty value Respond produced.
            ctx.Response.Headers.Append(line.Name, line.Value.Length == 0 ? " " : line.Value);
        }
        if (response.Body.Length > 0)
        {
            await ctx.Response.WriteAsync(response.Body).ConfigureAwait(false);
        }
    }

    private static string? Header(HttpContext ctx, string name) =>
        ctx.Request.Headers.TryGetValue(name, out var v) ? v.ToString() : null;

    private static async Task WriteAsync(HttpContext ctx, string contentType, string text)
    {
        ctx.Response.ContentType = contentType;
        ctx.Response.Headers.CacheControl = "no-store";
        await ctx.Response.WriteAsync(text).ConfigureAwait(false);
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>The <c>fetch()</c> arguments of one scenario, as the runner page reads them.</summary>
public sealed record BrowserSpec(int Id, string Url, StepSpec[] Steps, string Read);

/// <summary>One <c>fetch()</c> of a scenario; the steps of one scenario run one after the other.</summary>
public sealed record StepSpec(string Method, string[][] Headers, string Credentials, string? Body, string Api, bool Upload, bool Sequence);
