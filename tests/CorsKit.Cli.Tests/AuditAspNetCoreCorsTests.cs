using System.Net;
using CorsKit.Cli.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.Cli.Tests;

/// <summary>The audit against ASP.NET Core's own CORS middleware (Microsoft.AspNetCore.Cors), configured the ways its
/// users commonly configure it: a framework nobody here wrote, on real Kestrel.</summary>
public sealed class AuditAspNetCoreCorsTests
{
    private const string T = AuditTestServer.Trusted;

    private static async Task<TargetResult> AuditAsync(Action<CorsPolicyBuilder> policy)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddCors(o => o.AddDefaultPolicy(policy));
        await using var app = builder.Build();
        app.UseCors();
        app.MapGet("/api/data", () => Results.Json(new { secret = 1 }));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var report = await AuditRunner.RunAsync(new AuditSettings { Targets = [new Uri(address + "/api/data")], TrustedOrigins = [T] });
        await app.StopAsync();
        return Assert.Single(report.Targets);
    }

    // Issue 9 item 3 (the old expectations said "clean"): CorsMiddleware.Invoke returns early when the request has no
    // Origin header, so that response has neither Access-Control-Allow-Origin nor Vary, while the trusted origin gets
    // Access-Control-Allow-Origin; a cache that stored the no-Origin copy hands it to the front end (Fetch "CORS
    // protocol and HTTP caches", whatwg/fetch PR #564; contract amendment A1). So every per-origin policy is
    // missing-vary-origin (low) and nothing else.
    [Fact]
    public async Task WithOrigins_and_credentials_is_only_missing_vary()
    {
        var result = await AuditAsync(p => p.WithOrigins(T).AllowCredentials());
        result.HasExactly("missing-vary-origin");
        Assert.Equal(Severity.Low, result.Single("missing-vary-origin").Severity);
    }

    [Fact]
    public async Task WithOrigins_list_any_method_any_header_reports_info_and_missing_vary_without_origin()
    {
        var result = await AuditAsync(p => p.WithOrigins(T, "https://admin.example.com").AllowAnyMethod().AllowAnyHeader().AllowCredentials());
        Assert.All(result.Findings.Where(f => f.Kind != FindingCatalog.MissingVaryOrigin), f => Assert.Equal(Severity.Info, f.Severity));
        Assert.Contains("preflight-reflects-method", result.Ids());
        Assert.Contains("preflight-reflects-headers", result.Ids());
        // With two origins the middleware sends Vary: Origin whenever Origin is present; only the no-Origin copy lacks it.
        Assert.Null(result.Single("missing-vary-origin").Origin);
    }

    [Fact]
    public async Task AllowAnyOrigin_is_a_wildcard()
    {
        (await AuditAsync(p => p.AllowAnyOrigin())).HasExactly("wildcard-origin");
    }

    [Fact]
    public async Task SetIsOriginAllowed_true_with_credentials_is_reflection()
    {
        var result = await AuditAsync(p => p.SetIsOriginAllowed(_ => true).AllowCredentials());
        result.HasExactly("origin-reflected", "missing-vary-origin");
        Assert.Equal(Severity.Critical, result.Single("origin-reflected").Severity);
    }

    [Fact]
    public async Task Wildcard_subdomains_are_any_subdomain()
    {
        var result = await AuditAsync(p => p.WithOrigins("https://*.example.com").SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials());
        result.HasExactly("any-subdomain-allowed", "missing-vary-origin");
    }
}
