using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace CorsKit.BrowserTests.Harness;

/// <summary>
/// One headless Chromium (the system's /usr/bin/chromium, driven by Playwright without <c>playwright install</c>)
/// with one page on the page origin and a DevTools session that collects <c>Network.loadingFailed</c>
/// (<c>corsErrorStatus</c>) and the console's "Access to fetch at …" lines.
/// </summary>
public sealed class ChromiumSession : IAsyncDisposable
{
    /// <summary>The browser binary.</summary>
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly ICDPSession _cdp;
    private readonly ConcurrentDictionary<string, string> _requestUrls = new();
    private readonly ConcurrentQueue<(string Url, string? CorsError, string? FailedParameter, string? ErrorText, string? Type)> _failures = new();
    private readonly ConcurrentQueue<string> _console = new();
    private readonly ConcurrentQueue<string> _preflightUrls = new();

    private ChromiumSession(IPlaywright playwright, IBrowser browser, IPage page, ICDPSession cdp)
    {
        _playwright = playwright;
        _browser = browser;
        _page = page;
        _cdp = cdp;
    }

    /// <summary>The browser's version string (e.g. <c>156.0.8078.79</c>).</summary>
    public string Version => _browser.Version;

    /// <summary>Launches Chromium and opens the runner page of <paramref name="server"/>. Throws (the test fails,
    /// never skips) when the browser is missing.</summary>
    public static async Task<ChromiumSession> StartAsync(ScenarioServer server)
    {
        EnsureInstalled();
        IPlaywright playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic"],
        }).ConfigureAwait(false);
        IBrowserContext context = await browser.NewContextAsync().ConfigureAwait(false);
        IPage page = await context.NewPageAsync().ConfigureAwait(false);
        ICDPSession cdp = await context.NewCDPSessionAsync(page).ConfigureAwait(false);
        var session = new ChromiumSession(playwright, browser, page, cdp);
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) => session.OnRequestWillBeSent(e);
        cdp.Event("Network.loadingFailed").OnEvent += (_, e) => session.OnLoadingFailed(e);
        cdp.Event("Log.entryAdded").OnEvent += (_, e) => session.OnLog(e);
        page.Console += (_, m) => session._console.Enqueue(m.Text);
        await cdp.SendAsync("Network.enable").ConfigureAwait(false);
        await cdp.SendAsync("Log.enable").ConfigureAwait(false);
        await page.GotoAsync(server.Topology.PageOrigin + "/runner.html").ConfigureAwait(false);
        return session;
    }

    /// <summary>Throws (the test fails, never skips) when <see cref="ExecutablePath"/> is missing.</summary>
    public static void EnsureInstalled()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ExecutablePath}; install it (./test.sh does so as root: apt-get install chromium). Browser tests fail rather than skip.");
        }
    }

    /// <summary>Runs every scenario of <paramref name="run"/> in the page and gathers all observations.</summary>
    public async Task<IReadOnlyDictionary<int, BrowserObservation>> RunAsync(ScenarioServer server, string run, IReadOnlyList<Scenario> scenarios)
    {
        server.Register(run, scenarios);
        string specs = server.BrowserSpecJson(run);
        Task<string> evaluation = _page.EvaluateAsync<string>(
            $"async specs => JSON.stringify(await corskitRunAll(JSON.parse(specs), {RunnerPage.Width}))", specs);
        // Generous but bounded: a hung page fails the run instead of hanging CI.
        if (await Task.WhenAny(evaluation, Task.Delay(TimeSpan.FromMinutes(4))).ConfigureAwait(false) != evaluation)
        {
            throw new TimeoutException($"Chromium did not finish {scenarios.Count} scenarios within 4 minutes.");
        }
        string raw = await evaluation.ConfigureAwait(false);
        var results = JsonSerializer.Deserialize<PageResult[]>(raw, RunnerPage.Json) ?? [];

        // DevTools events and console lines travel separately from the page's promise: wait (bounded) until every
        // rejected fetch has its loadingFailed event and the console has caught up.
        var rejected = results.Where(r => !r.Ok).Select(r => r.Id).ToHashSet();
        for (int i = 0; i < 50; i++)
        {
            var failed = Failures(run).Keys.ToHashSet();
            if (rejected.IsSubsetOf(failed))
            {
                break;
            }
            await Task.Delay(100).ConfigureAwait(false);
        }
        await Task.Delay(300).ConfigureAwait(false);

        var failures = Failures(run);
        var console = ConsoleLines(run);
        var preflights = _preflightUrls.Select(u => Topology.TryParseUrl(u, out string r, out int id, out _) && r == run ? id : -1).ToHashSet();
        var recorded = server.RecordedFor(run);
        var byId = scenarios.ToDictionary(s => s.Id);
        return results.ToDictionary(r => r.Id, r =>
        {
            failures.TryGetValue(r.Id, out var f);
            return new BrowserObservation
            {
                Scenario = byId[r.Id],
                Page = r,
                Requests = recorded.TryGetValue(r.Id, out var rec) ? rec : [],
                CorsError = f.CorsError,
                FailedParameter = f.FailedParameter,
                NetError = f.ErrorText,
                ConsoleMessage = console.TryGetValue(r.Id, out string? line) ? line : null,
                DevToolsSawPreflight = preflights.Contains(r.Id),
            };
        });
    }

    private Dictionary<int, (string? CorsError, string? FailedParameter, string? ErrorText)> Failures(string run)
    {
        var map = new Dictionary<int, (string?, string?, string?)>();
        foreach (var f in _failures)
        {
            // The fetch's own failure carries the CORS status; a failed preflight is reported separately with type
            // "Preflight" and does not replace it.
            if (f.Type == "Preflight" || !Topology.TryParseUrl(f.Url, out string r, out int id, out _) || r != run)
            {
                continue;
            }
            if (!map.TryGetValue(id, out var existing) || existing.Item1 is null)
            {
                map[id] = (f.CorsError, f.FailedParameter, f.ErrorText);
            }
        }
        return map;
    }

    private Dictionary<int, string> ConsoleLines(string run)
    {
        var map = new Dictionary<int, string>();
        foreach (string text in _console)
        {
            // "Access to fetch at '<url>' [(redirected from '<url0>') ]from origin …": the scenario id is in either URL.
            if (!(text.StartsWith("Access to fetch at '", StringComparison.Ordinal) || text.StartsWith("Access to XMLHttpRequest at '", StringComparison.Ordinal))
                || !Topology.TryParseUrl(text, out string r, out int id, out _) || r != run)
            {
                continue;
            }
            map.TryAdd(id, text);
        }
        return map;
    }

    private void OnRequestWillBeSent(JsonElement? e)
    {
        if (e is not { } p)
        {
            return;
        }
        string id = p.GetProperty("requestId").GetString() ?? "";
        string url = p.GetProperty("request").GetProperty("url").GetString() ?? "";
        string method = p.GetProperty("request").GetProperty("method").GetString() ?? "";
        string type = p.TryGetProperty("type", out var t) ? t.GetString() ?? "" : "";
        _requestUrls.TryAdd(id, url);
        if (type == "Preflight" || method == "OPTIONS")
        {
            _preflightUrls.Enqueue(url);
        }
    }

    private void OnLoadingFailed(JsonElement? e)
    {
        if (e is not { } p)
        {
            return;
        }
        string id = p.GetProperty("requestId").GetString() ?? "";
        _requestUrls.TryGetValue(id, out string? url);
        string? corsError = null, failedParameter = null;
        if (p.TryGetProperty("corsErrorStatus", out var status))
        {
            corsError = status.GetProperty("corsError").GetString();
            failedParameter = status.TryGetProperty("failedParameter", out var fp) ? fp.GetString() : null;
        }
        _failures.Enqueue((url ?? "", corsError, failedParameter,
            p.TryGetProperty("errorText", out var et) ? et.GetString() : null,
            p.TryGetProperty("type", out var ty) ? ty.GetString() : null));
    }

    private void OnLog(JsonElement? e)
    {
        if (e is { } p && p.TryGetProperty("entry", out var entry) && entry.TryGetProperty("text", out var text))
        {
            _console.Enqueue(text.GetString() ?? "");
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _cdp.DetachAsync().ConfigureAwait(false);
        await _browser.CloseAsync().ConfigureAwait(false);
        _playwright.Dispose();
    }
}
