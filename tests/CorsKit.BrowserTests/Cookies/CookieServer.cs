using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CorsKit.BrowserTests.Harness;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CorsKit.BrowserTests.Cookies;

/// <summary>
/// Real Kestrel on one loopback port (127.0.0.1 and ::1), reached as <c>app.site-a.localhost</c>,
/// <c>api.site-a.localhost</c>, <c>login.site-a.localhost</c>, <c>api.site-b.localhost</c> and
/// <c>login.site-b.localhost</c>: browsers resolve every <c>*.localhost</c> name to loopback themselves (RFC 6761
/// §6.3), so these are distinct sites without a hosts file. A run is driven by the pages alone, so every engine runs
/// it the same way with no driver in the loop:
/// <list type="number">
/// <item><c>/ck/start</c> on the page host starts a chain of top-level navigations, one per
/// <see cref="CookieSetter.Navigation"/> scenario, to <c>/k/{id}/set</c> on its setting host; each answers with the
/// cookie and a 302 to the next (every tenth with a page that moves on with <c>location.replace</c>);</item>
/// <item><c>/ck/read</c> on the page host runs, per scenario, the setting fetch (for the fetch setters) and then the
/// reading fetch, posts what the script saw to <c>/ck/results</c>;</item>
/// <item>a chain of top-level pages <c>/ck/probe</c>, one per setting host, each makes a same-origin fetch to every
/// scenario's probe path (what the jar holds for that host as first party), then <c>/ck/done</c> ends the run.</item>
/// </list>
/// Every request's <c>Cookie</c> header is recorded.
/// </summary>
public sealed class CookieServer : IAsyncDisposable
{
    /// <summary>Setting navigations per page load; the hops between are 302 redirects.</summary>
    private const int NavigationsPerPage = 10;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, IReadOnlyList<CookieScenario>> _runs = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<string>> _results = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _done = new();
    private readonly ConcurrentQueue<CookieRequest> _recorded = new();

    private CookieServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    /// <summary>The one port every host name is served on.</summary>
    public int Port { get; }

    /// <summary>Starts Kestrel on a free port on 127.0.0.1 and ::1.</summary>
    public static async Task<CookieServer> StartAsync()
    {
        int port = ScenarioServer.FreePort();
        WebApplicationBuilder builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            // A *.localhost name may resolve to ::1 first (Chromium, Firefox): listen on both loopback addresses.
            k.ListenLocalhost(port);
        });
        WebApplication app = builder.Build();
        var server = new CookieServer(app, port);
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        return server;
    }

    /// <summary>The origin of <paramref name="host"/> on this server.</summary>
    public string Origin(string host) => $"http://{host}:{Port}";

    /// <summary>The URL a browser opens to run <paramref name="run"/>.</summary>
    public string StartUrl(string run) => $"{Origin(CookieScenario.PageHost)}/ck/start?run={run}";

    /// <summary>Makes <paramref name="scenarios"/> runnable under <paramref name="run"/> (lowercase letters).</summary>
    public void Register(string run, IReadOnlyList<CookieScenario> scenarios)
    {
        _runs[run] = scenarios;
        _results[run] = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _done[run] = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>Completes when the last probe page of <paramref name="run"/> has loaded.</summary>
    public Task DoneAsync(string run) => _done[run].Task;

    /// <summary>The JSON the read page posted (what each fetch resolved to).</summary>
    public Task<string> ResultsAsync(string run) => _results[run].Task;

    /// <summary>Everything recorded for <paramref name="run"/>, in arrival order.</summary>
    public IReadOnlyList<CookieRequest> RecordedFor(string run) => _recorded.Where(r => r.Run == run).ToList();

    private async Task HandleAsync(HttpContext ctx)
    {
        string path = ctx.Request.Path.Value ?? "/";
        string run = ctx.Request.Query["run"].ToString();
        string host = ctx.Request.Host.Host;
        ctx.Response.Headers.CacheControl = "no-store";
        if (!_runs.TryGetValue(run, out var scenarios))
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        switch (path)
        {
            case "/ck/start":
                await HtmlAsync(ctx, "location.replace(" + Js(NavigationUrl(run, scenarios, 0)) + ");").ConfigureAwait(false);
                return;
            case "/ck/read":
                await HtmlAsync(ctx, ReadScript(run, scenarios)).ConfigureAwait(false);
                return;
            case "/ck/results" when ctx.Request.Method == "POST":
                using (var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8))
                {
                    _results[run].TrySetResult(await reader.ReadToEndAsync().ConfigureAwait(false));
                }
                ctx.Response.StatusCode = 204;
                return;
            case "/ck/probe":
                int page = int.Parse(ctx.Request.Query["i"].ToString(), CultureInfo.InvariantCulture);
                await HtmlAsync(ctx, ProbeScript(run, scenarios, page)).ConfigureAwait(false);
                return;
            case "/ck/done":
                _done[run].TrySetResult();
                await HtmlAsync(ctx, "document.title = 'done';").ConfigureAwait(false);
                return;
        }
        string[] parts = path.Split('/');
        // /k/{id}/set, /k/{id}/{dir}/read, /k/{id}/{dir}/probe
        if (parts.Length < 4 || parts[1] != "k" || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out int id)
            || scenarios.FirstOrDefault(s => s.Id == id) is not { } scenario)
        {
            ctx.Response.StatusCode = 404;
            return;
        }
        CookieRequestKind kind = parts[^1] switch
        {
            "set" => CookieRequestKind.Set,
            "read" => CookieRequestKind.Read,
            _ => CookieRequestKind.Probe,
        };
        _recorded.Enqueue(new CookieRequest(run, id, kind, host,
            ctx.Request.Headers.TryGetValue("Cookie", out var cookie) ? cookie.ToString() : null));
        if (ctx.Request.Headers.TryGetValue("Origin", out var origin))
        {
            ctx.Response.Headers.AccessControlAllowOrigin = origin.ToString();
            ctx.Response.Headers.AccessControlAllowCredentials = "true";
        }
        if (kind == CookieRequestKind.Set)
        {
            ctx.Response.Headers.SetCookie = scenario.SetCookie;
            if (ctx.Request.Query.ContainsKey("nav"))
            {
                int next = scenarios.Where(s => s.Setter == CookieSetter.Navigation && s.Id > id).Select(s => s.Id).DefaultIfEmpty(-1).First();
                string url = NavigationUrl(run, scenarios, next);
                int hop = scenarios.Count(s => s.Setter == CookieSetter.Navigation && s.Id <= id);
                if (next >= 0 && hop % NavigationsPerPage != 0)
                {
                    // A redirect is a cheaper top-level navigation than a page load: the next hop's response is
                    // first-party too (its URL becomes the top-level site). Every NavigationsPerPage hops a page
                    // restarts the chain, well below the engines' redirect limits (20).
                    ctx.Response.StatusCode = 302;
                    ctx.Response.Headers.Location = url;
                    return;
                }
                await HtmlAsync(ctx, "location.replace(" + Js(url) + ");").ConfigureAwait(false);
                return;
            }
        }
        await ctx.Response.WriteAsync("ok").ConfigureAwait(false);
    }

    /// <summary>The navigation that sets scenario <paramref name="from"/>'s cookie (or the first navigation-set
    /// scenario at or after it); the read page when none is left.</summary>
    private string NavigationUrl(string run, IReadOnlyList<CookieScenario> scenarios, int from)
    {
        CookieScenario? next = from < 0 ? null : scenarios.FirstOrDefault(s => s.Setter == CookieSetter.Navigation && s.Id >= from);
        return next is null
            ? $"{Origin(CookieScenario.PageHost)}/ck/read?run={run}"
            : $"{Origin(next.SetHost)}{next.SetPath}?run={run}&nav=1";
    }

    private static List<string> ProbeHosts(IReadOnlyList<CookieScenario> scenarios) =>
        scenarios.Select(s => s.SetHost).Distinct().Order(StringComparer.Ordinal).ToList();

    private string ProbeUrl(string run, IReadOnlyList<CookieScenario> scenarios, int page)
    {
        var hosts = ProbeHosts(scenarios);
        return page < hosts.Count
            ? $"{Origin(hosts[page])}/ck/probe?run={run}&i={page}"
            : $"{Origin(CookieScenario.PageHost)}/ck/done?run={run}";
    }

    private string ReadScript(string run, IReadOnlyList<CookieScenario> scenarios)
    {
        var specs = scenarios.Select(s => new
        {
            id = s.Id,
            set = s.Setter == CookieSetter.Navigation ? null : $"{Origin(s.SetHost)}{s.SetPath}?run={run}",
            setCredentials = s.Setter == CookieSetter.FetchOmit ? "omit" : "include",
            read = $"{Origin(s.ApiHost)}{s.ReadPath}?run={run}",
            credentials = s.Credentials switch
            {
                ReadCredentials.Include => "include",
                ReadCredentials.SameOrigin => "same-origin",
                _ => "omit",
            },
        });
        return "const specs = " + JsonSerializer.Serialize(specs) + ";\n"
            + "const results = [];\n"
            + """
              async function attempt(url, credentials) {
                try { const r = await fetch(url, { credentials }); await r.text(); return r.status; }
                catch (e) { return String(e); }
              }
              async function one(s) {
                const r = { id: s.id, set: null, read: null };
                if (s.set) r.set = await attempt(s.set, s.setCredentials);
                r.read = await attempt(s.read, s.credentials);
                results.push(r);
              }
              (async () => {
                let next = 0;
                async function worker() { while (next < specs.length) await one(specs[next++]); }
                await Promise.all([0, 1, 2, 3, 4, 5].map(worker));
              """
            + "await fetch('/ck/results?run=" + run + "', { method: 'POST', body: JSON.stringify({ secureContext: window.isSecureContext, results }) });\n"
            + "location.replace(" + Js(ProbeUrl(run, scenarios, 0)) + ");\n})();";
    }

    private string ProbeScript(string run, IReadOnlyList<CookieScenario> scenarios, int page)
    {
        string host = ProbeHosts(scenarios)[page];
        var urls = scenarios.Where(s => s.SetHost == host).Select(s => $"{s.ProbePath}?run={run}");
        return "const urls = " + JsonSerializer.Serialize(urls) + ";\n"
            + "(async () => {\n"
            + "  await Promise.all(urls.map(u => fetch(u).then(r => r.text()).catch(() => null)));\n"
            + "  location.replace(" + Js(ProbeUrl(run, scenarios, page + 1)) + ");\n})();";
    }

    private static string Js(string value) => JsonSerializer.Serialize(value);

    private static async Task HtmlAsync(HttpContext ctx, string script)
    {
        ctx.Response.ContentType = "text/html; charset=utf-8";
        await ctx.Response.WriteAsync("<!doctype html><meta charset=\"utf-8\"><title>corskit cookies</title><script>\n" + script + "\n</script>").ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
