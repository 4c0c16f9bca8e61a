using System.Runtime.CompilerServices;
using System.Text;

namespace CorsKit.Cli.Input;

/// <summary>
/// Streams the lines of an input list the user named (<c>check --input</c>, <c>audit -i</c>; <c>-</c> is standard
/// input), one at a time as they arrive, each line capped and, when asked, the whole stream: <c>/dev/zero</c> or a
/// never-ending pipe fails fast within one chunk plus one line of memory. The whole-file reader for configs is
/// <see cref="BoundedFile"/>; failures here are <see cref="IOException"/>s whose message completes "cannot read ...: ",
/// as there.
/// </summary>
internal static class BoundedLines
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Opens <paramref name="path"/> for reading; <c>-</c> is standard input.</summary>
    public static Stream Open(string path) => path == "-"
        ? Console.OpenStandardInput()
        : BoundedFile.Open(path, FileOptions.SequentialScan);

    /// <summary>
    /// The lines of <paramref name="stream"/> (split at LF, a CR before it dropped, UTF-8 with invalid bytes replaced, a
    /// leading BOM dropped). A line longer than <paramref name="maxLineBytes"/>, or more than <paramref name="maxBytes"/>
    /// bytes in all (null: no total limit, the stream is never held), end the sequence with an <see cref="IOException"/>.
    /// </summary>
    public static async IAsyncEnumerable<string> ReadAsync(Stream stream, int maxLineBytes, int? maxBytes,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var buffer = new byte[ChunkBytes];
        var line = new MemoryStream();
        long total = 0;
        var number = 1;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new IOException($"it is larger than {BoundedFile.Describe(maxBytes.Value)}, the limit for this input");
            }

            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                var end = newline < 0 ? read : newline;
                if (line.Length + (end - start) > maxLineBytes)
                {
                    throw new IOException($"line {number} is longer than {BoundedFile.Describe(maxLineBytes)}, the limit for a line");
                }

                line.Write(buffer, start, end - start);
                if (newline < 0)
                {
                    break;
                }

                yield return Decode(line.GetBuffer().AsSpan(0, (int)line.Length), first: number == 1);
                line.SetLength(0);
                number++;
                start = newline + 1;
            }
        }

        if (line.Length > 0)
        {
            yield return Decode(line.GetBuffer().AsSpan(0, (int)line.Length), first: number == 1);
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes, bool first)
    {
        if (first && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return Encoding.UTF8.GetString(bytes);
    }
}
