using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using CorsKit.AspNetCore;
using CorsKit.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CorsKit.Relay;

/// <summary>
/// A running relay: <c>GET /https://api.example.com/v1/items</c> is answered with what
/// <c>https://api.example.com/v1/items</c> answers, plus the CORS headers of the relay's own policy. The steps of a
/// request, each refusing with its <see cref="RelayRule"/>: (1) the CorsKit middleware answers preflights and sets the
/// CORS headers (so every refusal below is readable by the page); (2) the Origin must be allowed; (3) the client's rate
/// limit; (4) the target's syntax; (5) the target allow-list; (6) the request body limit; (7) at connect time, every
/// address of the target (<see cref="RelayConnector"/>); (8) each redirect goes through (4), (5) and (7) again;
/// (9) the response body limit.
/// </summary>
public sealed class RelayServer : IAsyncDisposable
{
    private const string RuleKey = "corskit.relay.rule";

    private readonly WebApplication _app;
    private readonly RelayForwarder _forwarder;
    private readonly PartitionedRateLimiter<HttpContext>? _limiter;

    private RelayServer(WebApplication app, RelayForwarder forwarder, PartitionedRateLimiter<HttpContext>? limiter, Uri address)
    {
        _app = app;
        _forwarder = forwarder;
        _limiter = limiter;
        Address = address;
    }

    /// <summary>The bound address, <c>http://127.0.0.1:PORT</c> (the real port when port 0 was asked for).</summary>
    public Uri Address { get; }

    /// <summary>
    /// Validates <paramref name="options"/> (throwing <see cref="RelayOptionsException"/> with every problem) and starts
    /// listening. Each request is logged as one line to <paramref name="log"/> (null: not logged).
    /// </summary>
    public static async Task<RelayServer> StartAsync(RelayOptions options, TextWriter? log = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        var targets = options.DangerouslyAllowAnyTarget
            ? options.AllowedTargets.Count == 0 ? TargetAllowList.Any : Conflict(errors)
            : TargetAllowList.Create(options.AllowedTargets, errors);
        var addresses = AddressRule.Create(options.AllowedPrivateTargets, errors);
        var cors = CallerPolicy(options, errors);
        Positive(errors, options.MaxRequestBodyBytes, "--max-request-bytes");
        Positive(errors, options.MaxResponseBodyBytes, "--max-response-bytes");
        if (options.MaxRedirects < 0)
        {
            errors.Add("--max-redirects must be 0 or more.");
        }

        if (options.RequestsPerMinute < 0)
        {
            errors.Add("--rate-limit must be 0 (off) or more requests per minute.");
        }

        if (errors.Count != 0 || targets is null || addresses is null || cors is null)
        {
            throw new RelayOptionsException(errors);
        }

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(options.Listen);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            // The target's header bytes go back as they came (see RelayForwarder's ResponseHeaderEncodingSelector).
            k.ResponseHeaderEncodingSelector = static _ => System.Text.Encoding.Latin1;
        });
        builder.Services.AddCorsKit(o => o.AddDefaultPolicy(cors.Options));
        var app = builder.Build();
        var forwarder = new RelayForwarder(options, targets, addresses);
        var limiter = options.RequestsPerMinute == 0 ? null : CreateLimiter(options.RequestsPerMinute);
        var writer = log is null ? null : TextWriter.Synchronized(log);
        if (writer is not null)
        {
            // Written when the response is complete, whoever answered it (the CORS layer's preflights included).
            app.Use((context, next) =>
            {
                var started = Stopwatch.GetTimestamp();
                context.Response.OnCompleted(() =>
                {
                    writer.WriteLine(LogLine(context, Stopwatch.GetElapsedTime(started)));
                    return Task.CompletedTask;
                });
                return next(context);
            });
        }

        app.UseCorsKit();
        app.Run(async context =>
        {
            if (await RelayAsync(context, cors, limiter, targets, forwarder).ConfigureAwait(false) is { } refusal)
            {
                await RefuseAsync(context, refusal).ConfigureAwait(false);
            }
        });

        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            forwarder.Dispose();
            limiter?.Dispose();
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RelayServer(app, forwarder, limiter, new Uri(bound));
    }

    private static async Task<RelayRefusal?> RelayAsync(HttpContext context, CorsPolicy cors, PartitionedRateLimiter<HttpContext>? limiter,
        TargetAllowList targets, RelayForwarder forwarder)
    {
        var origins = context.Request.Headers.Origin;
        if (origins.Count == 0)
        {
            return new RelayRefusal(RelayRule.NoOrigin, "the request has no Origin header; the relay serves web pages (a tool can send -H 'Origin: …').");
        }

        if (origins.Count != 1 || !cors.IsOriginAllowed(origins[0]))
        {
            return new RelayRefusal(RelayRule.OriginNotAllowed, $"the origin {origins} may not use this relay.");
        }

        if (limiter is not null)
        {
            using var lease = limiter.AttemptAcquire(context);
            if (!lease.IsAcquired)
            {
                if (lease.TryGetMetadata(MetadataName.RetryAfter, out var after))
                {
                    context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                return new RelayRefusal(RelayRule.RateLimited, $"{context.Connection.RemoteIpAddress} sent more requests than the relay's limit per minute.");
            }
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (!raw.StartsWith('/'))
        {
            return new RelayRefusal(RelayRule.MangledTarget, "the request target must be a path: /https://api.example.com/….");
        }

        if (!RelayTarget.TryParse(raw[1..], out var target, out var refusal))
        {
            return refusal;
        }

        if (!targets.Allows(target))
        {
            return new RelayRefusal(RelayRule.TargetNotAllowed, $"{RelayTarget.OriginOf(target)} is not in the target allow-list (--allow-target).");
        }

        return await forwarder.RelayAsync(context, target).ConfigureAwait(false);
    }

    /// <summary>A refusal: its status, one line of text, and the rule's name in a header (exposed to the page by the
    /// CORS layer's <c>Access-Control-Expose-Headers: *</c>). The CORS headers set by the middleware stay.</summary>
    private static Task RefuseAsync(HttpContext context, RelayRefusal refusal)
    {
        context.Items[RuleKey] = refusal.Rule;
        var response = context.Response;
        if (response.HasStarted)
        {
            context.Abort();
            return Task.CompletedTask;
        }

        response.StatusCode = RelayRules.Status(refusal.Rule);
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers["X-CorsKit-Relay-Rule"] = RelayRules.Name(refusal.Rule);
        var body = System.Text.Encoding.UTF8.GetBytes(refusal + "\n");
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    /// <summary>
    /// The relay's own CORS policy: the operator's origins; any method and request header (the relay forwards what the
    /// page sends, and the target decides); every response header readable; never credentials (a relay origin shared
    /// by many APIs must not carry cookies). Authorization is listed by name when forwarded: Fetch §4.8 step 7.7 does
    /// not let '*' cover it.
    /// </summary>
    private static CorsPolicy? CallerPolicy(RelayOptions options, List<string> errors)
    {
        if (options.AllowedOrigins.Count == 0)
        {
            errors.Add("an origin allow-list is required: give --allow-origin (repeatable, such as --allow-origin http://localhost:3000 or --allow-origin 'http://localhost:*') for the pages that may use the relay.");
            return null;
        }

        List<string> requestHeaders = ["*"];
        if (options.ForwardedCredentials.Contains(RelayCredentialHeader.Authorization))
        {
            requestHeaders.Add("Authorization");
        }

        var policy = new CorsPolicyOptions { Origins = options.AllowedOrigins, Methods = ["*"], RequestHeaders = requestHeaders, ExposeHeaders = ["*"] };
        if (!CorsPolicy.TryBuild(policy, out var built, out var problems))
        {
            errors.AddRange(problems.Select(p => $"--allow-origin: {p.Message}"));
            return null;
        }

        return built;
    }

    private static TargetAllowList? Conflict(List<string> errors)
    {
        errors.Add("--allow-target and --dangerously-allow-any-target cannot be combined: choose the allow-list or none.");
        return null;
    }

    private static void Positive(List<string> errors, long value, string flag)
    {
        if (value <= 0)
        {
            errors.Add($"{flag} must be a positive number of bytes.");
        }
    }

    /// <summary>One token bucket per client address (System.Threading.RateLimiting): a minute's worth of requests may
    /// come at once, and the bucket refills evenly.</summary>
    private static PartitionedRateLimiter<HttpContext> CreateLimiter(int perMinute)
    {
        var (period, tokens) = perMinute <= 60
            ? (TimeSpan.FromMinutes(1) / perMinute, 1)
            : (TimeSpan.FromSeconds(1), (perMinute + 59) / 60);
        return PartitionedRateLimiter.Create<HttpContext, IPAddress>(context => RateLimitPartition.GetTokenBucketLimiter(
            context.Connection.RemoteIpAddress ?? IPAddress.None,
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = perMinute,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    private static string LogLine(HttpContext context, TimeSpan elapsed)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        var target = raw.Length > 200 ? raw[..200] + "…" : raw;
        var rule = context.Items[RuleKey] is RelayRule r ? " " + RelayRules.Name(r) : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{context.Request.Method} {Sanitize(target)} -> {context.Response.StatusCode}{rule} {elapsed.TotalMilliseconds:0} ms");
    }

    /// <summary>The request target as printable ASCII (a log line must not carry terminal escapes).</summary>
    private static string Sanitize(string text) =>
        string.Create(text.Length, text, static (span, s) =>
        {
            for (var i = 0; i < s.Length; i++)
            {
                span[i] = s[i] is >= ' ' and < (char)0x7F ? s[i] : '?';
            }
        });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _forwarder.Dispose();
        _limiter?.Dispose();
    }
}
