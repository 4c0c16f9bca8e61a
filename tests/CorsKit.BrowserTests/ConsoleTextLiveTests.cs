using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CorsKit.BrowserTests.Harness;
using CorsKit.Diagnostics;
using CorsKit.Fetch;
using CorsKit.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CorsKit.BrowserTests;

/// <summary>
/// The console text the model writes for Firefox and Safari equals, line for line, what the real engines log:
/// Firefox ESR read through WebDriver BiDi <c>log.entryAdded</c> (<c>--remote-debugging-port</c>, no driver), and
/// WebKitGTK's MiniBrowser (the engine Safari shares, issue 14) with its console written to the standard streams, under
/// <c>xvfb-run</c>. A page on <c>http://127.0.0.1:P1</c> makes one failing request per case to a Kestrel API on
/// <c>http://localhost:P2</c>, logging a marker before each; the lines after a marker are that case's. Each line set is
/// also read back by <see cref="ConsoleMessageParser"/> to the model's CorsError. A missing browser fails, never skips.
/// </summary>
public sealed partial class ConsoleTextLiveTests
{
    /// <summary>One failing request: what the script does and what the API answers (preflight, actual request).
    /// <c>{origin}</c> in a value is the request's Origin.</summary>
    private sealed record Case(string Name, string Method, (string Name, string Value)[] Headers, bool Include, bool Xhr,
        (int Status, (string Name, string Value)[] Headers) Preflight, (int Status, (string Name, string Value)[] Headers) Actual);

    private static readonly (string, string)[] None = [];
    private static readonly (string, string)[] Echo = [("Access-Control-Allow-Origin", "{origin}")];

    private static readonly Case[] Cases =
    [
        new("missing", "GET", None, false, false, (204, Echo), (200, None)),
        new("missing404", "GET", None, false, false, (204, Echo), (404, None)),
        new("mismatch", "GET", None, false, false, (204, Echo), (200, [("Access-Control-Allow-Origin", "https://other.example")])),
        new("twolines", "GET", None, false, false, (204, Echo), (200, [("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Origin", "*")])),
        new("wildcard", "GET", None, true, false, (204, Echo), (200, [("Access-Control-Allow-Origin", "*")])),
        new("creds", "GET", None, true, false, (204, Echo), (200, Echo)),
        new("pfstatus", "PUT", None, false, false, (403, Echo), (200, Echo)),
        new("pfstatusbare", "PUT", None, false, false, (403, None), (200, Echo)),
        new("pfmissing", "PUT", None, false, false, (200, None), (200, Echo)),
        new("pfmethod", "PUT", None, false, false, (204, [("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Methods", "GET, POST")]), (200, Echo)),
        new("pfheader", "GET", [("X-Custom", "1")], false, false, (204, Echo), (200, Echo)),
        new("pfbadmethods", "PUT", None, false, false, (204, [("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Methods", "PUT, {bad}")]), (200, Echo)),
        new("pfbadheaders", "GET", [("X-Custom", "1")], false, false, (204, [("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Headers", "x-custom, a b")]), (200, Echo)),
        new("pfcreds", "PUT", None, true, false, (204, [("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Methods", "PUT")]), (200, Echo)),
        new("xhrmissing", "GET", None, false, true, (204, Echo), (200, None)),
        new("xhrmethod", "PUT", None, false, true, (204, [("Access-Control-Allow-Origin", "{origin}"), ("Access-Control-Allow-Methods", "GET")]), (200, Echo)),
    ];

    [Fact]
    public async Task Firefox_logs_the_model_text_for_every_case()
    {
        await using var server = await Server.StartAsync();
        var lines = await FirefoxConsoleAsync(server, TimeSpan.FromSeconds(60));
        await AssertLinesAsync(server, lines, BrowserProfile.Firefox);
    }

    [Fact]
    public async Task WebKit_logs_the_model_text_for_every_case()
    {
        await using var server = await Server.StartAsync();
        var lines = await WebKitConsoleAsync(server, TimeSpan.FromSeconds(60));
        await AssertLinesAsync(server, lines, BrowserProfile.Safari);
    }

    private static async Task AssertLinesAsync(Server server, IReadOnlyList<string> console, BrowserProfile profile)
    {
        var byCase = Split(console);
        var failures = new List<string>();
        foreach (var c in Cases)
        {
            var expected = await ModelFailureAsync(server, c, profile);
            var text = expected.ConsoleMessage(profile.Engine);
            var seen = byCase.TryGetValue(c.Name, out var l) ? string.Join('\n', l) : "(nothing logged)";
            if (seen != text)
            {
                failures.Add($"{c.Name}: the browser logged\n{seen}\nthe model wrote\n{text}");
                continue;
            }

            // Read back: the browser, and the model's CorsError among the candidates.
            var message = Assert.Single(ConsoleMessageParser.Parse(seen).Messages);
            Assert.Equal(profile.Engine, message.Browser);
            Assert.Contains(expected.Code!.Value, message.Candidates);
        }

        Assert.True(failures.Count == 0, string.Join("\n\n", failures) + $"\n\nall {console.Count} console lines:\n" + string.Join('\n', console));
    }

    /// <summary>The model's failure for the case, the API answering from the same table the server does.</summary>
    private static async Task<CorsFailure> ModelFailureAsync(Server server, Case c, BrowserProfile profile)
    {
        var request = new CorsRequest
        {
            Origin = Origins.Origin.Parse(server.PageOrigin),
            Url = new Uri(server.ApiOrigin + "/s/" + c.Name),
            Method = c.Method,
            Headers = [.. c.Headers.Select(h => new HttpHeader(h.Name, h.Value))],
            Credentials = c.Include ? CredentialsMode.Include : CredentialsMode.SameOrigin,
            Initiator = c.Xhr ? Initiator.XmlHttpRequest : Initiator.Fetch,
        };
        var verdict = await new BrowserModel(profile).RunAsync(request, (outgoing, _) =>
        {
            var origin = outgoing.Headers.FirstOrDefault(h => h.Name.Equals("Origin", StringComparison.OrdinalIgnoreCase)).Value ?? "";
            var (status, headers) = outgoing.Method == "OPTIONS" ? c.Preflight : c.Actual;
            return Task.FromResult(new IncomingResponse { Status = status, Headers = [.. headers.Select(h => new HttpHeader(h.Name, h.Value.Replace("{origin}", origin, StringComparison.Ordinal)))] });
        });
        Assert.False(verdict.Allowed, c.Name);
        return verdict.Failure!;
    }

    /// <summary>The lines after each <c>MARK name</c> marker, up to the next.</summary>
    private static Dictionary<string, List<string>> Split(IReadOnlyList<string> console)
    {
        var result = new Dictionary<string, List<string>>();
        List<string>? current = null;
        foreach (var line in console)
        {
            var mark = Marker().Match(line);
            if (mark.Success)
            {
                current = result[mark.Groups[1].Value] = [];
            }
            else
            {
                current?.Add(line);
            }
        }

        return result;
    }

    [GeneratedRegex(@"^MARK ([a-z0-9]+)$")]
    private static partial Regex Marker();

    /// <summary>Runs the page in headless Firefox ESR and returns the console texts in order (WebDriver BiDi
    /// session.new, session.subscribe log.entryAdded, browsingContext.navigate).</summary>
    private static async Task<IReadOnlyList<string>> FirefoxConsoleAsync(Server server, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("corskit-ffc-").FullName;
        await File.WriteAllTextAsync(Path.Combine(profile, "user.js"), """
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("toolkit.telemetry.enabled", false);
            user_pref("app.update.enabled", false);
            user_pref("browser.aboutwelcome.enabled", false);
            user_pref("network.trr.mode", 5);
            user_pref("network.captive-portal-service.enabled", false);
            """);
        var info = new ProcessStartInfo("firefox-esr")
        {
            ArgumentList = { "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0", "about:blank" },
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        info.Environment["MOZ_HEADLESS"] = "1";
        info.Environment["HOME"] = profile;
        using var firefox = Start(info, "Firefox ESR (firefox-esr)");
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        firefox.ErrorDataReceived += (_, e) =>
        {
            // "WebDriver BiDi listening on ws://127.0.0.1:PORT"
            if (e.Data is { } line && line.Contains("WebDriver BiDi listening on ", StringComparison.Ordinal))
            {
                endpoint.TrySetResult(line[(line.IndexOf("ws://", StringComparison.Ordinal))..].Trim());
            }
        };
        firefox.OutputDataReceived += (_, _) => { };
        firefox.BeginErrorReadLine();
        firefox.BeginOutputReadLine();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            var ws = await endpoint.Task.WaitAsync(cts.Token);
            using var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri(ws + "/session"), cts.Token);
            var lines = new List<string>();
            var id = 0;
            async Task<JsonElement> CommandAsync(string method, object parameters)
            {
                var mine = ++id;
                await socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(new { id = mine, method, @params = parameters }), WebSocketMessageType.Text, true, cts.Token);
                while (true)
                {
                    var message = await ReceiveAsync(socket, cts.Token);
                    if (message.TryGetProperty("id", out var got) && got.GetInt32() == mine)
                    {
                        return message;
                    }

                    Collect(message, lines);
                }
            }

            await CommandAsync("session.new", new { capabilities = new { } });
            await CommandAsync("session.subscribe", new { events = new[] { "log.entryAdded" } });
            var tree = await CommandAsync("browsingContext.getTree", new { });
            var context = tree.GetProperty("result").GetProperty("contexts")[0].GetProperty("context").GetString();
            await CommandAsync("browsingContext.navigate", new { context, url = server.PageOrigin + "/", wait = "none" });
            var done = server.Done.Task;
            while (!done.IsCompleted)
            {
                var receive = ReceiveAsync(socket, cts.Token);
                if (await Task.WhenAny(receive, done) == receive)
                {
                    Collect(await receive, lines);
                }
            }

            // The last case's lines may follow the page's report: read on briefly.
            using var drain = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                while (true)
                {
                    Collect(await ReceiveAsync(socket, drain.Token), lines);
                }
            }
            catch (OperationCanceledException)
            {
            }

            return lines;
        }
        finally
        {
            firefox.Kill(entireProcessTree: true);
            await firefox.WaitForExitAsync();
            try { Directory.Delete(profile, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static void Collect(JsonElement message, List<string> lines)
    {
        if (message.TryGetProperty("method", out var method) && method.GetString() == "log.entryAdded"
            && message.GetProperty("params").GetProperty("text").GetString() is { } text)
        {
            lines.Add(text);
        }
    }

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket, CancellationToken token)
    {
        var buffer = new byte[64 * 1024];
        using var all = new MemoryStream();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, token);
            all.Write(buffer, 0, result.Count);
        }
        while (!result.EndOfMessage);
        return JsonDocument.Parse(all.ToArray()).RootElement.Clone();
    }

    /// <summary>Runs the page in WebKitGTK's MiniBrowser under xvfb-run; its console goes to the standard streams as
    /// <c>CONSOLE {SOURCE} {LEVEL} {text}</c> (WebKitSettings enable-write-console-messages-to-stdout).</summary>
    private static async Task<IReadOnlyList<string>> WebKitConsoleAsync(Server server, TimeSpan timeout)
    {
        using var browser = WebKitSession.Launch(["--enable-write-console-messages-to-stdout=true", server.PageOrigin + "/"]);
        var lines = new List<string>();
        void Read(object _, DataReceivedEventArgs e)
        {
            // The page's markers are console.log lines (their prefix differs from an error's); everything else is
            // taken from the CONSOLE prefix on.
            var text = e.Data is null ? null : MarkerAnywhere().Match(e.Data) is { Success: true } mark ? "MARK " + mark.Groups[1].Value
                : WebKitLine().Match(e.Data) is { Success: true } m ? m.Groups[1].Value : null;
            if (text is not null)
            {
                lock (lines)
                {
                    lines.Add(text);
                }
            }
        }

        browser.ErrorDataReceived += Read;
        browser.OutputDataReceived += Read;
        browser.BeginErrorReadLine();
        browser.BeginOutputReadLine();
        try
        {
            await server.Done.Task.WaitAsync(timeout);
            await Task.Delay(TimeSpan.FromSeconds(1));
            lock (lines)
            {
                return [.. lines];
            }
        }
        finally
        {
            browser.Kill(entireProcessTree: true);
            await browser.WaitForExitAsync();
        }
    }

    [GeneratedRegex(@"CONSOLE .*MARK ([a-z0-9]+)$")]
    private static partial Regex MarkerAnywhere();

    [GeneratedRegex(@"CONSOLE [A-Z]+ [A-Z]+ (.*)$")]
    private static partial Regex WebKitLine();

    private static Process Start(ProcessStartInfo info, string what)
    {
        try
        {
            return Process.Start(info) ?? throw new InvalidOperationException($"{what} did not start.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{what} is not installed or not on PATH: {e.Message}. Browser tests fail rather than skip.", e);
        }
    }

    /// <summary>Kestrel on two loopback ports: the page (127.0.0.1) and the API (localhost, another site).</summary>
    private sealed class Server : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private Server(WebApplication app, int pagePort, int apiPort)
        {
            _app = app;
            PageOrigin = $"http://127.0.0.1:{pagePort}";
            ApiOrigin = $"http://localhost:{apiPort}";
        }

        public string PageOrigin { get; }

        public string ApiOrigin { get; }

        /// <summary>Completed when the page reports it has made every request.</summary>
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public static async Task<Server> StartAsync()
        {
            int pagePort = FreePort(), apiPort = FreePort();
            var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Listen(IPAddress.Loopback, pagePort);
                k.ListenLocalhost(apiPort);
            });
            var app = builder.Build();
            var server = new Server(app, pagePort, apiPort);
            app.Run(server.HandleAsync);
            await app.StartAsync();
            return server;
        }

        private async Task HandleAsync(HttpContext http)
        {
            var path = http.Request.Path.Value ?? "";
            if (http.Connection.LocalPort != new Uri(ApiOrigin).Port)
            {
                if (path == "/done")
                {
                    Done.TrySetResult();
                    return;
                }

                http.Response.ContentType = "text/html";
                await http.Response.WriteAsync(Page());
                return;
            }

            var c = Cases.FirstOrDefault(x => "/s/" + x.Name == path);
            if (c is null)
            {
                http.Response.StatusCode = 404;
                return;
            }

            var (status, headers) = http.Request.Method == "OPTIONS" ? c.Preflight : c.Actual;
            http.Response.StatusCode = status;
            var origin = http.Request.Headers.Origin.ToString();
            foreach (var group in headers.GroupBy(h => h.Name))
            {
                http.Response.Headers.Append(group.Key, new Microsoft.Extensions.Primitives.StringValues([.. group.Select(h => h.Value.Replace("{origin}", origin, StringComparison.Ordinal))]));
            }
        }

        /// <summary>The page: for each case a marker, then the request, one after another.</summary>
        private string Page()
        {
            var js = new StringBuilder("const api = ").Append(JsonSerializer.Serialize(ApiOrigin)).Append(";\n(async () => {\n");
            foreach (var c in Cases)
            {
                var url = JsonSerializer.Serialize("/s/" + c.Name);
                var headers = JsonSerializer.Serialize(c.Headers.Select(h => new[] { h.Name, h.Value }));
                js.Append("console.log('MARK ").Append(c.Name).Append("');\n");
                if (c.Xhr)
                {
                    js.Append("await new Promise(r => { const x = new XMLHttpRequest(); x.open(").Append(JsonSerializer.Serialize(c.Method)).Append(", api + ").Append(url)
                        .Append("); for (const [n, v] of ").Append(headers).Append(") x.setRequestHeader(n, v); x.withCredentials = ").Append(c.Include ? "true" : "false")
                        .Append("; x.onloadend = r; x.send(); });\n");
                }
                else
                {
                    js.Append("try { await fetch(api + ").Append(url).Append(", { method: ").Append(JsonSerializer.Serialize(c.Method)).Append(", headers: ").Append(headers)
                        .Append(", credentials: ").Append(c.Include ? "'include'" : "'same-origin'").Append(" }); } catch (e) { }\n");
                }

                // Let the console catch up before the next marker.
                js.Append("await new Promise(r => setTimeout(r, 150));\n");
            }

            js.Append("console.log('MARK end');\nawait fetch('/done');\n})();\n");
            return "<!doctype html><title>console</title><script>" + js + "</script>";
        }

        private static int FreePort()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            return port;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
