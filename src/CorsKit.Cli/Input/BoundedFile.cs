using System.Runtime.CompilerServices;
using System.Text;

namespace CorsKit.Cli.Input;

/// <summary>
/// Reads user-named files and streams with a size cap, so that a wrong path (<c>/dev/zero</c>, a log file, a
/// never-ending pipe) ends in one clear sentence within a bounded amount of memory instead of filling it. A file's
/// reported length is not trusted (<c>/dev/zero</c> and pipes report 0): bytes are counted as they are read.
/// Failures are <see cref="IOException"/>s whose message is that sentence.
/// </summary>
internal static class BoundedFile
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>Opens <paramref name="path"/> for reading; <c>-</c> is standard input.</summary>
    public static Stream Open(string path) => path == "-"
        ? Console.OpenStandardInput()
        : new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);

    /// <summary>The whole text of <paramref name="path"/> (UTF-8, BOM dropped), refused when it holds more than
    /// <paramref name="maxBytes"/> bytes; at most <paramref name="maxBytes"/> + 1 bytes are ever read.</summary>
    public static string ReadAllText(string path, long maxBytes)
    {
        using var stream = Open(path);
        using var content = new MemoryStream();
        var buffer = new byte[ChunkBytes];
        int read;
        while ((read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, maxBytes + 1 - content.Length))) > 0)
        {
            content.Write(buffer, 0, read);
            if (content.Length > maxBytes)
            {
                throw new IOException($"'{path}' is larger than {Size(maxBytes)}.");
            }
        }

        return Decode(content.GetBuffer().AsSpan(0, (int)content.Length), first: true, line: false);
    }

    /// <summary>
    /// The lines of <paramref name="stream"/> one at a time, as they arrive (split at LF, a CR before it dropped,
    /// UTF-8 with invalid bytes replaced, a leading BOM dropped). A line longer than <paramref name="maxLineBytes"/> or
    /// more than <paramref name="maxBytes"/> bytes in all end the sequence with an <see cref="IOException"/>; memory
    /// stays within one chunk plus one line.
    /// </summary>
    public static async IAsyncEnumerable<string> ReadLinesAsync(Stream stream, string name, int maxLineBytes, long maxBytes,
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
                throw new IOException($"'{name}' is larger than {Size(maxBytes)}.");
            }

            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, (byte)'\n', start, read - start);
                var end = newline < 0 ? read : newline;
                if (line.Length + (end - start) > maxLineBytes)
                {
                    throw new IOException($"line {number} of '{name}' is longer than {Size(maxLineBytes)}.");
                }

                line.Write(buffer, start, end - start);
                if (newline < 0)
                {
                    break;
                }

                yield return Decode(line.GetBuffer().AsSpan(0, (int)line.Length), first: number == 1, line: true);
                line.SetLength(0);
                number++;
                start = newline + 1;
            }
        }

        if (line.Length > 0)
        {
            yield return Decode(line.GetBuffer().AsSpan(0, (int)line.Length), first: number == 1, line: true);
        }
    }

    private static string Decode(ReadOnlySpan<byte> bytes, bool first, bool line)
    {
        if (first && bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }

        if (line && bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return Encoding.UTF8.GetString(bytes);
    }

    private static string Size(long bytes) => bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0
        ? $"{bytes / (1024 * 1024)} MiB"
        : $"{bytes} bytes";
}
