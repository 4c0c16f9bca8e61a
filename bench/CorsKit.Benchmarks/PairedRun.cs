using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using BenchmarkDotNet.Attributes;

namespace CorsKit.Benchmarks;

/// <summary>
/// Two builds of <see cref="MiddlewareVsMicrosoft"/> side by side in one process: this build and another one (for
/// example the main branch's, built elsewhere), each loaded into its own <see cref="AssemblyLoadContext"/> with its
/// own CorsKit assemblies. Every benchmark method of both builds runs in short slices, round-robin with a rotating
/// start, so that whatever else the machine does falls on both alike; each figure is the median over slices, and each
/// ratio the median of the per-slice ratios. Meant for a shared machine, where two separate runs minutes apart differ
/// by more than the change being measured. BenchmarkDotNet stays the tool of record on an idle machine.
/// Run: CorsKit.Benchmarks paired /path/to/other/bin/Release/net10.0/CorsKit.Benchmarks.dll [name-filter] [slices]
/// </summary>
internal static class PairedRun
{
    private const int CallsPerSlice = 20_000;

    public static void Run(string otherBuild, string? filter, int slices)
    {
        var sides = new[] { ("other", Path.GetFullPath(otherBuild)), ("this", typeof(PairedRun).Assembly.Location) };
        var names = typeof(MiddlewareVsMicrosoft).GetMethods()
            .Where(m => m.GetCustomAttribute<BenchmarkAttribute>() is not null && !m.Name.Contains("10000", StringComparison.Ordinal))
            .Where(m => string.IsNullOrEmpty(filter) || m.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
            .Select(m => m.Name).ToArray();
        // calls[side][name]
        var calls = sides.Select(s => Delegates(s.Item1, s.Item2, names)).ToArray();
        foreach (var side in calls)
        {
            foreach (var call in side.Values)
            {
                Time(call, 10 * CallsPerSlice); // warm-up: tiered compilation and PGO settle
            }
        }
        var samples = names.ToDictionary(n => n, _ => new double[2][] { new double[slices], new double[slices] });
        var order = names.SelectMany(n => new[] { (n, 0), (n, 1) }).ToArray();
        for (var slice = 0; slice < slices; slice++)
        {
            for (var k = 0; k < order.Length; k++)
            {
                var (name, side) = order[(k + slice) % order.Length];
                samples[name][side][slice] = Time(calls[side][name], CallsPerSlice);
            }
        }
        Console.WriteLine($"{slices} slices of {CallsPerSlice:N0} calls per method and build; ns per call, median over slices");
        Console.WriteLine($"{"method",-36} {"other",10} {"this",10} {"this/other",11}");
        foreach (var name in names)
        {
            var s = samples[name];
            Console.WriteLine($"{name,-36} {Median(s[0]),10:F1} {Median(s[1]),10:F1} {Median(Ratios(s[1], s[0])),11:F2}");
        }
        Console.WriteLine();
        Console.WriteLine($"{"speed-up over Microsoft (Microsoft/CorsKit)",-44} {"other",8} {"this",8}");
        foreach (var kit in names.Where(n => n.StartsWith("CorsKit_", StringComparison.Ordinal)))
        {
            var ms = "Microsoft_" + kit["CorsKit_".Length..];
            if (samples.TryGetValue(ms, out var m))
            {
                var c = samples[kit];
                Console.WriteLine($"{kit["CorsKit_".Length..],-44} {Median(Ratios(m[0], c[0])),8:F2} {Median(Ratios(m[1], c[1])),8:F2}");
            }
        }
    }

    private static Dictionary<string, Func<Task>> Delegates(string label, string path, string[] names)
    {
        var context = new BuildContext(label, path);
        var assembly = context.LoadFromAssemblyPath(path);
        var type = assembly.GetType(typeof(MiddlewareVsMicrosoft).FullName!, throwOnError: true)!;
        var bench = Activator.CreateInstance(type)!;
        type.GetMethod(nameof(MiddlewareVsMicrosoft.Setup))!.Invoke(bench, null);
        return names.ToDictionary(n => n, n => type.GetMethod(n)!.CreateDelegate<Func<Task>>(bench));
    }

    private static double Time(Func<Task> call, int n)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            call();
        }
        return sw.Elapsed.TotalNanoseconds / n;
    }

    private static double[] Ratios(double[] a, double[] b) => a.Zip(b, (x, y) => x / y).ToArray();

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Loads one build's own assemblies (from its deps.json); the shared framework comes from the default
    /// context, so both builds run on the same ASP.NET Core.</summary>
    private sealed class BuildContext(string name, string mainAssembly) : AssemblyLoadContext(name)
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;
    }
}
