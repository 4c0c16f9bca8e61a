using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Playwright;

namespace CorsKit.Cli.Tests.CheckSupport;

/// <summary>What the page's script and DevTools saw for one <c>fetch()</c>.</summary>
public sealed record ChromiumFetch(bool Ok, IReadOnlyList<string> ReadableHeaders, string? CorsError, string? FailedParameter, string? NetError, string? ConsoleMessage);

/// <summary>
/// Headless Chromium (/usr/bin/chromium, driven through Playwright without downloading a browser) with one page open
/// on a loopback origin, and a DevTools session collecting <c>Network.loadingFailed</c> (its <c>corsErrorStatus</c>)
/// and console errors. Throws when the browser is missing: the comparison fails rather than skips.
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly IPage _page;
    private readonly ConcurrentDictionary<string, string> _firstUrl = new();
    private readonly ConcurrentQueue<(string Url, JsonElement Event)> _failed = new();
    private readonly ConcurrentQueue<string> _console = new();

    private ChromiumPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        Cdp = null!;
        _playwright = playwright;
        _browser = browser;
        _page = page;
    }

    public string Version => _browser.Version;

    /// <summary>The page's DevTools session (Network enabled), for tests that record more events.</summary>
    public ICDPSession Cdp { get; private set; }

    public static async Task<ChromiumPage> OpenAsync(string pageUrl, Microsoft.Playwright.Cookie? cookie, params string[] extraArgs)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"Chromium is missing at {ExecutablePath} (apt-get install chromium); this comparison fails rather than skips.");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic", .. extraArgs],
        });
        var context = await browser.NewContextAsync();
        if (cookie is not null)
        {
            await context.AddCookiesAsync([cookie]);
        }

        var page = await context.NewPageAsync();
        var self = new ChromiumPage(playwright, browser, page);
        var cdp = await context.NewCDPSessionAsync(page);
        self.Cdp = cdp;
        cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
        {
            if (e is { } ev)
            {
                // A redirect reuses the request id; keep the URL the script asked for.
                self._firstUrl.TryAdd(ev.GetProperty("requestId").GetString()!, ev.GetProperty("request").GetProperty("url").GetString()!);
            }
        };
        cdp.Event("Network.loadingFailed").OnEvent += (_, e) =>
        {
            if (e is { } ev && self._firstUrl.TryGetValue(ev.GetProperty("requestId").GetString()!, out var url))
            {
                self._failed.Enqueue((url, ev.Clone()));
            }
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                self._console.Enqueue(message.Text);
            }
        };
        await cdp.SendAsync("Network.enable");
        await page.GotoAsync(pageUrl);
        return self;
    }

    private const string FetchScript = """
        async ([url, init]) => {
          try {
            const response = await fetch(url, init);
            await response.arrayBuffer();
            return { ok: true, headers: [...response.headers.keys()] };
          } catch (e) {
            return { ok: false, headers: [], error: String(e) };
          }
        }
        """;

    /// <summary>Runs <c>fetch(url, {method, headers, credentials, body})</c> in the page.</summary>
    public async Task<ChromiumFetch> FetchAsync(string url, string method, IReadOnlyList<string[]> headers, string credentials, string? body)
    {
        var init = new Dictionary<string, object?> { ["method"] = method, ["headers"] = headers, ["credentials"] = credentials, ["body"] = body };
        var result = await _page.EvaluateAsync<JsonElement>(FetchScript, new object[] { url, init });
        var ok = result.GetProperty("ok").GetBoolean();
        var readable = result.GetProperty("headers").EnumerateArray().Select(h => h.GetString()!).ToList();
        if (ok)
        {
            return new ChromiumFetch(true, readable, null, null, null, null);
        }

        var (corsError, parameter, netError) = await LoadingFailedAsync(url);

        // A CORS failure also logs "Access to fetch at '…'" on the console, separately: wait (bounded) for it.
        string? console = null;
        for (var i = 0; i < 100 && console is null; i++)
        {
            console = _console.FirstOrDefault(line => line.Contains($"'{url}'", StringComparison.Ordinal));
            if (console is null && corsError is not null)
            {
                await Task.Delay(50);
            }
            else
            {
                break;
            }
        }

        return new ChromiumFetch(false, readable, corsError, parameter, netError, console);
    }

    /// <summary>DevTools' <c>Network.loadingFailed</c> for the request the page first made to <paramref name="url"/>
    /// (not its preflight): <c>corsErrorStatus.corsError</c>, <c>failedParameter</c> and <c>errorText</c>. DevTools
    /// events travel apart from the script's promise, so this waits (bounded) for it; all null when none came.</summary>
    public async Task<(string? CorsError, string? FailedParameter, string? NetError)> LoadingFailedAsync(string url)
    {
        JsonElement? failure = null;
        for (var i = 0; i < 100 && failure is null; i++)
        {
            failure = _failed.Where(f => f.Url == url && Type(f.Event) != "Preflight").Select(f => (JsonElement?)f.Event).FirstOrDefault();
            if (failure is null)
            {
                await Task.Delay(50);
            }
        }

        string? corsError = null, parameter = null, netError = null;
        if (failure is { } f)
        {
            netError = f.TryGetProperty("errorText", out var text) ? text.GetString() : null;
            if (f.TryGetProperty("corsErrorStatus", out var status))
            {
                corsError = status.GetProperty("corsError").GetString();
                parameter = status.TryGetProperty("failedParameter", out var p) ? p.GetString() : "";
            }
        }

        return (corsError, parameter, netError);
    }

    /// <summary>Every console error the page logged so far, in order, as Playwright reports its text.</summary>
    public IReadOnlyList<string> ConsoleErrors => [.. _console];

    /// <summary>Evaluates <paramref name="script"/> (a JS function of one argument) in the page.</summary>
    public Task<T> EvaluateAsync<T>(string script, object? argument = null) => _page.EvaluateAsync<T>(script, argument);

    private static string? Type(JsonElement e) => e.TryGetProperty("type", out var t) ? t.GetString() : null;

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }
}
