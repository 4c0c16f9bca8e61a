using System.Globalization;

namespace CorsKit.Cli.Input;

/// <summary>
/// The one parser for numeric command-line flags (<c>--timeout</c>, <c>--rate-limit</c>, <c>--concurrency</c>,
/// <c>--retries</c>, …). Each flag has a range that the code behind it can honour: a wait longer than an hour, a
/// pause between requests longer than an hour, <c>Infinity</c>, <c>NaN</c> or <c>1e12</c> is a typing error, not a
/// setting, and used as given it would overflow a timer or a <see cref="TimeSpan"/>. Every refusal is one sentence
/// (<see cref="UsageException"/>, exit code 2).
/// </summary>
internal static class NumericFlag
{
    /// <summary>The longest wait any flag accepts: an hour (also the gateway's limit).</summary>
    public const double MaxSeconds = 3600;

    /// <summary>A number of seconds in (0, <paramref name="max"/>], at least a millisecond; <paramref name="fallback"/> when not given.</summary>
    public static TimeSpan Seconds(string flag, string? text, double fallback, double max = MaxSeconds)
    {
        if (text is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        return TryParseSeconds(text, max, out var value)
            ? value
            : throw new UsageException($"{flag} must be a number of seconds greater than 0 and at most {Show(max)}, not '{text}'.");
    }

    /// <summary>Parses seconds (fractions allowed, invariant culture) within (0, <paramref name="max"/>]; the gateway's
    /// flags and config file use it too.</summary>
    public static bool TryParseSeconds(string text, double max, out TimeSpan value)
    {
        value = default;
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && TryFromSeconds(seconds, max, out value);
    }

    /// <summary>Seconds within (0, <paramref name="max"/>]: finite, and at least a millisecond, below which a timer
    /// cannot tell the value from zero.</summary>
    public static bool TryFromSeconds(double seconds, double max, out TimeSpan value)
    {
        value = default;
        if (!double.IsFinite(seconds) || !(seconds >= 0.001) || seconds > max)
        {
            return false;
        }

        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>A rate in requests per second: 0 (no limit) or within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static double Rate(string flag, string? text, double min, double max)
    {
        if (text is null)
        {
            return 0;
        }

        var what = $"0 (no limit) or a number of requests per second from {Show(min)} to {Show(max)}";
        var rate = Parse(flag, text, what);
        if (rate != 0 && !(rate >= min && rate <= max))
        {
            throw new UsageException($"{flag} must be {what}, not '{text}'.");
        }

        return rate;
    }

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="fallback"/> when not given.</summary>
    public static int Integer(string flag, string? text, int fallback, int min, int max)
    {
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"{flag} must be a whole number from {min} to {max}, not '{text}'.");
        }

        return value;
    }

    /// <summary>A whole, non-negative number of seconds such as <c>--max-age 600</c>, or null when not given. Only the
    /// form is checked here; the range belongs to the rule that uses it (the policy's max-age limit).</summary>
    public static int? WholeSeconds(string flag, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new UsageException($"{flag} must be a whole number of seconds, not '{text}'.");
    }

    private static double Parse(string flag, string text, string what)
    {
        // Invariant culture: "0.5" means a half everywhere. Infinity and NaN parse as numbers; the ranges refuse them.
        if (!double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            throw new UsageException($"{flag} must be {what}, not '{text}'.");
        }

        return value;
    }

    private static string Show(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
