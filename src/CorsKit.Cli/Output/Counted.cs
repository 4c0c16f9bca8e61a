using System.Globalization;

namespace CorsKit.Cli.Output;

/// <summary>The one rule for "1 request" / "2 requests" in everything the CLI prints.</summary>
internal static class Counted
{
    /// <summary><paramref name="count"/> and the noun, plural unless the count is one: <c>Of(1, "request")</c> is
    /// "1 request", <c>Of(0, "finding")</c> is "0 findings".</summary>
    public static string Of(int count, string noun, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : plural ?? noun + "s");
}
