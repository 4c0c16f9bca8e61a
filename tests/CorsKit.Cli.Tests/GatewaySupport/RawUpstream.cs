using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CorsKit.Cli.Tests.GatewaySupport;

/// <summary>
/// A real TCP server on 127.0.0.1 that answers every request with fixed bytes, for responses Kestrel refuses to
/// write (an invalid status, a malformed Content-Length, non-ASCII header bytes). It records each request head as
/// the bytes received, read as Latin-1 so every byte maps to one char.
/// </summary>
internal sealed class RawUpstream : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly byte[] _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private RawUpstream(byte[] response)
    {
        _response = response;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    /// <summary><c>http://127.0.0.1:PORT</c>.</summary>
    public string Origin => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Every request head received (request line and header lines, Latin-1), in arrival order.</summary>
    public ConcurrentQueue<string> Heads { get; } = new();

    /// <summary>Answers every request with <paramref name="response"/> (written as Latin-1 bytes) and closes.</summary>
    public static RawUpstream Start(string response) => new(Encoding.Latin1.GetBytes(response));

    /// <summary>Answers every request with <paramref name="response"/> as given and closes.</summary>
    public static RawUpstream Start(byte[] response) => new(response);

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var head = await ReadHeadAsync(stream, _stop.Token);
                Heads.Enqueue(head);
                await stream.WriteAsync(_response, _stop.Token);
                await stream.FlushAsync(_stop.Token);
                client.Client.Shutdown(SocketShutdown.Send);
                // Let the proxy read everything before the socket closes (a reset could discard unread bytes).
                var drain = new byte[4096];
                using var linger = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                linger.CancelAfter(TimeSpan.FromSeconds(5));
                while (await stream.ReadAsync(drain, linger.Token) > 0)
                {
                }
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
            {
                // The proxy closed first: nothing to do.
            }
        }
    }

    /// <summary>Reads up to and including the blank line that ends a head (RFC 9112 §2.1).</summary>
    public static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (bytes.Count < 64 * 1024)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                break;
            }
            bytes.Add(one[0]);
            if (bytes.Count >= 4 && bytes[^4] == '\r' && bytes[^3] == '\n' && bytes[^2] == '\r' && bytes[^1] == '\n')
            {
                break;
            }
        }
        return Encoding.Latin1.GetString(bytes.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        // Stopping the listener ends the accept loop (it sees the cancellation); open exchanges end with their sockets.
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop.ConfigureAwait(false);
    }
}
