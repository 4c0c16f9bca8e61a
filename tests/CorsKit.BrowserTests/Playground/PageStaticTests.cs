using Microsoft.Playwright;
using Gallery = CorsKit.Scenarios.ScenarioGallery;
using GalleryId = CorsKit.Scenarios.ScenarioGalleryId;

namespace CorsKit.BrowserTests.Playground;

/// <summary>The published page on a plain static server (no backend), driven in Chromium: the model runs in the
/// page, the gallery, typing, the share link, the paste box, and live mode switched off with its reason.</summary>
public sealed class PageStaticTests(PageStaticSite site) : IClassFixture<PageStaticSite>
{
    private static Task<string?> VerdictAsync(IPage page) => page.Locator("#verdict").GetAttributeAsync("data-verdict");

    [Fact]
    public async Task The_page_loads_and_the_model_judges_the_first_gallery_scenario_in_all_three_browsers()
    {
        var page = await site.OpenAsync();
        Assert.Equal("allowed", await VerdictAsync(page));
        Assert.Equal(3, await page.Locator("[data-console]").CountAsync());
        // The preflight asks for PUT and content-type (Fetch §4.8), drawn in the diagram.
        Assert.Contains("Preflight OPTIONS /items/7", await page.Locator("#diagram").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("x-request-id", (await page.Locator("#readable-headers").InnerTextAsync()).Trim().Split('\n').Select(s => s.Trim()).Where(s => s == "x-request-id").Single());
    }

    [Fact]
    public async Task A_gallery_entry_gives_its_verdict_and_each_browsers_console_text()
    {
        var page = await site.OpenAsync();
        await page.Locator("[data-gallery=wildcard-with-credentials]").ClickAsync();
        await page.Locator("#verdict[data-verdict=blocked]").WaitForAsync();
        // Chromium: cors_error_string.cc, kWildcardOriginNotAllowed.
        var chromium = await page.Locator("[data-console=chromium]").InnerTextAsync();
        Assert.Equal("Access to fetch at 'https://api.example/account' from origin 'https://app.example' has been blocked by CORS policy: The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.", chromium.Trim());
        Assert.Contains("include", await page.Locator("#credentials").InputValueAsync(), StringComparison.Ordinal);
        Assert.NotEmpty((await page.Locator("#fix").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task Browser_choice_shows_that_browsers_console_only()
    {
        var page = await site.OpenAsync();
        await page.Locator("[data-gallery=wildcard-with-credentials]").ClickAsync();
        await page.Locator("#browser").SelectOptionAsync("firefox");
        await page.Locator("[data-console=firefox]").WaitForAsync();
        Assert.Equal(0, await page.Locator("[data-console=chromium]").CountAsync());
        // Firefox's CORSNotSupportingCredentials (dom/locales/en-US/dom/dom.properties).
        Assert.Contains("(Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).", await page.Locator("[data-console=firefox]").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Typing_updates_the_verdict_and_the_share_link_reloads_the_scenario()
    {
        var page = await site.OpenAsync();
        await page.Locator("[data-gallery=reflect-any-origin]").ClickAsync();
        await page.Locator("#verdict[data-verdict=allowed]").WaitForAsync();
        // Reflection allows any origin; a server sending '*' with credentials does not.
        await page.Locator("#actual-headers").FillAsync("Access-Control-Allow-Origin: *\nAccess-Control-Allow-Credentials: true");
        await page.Locator("#verdict[data-verdict=blocked]").WaitForAsync();
        var href = await page.Locator("#share-link").GetAttributeAsync("href");
        Assert.StartsWith("#v1.", href, StringComparison.Ordinal);

        var second = await site.OpenAsync(href!);
        Assert.Equal("blocked", await VerdictAsync(second));
        Assert.Equal("https://evil.example", await second.Locator("#page-origin").InputValueAsync());
        Assert.Contains("Access-Control-Allow-Origin: *", await second.Locator("#actual-headers").InputValueAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_gallery_entry_loads_in_one_click_with_the_model_verdict()
    {
        var page = await site.OpenAsync();
        foreach (var entry in Gallery.Entries)
        {
            await page.Locator($"[data-gallery={entry.Slug}]").ClickAsync();
            await page.Locator($"[data-gallery={entry.Slug}][aria-pressed=true]").WaitForAsync();
            var expected = entry.Id is GalleryId.PolicyAllowsPut or GalleryId.ReflectAnyOrigin or GalleryId.NullOrigin or GalleryId.MissingVary ? "allowed" : "blocked";
            Assert.True(expected == await VerdictAsync(page), entry.Slug);
            // An allowed verdict on a mistake names the flaw the browser lets through; the working baseline has none.
            if (expected == "allowed")
            {
                var cause = await page.Locator("#cause").InnerTextAsync();
                var fix = await page.Locator("#fix").InnerTextAsync();
                Assert.True(entry.IsMistake == cause.Contains("But:", StringComparison.Ordinal), $"{entry.Slug}: {cause}");
                Assert.True(entry.IsMistake != fix.Contains("Nothing to fix for this request.", StringComparison.Ordinal), $"{entry.Slug}: {fix}");
            }
        }
    }

    [Fact]
    public async Task Without_a_backend_live_mode_and_check_are_off_with_a_reason()
    {
        var page = await site.OpenAsync();
        await page.Locator("#live-reason", new() { HasTextString = "without the playground backend" }).WaitForAsync();
        Assert.True(await page.Locator("#live-toggle").IsDisabledAsync());
        Assert.True(await page.Locator("#check-run").IsDisabledAsync());
    }

    [Fact]
    public async Task A_pasted_console_error_is_explained()
    {
        var page = await site.OpenAsync();
        await page.Locator("#paste").FillAsync("Access to fetch at 'https://api.example/data' from origin 'https://app.example' has been blocked by CORS policy: No 'Access-Control-Allow-Origin' header is present on the requested resource.");
        await page.Locator("#paste-explain").ClickAsync();
        await page.Locator("#paste-result[data-count='1']").WaitForAsync();
        Assert.Contains("Access-Control-Allow-Origin", await page.Locator("#paste-result").InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>A HAR (1.2, as Chromium writes one) with a cross-origin GET whose response has no
    /// Access-Control-Allow-Origin: blocked (Fetch §4.10 CORS check step 2).</summary>
    private const string Har = """
        {"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[{"id":"page_1","title":"https://app.example/","startedDateTime":"2026-12-03T10:00:00.000Z"}],
        "entries":[{"pageref":"page_1","startedDateTime":"2026-12-03T10:00:01.000Z","_resourceType":"fetch",
        "request":{"method":"GET","url":"https://api.example/data","httpVersion":"HTTP/1.1","headers":[{"name":"Origin","value":"https://app.example"}],"cookies":[],"queryString":[],"headersSize":-1,"bodySize":0},
        "response":{"status":200,"statusText":"OK","httpVersion":"HTTP/1.1","headers":[{"name":"Content-Type","value":"application/json"}],"cookies":[],"content":{"size":0,"mimeType":"application/json"},"redirectURL":"","headersSize":-1,"bodySize":-1},
        "cache":{},"timings":{"send":0,"wait":1,"receive":0},"time":1}]}}
        """;

    [Fact]
    public async Task A_har_file_chosen_with_the_file_input_is_explained()
    {
        var page = await site.OpenAsync();
        await page.Locator("#har-file").SetInputFilesAsync(new FilePayload { Name = "page.har", MimeType = "application/json", Buffer = System.Text.Encoding.UTF8.GetBytes(Har) });
        await page.Locator("#paste-result[data-count='1'] [data-blocked=true]").WaitForAsync();
        Assert.Contains("Access-Control-Allow-Origin", await page.Locator("#paste-result").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("api.example/data", await page.Locator("#paste").InputValueAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blocked_scenario_shows_snippets_for_common_stacks()
    {
        var page = await site.OpenAsync();
        await page.Locator("[data-gallery=preflight-without-content-type]").ClickAsync();
        await page.Locator("#verdict[data-verdict=blocked]").WaitForAsync();
        Assert.True(await page.Locator("#snippets details[data-stack=express]").CountAsync() == 1);
        Assert.Contains("content-type", (await page.Locator("#snippets").InnerTextAsync()).ToLowerInvariant(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task What_the_page_downloads_is_within_3_MiB_brotli_compressed()
    {
        var page = await site.Browser.NewPageAsync();
        var requested = new System.Collections.Concurrent.ConcurrentBag<string>();
        page.Request += (_, r) => requested.Add(new Uri(r.Url).AbsolutePath);
        await page.GotoAsync(site.BaseUrl);
        await page.Locator("#verdict").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        // A Brotli-capable server (the tool, any CDN) sends each file's .br sibling (dotnet publish writes them).
        long total = 0;
        var files = 0;
        foreach (var path in requested.Distinct())
        {
            var local = Path.Combine(site.Root, (path == "/" ? "/index.html" : path).TrimStart('/'));
            var br = local + ".br";
            if (File.Exists(br))
            {
                total += new FileInfo(br).Length;
                files++;
            }
            else if (File.Exists(local))
            {
                total += new FileInfo(local).Length;
                files++;
            }
        }
        Assert.True(files > 10, $"only {files} files were requested");
        Assert.True(total <= 3 * 1024 * 1024, $"the page downloads {total} bytes compressed ({files} files)");
        Console.WriteLine($"PLAYGROUND-DOWNLOAD {total} bytes ({total / 1048576.0:F2} MiB) in {files} files");
    }
}
