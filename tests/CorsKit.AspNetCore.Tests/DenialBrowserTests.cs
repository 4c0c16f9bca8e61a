using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CorsKit.AspNetCore;
using CorsKit.BrowserTests.Harness;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// Issue 12 item 7 in real browsers: a page on an allowed origin asks CorsKit for a header and a method its policy
/// does not allow, and the browser's own error names them (before, a 403 without CORS headers made every browser
/// report a missing <c>Access-Control-Allow-Origin</c>); a page on a denied origin stays blocked with that error. In
/// every blocked case the server sees the preflight and never the request. Expected texts come from the browsers'
/// sources (Chromium <c>services/network/public/cpp/cors/cors_error_status</c> strings, Firefox
/// <c>dom/locales/en-US/chrome/security/security.properties</c>), as quoted in the reference digest browser-cors.md.
/// Fails (never skips) when a browser is missing.
/// </summary>
public sealed class DenialBrowserTests
{
    private sealed record Call(string Name, string Method, string? Header);

    private static readonly Call Header = new("header", "PUT", "x-api-key");
    private static readonly Call Method = new("method", "PATCH", null);
    private static readonly Call Fine = new("fine", "PUT", "content-type");
    private static readonly Call Denied = new("denied", "PUT", null);

    private const string FetchScript = """
        async ([url, method, header]) => {
          const init = { method, headers: {} };
          if (header) init.headers[header] = header === 'content-type' ? 'application/json' : '1';
          try { const r = await fetch(url, init); await r.text(); return 'ok ' + r.status; }
          catch (e) { return 'error ' + e.name; }
        }
        """;

    [Fact]
    public async Task Chromium_names_the_disallowed_header_and_method_and_a_denied_origin_stays_blocked()
    {
        await using var servers = await Servers.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await ChromiumEndToEndTests.LaunchChromium(playwright);

        var results = new Dictionary<string, string>();
        var failures = new ConcurrentQueue<(string Url, string? CorsError, string? Parameter)>();
        var urls = new ConcurrentDictionary<string, string>();
        var console = new ConcurrentQueue<string>();
        foreach (var (page, calls) in new[] { (servers.AllowedPage, new[] { Header, Method, Fine }), (servers.DeniedPage, new[] { Denied }) })
        {
            var context = await browser.NewContextAsync();
            var tab = await context.NewPageAsync();
            var cdp = await context.NewCDPSessionAsync(tab);
            cdp.Event("Network.requestWillBeSent").OnEvent += (_, e) =>
                urls[e!.Value.GetProperty("requestId").GetString()!] = e.Value.GetProperty("request").GetProperty("url").GetString()!;
            cdp.Event("Network.loadingFailed").OnEvent += (_, e) =>
            {
                var p = e!.Value;
                if (p.TryGetProperty("corsErrorStatus", out var status) && !(p.TryGetProperty("type", out var type) && type.GetString() == "Preflight"))
                {
                    urls.TryGetValue(p.GetProperty("requestId").GetString()!, out var url);
                    failures.Enqueue((url ?? "", status.GetProperty("corsError").GetString(),
                        status.TryGetProperty("failedParameter", out var fp) ? fp.GetString() : null));
                }
            };
            tab.Console += (_, m) => console.Enqueue(m.Text);
            await cdp.SendAsync("Network.enable");
            await tab.GotoAsync(page + "/");
            foreach (var call in calls)
            {
                results[call.Name] = await tab.EvaluateAsync<string>(FetchScript, new object?[] { servers.Url(call), call.Method, call.Header });
            }
            // DevTools events travel apart from the page's promise: wait (bounded) for the three failures.
            for (var i = 0; i < 50 && failures.Count < (page == servers.AllowedPage ? 2 : 3); i++)
            {
                await Task.Delay(100);
            }
            await context.CloseAsync();
        }

        Assert.Equal("error TypeError", results["header"]);
        Assert.Equal("error TypeError", results["method"]);
        Assert.Equal("ok 200", results["fine"]);
        Assert.Equal("error TypeError", results["denied"]);
        var byCall = failures.ToDictionary(f => Regex.Match(f.Url, "call=([a-z]+)").Groups[1].Value, f => (f.CorsError, f.Parameter));
        Assert.Equal(("HeaderDisallowedByPreflightResponse", "x-api-key"), byCall["header"]);
        Assert.Equal(("MethodDisallowedByPreflightResponse", "PATCH"), byCall["method"]);
        Assert.Equal(("PreflightMissingAllowOriginHeader", ""), (byCall["denied"].CorsError, byCall["denied"].Parameter ?? ""));
        Assert.DoesNotContain("fine", byCall.Keys);
        // The console lines a developer reads (Chromium's kHeaderDisallowedByPreflightResponse and
        // kMethodDisallowedByPreflightResponse texts).
        Assert.Contains(console, l => l.Contains("call=header", StringComparison.Ordinal)
            && l.Contains("Request header field x-api-key is not allowed by Access-Control-Allow-Headers in preflight response.", StringComparison.Ordinal));
        Assert.Contains(console, l => l.Contains("call=method", StringComparison.Ordinal)
            && l.Contains("Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.", StringComparison.Ordinal));
        Assert.Contains(console, l => l.Contains("call=denied", StringComparison.Ordinal)
            && l.Contains("No 'Access-Control-Allow-Origin' header is present on the requested resource.", StringComparison.Ordinal));
        servers.AssertOnlyPreflightsReached(Header, Method, Denied);
    }

    [Fact]
    public async Task Firefox_names_the_disallowed_header_and_blocks_the_method_and_a_denied_origin()
    {
        await using var servers = await Servers.StartAsync();
        await using var firefox = await BidiFirefox.StartAsync();
        var results = new Dictionary<string, string>();
        foreach (var (page, calls) in new[] { (servers.AllowedPage, new[] { Header, Method, Fine }), (servers.DeniedPage, new[] { Denied }) })
        {
            await firefox.NavigateAsync(page + "/");
            foreach (var call in calls)
            {
                results[call.Name] = await firefox.EvaluateAsync(
                    $"({FetchScript})({JsonSerializer.Serialize(new object?[] { servers.Url(call), call.Method, call.Header })})");
            }
        }
        Assert.Equal("error TypeError", results["header"]);
        Assert.Equal("error TypeError", results["method"]);
        Assert.Equal("ok 200", results["fine"]);
        Assert.Equal("error TypeError", results["denied"]);
        // Firefox logs a refused preflight as two lines (the reason, then "CORS request did not succeed"), and the
        // lines arrive asynchronously: wait for the denied origin's line itself, not for a count of lines.
        await firefox.LogUntilAsync(1, l => l.Contains("call=header", StringComparison.Ordinal) && l.Contains("x-api-key", StringComparison.Ordinal));
        await firefox.LogUntilAsync(1, l => l.Contains("call=method", StringComparison.Ordinal) && l.Contains("Did not find method", StringComparison.Ordinal));
        var log = await firefox.LogUntilAsync(1, l => l.Contains("call=denied", StringComparison.Ordinal) && l.Contains("Access-Control-Allow-Origin’ missing", StringComparison.Ordinal));
        // security.properties: CORSMissingAllowHeaderFromPreflight2 names the header; CORSMethodNotFound ("Did not
        // find method in CORS header 'Access-Control-Allow-Methods'") is Firefox's method text, which names none;
        // CORSMissingAllowOrigin2 for the denied origin.
        Assert.Contains(log, l => l.Contains("call=header", StringComparison.Ordinal)
            && l.Contains("header ‘x-api-key’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("call=method", StringComparison.Ordinal)
            && l.Contains("Did not find method in CORS header ‘Access-Control-Allow-Methods’", StringComparison.Ordinal));
        Assert.Contains(log, l => l.Contains("call=denied", StringComparison.Ordinal)
            && l.Contains("CORS header ‘Access-Control-Allow-Origin’ missing", StringComparison.Ordinal));
        servers.AssertOnlyPreflightsReached(Header, Method, Denied);
    }

    /// <summary>Two page servers (allowed and denied origins) and the CorsKit API, all real Kestrel on loopback; the
    /// API records every request it receives.</summary>
    private sealed class Servers : IAsyncDisposable
    {
        private readonly WebApplication _allowed, _denied, _api;
        private readonly ConcurrentQueue<(string Method, string Call)> _seen;

        private Servers(WebApplication allowed, WebApplication denied, WebApplication api, ConcurrentQueue<(string, string)> seen)
        {
            (_allowed, _denied, _api, _seen) = (allowed, denied, api, seen);
        }

        public string AllowedPage => Origin(_allowed);

        public string DeniedPage => Origin(_denied);

        public string Url(Call call) => $"{_api.Urls.First()}/data?call={call.Name}";

        public static async Task<Servers> StartAsync()
        {
            var allowed = await ChromiumEndToEndTests.StartPageServer();
            var denied = await ChromiumEndToEndTests.StartPageServer();
            var seen = new ConcurrentQueue<(string, string)>();
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            builder.Services.AddCorsKit(o => o.AddDefaultPolicy(new CorsPolicyOptions
            {
                Origins = [Origin(allowed)], Methods = ["PUT"], RequestHeaders = ["content-type"],
            }));
            var api = builder.Build();
            api.Use((context, next) =>
            {
                seen.Enqueue((context.Request.Method, context.Request.Query["call"].ToString()));
                return next(context);
            });
            api.UseRouting();
            api.UseCorsKit();
            api.MapMethods("/data", ["GET", "PUT", "PATCH"], () => "data");
            await api.StartAsync();
            return new Servers(allowed, denied, api, seen);
        }

        /// <summary>Each blocked call reached the server as its preflight only: the browser never sent the request.</summary>
        public void AssertOnlyPreflightsReached(params Call[] blocked)
        {
            foreach (var call in blocked)
            {
                Assert.Equal(["OPTIONS"], _seen.Where(s => s.Call == call.Name).Select(s => s.Method));
            }
            Assert.Equal(["OPTIONS", "PUT"], _seen.Where(s => s.Call == Fine.Name).Select(s => s.Method));
        }

        private static string Origin(WebApplication app) => $"http://127.0.0.1:{new Uri(app.Urls.First()).Port}";

        public async ValueTask DisposeAsync()
        {
            await _api.DisposeAsync();
            await _allowed.DisposeAsync();
            await _denied.DisposeAsync();
        }
    }

    /// <summary>
    /// Headless Firefox ESR driven over WebDriver BiDi (built into Firefox: <c>--remote-debugging-port</c>), the one
    /// protocol that reports the console's CORS messages (<c>log.entryAdded</c>). Fresh profile from
    /// <see cref="FirefoxProfile"/>; loopback only.
    /// </summary>
    private sealed class BidiFirefox : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly string _profile;
        private readonly ClientWebSocket _socket = new();
        private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _pending = new();
        private readonly ConcurrentQueue<string> _log = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _reader = Task.CompletedTask;
        private int _nextId;
        private string _context = "";

        private BidiFirefox(Process process, string profile)
        {
            _process = process;
            _profile = profile;
        }

        public static async Task<BidiFirefox> StartAsync()
        {
            var profile = FirefoxProfile.Create();
            var info = new ProcessStartInfo("firefox-esr")
            {
                ArgumentList = { "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "about:blank" },
                RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
            };
            info.Environment["MOZ_HEADLESS"] = "1";
            info.Environment["HOME"] = profile;
            Process process;
            try
            {
                process = Process.Start(info)!;
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                throw new InvalidOperationException("Firefox ESR (firefox-esr) is not installed; browser tests fail rather than skip.", e);
            }
            var firefox = new BidiFirefox(process, profile);
            var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            process.ErrorDataReceived += (_, e) =>
            {
                // "WebDriver BiDi listening on ws://127.0.0.1:PORT"
                if (e.Data is { } line && Regex.Match(line, @"WebDriver BiDi listening on (ws://\S+)") is { Success: true } m)
                {
                    endpoint.TrySetResult(m.Groups[1].Value);
                }
            };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            if (await Task.WhenAny(endpoint.Task, Task.Delay(TimeSpan.FromSeconds(60))) != endpoint.Task)
            {
                await firefox.DisposeAsync();
                throw new TimeoutException("Firefox did not open its WebDriver BiDi endpoint within 60 s.");
            }
            await firefox._socket.ConnectAsync(new Uri(endpoint.Task.Result + "/session"), CancellationToken.None);
            firefox._reader = firefox.ReadAsync();
            await firefox.SendAsync("session.new", new { capabilities = new { } });
            await firefox.SendAsync("session.subscribe", new { events = new[] { "log.entryAdded" } });
            var tree = await firefox.SendAsync("browsingContext.getTree", new { });
            firefox._context = tree.GetProperty("contexts")[0].GetProperty("context").GetString()!;
            return firefox;
        }

        private static int FreePort()
        {
            using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            listener.Start();
            return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }

        public Task NavigateAsync(string url) => SendAsync("browsingContext.navigate", new { context = _context, url, wait = "complete" });

        public async Task<string> EvaluateAsync(string expression)
        {
            var result = await SendAsync("script.evaluate", new { expression, target = new { context = _context }, awaitPromise = true });
            return result.GetProperty("result").GetProperty("value").GetString()!;
        }

        /// <summary>The console texts seen so far, once at least <paramref name="count"/> match (bounded wait).</summary>
        public async Task<string[]> LogUntilAsync(int count, Func<string, bool> match)
        {
            for (var i = 0; i < 50 && _log.Count(match) < count; i++)
            {
                await Task.Delay(100);
            }
            return [.. _log];
        }

        private async Task<JsonElement> SendAsync(string method, object parameters)
        {
            var id = Interlocked.Increment(ref _nextId);
            var done = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pending[id] = done;
            var bytes = JsonSerializer.SerializeToUtf8Bytes(new { id, method, @params = parameters });
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, true, CancellationToken.None);
            if (await Task.WhenAny(done.Task, Task.Delay(TimeSpan.FromSeconds(60))) != done.Task)
            {
                throw new TimeoutException($"Firefox did not answer {method} within 60 s.");
            }
            return await done.Task;
        }

        private async Task ReadAsync()
        {
            var buffer = new byte[1 << 16];
            var message = new MemoryStream();
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    var r = await _socket.ReceiveAsync(buffer, _stop.Token);
                    if (r.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }
                    message.Write(buffer, 0, r.Count);
                    if (!r.EndOfMessage)
                    {
                        continue;
                    }
                    using var doc = JsonDocument.Parse(message.ToArray());
                    message.SetLength(0);
                    var root = doc.RootElement;
                    if (root.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number
                        && _pending.TryRemove(idElement.GetInt32(), out var waiter))
                    {
                        if (root.TryGetProperty("error", out var error))
                        {
                            waiter.TrySetException(new InvalidOperationException($"BiDi error {error}: {root}"));
                        }
                        else
                        {
                            waiter.TrySetResult(root.GetProperty("result").Clone());
                        }
                    }
                    else if (root.TryGetProperty("method", out var m) && m.GetString() == "log.entryAdded"
                        && root.GetProperty("params").TryGetProperty("text", out var text))
                    {
                        _log.Enqueue(text.GetString() ?? "");
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (WebSocketException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await _reader;
            }
            catch (Exception)
            {
            }
            _socket.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
