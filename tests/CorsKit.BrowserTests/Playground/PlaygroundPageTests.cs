using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CorsKit.AspNetCore.Tests;
using CorsKit.Cli.Tests.PlaygroundSupport;
using CorsKit.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace CorsKit.BrowserTests.Playground;

/// <summary>
/// The playground page (issue 13) in real Chromium, served by the real <c>corskit playground</c>: a scenario typed in,
/// live mode against the real browser on every gallery entry, the paste box, shared links, check-a-URL, and the static
/// folder on a plain static server. Element ids are those of docs/playground.md.
/// </summary>
public sealed class PlaygroundPageTests
{
    private static readonly LocatorWaitForOptions Visible = new() { Timeout = 30_000 };

    [Fact]
    public async Task A_scenario_typed_in_gets_the_verdict_and_chromiums_console_text()
    {
        await using var playground = await RunningPlayground.StartAsync();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var page = await browser.OpenAsync(playground.Address.AbsoluteUri);

        await PlaygroundBrowser.FillAsync(page, "#page-origin", "https://app.example");
        await PlaygroundBrowser.FillAsync(page, "#url", "https://api.example/data");
        await PlaygroundBrowser.FillAsync(page, "#method", "GET");
        await PlaygroundBrowser.FillAsync(page, "#headers", "");
        await PlaygroundBrowser.FillAsync(page, "#body", "");
        await page.Locator("#credentials").SelectOptionAsync("omit");
        await page.Locator("#browser").SelectOptionAsync("chromium");
        await page.Locator("#server-kind").SelectOptionAsync("raw");
        await PlaygroundBrowser.FillAsync(page, "#actual-status", "200");
        await PlaygroundBrowser.FillAsync(page, "#actual-headers", "Content-Type: text/plain");

        // Chromium's text for a response without Access-Control-Allow-Origin (services/network/public/cpp/cors/
        // cors_error_status.cc, kMissingAllowOriginHeader) and the console line around it (blink's CORS message).
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "blocked");
        await Assertions.Expect(page.Locator("[data-console=chromium]")).ToContainTextAsync(
            "Access to fetch at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.");

        await PlaygroundBrowser.FillAsync(page, "#actual-headers", "Content-Type: text/plain\nAccess-Control-Allow-Origin: https://app.example");
        await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "allowed");
    }

    [Fact]
    public async Task Live_mode_agrees_with_the_model_on_every_gallery_entry()
    {
        await using var playground = await RunningPlayground.StartAsync();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var page = await browser.OpenAsync(playground.Address.AbsoluteUri);
        var toggle = page.Locator("#live-toggle");
        await Assertions.Expect(toggle).ToBeEnabledAsync();

        var disagreements = new List<string>();
        foreach (var entry in ScenarioGallery.Entries)
        {
            if (await toggle.IsCheckedAsync())
            {
                await toggle.UncheckAsync();
            }

            await page.Locator($"[data-gallery='{entry.Slug}']").ClickAsync();
            await toggle.CheckAsync();
            var result = page.Locator("#live-result[data-agree]");
            await result.WaitForAsync(Visible);
            var agree = await result.GetAttributeAsync("data-agree");
            var requests = await page.Locator("#live-requests").InnerTextAsync();
            // Every entry makes the browser send at least one request to the live server (a preflight or the request).
            Assert.False(string.IsNullOrWhiteSpace(requests), $"{entry.Slug}: nothing reached the live server");
            if (agree != "true" || await page.Locator("#live-mismatch").IsVisibleAsync())
            {
                disagreements.Add($"{entry.Slug}: {await result.InnerTextAsync()}");
            }
        }

        Assert.Empty(disagreements);
        Assert.Equal(Enum.GetValues<ScenarioGalleryId>().Length, ScenarioGallery.Entries.Count);
    }

    [Fact]
    public async Task A_pasted_chromium_console_error_is_explained()
    {
        await using var playground = await RunningPlayground.StartAsync();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var page = await browser.OpenAsync(playground.Address.AbsoluteUri);

        // A line as Chromium prints it (the text of ConsoleTextLiveTests' live runs), copied from DevTools.
        await PlaygroundBrowser.FillAsync(page, "#paste",
            "Access to fetch at 'https://api.example.com/v1/me' from origin 'https://app.example.com' has been blocked by CORS policy: Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.");
        await page.Locator("#paste-explain").ClickAsync();

        var result = page.Locator("#paste-result");
        await Assertions.Expect(result).ToContainTextAsync("https://api.example.com/v1/me");
        await Assertions.Expect(result).ToContainTextAsync("Access-Control-Allow-Origin");
    }

    [Fact]
    public async Task A_har_recorded_in_chromium_is_explained()
    {
        await using var playground = await RunningPlayground.StartAsync();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var page = await browser.OpenAsync(playground.Address.AbsoluteUri);

        await page.Locator("#har-file").SetInputFilesAsync(Path.Combine(AppContext.BaseDirectory, "Playground", "Fixtures", PlaygroundHar.FileName));

        var result = page.Locator("#paste-result");
        await Assertions.Expect(result).ToContainTextAsync(PlaygroundHar.BlockedPath);
        await Assertions.Expect(result).ToContainTextAsync("Access-Control-Allow-Origin");
    }

    [Fact]
    public async Task A_shared_link_opens_the_same_scenario()
    {
        await using var playground = await RunningPlayground.StartAsync();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var page = await browser.OpenAsync(playground.Address.AbsoluteUri);
        var entry = ScenarioGallery.Entries.First(e => e.Id == ScenarioGalleryId.WildcardWithCredentials);
        await page.Locator($"[data-gallery='{entry.Slug}']").ClickAsync();
        await Assertions.Expect(page.Locator("#url")).ToHaveValueAsync(entry.Scenario.Url);

        var href = await page.Locator("#share-link").GetAttributeAsync("href");
        Assert.NotNull(href);
        var link = new Uri(new Uri(page.Url), href);
        Assert.True(ScenarioLink.TryDecode(link.Fragment, out var shared), $"the link's fragment does not decode: {link.Fragment}");
        Assert.Equal(entry.Scenario.Url, shared!.Url);

        var other = await browser.OpenAsync(link.AbsoluteUri);
        await Assertions.Expect(other.Locator("#url")).ToHaveValueAsync(entry.Scenario.Url);
        await Assertions.Expect(other.Locator("#page-origin")).ToHaveValueAsync(entry.Scenario.PageOrigin);
        await Assertions.Expect(other.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", (await page.Locator("#verdict").GetAttributeAsync("data-verdict"))!);
        Assert.Equal(await page.Locator("[data-console=chromium]").InnerTextAsync(), await other.Locator("[data-console=chromium]").InnerTextAsync());
    }

    [Fact]
    public async Task Check_a_url_runs_check_against_a_loopback_server()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var target = builder.Build();
        target.Run(c => c.Response.WriteAsync("no CORS headers here"));
        await target.StartAsync();
        var url = target.Urls.First().TrimEnd('/') + "/data";
        await using var playground = await RunningPlayground.StartAsync();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var page = await browser.OpenAsync(playground.Address.AbsoluteUri);

        await PlaygroundBrowser.FillAsync(page, "#check-url", url);
        await page.Locator("#check-run").ClickAsync();

        var transcript = page.Locator("#check-transcript");
        // The page checks with the scenario's origin, method and headers; the target sends no CORS header at all.
        await Assertions.Expect(transcript).ToContainTextAsync("corskit check (", new() { Timeout = 30_000 });
        await Assertions.Expect(transcript).ToContainTextAsync(url);
        await Assertions.Expect(transcript).ToContainTextAsync("BLOCKED by CORS");
        await Assertions.Expect(transcript).ToHaveAttributeAsync("data-exit-code", "1");
    }

    [Fact]
    public async Task Check_a_remote_url_is_refused_without_the_flag()
    {
        await using var playground = await RunningPlayground.StartAsync();
        await using var browser = await PlaygroundBrowser.LaunchAsync();
        var page = await browser.OpenAsync(playground.Address.AbsoluteUri);

        await PlaygroundBrowser.FillAsync(page, "#check-url", "https://example.com/");
        await page.Locator("#check-run").ClickAsync();

        await Assertions.Expect(page.Locator("#check-transcript")).ToContainTextAsync("--allow-remote-check", new() { Timeout = 30_000 });
    }

    [Fact]
    public async Task The_static_folder_on_a_plain_static_server_runs_the_model_with_live_mode_off()
    {
        // The folder `dotnet publish src/CorsKit.Playground -c Release -o DIR` writes (DIR/wwwroot): the build
        // publishes the same project into the tool's obj/playground to embed it.
        var folder = Path.Combine(RepositoryFiles.Root, "src", "CorsKit.Cli", "obj", "playground", "wwwroot");
        Assert.True(File.Exists(Path.Combine(folder, "index.html")), $"{folder} has no index.html: build src/CorsKit.Cli first.");
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("python3") { WorkingDirectory = folder, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "-m", "http.server", "--bind", "127.0.0.1", port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(a);
        }

        using var server = Process.Start(start)!;
        try
        {
            _ = server.StandardError.ReadToEndAsync();
            _ = server.StandardOutput.ReadToEndAsync();
            await WaitForPortAsync(port);
            await using var browser = await PlaygroundBrowser.LaunchAsync();
            var page = await browser.OpenAsync($"http://127.0.0.1:{port}/");

            // '*' with credentials: Chromium refuses it (Fetch §3.2.5 CORS check, step 3 for credentialed requests).
            var entry = ScenarioGallery.Entries.First(e => e.Id == ScenarioGalleryId.WildcardWithCredentials);
            await page.Locator($"[data-gallery='{entry.Slug}']").ClickAsync();
            await Assertions.Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "blocked");
            await Assertions.Expect(page.Locator("[data-console=chromium]").First).ToContainTextAsync("has been blocked by CORS policy");
            // No backend: live mode cannot be turned on, and the page says why.
            await Assertions.Expect(page.Locator("#live-toggle")).ToBeDisabledAsync();
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException($"python3 -m http.server did not listen on 127.0.0.1:{port}.");
    }
}
