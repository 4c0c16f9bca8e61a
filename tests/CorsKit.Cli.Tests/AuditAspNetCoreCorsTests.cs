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

    [Fact]
    public async Task WithOrigins_and_credentials_is_clean()
    {
        // One origin: ASP.NET Core sends it without Vary (a static origin), which is not missing-vary-origin.
        (await AuditAsync(p => p.WithOrigins(T).AllowCredentials())).HasExactly();
    }

    [Fact]
    public async Task WithOrigins_list_any_method_any_header_reports_only_info()
    {
        var result = await AuditAsync(p => p.WithOrigins(T, "https://admin.example.com").AllowAnyMethod().AllowAnyHeader().AllowCredentials());
        Assert.All(result.Findings, f => Assert.Equal(Severity.Info, f.Severity));
        Assert.Contains("preflight-reflects-method", result.Ids());
        Assert.Contains("preflight-reflects-headers", result.Ids());
        Assert.DoesNotContain("missing-vary-origin", result.Ids());
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
        result.HasExactly("origin-reflected");
        Assert.Equal(Severity.Critical, result.Single("origin-reflected").Severity);
    }

    [Fact]
    public async Task Wildcard_subdomains_are_any_subdomain()
    {
        var result = await AuditAsync(p => p.WithOrigins("https://*.example.com").SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials());
        result.HasExactly("any-subdomain-allowed");
    }
}
