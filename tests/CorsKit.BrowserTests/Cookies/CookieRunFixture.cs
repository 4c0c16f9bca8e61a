namespace CorsKit.BrowserTests.Cookies;

/// <summary>
/// One server and one run of <see cref="CookieScenarios.All"/> per engine setting, all engines at once (each in its
/// own process); the tests read the observations. A failed or missing engine is kept as its exception and rethrown
/// by every test of that engine.
/// </summary>
public sealed class CookieRunFixture : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private readonly Dictionary<CookieBrowser, Task<CookieRunResult>> _runs = [];
    private CookieServer? _server;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _server = await CookieServer.StartAsync();
        foreach (CookieBrowser browser in Enum.GetValues<CookieBrowser>())
        {
            string run = browser.ToString().ToLowerInvariant();
            _runs[browser] = Task.Run(async () =>
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                CookieRunResult result = await CookieRun.RunAsync(browser, _server, run, CookieScenarios.For(browser), Timeout);
                Console.WriteLine($"[cookies] {result.Version}: {result.Observations.Count} scenarios in {clock.Elapsed.TotalSeconds:0.0} s");
                return result;
            });
        }
        // Wait for every engine; a failed one keeps its exception in its task and only its tests rethrow it.
        await Task.WhenAll(_runs.Values.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
    }

    /// <summary>The port the server listened on (the model is asked with the same URLs).</summary>
    public int Port => _server?.Port ?? 0;

    /// <summary>The observations of <paramref name="browser"/> (throws what its run threw).</summary>
    public async Task<CookieRunResult> ForAsync(CookieBrowser browser) => await _runs[browser];

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
