using System.Diagnostics;
using CorsKit.BrowserTests.Harness;

namespace CorsKit.BrowserTests.Fixtures;

/// <summary>
/// One server and one browser per test run: the generated scenarios (seeded) plus the named ones are all run once in
/// <see cref="InitializeAsync"/>; the tests then assert different aspects of the same observations. When the browser
/// is missing, initialisation throws and every test of the collection fails with that message (never skips).
/// </summary>
public abstract class BrowserRunFixture : IAsyncLifetime
{
    /// <summary>The seed of the generated scenarios.</summary>
    public int Seed { get; } = ScenarioGenerator.Seed;

    /// <summary>The generated scenarios.</summary>
    public IReadOnlyList<Scenario> Generated { get; private set; } = [];

    /// <summary>All observations, generated and named, by scenario id.</summary>
    public IReadOnlyDictionary<int, BrowserObservation> Observations { get; private set; } = new Dictionary<int, BrowserObservation>();

    /// <summary>The server (its topology expands placeholders in expectations).</summary>
    public ScenarioServer Server { get; private set; } = null!;

    /// <summary>The browser's version string.</summary>
    public string BrowserVersion { get; protected set; } = "";

    /// <summary>How long launching and running all scenarios took (reported, never asserted).</summary>
    public TimeSpan Elapsed { get; private set; }

    private static readonly System.Text.Json.JsonSerializerOptions Dump = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The run tag in scenario URLs.</summary>
    public abstract string Run { get; }

    /// <summary>The observations of the generated scenarios only.</summary>
    public IEnumerable<BrowserObservation> GeneratedObservations => Generated.Select(s => Observations[s.Id]);

    /// <summary>Scenarios only this browser runs (besides the generated, named and offender ones).</summary>
    protected virtual IEnumerable<Scenario> ExtraScenarios => [];

    /// <summary>Runs everything in the browser.</summary>
    protected abstract Task<IReadOnlyDictionary<int, BrowserObservation>> RunAsync(IReadOnlyList<Scenario> scenarios);

    /// <summary>Releases the browser.</summary>
    protected virtual ValueTask StopBrowserAsync() => ValueTask.CompletedTask;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        Server = await ScenarioServer.StartAsync();
        Generated = ScenarioGenerator.Generate(Seed, ScenarioGenerator.Count);
        var all = Generated.Concat(NamedScenarios.All.Select(c => c.Scenario)).Concat(OffenderScenarios.All).Concat(ExtraScenarios).ToList();
        Observations = await RunAsync(all);
        Elapsed = clock.Elapsed;
        Console.WriteLine($"[{Run}] {BrowserVersion}: {all.Count} scenarios (seed {Seed}) in {Elapsed.TotalSeconds:0.0} s");
        if (Environment.GetEnvironmentVariable("CORSKIT_DUMP") is { Length: > 0 } dir)
        {
            // Debugging aid: every observation as one JSON line.
            Directory.CreateDirectory(dir);
            await File.WriteAllLinesAsync(Path.Combine(dir, $"{Run}-observations.jsonl"), Observations.Values.OrderBy(o => o.Scenario.Id)
                .Select(o => System.Text.Json.JsonSerializer.Serialize(o, Dump)));
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopBrowserAsync();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>Headless Chromium through Playwright + DevTools.</summary>
public sealed class ChromiumFixture : BrowserRunFixture
{
    private ChromiumSession? _session;

    /// <inheritdoc />
    public override string Run => "cr";

    /// <inheritdoc />
    protected override async Task<IReadOnlyDictionary<int, BrowserObservation>> RunAsync(IReadOnlyList<Scenario> scenarios)
    {
        _session = await ChromiumSession.StartAsync(Server);
        BrowserVersion = "Chromium " + _session.Version;
        return await _session.RunAsync(Server, Run, scenarios);
    }

    /// <inheritdoc />
    protected override async ValueTask StopBrowserAsync()
    {
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }
}

/// <summary>Headless Firefox ESR, no driver.</summary>
public sealed class FirefoxFixture : BrowserRunFixture
{
    /// <inheritdoc />
    public override string Run => "ff";

    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<int, BrowserObservation>> RunAsync(IReadOnlyList<Scenario> scenarios)
    {
        BrowserVersion = FirefoxSession.Version();
        return FirefoxSession.RunAsync(Server, Run, scenarios, TimeSpan.FromSeconds(240));
    }
}

/// <summary>WebKitGTK's MiniBrowser under xvfb-run, no driver (the engine Safari shares).</summary>
public sealed class WebKitFixture : BrowserRunFixture
{
    /// <inheritdoc />
    public override string Run => "wk";

    /// <inheritdoc />
    protected override IEnumerable<Scenario> ExtraScenarios => WebKitScenarios.All.Select(c => c.Scenario);

    /// <inheritdoc />
    protected override Task<IReadOnlyDictionary<int, BrowserObservation>> RunAsync(IReadOnlyList<Scenario> scenarios)
    {
        BrowserVersion = WebKitSession.Version();
        return WebKitSession.RunAsync(Server, Run, scenarios, TimeSpan.FromSeconds(240), ConsoleLines);
    }

    /// <summary>WebKit's console lines of the run, in order (scenarios run 16 at a time, so they interleave).</summary>
    public List<string> ConsoleLines { get; } = [];
}

[CollectionDefinition("chromium")]
public sealed class ChromiumCollection : ICollectionFixture<ChromiumFixture>;

[CollectionDefinition("firefox")]
public sealed class FirefoxCollection : ICollectionFixture<FirefoxFixture>;

[CollectionDefinition("webkit")]
public sealed class WebKitCollection : ICollectionFixture<WebKitFixture>;
