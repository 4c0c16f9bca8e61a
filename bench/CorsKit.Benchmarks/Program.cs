using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/CorsKit.Benchmarks -- --filter '*'
// Quick in-process check (Stopwatch, best of 5 rounds, no BenchmarkDotNet): ... -- quick [Kestrel|Dictionary|policy]
// Two builds side by side in one process (shared machines): ... -- paired OTHER/CorsKit.Benchmarks.dll [filter] [slices]
if (args.Length > 1 && args[0] == "paired")
{
    CorsKit.Benchmarks.PairedRun.Run(args[1], args.Length > 2 ? args[2] : null,
        args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 200);
    return;
}
if (args.Length > 0 && args[0] == "quick")
{
    if (args.Length > 1 && args[1] == "policy")
    {
        CorsKit.Benchmarks.QuickPolicy.Run();
    }
    else
    {
        CorsKit.Benchmarks.QuickRun.Run(args.Length > 1 ? args[1] : "Kestrel", args.Length > 2 ? args[2] : null,
            args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5);
    }
    return;
}
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point marker for the benchmark switcher.</summary>
public partial class Program;
