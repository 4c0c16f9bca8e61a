using System.Globalization;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// What the gateway's Kestrel allows its clients (issue 10 item 18): at most <paramref name="MaxConnections"/> open
/// connections, an idle kept-alive connection closed after <paramref name="KeepAlive"/>, and a request's header
/// section due within <paramref name="RequestHeaders"/>. Idle or slowly-sending clients then cannot hold descriptors
/// without end (Kestrel's own defaults: no connection limit, 130 s keep-alive, 30 s for headers).
/// </summary>
internal sealed record GatewayLimits(long MaxConnections, TimeSpan KeepAlive, TimeSpan RequestHeaders)
{
    /// <summary>The connection cap when the open-file limit allows it.</summary>
    public const long PreferredMaxConnections = 10_000;

    /// <summary>The largest <c>maxConnections</c> accepted.</summary>
    public const long MaxMaxConnections = 1_000_000;

    /// <summary>Descriptors kept back for everything that is not a client connection (listener, logs, the runtime).</summary>
    private const long ReservedDescriptors = 128;

    /// <summary>
    /// <see cref="PreferredMaxConnections"/>, or fewer when the open-file limit is lower: each client connection can
    /// need a second descriptor for its upstream connection, so the cap is half of what the limit leaves after
    /// <see cref="ReservedDescriptors"/>. Were client connections allowed to take every descriptor, no upstream
    /// connection could be opened and every request would fail. 30 s keep-alive (a browser reconnects when it needs
    /// to) and 10 s for the header section (a slowloris client is dropped early; a real client sends its headers at once).
    /// </summary>
    public static GatewayLimits Default { get; } = new(DefaultMaxConnections(OpenFileLimit()), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    /// <summary>The connection cap for an open-file limit (null: unknown, such as on Windows).</summary>
    public static long DefaultMaxConnections(long? openFiles) =>
        openFiles is { } limit ? Math.Clamp((limit - ReservedDescriptors) / 2, 1, PreferredMaxConnections) : PreferredMaxConnections;

    /// <summary>Parses a connection count, 1 to <see cref="MaxMaxConnections"/>.</summary>
    public static bool TryParseConnections(string text, out long value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value is >= 1 and <= MaxMaxConnections;

    public static string ConnectionsProblem(string text) => $"'{text}' must be a whole number of connections from 1 to {MaxMaxConnections}.";

    /// <summary>
    /// The soft open-file limit of this process (the .NET runtime raises it to the hard limit at start-up), from
    /// Linux's <c>/proc/self/limits</c> ("Max open files"); null where that file does not exist or says "unlimited".
    /// </summary>
    private static long? OpenFileLimit()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/limits"))
            {
                if (line.StartsWith("Max open files", StringComparison.Ordinal))
                {
                    var fields = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 0 && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var soft) ? soft : null;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not Linux: no limit known.
        }
        return null;
    }
}
