using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CorsKit.BrowserTests.Harness;
using Microsoft.Playwright;

namespace CorsKit.BrowserTests.Playground;

/// <summary>
/// The playground page published as a static folder (<c>dotnet publish src/CorsKit.Playground</c>), served by a plain
/// static file server (python3 -m http.server on 127.0.0.1, no backend), and one headless Chromium. The folder is
/// published once per run into a temporary directory, or taken from CORSKIT_PLAYGROUND_WWWROOT when set to an already
/// published wwwroot.
/// </summary>
public sealed class PageStaticSite : IAsyncLifetime
{
    private Process? _server;
    private IPlaywright? _playwright;
    private string? _publishDir;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The published wwwroot being served.</summary>
    public string Root { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var wwwroot = Environment.GetEnvironmentVariable("CORSKIT_PLAYGROUND_WWWROOT");
        if (string.IsNullOrEmpty(wwwroot))
        {
            _publishDir = Path.Combine(Path.GetTempPath(), "corskit-playground-" + Guid.NewGuid().ToString("N"));
            await RunAsync("dotnet", ["publish", Path.Combine(RepositoryRoot(), "src", "CorsKit.Playground"), "-c", "Release", "-o", _publishDir, "-nologo", "-v", "quiet"]);
            wwwroot = Path.Combine(_publishDir, "wwwroot");
        }
        if (!File.Exists(Path.Combine(wwwroot, "index.html")))
        {
            throw new InvalidOperationException($"No published page at {wwwroot}.");
        }
        Root = wwwroot;
        var port = FreePort();
        _server = Process.Start(new ProcessStartInfo("python3", ["-m", "http.server", "--bind", "127.0.0.1", "--directory", wwwroot, port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("python3 did not start.");
        _server.ErrorDataReceived += (_, _) => { };
        _server.BeginErrorReadLine();
        _server.BeginOutputReadLine();
        BaseUrl = $"http://127.0.0.1:{port}/";
        using var http = new HttpClient();
        for (var i = 0; ; i++)
        {
            try
            {
                using var r = await http.GetAsync(BaseUrl);
                if (r.StatusCode == HttpStatusCode.OK)
                {
                    break;
                }
            }
            catch (HttpRequestException) when (i < 50)
            {
            }
            await Task.Delay(100);
        }
        ChromiumSession.EnsureInstalled();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumSession.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>A new page on the playground (with <paramref name="fragment"/>), once the model's verdict is shown.</summary>
    public async Task<IPage> OpenAsync(string fragment = "")
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 800 } });
        await page.GotoAsync(BaseUrl + fragment);
        await page.Locator("#verdict").WaitForAsync(new LocatorWaitForOptions { Timeout = 60_000 });
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }
        _playwright?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill();
            await _server.WaitForExitAsync();
        }
        _server?.Dispose();
        if (_publishDir is not null && Directory.Exists(_publishDir))
        {
            Directory.Delete(_publishDir, recursive: true);
        }
    }

    private static async Task RunAsync(string file, string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {await output}{await error}");
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CorsKit.slnx")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (CorsKit.slnx) was not found.");
    }
}
