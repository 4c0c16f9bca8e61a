using CorsKit.AspNetCore.Tests;
using CorsKit.Cli.Tests.PlaygroundSupport;
using CorsKit.Diagnostics.Har;
using CorsKit.Scenarios;
using Microsoft.Playwright;

namespace CorsKit.BrowserTests.Playground;

/// <summary>
/// The screenshots of docs/playground.md and README.md, and the HAR fixture, taken in real Chromium from the real
/// <c>corskit playground</c>. Every run takes them (into a temporary folder) and checks them; with
/// <c>CORSKIT_UPDATE_DOCS=1</c> they are written into docs/images/ and Playground/Fixtures/ of the repository:
/// <code>CORSKIT_UPDATE_DOCS=1 dotnet test tests/CorsKit.BrowserTests -c Release --filter FullyQualifiedName~PlaygroundDocsCapture</code>
/// </summary>
public sealed class PlaygroundDocsCaptureTests
{
    private static bool Update => Environment.GetEnvironmentVariable("CORSKIT_UPDATE_DOCS") == "1";

    private static string Folder(params string[] repositoryPath) =>
        Update ? Path.Combine([RepositoryFiles.Root, .. repositoryPath]) : Directory.CreateTempSubdirectory("corskit-playground-").FullName;

    [Fact]
    public async Task The_committed_har_fixture_is_a_chromium_recording_of_a_blocked_fetch()
    {
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var folder = Folder("tests", "CorsKit.BrowserTests", "Playground", "Fixtures");
        var fresh = Path.Combine(folder, PlaygroundHar.FileName);
        await PlaygroundHar.RecordAsync(browser, fresh);

        // The fresh recording and the committed one read the same way: one cross-origin fetch, blocked.
        foreach (var path in new[] { fresh, Path.Combine(AppContext.BaseDirectory, "Playground", "Fixtures", PlaygroundHar.FileName) })
        {
            var text = await File.ReadAllTextAsync(path);
            Assert.True(HarReader.TryRead(text, out var log, out var error), $"{path}: {error}");

            var finding = Assert.Single(HarJudge.Judge(log!).Findings);
            Assert.EndsWith(PlaygroundHar.BlockedPath, finding.Url, StringComparison.Ordinal);
            Assert.Contains(finding.Outcomes, o => o.Blocked);
        }
    }

    [Fact]
    public async Task Screenshots_of_the_main_states()
    {
        await using var playground = await RunningPlayground.StartAsync();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var folder = Folder("docs", "images");
        var taken = new List<string>();

        async Task ShootAsync(IPage page, string name)
        {
            var path = Path.Combine(folder, $"playground-{name}.png");
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = false });
            taken.Add(path);
        }

        string Slug(ScenarioGalleryId id) => ScenarioGallery.Entries.First(e => e.Id == id).Slug;

        // A blocked scenario with its sequence diagram.
        var page = await browser.OpenAsync(playground.Address.AbsoluteUri);
        await page.Locator($"[data-gallery='{Slug(ScenarioGalleryId.WildcardWithCredentials)}']").ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "blocked");
        await page.Locator("#diagram").ScrollIntoViewIfNeededAsync();
        await ShootAsync(page, "blocked");

        // The three browsers side by side (the page puts them in columns from 1300 px wide).
        var wide = await browser.OpenAsync(playground.Address.AbsoluteUri, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1920, Height = 1000 } });
        await wide.Locator($"[data-gallery='{Slug(ScenarioGalleryId.WildcardWithCredentials)}']").ClickAsync();
        await wide.Locator("#browser").SelectOptionAsync("all");
        await Assertions.Expect(wide.Locator("[data-console=safari]")).ToBeVisibleAsync();
        var chromiumBox = await wide.Locator("[data-console=chromium]").BoundingBoxAsync();
        var safariBox = await wide.Locator("[data-console=safari]").BoundingBoxAsync();
        Assert.True(safariBox!.X > chromiumBox!.X + chromiumBox.Width, "the browsers are not side by side at 1920 px");
        await ShootAsync(wide, "browsers");

        // The paste box with an explanation.
        await PlaygroundBrowser.FillAsync(page, "#paste",
            "Access to fetch at 'https://api.example.com/v1/me' from origin 'https://app.example.com' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.");
        await page.Locator("#paste-explain").ClickAsync();
        await Assertions.Expect(page.Locator("#paste-result")).Not.ToBeEmptyAsync();
        await page.Locator("#paste-result").ScrollIntoViewIfNeededAsync();
        await ShootAsync(page, "paste");

        // Live mode agreeing with the model.
        await page.Locator($"[data-gallery='{Slug(ScenarioGalleryId.PolicyAllowsPut)}']").ClickAsync();
        await page.Locator("#live-toggle").CheckAsync();
        await Assertions.Expect(page.Locator("#live-result")).ToHaveAttributeAsync("data-agree", "true", new() { Timeout = 30_000 });
        await page.Locator("#live-result").ScrollIntoViewIfNeededAsync();
        await ShootAsync(page, "live");

        // Dark mode (prefers-color-scheme) and a narrow window.
        var dark = await browser.OpenAsync(playground.Address.AbsoluteUri, new BrowserNewContextOptions { ColorScheme = ColorScheme.Dark, ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await dark.Locator($"[data-gallery='{Slug(ScenarioGalleryId.ReflectAnyOrigin)}']").ClickAsync();
        await ShootAsync(dark, "dark");
        var narrow = await browser.OpenAsync(playground.Address.AbsoluteUri, new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 400, Height = 800 } });
        await narrow.Locator($"[data-gallery='{Slug(ScenarioGalleryId.MissingVary)}']").ClickAsync();
        await ShootAsync(narrow, "narrow");
        // Nothing wider than the window: readable at 400 px without scrolling sideways.
        Assert.True(await narrow.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth + 1"));

        foreach (var path in taken)
        {
            var bytes = await File.ReadAllBytesAsync(path);
            Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes");
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        }
    }
}
