using System.Text.Json;
using CorsKit.Cli.Tests.CheckSupport;
using Microsoft.AspNetCore.Http;

namespace CorsKit.Cli.Tests;

/// <summary>One blocked request: how the script makes it and how the loopback API answers.</summary>
/// <param name="Name">The path segment (/s/{Name}) the scenario is served on.</param>
/// <param name="Xhr">XMLHttpRequest instead of fetch().</param>
/// <param name="Method">The script's method.</param>
/// <param name="Header">A header the script sets, or null.</param>
/// <param name="Credentials">credentials: 'include' / withCredentials = true.</param>
/// <param name="Cause">The CorsError the server's answer is built to cause (Chromium's CheckAccess/CheckPreflightAccess, browser-cors.md §3.3 and §7).</param>
/// <param name="Respond">The answer: (is OPTIONS, path) → reply.</param>
public sealed record ExplainScenario(string Name, bool Xhr, string Method, string? Header, bool Credentials, string Cause, Func<bool, string, Reply> Respond)
{
    public override string ToString() => Name;
}

/// <summary>
/// Real headless Chromium makes blocked requests to a loopback API from a page on another loopback origin; the console
/// lines it logs (Playwright console events, net::ERR_FAILED lines included) are fed to <c>corskit explain --format
/// json</c>, which must recover Chromium's own CorsError and failed parameter as DevTools reports them
/// (<c>Network.loadingFailed.corsErrorStatus</c>), the URL and the origin. Fails, never skips, without Chromium.
/// </summary>
public sealed class ExplainChromiumTests
{
    private static Reply R(int status, params (string, string)[] headers) => new(status, headers);

    private static readonly (string, string) Echo = ("Access-Control-Allow-Origin", "{origin}");

    private static readonly ExplainScenario[] Scenarios =
    [
        new("missing", false, "GET", null, false, "MissingAllowOriginHeader", (_, _) => R(200)),
        new("mismatch", false, "GET", null, false, "AllowOriginMismatch", (_, _) => R(200, ("Access-Control-Allow-Origin", "http://127.0.0.1"))),
        new("multiple", false, "GET", null, false, "MultipleAllowOriginValues", (_, _) => R(200, Echo, Echo)),
        new("invalid", false, "GET", null, false, "InvalidAllowOriginValue", (_, _) => R(200, ("Access-Control-Allow-Origin", "not-an-origin"))),
        new("wildcard", false, "GET", null, true, "WildcardOriginNotAllowed", (_, _) => R(200, ("Access-Control-Allow-Origin", "*"))),
        new("credentials", false, "GET", null, true, "InvalidAllowCredentials", (_, _) => R(200, Echo)),
        new("preflight-status", false, "PUT", null, false, "PreflightInvalidStatus", (options, _) => options ? R(500, Echo) : R(200, Echo)),
        new("preflight-missing", false, "PUT", null, false, "PreflightMissingAllowOriginHeader", (options, _) => options ? R(204) : R(200, Echo)),
        new("preflight-redirect", false, "PUT", null, false, "PreflightDisallowedRedirect", (options, path) => options ? R(307, Echo, ("Location", path + "/")) : R(200, Echo)),
        new("method", false, "patch", null, false, "MethodDisallowedByPreflightResponse",
            (options, _) => options ? R(204, Echo, ("Access-Control-Allow-Methods", "PATCH")) : R(200, Echo)),
        new("header", false, "GET", "X-Api-Key", false, "HeaderDisallowedByPreflightResponse",
            (options, _) => options ? R(204, Echo, ("Access-Control-Allow-Headers", "content-type")) : R(200, Echo)),
        new("redirect", false, "GET", null, false, "MissingAllowOriginHeader",
            (_, path) => path.EndsWith("/target", StringComparison.Ordinal) ? R(200) : R(302, Echo, ("Location", path + "/target"))),
        new("preflight-wildcard", false, "PUT", null, true, "PreflightWildcardOriginNotAllowed",
            (options, _) => options ? R(204, ("Access-Control-Allow-Origin", "*"), ("Access-Control-Allow-Credentials", "true")) : R(200, Echo)),
        new("preflight-credentials", false, "PUT", null, true, "PreflightInvalidAllowCredentials", (options, _) => options ? R(204, Echo) : R(200, Echo)),
        new("bad-methods", false, "PUT", null, false, "InvalidAllowMethodsPreflightResponse",
            (options, _) => options ? R(204, Echo, ("Access-Control-Allow-Methods", "Bad value")) : R(200, Echo)),
        new("bad-headers", false, "GET", "X-A", false, "InvalidAllowHeadersPreflightResponse",
            (options, _) => options ? R(204, Echo, ("Access-Control-Allow-Headers", "a b")) : R(200, Echo)),
        new("redirect-userinfo", false, "GET", null, false, "RedirectContainsCredentials",
            (_, path) => R(302, ("Access-Control-Allow-Origin", "*"), ("Location", "http://u:p@localhost:1" + path))),
        new("redirect-ftp", false, "GET", null, false, "CorsDisabledScheme",
            (_, path) => R(302, ("Access-Control-Allow-Origin", "*"), ("Location", "ftp://127.0.0.1" + path))),
        // Redirected to another origin (the "{other}" server): tainted, so the second server sees Origin: null and
        // the page's origin no longer matches (Fetch §4.4 HTTP-redirect fetch step 13; Chromium CheckTainted).
        new("tainted", false, "GET", null, false, "AllowOriginMismatch",
            (_, path) => path.EndsWith("/target", StringComparison.Ordinal) ? R(200, ("Access-Control-Allow-Origin", "{page}")) : R(302, Echo, ("Location", "{other}" + path + "/target"))),
        new("xhr-missing", true, "GET", null, false, "MissingAllowOriginHeader", (_, _) => R(200)),
        new("xhr-wildcard", true, "GET", null, true, "WildcardOriginNotAllowed", (_, _) => R(200, ("Access-Control-Allow-Origin", "*"))),
        new("xhr-preflight-mismatch", true, "DELETE", null, false, "PreflightAllowOriginMismatch",
            (options, _) => options ? R(204, ("Access-Control-Allow-Origin", "http://127.0.0.1:1")) : R(200, Echo)),
    ];

    private const string FetchScript = """
        async ([url, method, headers, credentials]) => {
          try { await fetch(url, { method, headers, credentials: credentials ? 'include' : 'same-origin' }); return true; }
          catch { return false; }
        }
        """;

    /// <summary>An XMLHttpRequest (url, method, headers, withCredentials) resolving to whether it loaded.</summary>
    internal const string XhrScript = """
        ([url, method, headers, credentials]) => new Promise(resolve => {
          const x = new XMLHttpRequest();
          x.open(method, url);
          x.withCredentials = credentials;
          for (const [n, v] of headers) x.setRequestHeader(n, v);
          x.onload = () => resolve(true);
          x.onerror = () => resolve(false);
          x.send();
        })
        """;

    [Fact]
    public async Task Explain_recovers_Chromiums_own_CorsError_from_its_console_lines()
    {
        await using var page = await LoopbackServer.StartAsync(c => c.Response.WriteAsync("<!doctype html><title>explain</title>"));
        await using var apis = await ScenarioApis.StartAsync(page.Origin, (name, options, path) => Scenarios.Single(s => s.Name == name).Respond(options, path));
        var (api, second, other) = (apis.Api, apis.Other, apis.Other);
        await using var chromium = await ChromiumPage.OpenAsync(page.Origin + "/", null);

        var expected = new Dictionary<string, (string Code, string Parameter)>();
        foreach (var s in Scenarios)
        {
            var url = $"{api.Origin}/s/{s.Name}";
            string[][] headers = s.Header is null ? [] : [[s.Header, "1"]];
            var ok = await chromium.EvaluateAsync<bool>(s.Xhr ? XhrScript : FetchScript, new object[] { url, s.Method, headers, s.Credentials });
            Assert.False(ok, $"{s.Name}: Chromium let the request through");

            var (corsError, parameter, _) = await chromium.LoadingFailedAsync(url);
            // DevTools is reachable here, so the expected code is Chromium's own; it must also be the cause the
            // scenario was built for, or the scenario is not testing what it says.
            Assert.Equal(s.Cause, corsError);
            expected[url] = (corsError!, parameter ?? "");
            for (var i = 0; i < 100 && !chromium.ConsoleErrors.Any(l => l.Contains($"'{url}'", StringComparison.Ordinal)); i++)
            {
                await Task.Delay(50);
            }
        }

        // Everything the console showed, in order, as a user would paste it.
        var lines = chromium.ConsoleErrors;
        Assert.Contains(lines, l => l.Contains("net::ERR_FAILED", StringComparison.Ordinal));
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, lines);
            var run = await CliRun.RunAsync("explain", file, "--format", "json");

            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Err);
            var items = run.JsonLines;
            Assert.Equal(Scenarios.Length, items.Count);
            foreach (var (url, (code, parameter)) in expected)
            {
                var item = Assert.Single(items, i => (i.GetProperty("redirectedFrom").GetString() ?? i.GetProperty("url").GetString()) == url);
                Assert.Equal("console", item.GetProperty("kind").GetString());
                Assert.Equal("chromium", item.GetProperty("browser").GetString());
                Assert.Equal(code, item.GetProperty("code").GetString());
                Assert.Equal(parameter, item.GetProperty("parameter").GetString());
                Assert.Equal(page.Origin, item.GetProperty("origin").GetString());
                Assert.StartsWith($"corskit check {url} --origin {page.Origin}", item.GetProperty("check").GetString(), StringComparison.Ordinal);
                Assert.NotEqual(JsonValueKind.Null, item.GetProperty("fix").ValueKind);
                if (url.EndsWith("/tainted", StringComparison.Ordinal))
                {
                    Assert.StartsWith(other.Origin, item.GetProperty("url").GetString(), StringComparison.Ordinal);
                    Assert.Contains("call the final URL", item.GetProperty("fix").GetString(), StringComparison.Ordinal);
                    Assert.Equal("null", Assert.Single(second.For("/s/tainted/target")).Header("Origin"));
                }
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
