using Microsoft.Playwright;

namespace CorsKit.BrowserTests.Playground;

/// <summary>
/// The system's Chromium (/usr/bin/chromium, as every browser test here) driven by Playwright, for the playground page.
/// A missing browser fails the test; it never skips.
/// </summary>
public sealed class PlaygroundBrowser : IAsyncDisposable
{
    /// <summary>How long the page may take to start (.NET on WebAssembly on a busy CI machine).</summary>
    public const float StartTimeoutMs = 120_000;

    private readonly IPlaywright _playwright;

    private PlaygroundBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; }

    public static async Task<PlaygroundBrowser> LaunchAsync()
    {
        Harness.ChromiumSession.EnsureInstalled();

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Harness.ChromiumSession.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        return new PlaygroundBrowser(playwright, browser);
    }

    /// <summary>A new page (its own context) on <paramref name="url"/>, once the page has rendered its verdict.</summary>
    public async Task<IPage> OpenAsync(string url, BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.Locator("#verdict").WaitForAsync(new LocatorWaitForOptions { Timeout = StartTimeoutMs });
        return page;
    }

    /// <summary>Types into a field as a user does (Blazor binds on input and change).</summary>
    public static async Task FillAsync(IPage page, string selector, string value)
    {
        var field = page.Locator(selector);
        await field.FillAsync(value);
        await field.DispatchEventAsync("change");
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
