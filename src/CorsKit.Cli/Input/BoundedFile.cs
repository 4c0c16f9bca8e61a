namespace CorsKit.Cli.Input;

/// <summary>
/// Reads a whole text file the user named (a config, a policy, an input list) with a size cap, so <c>/dev/zero</c>,
/// a FIFO that never ends or a mistaken multi-gigabyte file fails fast with bounded memory instead of filling it
/// (issue 10 item 17). Every failure is an <see cref="IOException"/> whose message completes "cannot read ...: ".
/// </summary>
internal static class BoundedFile
{
    /// <summary>The cap for config and policy files: far above any real one (a policy file is a few hundred bytes).</summary>
    public const int DefaultMaxBytes = 1024 * 1024;

    /// <summary>
    /// The file's text (UTF-8, or the encoding its byte order mark names), reading at most
    /// <paramref name="maxBytes"/> + 1 bytes; throws <see cref="IOException"/> naming the limit when it holds more.
    /// </summary>
    public static string ReadAllText(string path, int maxBytes = DefaultMaxBytes)
    {
        // Not File.ReadAllText: it trusts the length a device reports (0 for /dev/zero) and reads until the end.
        using var stream = Open(path);
        return ReadAllText(stream, maxBytes);
    }

    /// <summary>
    /// Opens a file the user named for reading. A directory is said to be one: on Linux opening it fails with
    /// <see cref="UnauthorizedAccessException"/> "Access to the path is denied", which sends the user looking at
    /// permissions (issue 12 item 10).
    /// </summary>
    public static FileStream Open(string path, FileOptions options = FileOptions.None)
    {
        if (Directory.Exists(path))
        {
            throw new IOException("it is a directory, not a file");
        }

        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1, options);
    }

    /// <summary>The same for a stream with no length, such as standard input.</summary>
    public static string ReadAllText(Stream stream, int maxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var buffer = new byte[Math.Min(maxBytes + 1, 64 * 1024)];
        var used = 0;
        while (true)
        {
            if (used == buffer.Length)
            {
                if (buffer.Length > maxBytes)
                {
                    throw new IOException($"it is larger than {Describe(maxBytes)}, the limit for this file");
                }
                Array.Resize(ref buffer, (int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
            }
            var read = stream.Read(buffer, used, buffer.Length - used);
            if (read == 0)
            {
                break;
            }
            used += read;
        }
        return InputText.Decode(buffer, used);
    }

    /// <summary>"1 MiB", "64 KiB" or "100 bytes".</summary>
    public static string Describe(int bytes) => bytes switch
    {
        _ when bytes % (1024 * 1024) == 0 => $"{bytes / (1024 * 1024)} MiB",
        _ when bytes % 1024 == 0 => $"{bytes / 1024} KiB",
        _ => $"{bytes} bytes",
    };
}
