using System.Buffers.Text;
using System.IO.Compression;
using System.Text;

namespace CorsKit.Scenarios;

/// <summary>
/// A scenario as a URL fragment, so a link carries it: <c>v1.</c> followed by the scenario's JSON, deflated
/// (RFC 1951) and written in base64url (RFC 4648 §5), which needs no escaping anywhere in a URL.
/// </summary>
public static class ScenarioLink
{
    private const string Prefix = "v1.";

    /// <summary>Longest fragment read; longer text is refused before any decoding.</summary>
    public const int MaxFragmentLength = 64 * 1024;

    /// <summary>Largest inflated scenario; a fragment that inflates beyond it is refused (no deflate bomb).</summary>
    public const int MaxJsonBytes = 256 * 1024;

    /// <summary>The fragment (without <c>#</c>) for <paramref name="scenario"/>.</summary>
    public static string Encode(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var json = Encoding.UTF8.GetBytes(scenario.ToJson());
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(json);
        }
        return Prefix + Base64Url.EncodeToString(buffer.ToArray());
    }

    /// <summary>Reads a fragment written by <see cref="Encode"/> (a leading <c>#</c> is allowed). Never throws: any
    /// other text gives false.</summary>
    public static bool TryDecode(string? fragment, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Scenario? scenario)
    {
        scenario = null;
        if (fragment is null || fragment.Length > MaxFragmentLength)
        {
            return false;
        }
        var text = fragment.AsSpan();
        if (text.StartsWith("#"))
        {
            text = text[1..];
        }
        if (!text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }
        text = text[Prefix.Length..];
        if (!Base64Url.IsValid(text, out var length))
        {
            return false;
        }
        var compressed = new byte[length];
        if (!Base64Url.TryDecodeFromChars(text, compressed, out var written))
        {
            return false;
        }
        if (!TryInflate(compressed.AsMemory(0, written), out var json))
        {
            return false;
        }
        return Scenario.TryFromJson(json, out scenario, out _);
    }

    private static bool TryInflate(ReadOnlyMemory<byte> compressed, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? json)
    {
        json = null;
        try
        {
            using var input = new MemoryStream(compressed.ToArray());
            using var deflate = new DeflateStream(input, CompressionMode.Decompress);
            var output = new byte[MaxJsonBytes + 1];
            var total = 0;
            int read;
            while (total < output.Length && (read = deflate.Read(output, total, output.Length - total)) > 0)
            {
                total += read;
            }
            if (total > MaxJsonBytes)
            {
                return false;
            }
            // Invalid UTF-8 becomes U+FFFD; the JSON reader then decides.
            json = Encoding.UTF8.GetString(output, 0, total);
            return true;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
