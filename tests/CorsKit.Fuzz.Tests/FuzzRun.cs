using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CorsKit.Fuzz.Tests;

/// <summary>
/// Runs one parser over <see cref="FuzzSettings.Iterations"/> mutated inputs and asserts what issue 10 asks of every
/// parser: no exception but the ones its API documents (the <c>expected</c> predicate), and bounded memory: what one
/// input allocates stays under <see cref="AllocationBudget"/> of its length (a parser that kept every byte of a hostile
/// stream, or went quadratic, fails), and nothing is retained across inputs.
/// </summary>
internal sealed class FuzzRun
{
    /// <summary>Most bytes one input may allocate: 4 MB plus 1 KiB per input character. A test body runs several
    /// parsers over the input (the origin test about ten, and a non-ASCII label costs an IDNA conversion), so linear
    /// work reaches a few hundred bytes per character; quadratic work passes 1 KiB per character from a few thousand
    /// characters on (the long run's quadratic cases allocated 2.5 GB and 68 GB for 256 KiB inputs).</summary>
    public static long AllocationBudget(int length) => (4L << 20) + (1024L * length);

    /// <summary>The same for the asynchronous runner, whose process-wide count also sees the runtime's own work
    /// (timers, the thread pool, tiered compilation): a larger floor, the same slope.</summary>
    public static long ProcessAllocationBudget(int length) => (32L << 20) + (1024L * length);

    /// <summary>Most managed memory a whole run may retain once it is over.</summary>
    private const long RetainedBudget = 64L << 20;

    /// <summary>Slowest a single input may be (generous: the machine is shared).</summary>
    private static readonly TimeSpan SlowInput = TimeSpan.FromSeconds(5);

    private static readonly object LogLock = new();

    private readonly string _parser;
    private readonly FuzzSettings _settings;
    private readonly ITestOutputHelper _output;
    private readonly List<string> _failures = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly long _retainedBefore;
    private readonly Func<int, long> _budget;
    private long _inputs, _failed, _maxAllocated, _totalChars;
    private int _maxAllocatedLength, _longest;
    private TimeSpan _slowest;

    private FuzzRun(string parser, FuzzSettings settings, ITestOutputHelper output, Func<int, long> budget)
    {
        _budget = budget;
        _parser = parser;
        _settings = settings;
        _output = output;
        _retainedBefore = GC.GetTotalMemory(forceFullCollection: true);
    }

    /// <summary>An exception of exactly one of these types is a documented outcome.</summary>
    public static Func<Exception, bool> Documented(params Type[] types) => ex => types.Contains(ex.GetType());

    /// <summary>Fuzzes a synchronous parser; allocation is measured on this thread.</summary>
    /// <param name="source">Where the parser's input comes from: <see cref="InputSource.File"/> inputs are arbitrary bytes
    /// decoded as UTF-8, as the CLI reads a file (so never a lone surrogate, but U+FFFD and JSON <c>\ud800</c> escapes);
    /// <see cref="InputSource.Api"/> inputs are any .NET string, as a library caller may pass.</param>
    public static void Sync(ITestOutputHelper output, string parser, long ciIterations, IReadOnlyList<string> seeds, IReadOnlyList<string> tokens,
        Func<Exception, bool> expected, InputSource source, Action<string> body)
    {
        var settings = FuzzSettings.FromEnvironment(ciIterations);
        WarmUp(seeds, body);
        var run = new FuzzRun(parser, settings, output, AllocationBudget);
        var mutator = new Mutator(new Random(settings.SeedFor(parser)), seeds, tokens);
        for (long i = 0; i < settings.Iterations; i++)
        {
            var input = source == InputSource.File ? Encoding.UTF8.GetString(mutator.Bytes(mutator.Next())) : mutator.Next();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            Exception? error = null;
            try
            {
                body(input);
            }
            catch (Exception ex) when (!expected(ex))
            {
                error = ex;
            }
            catch (Exception)
            {
                // documented by the parser's API (CorsPolicyValidationException, FormatException, …)
            }
            run.Record(i, input, GC.GetAllocatedBytesForCurrentThread() - allocated, Stopwatch.GetElapsedTime(started), error);
        }
        run.Finish();
    }

    /// <summary>Fuzzes an asynchronous parser (the raw HTTP client); allocation is measured process-wide and precisely
    /// (the imprecise count lags, and charged one input's bytes to the next), which includes the test's own loopback
    /// server (small, fixed per input).</summary>
    public static async Task Async(ITestOutputHelper output, string parser, long ciIterations, IReadOnlyList<string> seeds, IReadOnlyList<string> tokens,
        Func<Exception, bool> expected, Func<Mutator, string, Task> body)
    {
        var settings = FuzzSettings.FromEnvironment(ciIterations);
        var run = new FuzzRun(parser, settings, output, ProcessAllocationBudget);
        var mutator = new Mutator(new Random(settings.SeedFor(parser)), seeds, tokens);
        for (long i = 0; i < settings.Iterations; i++)
        {
            var input = mutator.Next();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var started = Stopwatch.GetTimestamp();
            Exception? error = null;
            try
            {
                await body(mutator, input);
            }
            catch (Exception ex) when (!expected(ex))
            {
                error = ex;
            }
            catch (Exception)
            {
                // documented by the client's API
            }
            run.Record(i, input, GC.GetTotalAllocatedBytes(precise: true) - allocated, Stopwatch.GetElapsedTime(started), error);
        }
        run.Finish();
    }

    /// <summary>Runs each seed once before measuring, so one-time work (loading the Public Suffix List, JIT) is not
    /// counted against the first input. Failures on seeds are not hidden: every seed is also a mutation base.</summary>
    private static void WarmUp(IReadOnlyList<string> seeds, Action<string> body)
    {
        foreach (var seed in seeds)
        {
            try
            {
                body(seed);
            }
            catch (Exception)
            {
                // judged in the measured run
            }
        }
    }

    private void Record(long index, string input, long allocated, TimeSpan elapsed, Exception? error)
    {
        _inputs++;
        _totalChars += input.Length;
        _longest = Math.Max(_longest, input.Length);
        if (allocated > _maxAllocated)
        {
            _maxAllocated = allocated;
            _maxAllocatedLength = input.Length;
        }
        if (elapsed > _slowest)
        {
            _slowest = elapsed;
        }
        if (error is null && allocated > _budget(input.Length))
        {
            error = new InvalidOperationException($"allocated {allocated:N0} bytes for an input of {input.Length:N0} characters (budget {_budget(input.Length):N0})");
        }
        if (error is null && elapsed > SlowInput)
        {
            error = new TimeoutException($"took {elapsed.TotalSeconds:0.0} s for an input of {input.Length:N0} characters");
        }
        if (error is not null)
        {
            _failed++;
            if (_failures.Count < 5)
            {
                _failures.Add($"input #{index} (seed {_settings.SeedFor(_parser)}): \"{Escape(input)}\"\n{error}");
            }
        }
        if (_inputs % 100_000 == 0)
        {
            Log($"progress {Summary()}");
        }
    }

    private void Finish()
    {
        var retained = GC.GetTotalMemory(forceFullCollection: true) - _retainedBefore;
        var line = $"{Summary()} retained_mb={retained / 1048576.0:0.0}";
        _output.WriteLine(line);
        Log($"done {line}");
        Assert.True(_failed == 0, $"{_parser}: {_failed} of {_inputs} inputs failed; first ones:\n\n{string.Join("\n\n", _failures)}");
        Assert.True(retained < RetainedBudget, $"{_parser}: {retained:N0} bytes retained after the run");
    }

    private string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"parser={_parser} seed={_settings.SeedFor(_parser)} inputs={_inputs} failures={_failed} mean_chars={(_inputs == 0 ? 0 : _totalChars / _inputs)} longest_chars={_longest} max_alloc_bytes={_maxAllocated} (input of {_maxAllocatedLength} chars) slowest_ms={_slowest.TotalMilliseconds:0.0} elapsed_s={_clock.Elapsed.TotalSeconds:0.0} inputs_per_s={_inputs / Math.Max(_clock.Elapsed.TotalSeconds, 0.001):0}");

    private void Log(string line)
    {
        if (_settings.LogPath is { } path)
        {
            lock (LogLock)
            {
                File.AppendAllText(path, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ} {line}\n");
            }
        }
    }

    /// <summary>The input as a C# string literal body, cut to 400 characters, so a failure can be replayed.</summary>
    private static string Escape(string input)
    {
        var b = new StringBuilder();
        foreach (var c in input.Length > 400 ? input[..400] : input)
        {
            b.Append(c is >= ' ' and < '\u007f' and not '"' and not '\\' ? c.ToString() : $"\\u{(int)c:x4}");
        }
        return input.Length > 400 ? b.Append($"… ({input.Length} characters)").ToString() : b.ToString();
    }
}
