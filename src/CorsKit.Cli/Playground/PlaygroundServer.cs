using System.Net;
using System.Text;
using System.Text.Json;
using CorsKit.Cli.Check;
using CorsKit.Cli.Demo;
using CorsKit.Fetch;
using CorsKit.Scenarios;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Http.Features;

namespace CorsKit.Cli.Playground;

/// <summary>
/// What <c>corskit playground</c> runs: the page and its API (<c>/api/…</c>, docs/playground.md) on the listen address,
/// and two live servers on other loopback ports (two more origins) that answer <c>/s/{id}/…</c> as the registered
/// scenario's server (<see cref="ScenarioServer.Respond"/>) and record every request that reaches them.
/// </summary>
internal sealed class PlaygroundServer : IAsyncDisposable
{
    /// <summary>Largest request body the API reads (a scenario or a check request).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly LoopbackServer[] _servers;

    private PlaygroundServer(LoopbackServer[] servers)
    {
        _servers = servers;
    }

    /// <summary>The page: <c>http://127.0.0.1:P1/</c>.</summary>
    public Uri Address => _servers[0].BaseAddress;

    /// <summary>The live API origin, <c>http://127.0.0.1:P2</c>.</summary>
    public string ApiOrigin => Origin(_servers[1]);

    /// <summary>The live "other" origin redirects lead to, <c>http://127.0.0.1:P3</c>.</summary>
    public string OtherOrigin => Origin(_servers[2]);

    /// <summary>Starts the three servers. <paramref name="listen"/> must be a loopback address (the command checks).</summary>
    public static async Task<PlaygroundServer> StartAsync(PlaygroundAssets assets, IPEndPoint listen, bool allowRemoteCheck, CancellationToken cancellationToken)
    {
        var live = new LiveScenarios();
        var started = new List<LoopbackServer>();
        try
        {
            // The live servers listen on the page's address (another port), so the page reaches them as the same
            // address space (Local Network Access) and a browser sees two cross-origin servers.
            var api = await LoopbackServer.StartAsync(c => AnswerLiveAsync(c, live), new IPEndPoint(listen.Address, 0), cancellationToken).ConfigureAwait(false);
            started.Add(api);
            var other = await LoopbackServer.StartAsync(c => AnswerLiveAsync(c, live), new IPEndPoint(listen.Address, 0), cancellationToken).ConfigureAwait(false);
            started.Add(other);
            var backend = new Backend(assets, live, new PlaygroundCheck(allowRemoteCheck), Origin(api), Origin(other), allowRemoteCheck);
            var page = await LoopbackServer.StartAsync(backend.HandleAsync, listen, cancellationToken).ConfigureAwait(false);
            started.Insert(0, page);
            return new PlaygroundServer([.. started]);
        }
        catch
        {
            foreach (var server in started)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string Origin(LoopbackServer server) => server.BaseAddress.GetLeftPart(UriPartial.Authority);

    /// <summary>A live server: <c>/s/{id}/…</c> answered by the scenario's server, anything else 404.</summary>
    private static async Task AnswerLiveAsync(HttpContext context, LiveScenarios live)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "";
        var parts = path.Split('/', 4);
        if (parts.Length < 3 || parts[0] != "" || parts[1] != "s" || live.Find(parts[2]) is not { } scenario)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var headers = new List<HttpHeader>();
        var recorded = new List<(string, string)>();
        foreach (var (name, values) in request.Headers)
        {
            foreach (var value in values)
            {
                headers.Add(new HttpHeader(name, value ?? ""));
                recorded.Add((name.ToLowerInvariant(), value ?? ""));
            }
        }

        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.GetEncodedPathAndQuery();
        live.Record(parts[2], new RecordedRequest(Origin(request), request.Method, target, recorded));

        var answer = ScenarioServer.Respond(scenario, request.Method, new Uri(request.GetEncodedUrl()), headers);
        var response = context.Response;
        response.StatusCode = answer.Status;
        foreach (var header in answer.Headers)
        {
            // Kestrel frames the body itself; a described Content-Length or Transfer-Encoding would contradict it.
            if (header.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                || header.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                response.Headers.Append(header.Name, header.Value);
            }
            catch (InvalidOperationException)
            {
                // A character beyond Latin-1 cannot be sent as a header byte: the line is left out.
            }
        }

        if (answer.Body is { } body && !HttpMethods.IsHead(request.Method) && answer.Status is not (204 or 304))
        {
            await response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
    }

    private static string Origin(HttpRequest request) => $"{request.Scheme}://{request.Host.Value}";

    /// <summary>The page's own origin: the page, and the API the page calls.</summary>
    private sealed class Backend(PlaygroundAssets assets, LiveScenarios live, PlaygroundCheck check, string apiOrigin, string otherOrigin, bool remoteCheck)
    {
        public async Task HandleAsync(HttpContext context)
        {
            var request = context.Request;
            var path = request.Path.Value ?? "/";
            if (!path.StartsWith("/api/", StringComparison.Ordinal) && path != "/api")
            {
                await assets.ServeAsync(context).ConfigureAwait(false);
                return;
            }

            // Only the page itself may call the API: the Host must be a loopback name (a DNS-rebound name is refused)
            // and a request that carries Origin must come from this origin (another site's page is refused).
            if (!IsOwnRequest(request))
            {
                await JsonAsync(context, 403, PlaygroundCheck.Error("The playground's API answers only its own page.")).ConfigureAwait(false);
                return;
            }

            var (status, json) = (request.Method, path) switch
            {
                ("GET", "/api/info") => (200, Info()),
                ("POST", "/api/live") => await RegisterAsync(context).ConfigureAwait(false),
                ("POST", "/api/check") => await CheckAsync(context).ConfigureAwait(false),
                ("GET", _) when path.StartsWith("/api/live/", StringComparison.Ordinal) && path.EndsWith("/requests", StringComparison.Ordinal)
                    => Requests(path["/api/live/".Length..^"/requests".Length]),
                _ => (404, PlaygroundCheck.Error($"The playground's API has no {request.Method} {path}.")),
            };
            await JsonAsync(context, status, json).ConfigureAwait(false);
        }

        private static bool IsOwnRequest(HttpRequest request)
        {
            var host = request.Host.Host;
            if (Origins.AddressSpaces.OfHost(host) != Origins.AddressSpace.Loopback)
            {
                return false;
            }

            var origin = request.Headers.Origin.ToString();
            return origin.Length == 0 || string.Equals(origin, Origin(request), StringComparison.OrdinalIgnoreCase);
        }

        private string Info() => CheckJson.ToText(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("live", true);
            w.WriteString("apiOrigin", apiOrigin);
            w.WriteString("otherOrigin", otherOrigin);
            w.WriteBoolean("remoteCheck", remoteCheck);
            w.WriteEndObject();
        }, indented: false);

        private async Task<(int, string)> RegisterAsync(HttpContext context)
        {
            if (await ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
            {
                return (413, PlaygroundCheck.Error($"The request body is larger than {MaxBodyBytes} bytes."));
            }

            string? pageOrigin = null;
            string? scenarioJson = null;
            try
            {
                using var document = JsonDocument.Parse(body);
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    if (document.RootElement.TryGetProperty("pageOrigin", out var p) && p.ValueKind == JsonValueKind.String)
                    {
                        pageOrigin = p.GetString();
                    }

                    if (document.RootElement.TryGetProperty("scenario", out var s) && s.ValueKind == JsonValueKind.Object)
                    {
                        scenarioJson = s.GetRawText();
                    }
                }
            }
            catch (JsonException ex)
            {
                return (400, PlaygroundCheck.Error($"The body is not valid JSON ({ex.Message.Split(". ")[0].TrimEnd('.')})."));
            }

            if (pageOrigin is null || scenarioJson is null)
            {
                return (400, PlaygroundCheck.Error("The body needs \"pageOrigin\" (a string) and \"scenario\" (an object)."));
            }

            // The live page is this page: its origin is the one the browser will send.
            if (!string.Equals(pageOrigin, Origin(context.Request), StringComparison.OrdinalIgnoreCase))
            {
                return (400, PlaygroundCheck.Error($"\"pageOrigin\" must be this page's origin, {Origin(context.Request)}, not '{pageOrigin}'."));
            }

            if (!Scenario.TryFromJson(scenarioJson, out var scenario, out var problem))
            {
                return (400, PlaygroundCheck.Error(problem));
            }

            var (id, relocated) = live.Add(id => scenario.Relocate(pageOrigin, $"{apiOrigin}/s/{id}", $"{otherOrigin}/s/{id}"));
            return (200, CheckJson.ToText(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WritePropertyName("scenario");
                w.WriteRawValue(relocated.ToJson());
                w.WriteEndObject();
            }, indented: false));
        }

        private (int, string) Requests(string id)
        {
            if (live.Requests(id) is not { } requests)
            {
                return (404, PlaygroundCheck.Error($"No live scenario has the id '{id}' (the playground keeps the last {LiveScenarios.MaxScenarios})."));
            }

            return (200, CheckJson.ToText(w =>
            {
                w.WriteStartArray();
                foreach (var r in requests)
                {
                    w.WriteStartObject();
                    w.WriteString("origin", r.Origin);
                    w.WriteString("method", r.Method);
                    w.WriteString("target", r.Target);
                    w.WriteStartArray("headers");
                    foreach (var (name, value) in r.Headers)
                    {
                        w.WriteStartArray();
                        w.WriteStringValue(name);
                        w.WriteStringValue(value);
                        w.WriteEndArray();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                }

                w.WriteEndArray();
            }, indented: false));
        }

        private async Task<(int, string)> CheckAsync(HttpContext context)
        {
            if (await ReadBodyAsync(context).ConfigureAwait(false) is not { } body)
            {
                return (413, PlaygroundCheck.Error($"The request body is larger than {MaxBodyBytes} bytes."));
            }

            return await check.RunAsync(body, context.RequestAborted).ConfigureAwait(false);
        }

        /// <summary>The body as UTF-8 text, or null when it is larger than <see cref="MaxBodyBytes"/>.</summary>
        private static async Task<string?> ReadBodyAsync(HttpContext context)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        private static async Task JsonAsync(HttpContext context, int status, string json)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.Headers.CacheControl = "no-store";
            await context.Response.WriteAsync(json, context.RequestAborted).ConfigureAwait(false);
        }
    }
}
