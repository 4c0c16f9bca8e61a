using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CorsKit.Cli.Tests.CheckSupport;

/// <summary>A request as a <see cref="RawServer"/> read it off the socket.</summary>
public sealed record RawRequest(string Method, string Target, IReadOnlyList<(string Name, string Value)> Headers)
{
    public string? Header(string name) => Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}

/// <summary>
/// A loopback socket server that writes exactly the bytes it is given (Latin-1), one request a connection. Kestrel
/// cannot write malformed heads, endless interim responses, or control bytes in a status line; this can.
/// </summary>
public sealed class RawServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<RawRequest, Stream, CancellationToken, Task> _serve;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private RawServer(Func<RawRequest, Stream, CancellationToken, Task> serve, IPAddress address)
    {
        _serve = serve;
        _listener = new TcpListener(address, 0);
        if (address.Equals(IPAddress.IPv6Any))
        {
            _listener.Server.DualMode = true;
        }

        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        Origin = address.Equals(IPAddress.IPv6Loopback) ? $"http://[::1]:{Port}" : $"http://127.0.0.1:{Port}";
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary><c>http://127.0.0.1:P</c> (or <c>http://[::1]:P</c>).</summary>
    public string Origin { get; }

    public int Port { get; }

    /// <summary>Every request read, in arrival order.</summary>
    public ConcurrentQueue<RawRequest> Seen { get; } = new();

    /// <summary>Answers each request with the bytes <paramref name="answer"/> returns, then closes.</summary>
    public static RawServer Start(Func<RawRequest, string> answer, IPAddress? address = null) =>
        new((request, stream, ct) => stream.WriteAsync(Encoding.Latin1.GetBytes(answer(request)), ct).AsTask(), address ?? IPAddress.Loopback);

    /// <summary>Lets <paramref name="serve"/> write to the connection for as long as it likes (until the client goes or the server stops).</summary>
    public static RawServer Streaming(Func<RawRequest, Stream, CancellationToken, Task> serve, IPAddress? address = null) =>
        new(serve, address ?? IPAddress.Loopback);

    /// <summary>A response head: the status line, the header lines, and the empty line.</summary>
    public static string Head(string statusLine, params string[] lines) =>
        statusLine + "\r\n" + string.Concat(lines.Select(l => l + "\r\n")) + "\r\n";

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var data = new List<byte>();
            var buffer = new byte[8192];
            int end;
            while ((end = IndexOfHeadEnd(data)) < 0)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    return;
                }

                data.AddRange(buffer.AsSpan(0, read));
            }

            var lines = Encoding.Latin1.GetString([.. data.Take(end)]).Split("\r\n");
            var parts = lines[0].Split(' ');
            var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                .Select(l => (l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())).ToList();
            var request = new RawRequest(parts[0], parts[1], headers);
            var length = int.TryParse(request.Header("Content-Length"), out var n) ? n : 0;
            while (data.Count < end + 4 + length)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                data.AddRange(buffer.AsSpan(0, read));
            }

            Seen.Enqueue(request);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            try
            {
                await _serve(request, stream, _stop.Token);
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The client went away (or the server is stopping): nothing more to write.
            }
        }
    }

    private static int IndexOfHeadEnd(List<byte> data)
    {
        for (var i = 0; i + 3 < data.Count; i++)
        {
            if (data[i] == '\r' && data[i + 1] == '\n' && data[i + 2] == '\r' && data[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
