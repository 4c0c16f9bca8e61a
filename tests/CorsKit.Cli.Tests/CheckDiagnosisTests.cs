using System.Net;
using System.Text.Json;
using CorsKit.AspNetCore;
using CorsKit.Cli.Tests.AuditCorpus;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.Cli.Tests;

/// <summary>
/// A preflight the server denies without any CORS header (issue 11, diagnosis 1). The browser only says that
/// Access-Control-Allow-Origin is missing; check must not advise sending the header the server already sends for this
/// origin, but name what the server refuses, from the denied preflight's body and from its own extra probes. Real
/// servers on 127.0.0.1: a Kestrel app refusing as jub0bs/cors does (403), CorsKit's middleware for an origin it does not list (403), Starlette under uvicorn (400 "Disallowed CORS
/// headers"), Go rs/cors 1.7 (200 without headers).
/// </summary>
public sealed class CheckDiagnosisTests
{
    private const string Page = "https://app.example";

    /// <summary>A real Kestrel app on 127.0.0.1 (port chosen by the OS) and the URL of its /api/data.</summary>
    private static async Task<(WebApplication App, string Url)> StartAsync(Action<IServiceCollection> services, Action<WebApplication> pipeline)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        services(builder.Services);
        var app = builder.Build();
        pipeline(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, address + "/api/data");
    }

    private static Task<(WebApplication App, string Url)> StartCorsKitAsync(CorsPolicyOptions policy) =>
        StartAsync(services => services.AddCorsKit(cors => cors.AddDefaultPolicy(policy)), app =>
        {
            app.UseCorsKit();
            app.MapMethods("/api/data", ["GET", "PUT", "POST"], () => Results.Json(new { ok = 1 }));
        });

    /// <summary>A server that refuses a preflight as jub0bs/cors does (config.go, preflightFailStatus: 403 and no CORS
    /// header) when the method or a header is not listed; CorsKit's own middleware now answers an allowed origin's
    /// refusal with 204 and its lists instead (issue 12 item 7), so the browser names the cause by itself.</summary>
    private static Task<(WebApplication App, string Url)> StartRefusingAsync(string[] methods, string[] headers) =>
        StartAsync(_ => { }, app => app.Run(async context =>
        {
            var request = context.Request;
            var response = context.Response;
            if (HttpMethods.IsOptions(request.Method) && request.Headers.AccessControlRequestMethod.Count > 0)
            {
                var method = request.Headers.AccessControlRequestMethod.ToString();
                var asked = request.Headers.AccessControlRequestHeaders.ToString().Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                var ok = (method is "GET" or "HEAD" or "POST" || methods.Contains(method, StringComparer.Ordinal))
                    && asked.All(h => headers.Contains(h, StringComparer.OrdinalIgnoreCase));
                if (!ok)
                {
                    response.StatusCode = 403;
                    return;
                }
                response.StatusCode = 204;
                response.Headers.AccessControlAllowOrigin = Page;
                response.Headers.AccessControlAllowMethods = string.Join(", ", methods);
                response.Headers.AccessControlAllowHeaders = string.Join(", ", headers);
                return;
            }
            response.Headers.AccessControlAllowOrigin = Page;
            await response.WriteAsJsonAsync(new { ok = 1 });
        }));

    private static JsonElement Diagnosis(CliOutcome run) => run.Json.GetProperty("diagnosis");

    [Fact]
    public async Task A_403_without_cors_headers_names_the_refused_header_not_the_origin()
    {
        var (app, url) = await StartRefusingAsync(["GET", "POST"], ["content-type"]);
        await using var _ = app;

        var run = await CliRun.RunAsync("check", url, "--origin", Page, "-X", "POST", "-H", "Content-Type: application/json", "-H", "X-Api-Key: 1", "--stack", "corskit", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        // What the browser reports stays the browser's: Chromium checks Access-Control-Allow-Origin before the status.
        Assert.Equal("PreflightMissingAllowOriginHeader", run.Json.GetProperty("error").GetProperty("code").GetString());
        var diagnosis = Diagnosis(run);
        Assert.Equal(403, diagnosis.GetProperty("status").GetInt32());
        Assert.Equal(["x-api-key"], CliRun.Strings(diagnosis.GetProperty("refusedHeaders")));
        Assert.Equal(JsonValueKind.Null, diagnosis.GetProperty("refusedMethod").ValueKind);
        Assert.False(diagnosis.GetProperty("originRefused").GetBoolean());
        var probes = diagnosis.GetProperty("probes").EnumerateArray().ToList();
        Assert.NotEmpty(probes);
        Assert.All(probes, p => Assert.Equal("corskit", p.GetProperty("sentBy").GetString()));
        var fix = run.Json.GetProperty("fix").GetString()!;
        Assert.Contains("x-api-key", fix, StringComparison.Ordinal);
        Assert.Contains("content-type", fix, StringComparison.Ordinal); // keep what is allowed now
        Assert.DoesNotContain($"send `Access-Control-Allow-Origin: {Page}`", fix, StringComparison.Ordinal);
        Assert.Contains("RequestHeaders = [\"content-type\", \"x-api-key\"]", run.Json.GetProperty("fixSnippets")[0].GetProperty("code").GetString()!, StringComparison.Ordinal);

        var text = await CliRun.RunAsync("check", url, "--origin", Page, "-X", "POST", "-H", "Content-Type: application/json", "-H", "X-Api-Key: 1");
        Assert.Contains("CorsKit's extra probes (not sent by a browser)", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_403_without_cors_headers_names_the_refused_method()
    {
        var (app, url) = await StartRefusingAsync(["GET", "POST"], []);
        await using var _ = app;

        var run = await CliRun.RunAsync("check", url, "--origin", Page, "-X", "PUT", "--format", "json");

        Assert.Equal("PreflightMissingAllowOriginHeader", run.Json.GetProperty("error").GetProperty("code").GetString());
        var diagnosis = Diagnosis(run);
        Assert.Equal("PUT", diagnosis.GetProperty("refusedMethod").GetString());
        Assert.Empty(CliRun.Strings(diagnosis.GetProperty("refusedHeaders")));
        Assert.Contains("PUT", run.Json.GetProperty("fix").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorsKit_middleware_lets_the_browser_name_the_refused_header_itself()
    {
        // Issue 12 item 7: CorsKit answers an allowed origin's refused header with 204 and its own lists, so the
        // browser's error is the real cause and check needs no extra probe.
        var (app, url) = await StartCorsKitAsync(new CorsPolicyOptions { Origins = [Page], RequestHeaders = ["content-type"] });
        await using var _ = app;

        var run = await CliRun.RunAsync("check", url, "--origin", Page, "-X", "POST", "-H", "Content-Type: application/json", "-H", "X-Api-Key: 1", "--format", "json");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("HeaderDisallowedByPreflightResponse", run.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("x-api-key", run.Json.GetProperty("error").GetProperty("parameter").GetString());
        Assert.Contains("x-api-key", run.Json.GetProperty("fix").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CorsKit_middleware_403_for_an_origin_it_does_not_list_keeps_the_origin_advice()
    {
        var (app, url) = await StartCorsKitAsync(new CorsPolicyOptions { Origins = ["https://other.example"], RequestHeaders = ["x-api-key"] });
        await using var _ = app;

        var run = await CliRun.RunAsync("check", url, "--origin", Page, "-H", "X-Api-Key: 1", "--format", "json");

        var diagnosis = Diagnosis(run);
        Assert.True(diagnosis.GetProperty("originRefused").GetBoolean());
        Assert.Empty(CliRun.Strings(diagnosis.GetProperty("refusedHeaders")));
        Assert.Contains($"Access-Control-Allow-Origin: {Page}", run.Json.GetProperty("fix").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Starlette_400_body_and_probes_name_the_refused_header()
    {
        // starlette/middleware/cors.py preflight_response: a header outside allow_headers (plus the safelisted four)
        // fails with PlainTextResponse("Disallowed CORS headers", status_code=400), still carrying
        // Access-Control-Allow-Origin for an allowed origin: Chromium checks that first, then the status.
        await using var server = await PythonApp.StartAsync("starlette_app.py", new { origins = new[] { Page }, credentials = false }, "python3-starlette and python3-uvicorn");

        var run = await CliRun.RunAsync("check", server.Data.AbsoluteUri, "--origin", Page, "-H", "X-Api-Key: 1", "--format", "json");

        Assert.Equal("PreflightInvalidStatus", run.Json.GetProperty("error").GetProperty("code").GetString());
        var diagnosis = Diagnosis(run);
        Assert.Equal(400, diagnosis.GetProperty("status").GetInt32());
        Assert.Contains("Disallowed CORS headers", diagnosis.GetProperty("body").GetString()!, StringComparison.Ordinal);
        Assert.Equal(["x-api-key"], CliRun.Strings(diagnosis.GetProperty("refusedHeaders")));
        Assert.Equal("starlette", run.Json.GetProperty("stack").GetString());
        var fix = run.Json.GetProperty("fix").GetString()!;
        Assert.Contains("x-api-key", fix, StringComparison.Ordinal);
        // Starlette's accepted probe lists the safelisted headers it always allows: they are kept.
        Assert.Contains("content-type", fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Go_rs_cors_200_without_headers_names_the_refused_method()
    {
        // rs/cors 1.7 cors.go handlePreflight: a method outside AllowedMethods (default GET, POST, HEAD) gets a 200
        // with no CORS header.
        var config = new CorpusConfig
        {
            Name = "diagnosis/go-method", Stack = CorpusStack.GoRsCors, Written = "cors.Options{AllowedOrigins: [page]}",
            Cites = "rs/cors cors.go handlePreflight", Expected = [], Origin = OriginMatcher.List(Page),
        };
        await using var server = await GoRsCorsStack.StartAsync(config);

        var run = await CliRun.RunAsync("check", server.Data.AbsoluteUri, "--origin", Page, "-X", "DELETE", "--format", "json");

        Assert.Equal("PreflightMissingAllowOriginHeader", run.Json.GetProperty("error").GetProperty("code").GetString());
        var diagnosis = Diagnosis(run);
        Assert.Equal("DELETE", diagnosis.GetProperty("refusedMethod").GetString());
        Assert.False(diagnosis.GetProperty("originRefused").GetBoolean());
    }

    [Fact]
    public async Task No_probes_sends_only_what_the_browser_sends()
    {
        await using var api = await LoopbackServer.StartAsync(new Reply(403), new Reply(200));

        var quiet = await CliRun.RunAsync("check", api.Origin + "/a", "--origin", Page, "-H", "X-Api-Key: 1", "--no-probes", "--format", "json");
        Assert.Equal(JsonValueKind.Null, Diagnosis(quiet).ValueKind);
        Assert.Single(api.For("/a"));

        var probing = await CliRun.RunAsync("check", api.Origin + "/b", "--origin", Page, "-H", "X-Api-Key: 1", "--format", "json");
        // The barest probe (GET, no request headers) is refused too: the origin advice stands, one probe sent.
        Assert.True(Diagnosis(probing).GetProperty("originRefused").GetBoolean());
        Assert.Equal(2, api.For("/b").Count);
    }

    [Fact]
    public async Task Probes_are_sent_only_for_a_denied_preflight()
    {
        var (app, url) = await StartCorsKitAsync(new CorsPolicyOptions { Origins = [Page], RequestHeaders = ["x-api-key"] });
        await using var _ = app;

        var run = await CliRun.RunAsync("check", url, "--origin", Page, "-H", "X-Api-Key: 1", "--format", "json");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(JsonValueKind.Null, Diagnosis(run).ValueKind);
    }
}
