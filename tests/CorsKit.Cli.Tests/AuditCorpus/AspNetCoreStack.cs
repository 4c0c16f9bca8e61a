using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// ASP.NET Core's own CORS middleware (Microsoft.AspNetCore.Cors) on Kestrel in this process, loopback only.
/// Matching: CorsPolicy.IsOriginAllowed (default: Origins.Contains; SetIsOriginAllowed replaces it;
/// SetIsOriginAllowedToAllowWildcardSubdomains uses CorsPolicyExtensions.IsOriginAnAllowedSubdomain, i.e.
/// UriHelpers.IsSubdomainOf: same scheme, same port, host ending in "." + the wildcard's domain).
/// Vary: CorsService.PopulateResult sets VaryByOrigin = Origins.Count > 1 || !IsDefaultIsOriginAllowed.
/// </summary>
internal static class AspNetCoreStack
{
    public static async Task<CorpusServer> StartAsync(CorpusConfig config)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => Configure(p, config)));
        var app = builder.Build();
        if (config.AddVary)
        {
            app.Use((context, next) =>
            {
                context.Response.Headers.Append("Vary", "Origin");
                return next(context);
            });
        }

        app.UseCors();
        if (config.ErrorsKeepCors)
        {
            // Inside the CORS middleware, so the 500 is an ordinary response that gets the CORS headers.
            app.Use(async (context, next) =>
            {
                try
                {
                    await next(context);
                }
                catch (InvalidOperationException) when (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                }
            });
        }

        app.MapGet("/api/data", () => Results.Json(new { secret = 1 }));
        app.MapGet("/api/boom", IResult () => throw new InvalidOperationException("boom"));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CorpusServer(new Uri(address), [new StoppingApp(app)], null);
    }

    private static void Configure(CorsPolicyBuilder policy, CorpusConfig config)
    {
        var origin = config.Origin;
        switch (origin.Kind)
        {
            case MatcherKind.List:
                policy.WithOrigins([.. origin.Origins]);
                if (origin.Origins.Any(o => o.Contains("://*.", StringComparison.Ordinal)))
                {
                    // The documented way to list "https://*.example.com" entries.
                    policy.SetIsOriginAllowedToAllowWildcardSubdomains();
                }

                break;
            case MatcherKind.Reflect:
                policy.SetIsOriginAllowed(_ => true);
                break;
            case MatcherKind.Wildcard:
                policy.AllowAnyOrigin();
                break;
            case MatcherKind.Pattern when origin.Style == PatternStyle.Glob:
                var glob = origin.RequiredPattern.ToGlob();
                if (glob.Contains('*', StringComparison.Ordinal))
                {
                    policy.WithOrigins(glob).SetIsOriginAllowedToAllowWildcardSubdomains();
                }
                else
                {
                    policy.WithOrigins(glob);
                }

                break;
            case MatcherKind.Pattern:
                var tests = origin.RequiredPattern.ToPredicate();
                policy.SetIsOriginAllowed(o => tests.All(t => t.Holds(o)));
                break;
            default:
                throw new InvalidOperationException($"ASP.NET Core has no {origin.Kind} origin");
        }

        if (config.Credentials)
        {
            policy.AllowCredentials();
        }

        if (config.AnyMethod)
        {
            policy.AllowAnyMethod();
        }
        else
        {
            policy.WithMethods("GET", "POST");
        }

        if (config.AnyHeader)
        {
            policy.AllowAnyHeader();
        }
        else
        {
            policy.WithHeaders("Content-Type");
        }
    }

    private sealed class StoppingApp(WebApplication app) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
