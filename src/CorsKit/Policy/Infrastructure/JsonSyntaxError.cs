using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CorsKit.Policy.Infrastructure;

/// <summary>
/// Where and why a JSON document (a policy file, a gateway config) does not parse, as people count: "at line 1, column
/// 63: …". System.Text.Json counts lines from 0 and columns in UTF-8 bytes from 0, and ends its message with those
/// figures (" LineNumber: 0 | BytePositionInLine: 62."); this is the one place that turns them around.
/// </summary>
internal static class JsonSyntaxError
{
    /// <summary>" at line L, column C: reason." (or ": reason." when the reader gave no position), to follow "… is not
    /// valid JSON", for a
    /// <see cref="JsonException"/> thrown while parsing <paramref name="json"/>.</summary>
    public static string Describe(string json, JsonException ex)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(ex);
        var reason = ex.Message;
        // Drop the reader's 0-based figures (and a " Path: $…" part): the position is given 1-based below.
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut];
        }
        cut = reason.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            reason = reason[..cut];
        }
        reason = reason.Trim().TrimEnd('.');
        if (ex.LineNumber is not { } line || ex.BytePositionInLine is not { } bytes)
        {
            return $": {reason}.";
        }
        return string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, column {ColumnOf(json, line, bytes)}: {reason}.");
    }

    private static long ColumnOf(string json, long line, long bytes)
    {
        var start = 0;
        for (long l = 0; l < line; l++)
        {
            var next = json.IndexOf('\n', start);
            if (next < 0)
            {
                return bytes + 1;
            }
            start = next + 1;
        }
        var end = json.IndexOf('\n', start);
        var text = end < 0 ? json[start..] : json[start..end];
        var encoded = Encoding.UTF8.GetBytes(text);
        var prefix = (int)Math.Min(bytes, encoded.Length);
        return Encoding.UTF8.GetCharCount(encoded, 0, prefix) + 1;
    }
}
