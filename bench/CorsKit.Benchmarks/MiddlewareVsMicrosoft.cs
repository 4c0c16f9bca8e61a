using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using CorsKit.AspNetCore;
using CorsKit.AspNetCore.Infrastructure;
using CorsKit.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MsCors = Microsoft.AspNetCore.Cors.Infrastructure;

namespace CorsKit.Benchmarks;

/// <summary>
/// CorsKit's middleware against Microsoft.AspNetCore.Cors on the same requests. Both are invoked directly on one
/// reused <see cref="DefaultHttpContext"/> per request shape (response headers reset between runs) so the middleware is measured, not the host;
/// the response feature records <c>OnStarting</c> callbacks and fires them, so Microsoft's deferred header writing is
/// counted too. Each category has Microsoft as its baseline.
/// Run: dotnet run -c Release --project bench/CorsKit.Benchmarks -- --filter '*MiddlewareVsMicrosoft*'
/// (the job is set here: 1 launch, 5 warm-up and 20 measured iterations, tiered PGO on; see docs/benchmarks.md).
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
[Config(typeof(MiddlewareJob))]
public class MiddlewareVsMicrosoft
{
    /// <summary>More iterations than ShortRun (3) so that one disturbed iteration on a shared machine does not decide
    /// a mean; medians are shown too. Tiered PGO is the .NET default; it is set explicitly so runs compare.</summary>
    internal sealed class MiddlewareJob : ManualConfig
    {
        public MiddlewareJob()
        {
            AddJob(Job.Default.WithId("Middleware").WithLaunchCount(1).WithWarmupCount(5).WithIterationCount(20)
                .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(200))
                .WithEnvironmentVariable("DOTNET_TieredPGO", "1"));
            AddColumn(StatisticColumn.Median);
        }
    }

    private const string Allowed = "https://app.example.com";
    private const string Denied = "https://evil.example.net";

    private static readonly RequestDelegate Next = static _ => Task.CompletedTask;

    private Func<HttpContext, Task> _msSmall = null!, _kitSmall = null!;
    private Func<HttpContext, Task> _msMany = null!, _kitMany = null!;
    private Func<HttpContext, Task> _msAny = null!, _kitAny = null!;
    private Request _actualAllowed = null!, _actualDenied = null!, _preflightAllowed = null!, _preflightDenied = null!;
    private Request _many = null!, _hostile = null!;

    /// <summary>
    /// Where request and response headers live. Here: Kestrel's own header stores (known headers such as
    /// <c>Origin</c>, <c>Vary</c> and <c>Access-Control-*</c> in fields), what both middlewares write into in a real
    /// server. <see cref="MiddlewareVsMicrosoftDictionary"/> runs the same benchmarks on
    /// <see cref="DefaultHttpContext"/>'s case-insensitive dictionary (TestHost, unit tests), where every header read or
    /// write is a hash lookup that both sides pay.
    /// </summary>
    public virtual string Headers => "Kestrel";

    [GlobalSetup]
    public void Setup()
    {
        var kestrel = Headers == "Kestrel";
        string[] small = [Allowed, "https://admin.example.com", "https://other.example.org"];
        (_msSmall, _kitSmall) = Pair(
            b => b.WithOrigins(small).WithMethods("PUT", "DELETE").WithHeaders("content-type", "x-api-key")
                .WithExposedHeaders("X-Request-Id").AllowCredentials().SetPreflightMaxAge(TimeSpan.FromSeconds(600)),
            new CorsPolicyOptions
            {
                Origins = small, Methods = ["PUT", "DELETE"], RequestHeaders = ["content-type", "x-api-key"],
                ExposeHeaders = ["X-Request-Id"], Credentials = true, MaxAge = 600,
            });

        var exact = Enumerable.Range(0, 10_000).Select(i => $"https://app{i}.example.com").ToArray();
        var patterns = Enumerable.Range(0, 100).Select(i => $"https://*.tenant{i}.example.net").ToArray();
        _many = new Request(kestrel, "GET", exact[^1]);
        (_msMany, _kitMany) = Pair(
            b => b.WithOrigins([.. exact, .. patterns]).SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials(),
            new CorsPolicyOptions { Origins = [.. exact, .. patterns], Credentials = true });

        (_msAny, _kitAny) = Pair(
            b => b.WithOrigins(small).AllowAnyMethod().AllowAnyHeader(),
            new CorsPolicyOptions { Origins = small, Methods = ["*"], RequestHeaders = ["*"] });
        _hostile = new Request(kestrel, "OPTIONS", Allowed, "PUT", new string(',', 1024));
        _actualAllowed = new Request(kestrel, "GET", Allowed);
        _actualDenied = new Request(kestrel, "GET", Denied);
        _preflightAllowed = new Request(kestrel, "OPTIONS", Allowed, "PUT", "content-type,x-api-key");
        _preflightDenied = new Request(kestrel, "OPTIONS", Denied, "PUT", "content-type,x-api-key");
    }

    private static (Func<HttpContext, Task> Ms, Func<HttpContext, Task> Kit) Pair(Action<MsCors.CorsPolicyBuilder> ms, CorsPolicyOptions kit)
    {
        var builder = new MsCors.CorsPolicyBuilder();
        ms(builder);
        var msPolicy = builder.Build();
        var corsService = new MsCors.CorsService(Options.Create(new MsCors.CorsOptions()), NullLoggerFactory.Instance);
        var msMiddleware = new MsCors.CorsMiddleware(Next, corsService, msPolicy, NullLoggerFactory.Instance);
        var provider = new MsCors.DefaultCorsPolicyProvider(Options.Create(new MsCors.CorsOptions()));

        // CORSKIT_BENCH_PUBLISH=1 measures the opt-in ICorsKitDecisionFeature (CorsKitOptions.PublishDecision).
        var publish = Environment.GetEnvironmentVariable("CORSKIT_BENCH_PUBLISH") == "1";
        var services = new ServiceCollection().AddLogging().AddCorsKit(o =>
        {
            o.AddDefaultPolicy(kit);
            o.PublishDecision = publish;
        }).BuildServiceProvider();
        var kitMiddleware = new CorsKitMiddleware(Next, services.GetRequiredService<CorsKitPolicyProvider>(),
            services.GetRequiredService<CorsKitMetrics>(), NullLogger<CorsKitMiddleware>.Instance, null);
        // The same shape of call for both: one closure that invokes the middleware.
        return (c => msMiddleware.Invoke(c, provider), c => kitMiddleware.Invoke(c));
    }

    private static Task Run(Func<HttpContext, Task> middleware, Request request)
    {
        request.Response.Reset();
        var task = middleware(request.Context);
        request.Response.FireOnStarting();
        return task;
    }

    [Benchmark(Baseline = true), BenchmarkCategory("ActualAllowed")]
    public Task Microsoft_ActualAllowed() => Run(_msSmall, _actualAllowed);

    [Benchmark, BenchmarkCategory("ActualAllowed")]
    public Task CorsKit_ActualAllowed() => Run(_kitSmall, _actualAllowed);

    [Benchmark(Baseline = true), BenchmarkCategory("ActualDenied")]
    public Task Microsoft_ActualDenied() => Run(_msSmall, _actualDenied);

    [Benchmark, BenchmarkCategory("ActualDenied")]
    public Task CorsKit_ActualDenied() => Run(_kitSmall, _actualDenied);

    [Benchmark(Baseline = true), BenchmarkCategory("PreflightAllowed")]
    public Task Microsoft_PreflightAllowed() => Run(_msSmall, _preflightAllowed);

    [Benchmark, BenchmarkCategory("PreflightAllowed")]
    public Task CorsKit_PreflightAllowed() => Run(_kitSmall, _preflightAllowed);

    [Benchmark(Baseline = true), BenchmarkCategory("PreflightDenied")]
    public Task Microsoft_PreflightDenied() => Run(_msSmall, _preflightDenied);

    [Benchmark, BenchmarkCategory("PreflightDenied")]
    public Task CorsKit_PreflightDenied() => Run(_kitSmall, _preflightDenied);

    [Benchmark(Baseline = true), BenchmarkCategory("ManyOrigins")]
    public Task Microsoft_10000Origins100Patterns() => Run(_msMany, _many);

    [Benchmark, BenchmarkCategory("ManyOrigins")]
    public Task CorsKit_10000Origins100Patterns() => Run(_kitMany, _many);

    [Benchmark(Baseline = true), BenchmarkCategory("HostileAcrh")]
    public Task Microsoft_HostileRequestHeaders() => Run(_msAny, _hostile);

    [Benchmark, BenchmarkCategory("HostileAcrh")]
    public Task CorsKit_HostileRequestHeaders() => Run(_kitAny, _hostile);

    private static readonly Func<HttpContext, Task> PassThrough = static c => Next(c);

    /// <summary>The harness alone (response reset, a middleware that only calls next, OnStarting fired): the floor
    /// both middlewares' figures include.</summary>
    [Benchmark(Baseline = true), BenchmarkCategory("HarnessFloor")]
    public Task HarnessOnly_ActualAllowed() => Run(PassThrough, _actualAllowed);

    private static readonly Func<HttpContext, Task> WriteHeadersOnly = static c =>
    {
        var h = c.Response.Headers;
        h.AccessControlAllowOrigin = Allowed;
        h.AccessControlAllowCredentials = "true";
        h.AccessControlExposeHeaders = "X-Request-Id";
        h.Vary = "Origin";
        return Next(c);
    };

    /// <summary>The harness plus writing the four headers of an allowed actual request and nothing else: the least
    /// any middleware can cost on this request.</summary>
    [Benchmark, BenchmarkCategory("HarnessFloor")]
    public Task HeaderWritesOnly_ActualAllowed() => Run(WriteHeadersOnly, _actualAllowed);

    private static readonly System.Collections.Frozen.FrozenSet<string> SmallOrigins =
        System.Collections.Frozen.FrozenSet.ToFrozenSet([Allowed, "https://admin.example.com", "https://other.example.org"], StringComparer.Ordinal);

    private static readonly Func<object, Task> CheckVary = static state =>
    {
        var vary = ((IHeaderDictionary)state).Vary;
        return vary.Count == 1 && ReferenceEquals(vary[0], "Origin") ? Task.CompletedTask : Task.FromResult(1);
    };

    private static readonly Func<HttpContext, Task> DeniedEssentials = static c =>
    {
        var endpoint = (c.Features[typeof(IEndpointFeature)] as IEndpointFeature)?.Endpoint;
        var origin = c.Request.Headers.Origin;
        if (endpoint is null && origin.Count == 1 && !SmallOrigins.Contains(origin[0]!))
        {
            var response = c.Response;
            if (!response.HasStarted)
            {
                var headers = response.Headers;
                if (headers.Count == 0)
                {
                    headers.Vary = "Origin";
                }
                response.OnStarting(CheckVary, headers);
            }
        }
        return Next(c);
    };

    /// <summary>The least a middleware can do for a denied actual request and still keep <c>Vary: Origin</c> safe:
    /// read the endpoint and <c>Origin</c>, miss in a frozen set, write <c>Vary</c>, register and run a response-start
    /// check. No policy, logging, metrics or report-only logic.</summary>
    [Benchmark, BenchmarkCategory("HarnessFloor")]
    public Task DeniedEssentialsOnly_ActualDenied() => Run(DeniedEssentials, _actualDenied);

    /// <summary>One reused <see cref="DefaultHttpContext"/> per request shape; request headers are set once, the
    /// response is reset before every run.</summary>
    private sealed class Request
    {
        public Request(bool kestrel, string method, string origin, string? acrm = null, string? acrh = null)
        {
            if (kestrel)
            {
                Context.Features.Get<IHttpRequestFeature>()!.Headers = KestrelHeaders.Request();
                Response.Headers = KestrelHeaders.Response();
            }
            Context.Features.Set<IHttpResponseFeature>(Response);
            Context.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(Stream.Null));
            Context.Request.Method = method;
            Context.Request.Headers.Origin = origin;
            if (acrm is not null)
            {
                Context.Request.Headers.AccessControlRequestMethod = acrm;
            }
            if (acrh is not null)
            {
                Context.Request.Headers.AccessControlRequestHeaders = acrh;
            }
        }

        public DefaultHttpContext Context { get; } = new();

        public RecordingResponseFeature Response { get; } = new();
    }

    /// <summary>
    /// Kestrel's request and response header stores (internal types of Microsoft.AspNetCore.Server.Kestrel.Core,
    /// created by reflection once per setup; every call afterwards goes through <see cref="IHeaderDictionary"/>).
    /// </summary>
    private static class KestrelHeaders
    {
        private const string Namespace = "Microsoft.AspNetCore.Server.Kestrel.Core.Internal.Http.";

        public static IHeaderDictionary Request() => Create("HttpRequestHeaders");

        public static IHeaderDictionary Response() => Create("HttpResponseHeaders");

        private static IHeaderDictionary Create(string name)
        {
            var assembly = typeof(Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions).Assembly;
            var type = assembly.GetType(Namespace + name, throwOnError: true)!;
            var ctor = type.GetConstructors(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
                .OrderByDescending(c => c.GetParameters().Length).First();
            var args = ctor.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : null).ToArray();
            return (IHeaderDictionary)ctor.Invoke(args);
        }
    }

    /// <summary>A response feature that keeps <c>OnStarting</c> callbacks (in a reused list) and fires them.</summary>
    private sealed class RecordingResponseFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _callbacks = new(4);

        public override void OnStarting(Func<object, Task> callback, object state) => _callbacks.Add((callback, state));

        public void Reset()
        {
            Headers.Clear();
            StatusCode = 200;
            _callbacks.Clear();
        }

        public void FireOnStarting()
        {
            for (var i = _callbacks.Count - 1; i >= 0; i--)
            {
                _callbacks[i].Callback(_callbacks[i].State);
            }
        }
    }
}

/// <summary>The same benchmarks with <see cref="DefaultHttpContext"/>'s dictionary-backed headers.</summary>
public class MiddlewareVsMicrosoftDictionary : MiddlewareVsMicrosoft
{
    /// <inheritdoc/>
    public override string Headers => "Dictionary";
}
