using CorsKit.Cli.Audit;
using CorsKit.Cli.Check;
using CorsKit.Cli.Tests.CheckSupport;
using CorsKit.Model;

namespace CorsKit.Cli.Tests;

/// <summary>
/// check never advises an insecure fix (issue 11, diagnosis 2). For the cases where the "obvious" fix is what audit
/// rates critical (Origin null with credentials, '*' or a reflected origin with credentials), the advised response
/// headers are served by a real server and audited with audit's own analyzer: no finding may be critical. The fix
/// text says why the browser's rule is right and what to do instead.
/// </summary>
public sealed class CheckAdviceSafetyTests
{
    private const string Page = AuditTestServer.Trusted;

    private static async Task<CheckResult> CheckAsync(string url, string origin, string credentials)
        => await CheckRunner.RunAsync(new CheckRequest { Url = url, Origin = origin, Credentials = credentials }, new CheckSettings { AllStacks = true });

    /// <summary>A server that sends exactly the advised header lines (the same for every request, as a pasted
    /// configuration would), audited by <c>corskit audit</c>'s engine and analyzer.</summary>
    private static async Task AssertAuditFindsNothingCriticalAsync(FixAdvice advice)
    {
        string? Value(string name) => advice.ActualResponseHeaders.Concat(advice.PreflightResponseHeaders)
            .FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
        var behaviour = new CorsBehaviour
        {
            Allow = _ => Value("Access-Control-Allow-Origin"),
            Credentials = Value("Access-Control-Allow-Credentials") == "true",
            AllowMethods = _ => Value("Access-Control-Allow-Methods"),
            AllowHeaders = _ => Value("Access-Control-Allow-Headers"),
        };
        var result = await AuditTestServer.AuditAsync(behaviour);
        Assert.DoesNotContain(result.Findings, f => f.Severity == Severity.Critical);
        // No snippet writes the opaque origin or echoes the request's Origin.
        Assert.All(advice.Snippets, s =>
        {
            Assert.DoesNotContain("\"null\"", s.Code, StringComparison.Ordinal);
            Assert.DoesNotContain("$http_origin", s.Code, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Origin_null_after_a_redirect_with_credentials_is_not_fixed_by_allowing_null()
    {
        // A cross-origin redirect taints the request's origin to null (Fetch §4.4 HTTP-redirect fetch step 14); the
        // final server allows the page's origin, which no longer matches.
        await using var final = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers["Access-Control-Allow-Origin"] = Page;
            context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
            return Task.CompletedTask;
        });
        var finalUrl = new Uri(final.Origin.Replace("127.0.0.1", "localhost", StringComparison.Ordinal) + "/api/data");
        await using var first = await LoopbackServer.StartAsync(context =>
        {
            context.Response.StatusCode = 307;
            context.Response.Headers.Location = finalUrl.AbsoluteUri;
            context.Response.Headers["Access-Control-Allow-Origin"] = Page;
            context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
            return Task.CompletedTask;
        });

        var result = await CheckAsync(first.Origin + "/start", Page, "include");

        Assert.Equal(nameof(ChromiumCorsError.AllowOriginMismatch), result.Error?.Code);
        Assert.Null(result.Advice!.Origin);
        Assert.Contains("call the final URL", result.Fix, StringComparison.Ordinal);
        Assert.Contains("the browser is right to refuse", result.Fix, StringComparison.Ordinal);
        await AssertAuditFindsNothingCriticalAsync(result.Advice);
    }

    [Fact]
    public async Task Sandboxed_page_with_credentials_is_not_fixed_by_allowing_null()
    {
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);

        var result = await CheckAsync(server.Origin + "/api/data", "null", "include");

        Assert.Equal(nameof(ChromiumCorsError.MissingAllowOriginHeader), result.Error?.Code);
        Assert.Null(result.Advice!.Origin);
        Assert.Contains("real https origin", result.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("Access-Control-Allow-Origin: null", result.Fix, StringComparison.Ordinal);
        await AssertAuditFindsNothingCriticalAsync(result.Advice);
    }

    [Fact]
    public async Task Sandboxed_page_without_credentials_gets_the_wildcard_not_null()
    {
        await using var server = await LoopbackServer.StartAsync(_ => Task.CompletedTask);

        var result = await CheckAsync(server.Origin + "/api/data", "null", "omit");

        Assert.Equal("*", result.Advice!.Origin);
        Assert.DoesNotContain(result.Advice.ActualResponseHeaders, h => h.Value == "null");
        await AssertAuditFindsNothingCriticalAsync(result.Advice);
    }

    [Fact]
    public async Task Wildcard_with_credentials_advises_an_exact_list_never_reflection()
    {
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers["Access-Control-Allow-Origin"] = "*";
            context.Response.Headers["Access-Control-Allow-Credentials"] = "true";
            return Task.CompletedTask;
        });

        var result = await CheckAsync(server.Origin + "/api/data", Page, "include");

        Assert.Equal(nameof(ChromiumCorsError.WildcardOriginNotAllowed), result.Error?.Code);
        Assert.Equal(Page, result.Advice!.Origin);
        Assert.Contains("exact origins", result.Fix, StringComparison.Ordinal);
        Assert.Contains("Do not echo every Origin back", result.Fix, StringComparison.Ordinal);
        await AssertAuditFindsNothingCriticalAsync(result.Advice);
    }

    [Fact]
    public async Task Reflected_origin_missing_credentials_is_not_fixed_by_adding_credentials_to_the_reflection()
    {
        // The server echoes any Origin and lacks Access-Control-Allow-Credentials: adding only `true` would make it
        // origin-reflected with credentials, which audit rates critical.
        await using var server = await LoopbackServer.StartAsync(context =>
        {
            context.Response.Headers["Access-Control-Allow-Origin"] = context.Request.Headers.Origin.ToString();
            return Task.CompletedTask;
        });

        var result = await CheckAsync(server.Origin + "/api/data", Page, "include");

        Assert.Equal(nameof(ChromiumCorsError.InvalidAllowCredentials), result.Error?.Code);
        Assert.Equal(Page, result.Advice!.Origin);
        Assert.Contains("exact allow-list", result.Fix, StringComparison.Ordinal);
        await AssertAuditFindsNothingCriticalAsync(result.Advice);
        // The advice, served as the reflecting server would serve it (echo kept, credentials added), is what audit
        // rates critical: the proof that the exact list in the advice is needed.
        var kept = await AuditTestServer.AuditAsync(new CorsBehaviour { Allow = o => o, Credentials = true });
        Assert.Contains(kept.Findings, f => f.Kind == FindingCatalog.OriginReflected && f.Severity == Severity.Critical);
    }
}
