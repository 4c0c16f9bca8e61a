using BenchmarkDotNet.Running;

// Run with: dotnet run -c Release --project bench/CorsKit.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

/// <summary>Entry point marker for the benchmark switcher.</summary>
public partial class Program;
