using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CorsKit.Cli.Playground;
using CorsKit.Cli.Tests.PlaygroundSupport;
using CorsKit.Scenarios;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using static CorsKit.Cli.Tests.CheckSupport.CliRun;

namespace CorsKit.Cli.Tests;

/// <summary><c>corskit playground</c> at the command line and over HTTP: help, refused addresses, the embedded page
/// (types, encodings, caching), the API of docs/playground.md, and the live servers (issue 13).</summary>
public sealed class PlaygroundCliTests
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.None, UseProxy = false });

    [Fact]
    public async Task Help_has_examples_and_exit_codes()
    {
        var run = await RunAsync("playground", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("--listen <ip:port>", run.Out, StringComparison.Ordinal);
        Assert.Contains("--allow-remote-check", run.Out, StringComparison.Ordinal);
        Assert.Contains("Examples:\n  corskit playground\n", run.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Contains("Exit codes:", run.Out, StringComparison.Ordinal);
        Assert.True(CommandHelp.Covers(PlaygroundCommand.Create()));
    }

    [Theory]
    [InlineData("0.0.0.0:0", "corskit: --listen 0.0.0.0:0: the playground listens only on a loopback address such as 127.0.0.1 or [::1], since its API would let other machines use this one.")]
    [InlineData("[::]:8080", "corskit: --listen [::]:8080: the playground listens only on a loopback address such as 127.0.0.1 or [::1], since its API would let other machines use this one.")]
    [InlineData("192.0.2.7:8080", "corskit: --listen 192.0.2.7:8080: the playground listens only on a loopback address such as 127.0.0.1 or [::1], since its API would let other machines use this one.")]
    [InlineData("here", "corskit: --listen 'here' is not an address and port such as 127.0.0.1:8080, [::1]:8080 or localhost:8080.")]
    public async Task A_listen_address_that_is_not_loopback_is_refused_in_one_sentence(string listen, string expected)
    {
        var run = await RunAsync("playground", "--listen", listen);

        Assert.Equal(2, run.ExitCode);
        Assert.Equal(expected, run.Err.Trim());
        Assert.Equal("", run.Out);
    }

    [Fact]
    public async Task A_port_in_use_is_a_usage_error()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var run = await RunAsync("playground", "--listen", $"127.0.0.1:{port}");

        Assert.Equal(2, run.ExitCode);
        Assert.StartsWith($"corskit: cannot listen on 127.0.0.1:{port}: ", run.Err, StringComparison.Ordinal);
        Assert.Single(run.Err.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", run.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open_without_a_browser_opener_fails_in_one_sentence()
    {
        // A separate process with a PATH that holds no xdg-open (this process's PATH is shared by parallel tests).
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "/usr/bin/dotnet";
        var start = new System.Diagnostics.ProcessStartInfo(dotnet) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(typeof(PlaygroundCommand).Assembly.Location);
        foreach (var a in new[] { "playground", "--open" })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["PATH"] = "/nonexistent";
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, process.ExitCode);
        Assert.Equal("corskit: --open: no program to open a browser was found (xdg-open on Linux); open the printed URL yourself.", error.Trim());
    }

    [Fact]
    public async Task Serves_the_embedded_page_with_its_types_encodings_and_caching()
    {
        await using var playground = await RunningPlayground.StartAsync();

        using var index = await Http.GetAsync(playground.Address);
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.True(index.Headers.CacheControl?.NoCache);
        var html = await index.Content.ReadAsStringAsync();
        Assert.Contains("<title>CorsKit playground</title>", html, StringComparison.Ordinal);

        // The page names its runtime by fingerprinted file name; that file is served as WebAssembly's script.
        var dotnetJs = System.Text.RegularExpressions.Regex.Match(html, @"_framework/dotnet\.[a-z0-9]+\.js").Value;
        Assert.NotEqual("", dotnetJs);

        using var brRequest = new HttpRequestMessage(HttpMethod.Get, new Uri(playground.Address, dotnetJs));
        brRequest.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("br"));
        using var br = await Http.SendAsync(brRequest);
        Assert.Equal(HttpStatusCode.OK, br.StatusCode);
        Assert.Equal(["br"], br.Content.Headers.ContentEncoding);
        Assert.Equal("text/javascript", br.Content.Headers.ContentType?.MediaType);
        Assert.True(br.Headers.CacheControl?.Public);
        Assert.Equal(TimeSpan.FromDays(365), br.Headers.CacheControl?.MaxAge);
        Assert.Contains("immutable", br.Headers.CacheControl!.Extensions.Select(e => e.Name));
        Assert.Contains("Accept-Encoding", br.Headers.Vary);
        var compressed = await br.Content.ReadAsByteArrayAsync();

        using var plain = await Http.GetAsync(new Uri(playground.Address, dotnetJs));
        Assert.Empty(plain.Content.Headers.ContentEncoding);
        var text = await plain.Content.ReadAsByteArrayAsync();
        using var inflated = new MemoryStream();
        await using (var brotli = new System.IO.Compression.BrotliStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress))
        {
            await brotli.CopyToAsync(inflated);
        }

        Assert.Equal(inflated.ToArray(), text);
        Assert.True(text.Length > compressed.Length);

        // Every .wasm file the runtime loads is application/wasm (WebAssembly JS API: instantiateStreaming needs it).
        var wasm = System.Text.RegularExpressions.Regex.Match(Encoding.UTF8.GetString(text), @"""(dotnet\.native\.[a-z0-9]+\.wasm)""").Groups[1].Value;
        Assert.NotEqual("", wasm);
        using var wasmResponse = await Http.GetAsync(new Uri(playground.Address, "_framework/" + wasm));
        Assert.Equal("application/wasm", wasmResponse.Content.Headers.ContentType?.MediaType);
        Assert.Equal("\0asm"u8.ToArray(), (await wasmResponse.Content.ReadAsByteArrayAsync())[..4]);

        // A route of the page is the page; a missing file is a 404.
        using var route = await Http.GetAsync(new Uri(playground.Address, "some/route"));
        Assert.Equal("text/html", route.Content.Headers.ContentType?.MediaType);
        using var missing = await Http.GetAsync(new Uri(playground.Address, "_framework/missing.wasm"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var (code, error) = await playground.StopAsync();
        Assert.Equal(0, code);
        Assert.Equal("", error);
    }

    [Fact]
    public async Task Info_names_the_live_origins_and_the_remote_check_setting()
    {
        await using var playground = await RunningPlayground.StartAsync("--allow-remote-check");

        var info = await GetJsonAsync(new Uri(playground.Address, "api/info"));

        Assert.True(info.GetProperty("live").GetBoolean());
        Assert.True(info.GetProperty("remoteCheck").GetBoolean());
        var api = new Uri(info.GetProperty("apiOrigin").GetString()!);
        var other = new Uri(info.GetProperty("otherOrigin").GetString()!);
        Assert.Equal("127.0.0.1", api.Host);
        Assert.Equal("127.0.0.1", other.Host);
        Assert.Equal(3, new[] { playground.Address.Port, api.Port, other.Port }.Distinct().Count());
        Assert.Contains(info.GetProperty("apiOrigin").GetString()!, playground.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_runs_the_check_engine_on_a_loopback_url()
    {
        await using var target = await StartTargetAsync(c =>
        {
            c.Response.Headers.AccessControlAllowOrigin = "https://app.example";
            return c.Response.WriteAsync("ok");
        });
        await using var playground = await RunningPlayground.StartAsync();

        var (status, json) = await PostAsync(playground, "api/check", $$"""{"url":"{{target.Url}}data","origin":"https://app.example","method":"GET","headers":[["X-Trace","1"]],"credentials":"omit"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1, json.GetProperty("exitCode").GetInt32()); // X-Trace needs a preflight the target does not answer
        Assert.Contains($"Preflight: OPTIONS {target.Url}data", json.GetProperty("transcript").GetString(), StringComparison.Ordinal);
        Assert.False(json.GetProperty("result").GetProperty("allowed").GetBoolean());

        var (okStatus, ok) = await PostAsync(playground, "api/check", $$"""{"url":"{{target.Url}}data","origin":"https://app.example"}""");
        Assert.Equal(HttpStatusCode.OK, okStatus);
        Assert.Equal(0, ok.GetProperty("exitCode").GetInt32());
        Assert.True(ok.GetProperty("result").GetProperty("allowed").GetBoolean());
    }

    [Theory]
    [InlineData("https://example.com/")]
    [InlineData("http://192.0.2.1:8080/data")]
    [InlineData("http://[2001:db8::1]/")]
    public async Task Check_refuses_a_remote_url_without_the_flag(string url)
    {
        await using var playground = await RunningPlayground.StartAsync();

        var (status, json) = await PostAsync(playground, "api/check", $$"""{"url":"{{url}}","origin":"https://app.example"}""");

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.StartsWith("The playground checks only loopback URLs", json.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_does_not_follow_a_redirect_off_loopback()
    {
        // 192.0.2.1 (TEST-NET-1, RFC 5737): the rule refuses it before anything is sent, so nothing leaves the machine.
        await using var target = await StartTargetAsync(c =>
        {
            c.Response.StatusCode = 307;
            c.Response.Headers.Location = "http://192.0.2.1/next";
            c.Response.Headers.AccessControlAllowOrigin = "*";
            return Task.CompletedTask;
        });
        await using var playground = await RunningPlayground.StartAsync();

        var (status, json) = await PostAsync(playground, "api/check", $$"""{"url":"{{target.Url}}","origin":"https://app.example"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, json.GetProperty("exitCode").GetInt32());
        Assert.Contains("The playground checks only loopback URLs (127.0.0.1, [::1], localhost), not 192.0.2.1", json.GetProperty("transcript").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_refuses_another_sites_page_and_a_rebound_host_name()
    {
        await using var playground = await RunningPlayground.StartAsync();

        using var foreign = new HttpRequestMessage(HttpMethod.Post, new Uri(playground.Address, "api/check")) { Content = new StringContent("{}") };
        foreign.Headers.Add("Origin", "https://evil.example");
        using var refused = await Http.SendAsync(foreign);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        using var rebound = new HttpRequestMessage(HttpMethod.Get, new Uri(playground.Address, "api/info"));
        rebound.Headers.Host = "rebind.example:" + playground.Address.Port;
        using var refusedHost = await Http.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.Forbidden, refusedHost.StatusCode);

        using var own = new HttpRequestMessage(HttpMethod.Get, new Uri(playground.Address, "api/info"));
        own.Headers.Add("Origin", playground.Origin);
        using var allowed = await Http.SendAsync(own);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task Live_serves_a_gallery_scenario_and_records_what_reached_it()
    {
        await using var playground = await RunningPlayground.StartAsync();
        var entry = ScenarioGallery.Entries.First(e => e.Id == ScenarioGalleryId.PolicyAllowsPut);

        var (status, json) = await PostAsync(playground, "api/live", $$"""{"pageOrigin":"{{playground.Origin}}","scenario":{{entry.Scenario.ToJson()}}}""");

        Assert.Equal(HttpStatusCode.OK, status);
        var id = json.GetProperty("id").GetString()!;
        Assert.True(Scenario.TryFromJson(json.GetProperty("scenario").GetRawText(), out var relocated, out _));
        Assert.Equal(playground.Origin, relocated!.PageOrigin);
        var info = await GetJsonAsync(new Uri(playground.Address, "api/info"));
        Assert.StartsWith($"{info.GetProperty("apiOrigin").GetString()}/s/{id}/", relocated.Url, StringComparison.Ordinal);

        // The preflight a browser sends for the PUT, answered by the scenario's policy.
        using var preflight = new HttpRequestMessage(HttpMethod.Options, relocated.Url);
        preflight.Headers.Add("Origin", playground.Origin);
        preflight.Headers.Add("Access-Control-Request-Method", "PUT");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var answer = await Http.SendAsync(preflight);
        Assert.Equal(playground.Origin, answer.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var requests = await GetJsonAsync(new Uri(playground.Address, $"api/live/{id}/requests"));
        var only = Assert.Single(requests.EnumerateArray());
        Assert.Equal("OPTIONS", only.GetProperty("method").GetString());
        Assert.Equal(info.GetProperty("apiOrigin").GetString(), only.GetProperty("origin").GetString());
        Assert.Equal(new Uri(relocated.Url).PathAndQuery, only.GetProperty("target").GetString());
        Assert.Contains(only.GetProperty("headers").EnumerateArray(), h => h[0].GetString() == "access-control-request-method" && h[1].GetString() == "PUT");

        using var unknown = await Http.GetAsync(new Uri(playground.Address, "api/live/nosuchid/requests"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Live_rejects_a_body_that_is_not_a_scenario()
    {
        await using var playground = await RunningPlayground.StartAsync();

        var (status, json) = await PostAsync(playground, "api/live", "{\"pageOrigin\": 7}");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("The body needs \"pageOrigin\" (a string) and \"scenario\" (an object).", json.GetProperty("error").GetString());

        var (otherStatus, other) = await PostAsync(playground, "api/live", """{"pageOrigin":"https://evil.example","scenario":{}}""");
        Assert.Equal(HttpStatusCode.BadRequest, otherStatus);
        Assert.Equal($"\"pageOrigin\" must be this page's origin, {playground.Origin}, not 'https://evil.example'.", other.GetProperty("error").GetString());

        var (badStatus, bad) = await PostAsync(playground, "api/live", "{not json");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.StartsWith("The body is not valid JSON", bad.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_live_store_keeps_a_bounded_number_of_scenarios_and_requests()
    {
        var live = new LiveScenarios();
        var first = live.Add(_ => new Scenario()).Id;
        for (var i = 0; i < LiveScenarios.MaxScenarios; i++)
        {
            live.Add(_ => new Scenario());
        }

        Assert.Null(live.Find(first));
        Assert.Null(live.Requests(first));

        var id = live.Add(_ => new Scenario()).Id;
        for (var i = 0; i < LiveScenarios.MaxRequests + 5; i++)
        {
            Assert.True(live.Record(id, new RecordedRequest("http://127.0.0.1:1", "GET", $"/s/{id}/{i}", [])));
        }

        var kept = live.Requests(id)!;
        Assert.Equal(LiveScenarios.MaxRequests, kept.Count);
        Assert.Equal($"/s/{id}/0", kept[0].Target);
    }

    private static async Task<JsonElement> GetJsonAsync(Uri url)
    {
        using var response = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<(HttpStatusCode, JsonElement)> PostAsync(RunningPlayground playground, string path, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(playground.Address, path)) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", playground.Origin);
        using var response = await Http.SendAsync(request);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private sealed class Target(WebApplication app, string url) : IAsyncDisposable
    {
        public string Url { get; } = url;

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }

    private static async Task<Target> StartTargetAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return new Target(app, app.Urls.First().TrimEnd('/') + "/");
    }
}
