using System.Diagnostics;
using System.Text.Json;
using CorsKit.BrowserTests.Harness;
using Microsoft.Playwright;

namespace CorsKit.BrowserTests.Cookies;

/// <summary>
/// Runs the cookie scenarios in one real engine: the engine opens <see cref="CookieServer.StartUrl"/> and the pages
/// drive themselves (navigations, fetches, probes); the harness only starts the engine and waits for
/// <c>/ck/done</c>. A missing engine throws (the test fails, never skips).
/// </summary>
public static class CookieRun
{
    /// <summary>Runs <paramref name="scenarios"/> in <paramref name="browser"/> and returns one observation per
    /// scenario and the engine's version.</summary>
    public static async Task<CookieRunResult> RunAsync(
        CookieBrowser browser, CookieServer server, string run, IReadOnlyList<CookieScenario> scenarios, TimeSpan timeout)
    {
        server.Register(run, scenarios);
        string version = browser switch
        {
            CookieBrowser.Chromium or CookieBrowser.ChromiumThirdPartyAllowed => await RunChromiumAsync(browser == CookieBrowser.ChromiumThirdPartyAllowed, server, run, timeout).ConfigureAwait(false),
            CookieBrowser.Firefox => await RunFirefoxAsync(server, run, timeout).ConfigureAwait(false),
            _ => await RunWebKitAsync(browser == CookieBrowser.WebKitItp, server, run, timeout).ConfigureAwait(false),
        };
        string json = await server.ResultsAsync(run).WaitAsync(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
        var page = JsonSerializer.Deserialize<PageReport>(json, RunnerPage.Json)
            ?? throw new InvalidOperationException($"{browser}: the read page posted no results: {json}");
        var byId = page.Results.ToDictionary(p => p.Id);
        var recorded = server.RecordedFor(run);
        return new CookieRunResult(browser, version, page.SecureContext, scenarios.Select(s =>
        {
            CookieRequest? Last(CookieRequestKind kind) => recorded.LastOrDefault(r => r.Id == s.Id && r.Kind == kind);
            byId.TryGetValue(s.Id, out PageResult? p);
            CookieRequest? set = Last(CookieRequestKind.Set), read = Last(CookieRequestKind.Read), probe = Last(CookieRequestKind.Probe);
            return new CookieObservation(s, set is not null, p?.Set?.ToString(), read is not null, read?.Cookie,
                p?.Read?.ToString(), probe is not null, probe?.Cookie);
        }).ToList());
    }

    private sealed record PageResult(int Id, JsonElement? Set, JsonElement? Read);

    private sealed record PageReport(bool SecureContext, PageResult[] Results);

    private static async Task<string> RunChromiumAsync(bool allowThirdParty, CookieServer server, string run, TimeSpan timeout)
    {
        ChromiumSession.EnsureInstalled();
        using IPlaywright playwright = await Playwright.CreateAsync().ConfigureAwait(false);
        string profile = Directory.CreateTempSubdirectory("corskit-chromium-").FullName;
        try
        {
            if (allowThirdParty)
            {
                // chrome://settings/cookies "Allow third-party cookies": the profile pref behind it
                // (components/content_settings/core/common/pref_names.cc kCookieControlsMode, 0 = off).
                Directory.CreateDirectory(Path.Combine(profile, "Default"));
                await File.WriteAllTextAsync(Path.Combine(profile, "Default", "Preferences"),
                    """{"profile":{"cookie_controls_mode":0,"block_third_party_cookies":false}}""").ConfigureAwait(false);
            }
            // An ordinary profile as Debian ships it (not Playwright's off-the-record newContext(), which behaved the
            // same on every scenario when tried): Playwright's own switches are left out (they disable features and
            // field trials), only what headless automation needs is passed.
            IBrowserContext context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
            {
                ExecutablePath = ChromiumSession.ExecutablePath,
                IgnoreAllDefaultArgs = true,
                Args = ["--headless", "--remote-debugging-pipe", $"--user-data-dir={profile}", "--no-sandbox",
                    "--no-first-run", "--disable-gpu", "about:blank"],
            }).ConfigureAwait(false);
            try
            {
                IPage page = await context.NewPageAsync().ConfigureAwait(false);
                string version = context.Browser?.Version ?? "";
                await page.GotoAsync(server.StartUrl(run), new PageGotoOptions { WaitUntil = WaitUntilState.Commit }).ConfigureAwait(false);
                await WaitAsync(server, run, timeout, "Chromium", () => "").ConfigureAwait(false);
                return "Chromium " + version + (allowThirdParty ? " (third-party cookies allowed)" : "");
            }
            finally
            {
                await context.CloseAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            TryDelete(profile);
        }
    }

    private static async Task<string> RunFirefoxAsync(CookieServer server, string run, TimeSpan timeout)
    {
        string version = FirefoxSession.Version();
        string profile = FirefoxProfile.Create();
        try
        {
            using Process firefox = FirefoxSession.Launch(profile, server.StartUrl(run));
            await RunProcessAsync(firefox, server, run, timeout, "Firefox").ConfigureAwait(false);
            return version;
        }
        finally
        {
            TryDelete(profile);
        }
    }

    private static async Task<string> RunWebKitAsync(bool itp, CookieServer server, string run, TimeSpan timeout)
    {
        string version = WebKitSession.Version();
        // A fresh home: MiniBrowser keeps its cookie jar and ITP state under it (WebKitSession.Launch points the XDG
        // directories there).
        string home = Directory.CreateTempSubdirectory("corskit-webkit-").FullName;
        try
        {
            string[] arguments = itp ? ["--enable-itp", server.StartUrl(run)] : [server.StartUrl(run)];
            using Process webkit = WebKitSession.Launch(arguments, home);
            await RunProcessAsync(webkit, server, run, timeout, itp ? "WebKit (--enable-itp)" : "WebKit").ConfigureAwait(false);
            return version + (itp ? " (--enable-itp)" : "");
        }
        finally
        {
            TryDelete(home);
        }
    }

    private static async Task RunProcessAsync(Process process, CookieServer server, string run, TimeSpan timeout, string what)
    {
        Func<string> stderr = BrowserProcess.CaptureStderr(process);
        try
        {
            await WaitAsync(server, run, timeout, what, stderr, process).ConfigureAwait(false);
        }
        finally
        {
            await BrowserProcess.StopAsync(process).ConfigureAwait(false);
        }
    }

    private static async Task WaitAsync(CookieServer server, string run, TimeSpan timeout, string what, Func<string> stderr, Process? process = null)
    {
        Task done = server.DoneAsync(run);
        Task exited = process?.WaitForExitAsync() ?? Task.Delay(Timeout.Infinite);
        if (await Task.WhenAny(done, Task.Delay(timeout), exited).ConfigureAwait(false) != done)
        {
            string why = process is { HasExited: true } ? $"exited with code {process.ExitCode}" : $"did not finish within {timeout.TotalSeconds:0} s";
            string err = stderr();
            var seen = server.RecordedFor(run);
            throw new InvalidOperationException(
                $"{what} {why} (the server saw {seen.Count} scenario requests); stderr:\n{err}");
        }
    }

    private static void TryDelete(string directory)
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
