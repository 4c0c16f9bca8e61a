using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Cli.Tests.GatewaySupport;
using Microsoft.AspNetCore.Http;

namespace CorsKit.Cli.Tests;

/// <summary>One request a HAR test page makes, and how the loopback API answers it.</summary>
/// <param name="Name">The path segment (/h/{Name}).</param>
/// <param name="Xhr">XMLHttpRequest instead of fetch().</param>
/// <param name="Method">The script's method.</param>
/// <param name="Header">A header the script sets, or null.</param>
/// <param name="Credentials">credentials: 'include' / withCredentials.</param>
/// <param name="Cause">The CorsError the answer is built to cause, null when it is built to pass, "net" for a network failure.</param>
/// <param name="Respond">(is OPTIONS, path) → reply; {origin} is the request's Origin, {page} the page's, {other} the second server.</param>
public sealed record HarScenario(string Name, bool Xhr, string Method, string? Header, bool Credentials, string? Cause, Func<bool, string, Reply> Respond)
{
    public override string ToString() => Name;
}

/// <summary>
/// Real headless Chromium makes simple, preflighted, credentialed, redirected and failed requests from a page on one
/// loopback origin to Kestrel APIs on others; its DevTools Network events (<c>requestWillBeSent</c> incl. type
/// <c>Preflight</c>, <c>…ExtraInfo</c>, <c>responseReceived</c>, <c>loadingFailed</c> with <c>corsErrorStatus</c>) are
/// written as DevTools' HAR writer writes them (<see cref="CdpHarRecorder"/>), and <c>corskit explain FILE.har
/// --format json</c> must give every blocked request exactly Chromium's own CorsError and failed parameter, and every
/// allowed one no code. Fails, never skips, without Chromium.
/// </summary>
public sealed class ExplainHarChromiumTests
{
    private static Reply R(int status, params (string, string)[] headers) => new(status, headers);

    private static readonly (string, string) Echo = ("Access-Control-Allow-Origin", "{origin}");
    private static readonly (string, string) Creds = ("Access-Control-Allow-Credentials", "true");
    private static readonly (string, string) Methods = ("Access-Control-Allow-Methods", "PUT, PATCH, DELETE");
    private static readonly (string, string) Headers = ("Access-Control-Allow-Headers", "x-api-key");

    private static bool Target(string path) => path.EndsWith("/target", StringComparison.Ordinal);

    private static readonly HarScenario[] Scenarios =
    [
        new("simple-ok", false, "GET", null, false, null, (_, _) => R(200, Echo)),
        new("simple-missing", false, "GET", null, false, "MissingAllowOriginHeader", (_, _) => R(200)),
        new("simple-mismatch", false, "GET", null, false, "AllowOriginMismatch", (_, _) => R(200, ("Access-Control-Allow-Origin", "http://127.0.0.1"))),
        new("simple-multiple", false, "POST", null, false, "MultipleAllowOriginValues", (_, _) => R(200, Echo, Echo)),
        new("preflight-ok", false, "PUT", "X-Api-Key", false, null, (options, _) => options ? R(204, Echo, Methods, Headers) : R(200, Echo)),
        new("preflight-status", false, "PUT", null, false, "PreflightInvalidStatus", (options, _) => options ? R(500, Echo) : R(200, Echo)),
        new("preflight-missing", false, "DELETE", null, false, "PreflightMissingAllowOriginHeader", (options, _) => options ? R(204) : R(200, Echo)),
        new("preflight-header", false, "GET", "X-Api-Key", false, "HeaderDisallowedByPreflightResponse",
            (options, _) => options ? R(204, Echo, ("Access-Control-Allow-Headers", "content-type")) : R(200, Echo)),
        new("preflight-method", false, "patch", null, false, "MethodDisallowedByPreflightResponse",
            (options, _) => options ? R(204, Echo, ("Access-Control-Allow-Methods", "PATCH")) : R(200, Echo)),
        new("preflight-redirect", false, "PUT", null, false, "PreflightDisallowedRedirect",
            (options, path) => options ? R(307, Echo, ("Location", path + "/x")) : R(200, Echo)),
        new("cred-ok", false, "GET", null, true, null, (_, _) => R(200, Echo, Creds)),
        new("cred-wildcard", false, "GET", null, true, "WildcardOriginNotAllowed", (_, _) => R(200, ("Access-Control-Allow-Origin", "*"))),
        new("cred-no-allow-credentials", false, "GET", null, true, "InvalidAllowCredentials", (_, _) => R(200, Echo)),
        new("cred-preflight-ok", false, "PUT", "X-Api-Key", true, null, (options, _) => options ? R(204, Echo, Creds, Methods, Headers) : R(200, Echo, Creds)),
        new("cred-preflight-no-allow-credentials", false, "PUT", null, true, "PreflightInvalidAllowCredentials",
            (options, _) => options ? R(204, Echo, Methods) : R(200, Echo, Creds)),
        new("redirect-ok", false, "GET", null, false, null, (_, path) => Target(path) ? R(200, Echo) : R(302, Echo, ("Location", path + "/target"))),
        new("redirect-target-missing", false, "GET", null, false, "MissingAllowOriginHeader",
            (_, path) => Target(path) ? R(200) : R(302, Echo, ("Location", path + "/target"))),
        // A hop to another origin taints the request: the second server sees Origin: null (Fetch §4.4 step 13).
        new("redirect-tainted", false, "GET", null, false, "AllowOriginMismatch",
            (_, path) => Target(path) ? R(200, ("Access-Control-Allow-Origin", "{page}")) : R(302, Echo, ("Location", "{other}" + path + "/target"))),
        new("redirect-tainted-ok", false, "GET", null, false, null,
            (_, path) => Target(path) ? R(200, ("Access-Control-Allow-Origin", "null")) : R(302, Echo, ("Location", "{other}" + path + "/target"))),
        // A preflighted request redirected: each hop is preflighted again, so the file pairs two preflights.
        new("redirect-preflighted-ok", false, "PUT", "X-Api-Key", false, null,
            (options, path) => options ? R(204, Echo, Methods, Headers) : Target(path) ? R(200, Echo) : R(307, Echo, ("Location", path + "/target"))),
        new("xhr-ok", true, "GET", null, false, null, (_, _) => R(200, Echo)),
        new("xhr-missing", true, "GET", null, false, "MissingAllowOriginHeader", (_, _) => R(200)),
        new("xhr-preflight-mismatch", true, "DELETE", null, false, "PreflightAllowOriginMismatch",
            (options, _) => options ? R(204, ("Access-Control-Allow-Origin", "http://127.0.0.1:1")) : R(200, Echo)),
        new("refused", false, "GET", null, false, "net", (_, _) => R(200, Echo)),
    ];

    private const string FetchScript = """
        async ([url, method, headers, credentials]) => {
          try {
            const r = await fetch(url, { method, headers, credentials: credentials ? 'include' : 'same-origin', body: method === 'POST' ? 'a=1' : undefined });
            await r.arrayBuffer();
            return true;
          } catch { return false; }
        }
        """;

    [Fact]
    public async Task A_DevTools_shaped_HAR_from_real_Chromium_gets_Chromiums_own_CorsError_for_every_blocked_request()
    {
        await using var page = await LoopbackServer.StartAsync(c => c.Request.Path == "/same"
            ? c.Response.WriteAsync("same-origin")
            : c.Response.WriteAsync("<!doctype html><title>har</title>"));
        await using var apis = await ScenarioApis.StartAsync(page.Origin, (name, options, path) => Scenarios.Single(s => s.Name == name).Respond(options, path));
        var (api, second, other) = (apis.Api, apis.Other, apis.Other);
        var closed = $"http://127.0.0.1:{GatewayHarness.ClosedPort()}";
        // A cookie for 127.0.0.1 (every port: cookies ignore ports, RFC 6265 §8.5) makes credentialed requests carry a
        // Cookie header, which is how a HAR shows the credentials mode.
        var cookie = new Microsoft.Playwright.Cookie { Name = "sid", Value = "abc", Domain = "127.0.0.1", Path = "/" };
        await using var chromium = await ChromiumPage.OpenAsync(page.Origin + "/", cookie);
        var recorder = new CdpHarRecorder(chromium.Cdp);

        Assert.True(await chromium.EvaluateAsync<bool>(FetchScript, new object[] { page.Origin + "/same", "GET", Array.Empty<string[]>(), false }));
        var chromiumSaid = new Dictionary<string, (bool Ok, string? Code, string? Parameter, string? NetError)>();
        foreach (var s in Scenarios)
        {
            var url = $"{(s.Cause == "net" ? closed : api.Origin)}/h/{s.Name}";
            string[][] headers = s.Header is null ? [] : [[s.Header, "1"]];
            var ok = await chromium.EvaluateAsync<bool>(s.Xhr ? ExplainChromiumTests.XhrScript : FetchScript, new object[] { url, s.Method, headers, s.Credentials });
            var (code, parameter, net) = ok ? (null, null, null) : await chromium.LoadingFailedAsync(url);
            Assert.True(ok == (s.Cause is null), $"{s.Name}: Chromium {(ok ? "allowed" : "blocked")} it ({code} {net})");
            if (s.Cause is not (null or "net"))
            {
                // The scenario must cause what it says, or it tests something else.
                Assert.Equal(s.Cause, code);
            }

            chromiumSaid[url] = (ok, code, parameter ?? "", net);
        }

        // DevTools events arrive apart from the script's promise: wait (bounded) until every request has finished.
        for (var i = 0; i < 100 && recorder.Events("loadingFinished").Count + recorder.Events("loadingFailed").Count < Scenarios.Length + 2; i++)
        {
            await Task.Delay(50);
        }

        await Task.Delay(300);
        var har = recorder.ToHar(page.Origin + "/");
        if (Environment.GetEnvironmentVariable("CORSKIT_HAR_DUMP") is { Length: > 0 } dump)
        {
            await File.WriteAllTextAsync(dump, har);
        }
        using (var doc = JsonDocument.Parse(har))
        {
            var entries = doc.RootElement.GetProperty("log").GetProperty("entries").EnumerateArray().ToList();
            var preflights = entries.Where(e => e.GetProperty("_resourceType").GetString() == "preflight").ToList();
            Assert.NotEmpty(preflights);
            Assert.All(preflights, p => Assert.Equal("preflight", p.GetProperty("_initiator").GetProperty("type").GetString()));
        }

        var file = Path.Combine(Path.GetTempPath(), $"corskit-{Guid.NewGuid():N}.har");
        try
        {
            await File.WriteAllTextAsync(file, har);
            var run = await CliRun.RunAsync("explain", file, "--format", "json");
            Assert.True(run.Err == "", run.Err);
            Assert.Equal(1, run.ExitCode);
            var items = run.JsonLines;
            Assert.All(items, i => Assert.Equal("har", i.GetProperty("kind").GetString()));
            Assert.DoesNotContain(items, i => i.GetProperty("url").GetString()!.EndsWith("/same", StringComparison.Ordinal));
            Assert.Equal(Scenarios.Length, items.Count);
            foreach (var (url, said) in chromiumSaid)
            {
                var item = Assert.Single(items, i => (i.GetProperty("redirectedFrom").GetString() ?? i.GetProperty("url").GetString()) == url);
                var name = url[(url.LastIndexOf('/') + 1)..];
                Assert.True(said.Code == item.GetProperty("code").GetString(), $"{name}: Chromium {said.Code}, explain {item.GetProperty("code")}");
                Assert.Equal(page.Origin, item.GetProperty("origin").GetString());
                if (said.Ok)
                {
                    Assert.Equal("allowed", item.GetProperty("verdict").GetString());
                    Assert.False(item.GetProperty("blocked").GetBoolean());
                }
                else
                {
                    Assert.Equal("blocked", item.GetProperty("verdict").GetString());
                    Assert.True(item.GetProperty("blocked").GetBoolean(), name);
                    Assert.True(said.Parameter == item.GetProperty("parameter").GetString(), $"{name}: Chromium '{said.Parameter}', explain '{item.GetProperty("parameter")}'");
                }

                var credentialed = Scenarios.Single(s => s.Name == name).Credentials;
                // Inferred from the Cookie header, or from the only mode that explains the recorded outcome; never wrong.
                Assert.Contains(item.GetProperty("credentials").GetString(), (string?[])(credentialed ? ["include"] : [null, "omit"]));
                Assert.StartsWith($"corskit check {url} --origin {page.Origin}", item.GetProperty("check").GetString(), StringComparison.Ordinal);
            }

            // As the acceptance check runs it: --credentials omit. Every request made without credentials keeps its
            // verdict, and so does every one whose Cookie header shows it was made with them.
            var omit = await CliRun.RunAsync("explain", file, "--format", "json", "--credentials", "omit");
            Assert.Equal(1, omit.ExitCode);
            foreach (var s in Scenarios.Where(s => !s.Credentials || s.Name != "cred-preflight-no-allow-credentials"))
            {
                var url = chromiumSaid.Keys.Single(u => u.EndsWith("/h/" + s.Name, StringComparison.Ordinal));
                var item = Assert.Single(omit.JsonLines, i => (i.GetProperty("redirectedFrom").GetString() ?? i.GetProperty("url").GetString()) == url);
                Assert.Equal(chromiumSaid[url].Code, item.GetProperty("code").GetString());
                Assert.Equal(chromiumSaid[url].Ok ? "" : chromiumSaid[url].Parameter, item.GetProperty("parameter").GetString());
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
