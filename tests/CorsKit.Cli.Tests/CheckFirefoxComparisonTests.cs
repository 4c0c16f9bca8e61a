using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Runs every comparison scenario once in a fresh headless Firefox ESR (no driver: the runner page fetches each
/// scenario and posts the results back to the page server). Firefox exposes no CorsError, so verdicts, readable
/// headers and what reached the servers are compared.
/// </summary>
public sealed class FirefoxComparisonFixture : IAsyncLifetime
{
    private const string Command = "firefox-esr";

    // Quiet, offline-friendly profile: no first-run pages, telemetry, updates or background network probes.
    private const string UserJs = """
        user_pref("browser.shell.checkDefaultBrowser", false);
        user_pref("browser.startup.homepage_override.mstone", "ignore");
        user_pref("browser.aboutwelcome.enabled", false);
        user_pref("datareporting.policy.dataSubmissionEnabled", false);
        user_pref("datareporting.healthreport.uploadEnabled", false);
        user_pref("toolkit.telemetry.enabled", false);
        user_pref("app.update.auto", false);
        user_pref("app.normandy.enabled", false);
        user_pref("browser.safebrowsing.malware.enabled", false);
        user_pref("browser.safebrowsing.phishing.enabled", false);
        user_pref("network.captive-portal-service.enabled", false);
        user_pref("network.connectivity-service.enabled", false);
        user_pref("network.dns.disablePrefetch", true);
        user_pref("network.prefetch-next", false);
        user_pref("network.proxy.type", 0);
        """;

    public ComparisonServers Servers { get; private set; } = null!;

    /// <summary>Scenario name → (fetch resolved, readable header names).</summary>
    public Dictionary<string, (bool Ok, List<string> Headers)> Results { get; } = [];

    public async Task InitializeAsync()
    {
        Servers = await ComparisonServers.StartAsync();
        Servers.RunnerSpec = JsonSerializer.Serialize(CheckChromiumComparisonTests.Scenarios.Select(s => new
        {
            name = s.Name,
            url = $"{Servers.A.Origin}/s/{s.Name}?run=firefox",
            init = new { method = s.Method, headers = s.Headers ?? [], credentials = s.Credentials, body = s.Body },
        }));

        var profile = Directory.CreateTempSubdirectory("corskit-check-ff-").FullName;
        await File.WriteAllTextAsync(Path.Combine(profile, "user.js"), UserJs);
        var info = new ProcessStartInfo(Command)
        {
            ArgumentList = { "--headless", "--no-remote", "--profile", profile, Servers.Page.Origin + "/runner.html" },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        info.Environment["HOME"] = profile;
        info.Environment["MOZ_HEADLESS"] = "1";

        Process firefox;
        try
        {
            firefox = Process.Start(info) ?? throw new InvalidOperationException("firefox-esr did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Firefox ESR ({Command}) is missing: {e.Message}. Install firefox-esr; this comparison fails rather than skips.", e);
        }

        var stderr = new StringBuilder();
        firefox.ErrorDataReceived += (_, e) => { lock (stderr) { stderr.AppendLine(e.Data); } };
        firefox.OutputDataReceived += (_, _) => { };
        firefox.BeginErrorReadLine();
        firefox.BeginOutputReadLine();
        try
        {
            var done = await Task.WhenAny(Servers.RunnerResults, Task.Delay(TimeSpan.FromSeconds(120)), firefox.WaitForExitAsync());
            if (done != Servers.RunnerResults)
            {
                lock (stderr)
                {
                    throw new InvalidOperationException($"Firefox did not report its results; stderr: {stderr.ToString()[..Math.Min(stderr.Length, 3000)]}");
                }
            }

            foreach (var r in JsonDocument.Parse(await Servers.RunnerResults).RootElement.EnumerateArray())
            {
                Results[r.GetProperty("name").GetString()!] = (r.GetProperty("ok").GetBoolean(), [.. r.GetProperty("headers").EnumerateArray().Select(h => h.GetString()!)]);
            }
        }
        finally
        {
            if (!firefox.HasExited)
            {
                firefox.Kill(entireProcessTree: true);
                await firefox.WaitForExitAsync();
            }

            firefox.Dispose();
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // Firefox may still be flushing the profile; a leftover temp directory is harmless.
            }
        }
    }

    public async Task DisposeAsync() => await Servers.DisposeAsync();
}

/// <summary><c>corskit check --browser firefox</c> against real Firefox ESR on the same live server configurations.</summary>
public sealed class CheckFirefoxComparisonTests(FirefoxComparisonFixture fixture) : IClassFixture<FirefoxComparisonFixture>
{
    public static IEnumerable<object[]> Names => CheckChromiumComparisonTests.Names;

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Check_agrees_with_Firefox(string name)
    {
        var scenario = CheckChromiumComparisonTests.Scenarios.Single(s => s.Name == name);
        Assert.True(fixture.Results.TryGetValue(name, out var firefox), $"Firefox reported nothing for {name}");

        var run = await fixture.Servers.CheckAsync(scenario, "firefox", "check-firefox");
        var json = run.Json;

        Assert.True(firefox.Ok == json.GetProperty("allowed").GetBoolean(), $"{name}: Firefox ok={firefox.Ok}; check said {run.Out}");
        Assert.Equal(firefox.Ok ? 0 : 1, run.ExitCode);
        Assert.Equal(string.Join("\n", fixture.Servers.Wire("firefox", name)), string.Join("\n", fixture.Servers.Wire("check-firefox", name)));
        if (firefox.Ok)
        {
            Assert.Equal(firefox.Headers.Order(StringComparer.Ordinal), CliRun.Strings(json.GetProperty("readableHeaders")));
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(json.GetProperty("error").GetProperty("firefox").GetString()));
        }
    }
}
