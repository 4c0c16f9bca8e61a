using System.Diagnostics;
using System.Reflection;
using BenchmarkDotNet.Attributes;

namespace CorsKit.Benchmarks;

/// <summary>
/// A plain <see cref="Stopwatch"/> loop over <see cref="MiddlewareVsMicrosoft"/>'s benchmark methods, for quick
/// checks while changing the middleware (best of 5 rounds of 1,000,000 calls each). BenchmarkDotNet gives the figures
/// of record; this only shows which way a change goes.
/// </summary>
internal static class QuickRun
{
    public static void Run(string headers, string? filter = null, int rounds = 5)
    {
        var bench = headers == "Dictionary" ? new MiddlewareVsMicrosoftDictionary() : new MiddlewareVsMicrosoft();
        bench.Setup();
        var methods = typeof(MiddlewareVsMicrosoft).GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null)
            .Where(m => filter is null || m.Name.Contains(filter, StringComparison.OrdinalIgnoreCase)).ToArray();
        Console.WriteLine($"headers: {headers}");
        foreach (var m in methods)
        {
            var call = m.CreateDelegate<Func<Task>>(bench);
            var n = m.Name.Contains("10000", StringComparison.Ordinal) && m.Name.StartsWith("Microsoft", StringComparison.Ordinal) ? 20_000 : 1_000_000;
            for (var i = 0; i < n / 10; i++)
            {
                call();
            }
            var best = double.MaxValue;
            for (var round = 0; round < rounds; round++)
            {
                var sw = Stopwatch.StartNew();
                for (var i = 0; i < n; i++)
                {
                    call();
                }
                best = Math.Min(best, sw.Elapsed.TotalNanoseconds / n);
            }
            Console.WriteLine($"  {m.Name,-40} {best,10:F1} ns");
        }
    }
}

/// <summary>The policy engine alone (no middleware, no headers), to separate evaluation from header I/O.</summary>
internal static class QuickPolicy
{
    public static void Run()
    {
        var policy = CorsKit.Policy.CorsPolicy.Build(new CorsKit.Policy.CorsPolicyOptions
        {
            Origins = ["https://app.example.com", "https://admin.example.com", "https://other.example.org"],
            Methods = ["PUT", "DELETE"], RequestHeaders = ["content-type", "x-api-key"],
            ExposeHeaders = ["X-Request-Id"], Credentials = true, MaxAge = 600,
        });
        var set = System.Collections.Frozen.FrozenSet.ToFrozenSet(["https://app.example.com", "https://admin.example.com", "https://other.example.org"], StringComparer.Ordinal);
        Console.WriteLine("  frozen set: " + set.GetType().Name);
        Time("FrozenSet hit", () => set.Contains("https://app.example.com"));
        Time("FrozenSet miss", () => set.Contains("https://evil.example.net"));
        Time("IsOriginAllowed hit", () => policy.IsOriginAllowed("https://app.example.com"));
        Time("IsOriginAllowed miss", () => policy.IsOriginAllowed("https://evil.example.net"));
        Time("EvaluateActual allowed", () => policy.EvaluateActual("https://app.example.com").IsDenied);
        Time("EvaluateActual denied", () => policy.EvaluateActual("https://evil.example.net").IsDenied);
        Time("EvaluatePreflight allowed", () => policy.EvaluatePreflight("https://app.example.com", "PUT", "content-type,x-api-key").IsDenied);
        Time("EvaluatePreflight denied", () => policy.EvaluatePreflight("https://evil.example.net", "PUT", "content-type,x-api-key").IsDenied);
    }

    private static void Time(string name, Func<bool> f)
    {
        var best = double.MaxValue;
        for (var round = 0; round < 6; round++)
        {
            var sw = Stopwatch.StartNew();
            for (var i = 0; i < 1_000_000; i++)
            {
                f();
            }
            best = Math.Min(best, sw.Elapsed.TotalNanoseconds / 1_000_000);
        }
        Console.WriteLine($"  {name,-40} {best,10:F1} ns");
    }
}
