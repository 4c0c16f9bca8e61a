using System.Globalization;

namespace CorsKit.Fuzz.Tests;

/// <summary>
/// How long a fuzz run is: the small CI count unless <c>CORSKIT_FUZZ_ITERATIONS</c> says otherwise (the long run);
/// <c>CORSKIT_FUZZ_SEED</c> replays or varies a run; <c>CORSKIT_FUZZ_LOG</c> names a file that gets one progress line
/// every 100,000 inputs and one summary line per parser, so a long run can be read while it goes.
/// </summary>
internal sealed record FuzzSettings(long Iterations, int Seed, string? LogPath)
{
    public const int DefaultSeed = 20261203;

    public static FuzzSettings FromEnvironment(long ciIterations)
    {
        var iterations = long.TryParse(Environment.GetEnvironmentVariable("CORSKIT_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n : ciIterations;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CORSKIT_FUZZ_SEED"), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var s)
            ? s : DefaultSeed;
        var log = Environment.GetEnvironmentVariable("CORSKIT_FUZZ_LOG");
        return new FuzzSettings(iterations, seed, string.IsNullOrEmpty(log) ? null : log);
    }

    /// <summary>A seed per parser, so that adding a parser does not change the inputs of the others.</summary>
    public int SeedFor(string parser)
    {
        var h = Seed;
        foreach (var c in parser)
        {
            h = unchecked((h * 31) + c);
        }
        return h;
    }
}
