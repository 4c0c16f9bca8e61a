using System.Text;
using Microsoft.Extensions.Primitives;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// How the gateway's Kestrel decodes request header bytes, and the <c>Connection</c> lines as they were received.
/// </summary>
/// <remarks>
/// Every value is decoded as Latin-1, one char per byte, so a UTF-8 cookie (browsers send them, RFC 6265 §5.4 leaves
/// values opaque) reaches the upstream as the same bytes when the forwarder encodes it back as Latin-1 (issue 10 item
/// 8; YARP's test/ReverseProxy.FunctionalTests/HeaderEncodingTests.cs checks the same round trip).
/// <para>
/// <c>Connection</c> needs more: Kestrel's <c>HttpHeaders.ParseConnection</c> replaces the whole value with its
/// interned <c>keep-alive</c>, <c>close</c> or <c>Upgrade</c> when exactly one of those three options is recognised,
/// whatever other tokens the value held, so <c>Connection: close, X-Secret</c> reads as <c>close</c> and the
/// forwarder could not know that <c>X-Secret</c> is hop-by-hop (RFC 9110 §7.6.1; issue 10 item 13). The decoder
/// Kestrel asks for that one header records the text it decodes, on the thread that parses the request; the route
/// step, which Kestrel runs synchronously on that thread right after parsing, takes it with <see cref="TakeConnection"/>.
/// </para>
/// </remarks>
internal static class ReceivedHeaders
{
    /// <summary>More <c>Connection</c> lines than any client sends in one request.</summary>
    private const int MaxLines = 16;

    [ThreadStatic]
    private static List<string>? t_connection;

    /// <summary>For <c>KestrelServerOptions.RequestHeaderEncodingSelector</c>.</summary>
    public static Encoding Select(string name) =>
        name.Equals("Connection", StringComparison.OrdinalIgnoreCase) ? ConnectionDecoder.Instance : Encoding.Latin1;

    /// <summary>
    /// The <c>Connection</c> field lines as received when Kestrel shows only a value it may have rewritten
    /// (<paramref name="parsed"/> is exactly <c>keep-alive</c>, <c>close</c> or <c>Upgrade</c>) and the recorded lines
    /// agree with it; otherwise <paramref name="parsed"/> itself, which Kestrel left as received.
    /// </summary>
    public static StringValues TakeConnection(StringValues parsed)
    {
        var recorded = t_connection;
        t_connection = null;
        if (parsed.Count != 1 || recorded is null || !IsInterned(parsed[0]!))
        {
            return parsed;
        }
        // Recorded on this thread for this request: its lines must name the option Kestrel kept. Anything else is a
        // leftover from another request, and Kestrel's value is all that is known.
        var kept = parsed[0]!;
        return recorded.Any(line => Tokens(line).Any(t => t.Equals(kept, StringComparison.OrdinalIgnoreCase))) ? new StringValues([.. recorded]) : parsed;
    }

    private static bool IsInterned(string value) =>
        value.Equals("keep-alive", StringComparison.Ordinal) || value.Equals("close", StringComparison.Ordinal) || value.Equals("Upgrade", StringComparison.Ordinal);

    /// <summary>The comma-separated tokens of one field line (RFC 9110 §5.6.1), trimmed, empty ones dropped.</summary>
    public static IEnumerable<string> Tokens(string line) =>
        line.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Latin-1 that also records what it decodes (one call per <c>Connection</c> line).</summary>
    private sealed class ConnectionDecoder : Encoding
    {
        public static readonly ConnectionDecoder Instance = new();

        public override int GetByteCount(char[] chars, int index, int count) => Latin1.GetByteCount(chars, index, count);

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex) =>
            Latin1.GetBytes(chars, charIndex, charCount, bytes, byteIndex);

        public override int GetCharCount(byte[] bytes, int index, int count) => count;

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
        {
            var written = Latin1.GetChars(bytes, byteIndex, byteCount, chars, charIndex);
            var lines = t_connection ??= [];
            if (lines.Count == MaxLines)
            {
                lines.Clear(); // never taken on this thread (a request Kestrel refused): do not grow
            }
            lines.Add(new string(chars, charIndex, written));
            return written;
        }

        public override int GetMaxByteCount(int charCount) => charCount;

        public override int GetMaxCharCount(int byteCount) => byteCount;
    }
}
