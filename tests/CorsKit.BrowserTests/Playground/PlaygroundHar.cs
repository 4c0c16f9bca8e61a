using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using CorsKit.Cli.Tests.CheckSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace CorsKit.BrowserTests.Playground;

/// <summary>
/// Records the HAR fixture of the paste tests in real Chromium: a page on one loopback origin fetches an API on another
/// that answers without <c>Access-Control-Allow-Origin</c>, so Chromium blocks it; DevTools' Network events are written
/// as DevTools' "Save all as HAR" writes them (<see cref="CdpHarRecorder"/>; Playwright's own HAR recorder leaves out
/// the wire headers, Origin included, and the response of a blocked request). The committed file (Fixtures/<see cref="FileName"/>) is written by
/// <see cref="PlaygroundDocsCaptureTests"/> with CORSKIT_UPDATE_DOCS=1; it is never typed by hand.
/// </summary>
public static class PlaygroundHar
{
    /// <summary>The fixture's file name.</summary>
    public const string FileName = "chromium-blocked-fetch.har";

    /// <summary>The path of the blocked request.</summary>
    public const string BlockedPath = "/v1/orders";

    /// <summary>Records the run into <paramref name="harPath"/>.</summary>
    public static async Task RecordAsync(PlaygroundBrowser browser, string harPath)
    {
        await using var api = await StartAsync(c =>
        {
            c.Response.ContentType = "application/json";
            return c.Response.WriteAsync("{\"orders\":[]}");
        });
        var apiUrl = api.Urls.First().TrimEnd('/') + BlockedPath;
        await using var site = await StartAsync(c =>
        {
            c.Response.ContentType = "text/html; charset=utf-8";
            return c.Response.WriteAsync($"<!doctype html><title>shop</title><script>window.done = fetch('{apiUrl}', {{ credentials: 'include' }}).then(() => 'read', e => String(e));</script>");
        });

        var context = await browser.Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var cdp = await context.NewCDPSessionAsync(page);
        var recorder = new CdpHarRecorder(cdp);
        await cdp.SendAsync("Network.enable");
        await page.GotoAsync(site.Urls.First());
        var outcome = await page.EvaluateAsync<string>("() => window.done");
        if (!outcome.Contains("Failed to fetch", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Chromium did not block the fetch ({outcome}); the fixture would not show a CORS error.");
        }

        // loadingFailed of the fetch comes before the promise settles; the page's own entry is in the HAR as DevTools keeps it.
        await File.WriteAllTextAsync(harPath, recorder.ToHar(site.Urls.First().TrimEnd('/') + "/"));
        await context.CloseAsync();
    }

    private static async Task<WebApplication> StartAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return app;
    }
}
