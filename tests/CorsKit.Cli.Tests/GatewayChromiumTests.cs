using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.GatewaySupport;
using Microsoft.Playwright;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Real headless Chromium: a page fetches an API whose CORS is broken (it fails), then the same path through
/// <c>corskit proxy</c> (it succeeds, and the page reads the body and an exposed header). Fails when Chromium is missing.
/// </summary>
public sealed class GatewayChromiumTests
{
    private const string FetchScript = """
        async (url) => {
          try {
            const response = await fetch(url, { credentials: 'include' });
            return { ok: true, status: response.status, body: await response.text(), requestId: response.headers.get('x-request-id') };
          } catch (e) {
            return { ok: false, error: String(e) };
          }
        }
        """;

    [Fact]
    public async Task Broken_api_fails_in_chromium_and_works_through_corskit_proxy()
    {
        Assert.True(File.Exists(ChromiumPage.ExecutablePath), $"Chromium is missing at {ChromiumPage.ExecutablePath} (apt-get install chromium); this test fails rather than skips.");

        await using var page = await LoopbackServer.StartAsync(context =>
        {
            context.Response.ContentType = "text/html";
            return context.Response.WriteAsync("<!doctype html><title>app</title>");
        });
        // A common breakage: the API allows a hard-coded origin that is not the page's, and exposes nothing.
        await using var api = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers["Access-Control-Allow-Origin"] = "https://old-frontend.example.com";
            context.Response.Headers["X-Request-Id"] = "req-7";
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync("{\"balance\":42}");
        });

        var output = new LineWriter();
        using var stop = new CancellationTokenSource();
        var proxyRun = Cli.RunAsync(["proxy", "--to", api.Origin, "--origin", page.Origin, "--credentials", "--expose-header", "X-Request-Id", "--listen", "127.0.0.1:0"],
            output, TextWriter.Null, stop.Token);
        var banner = await output.WaitForLineAsync("corskit proxy: ");
        var proxy = banner["corskit proxy: ".Length..banner.IndexOf(" -> ", StringComparison.Ordinal)];

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPage.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var tab = await browser.NewPageAsync();
        await tab.GotoAsync(page.Origin + "/");

        var direct = await tab.EvaluateAsync<JsonElement>(FetchScript, api.Origin + "/account?id=1");
        var proxied = await tab.EvaluateAsync<JsonElement>(FetchScript, proxy + "/account?id=1");

        Assert.False(direct.GetProperty("ok").GetBoolean(), direct.ToString());
        Assert.Equal("TypeError: Failed to fetch", direct.GetProperty("error").GetString());
        Assert.True(proxied.GetProperty("ok").GetBoolean(), proxied.ToString());
        Assert.Equal(200, proxied.GetProperty("status").GetInt32());
        Assert.Equal("{\"balance\":42}", proxied.GetProperty("body").GetString());
        Assert.Equal("req-7", proxied.GetProperty("requestId").GetString());
        Assert.Equal(2, api.For("/account").Count); // both requests reached the API; only the proxied one was readable

        await stop.CancelAsync();
        Assert.Equal(0, await proxyRun.WaitAsync(TimeSpan.FromSeconds(30)));
    }
}
