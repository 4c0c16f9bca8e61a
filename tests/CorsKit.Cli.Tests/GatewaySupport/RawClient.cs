using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CorsKit.Cli.Tests.GatewaySupport;

/// <summary>
/// Sends a request as exact bytes over TCP and reads the whole answer (the request asks for <c>Connection: close</c>
/// or the server closes). HttpClient would normalise the target and refuse non-ASCII header values, so hostile
/// requests are written by hand (RFC 9112 §2.1, §3).
/// </summary>
internal static class RawClient
{
    /// <summary>The answer as Latin-1 text (one char per byte), or what arrived before the server closed.</summary>
    public static async Task<string> SendAsync(Uri server, string request, TimeSpan? timeout = null) =>
        Encoding.Latin1.GetString(await SendAsync(server, Encoding.Latin1.GetBytes(request), timeout));

    public static async Task<byte[]> SendAsync(Uri server, byte[] request, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port, cancel.Token);
        var stream = tcp.GetStream();
        await stream.WriteAsync(request, cancel.Token);
        using var answer = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            // Until the server closes, or one whole response has arrived on a connection kept alive.
            int read;
            while (!Complete(answer) && (read = await stream.ReadAsync(buffer, cancel.Token)) > 0)
            {
                answer.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // A reset after the answer: keep what arrived.
        }
        return answer.ToArray();
    }

    /// <summary>True when the bytes hold a head and the body its framing announces (RFC 9112 §6.3: Content-Length,
    /// or chunked up to the last chunk); a response framed by closing is complete only at the close.</summary>
    private static bool Complete(MemoryStream received)
    {
        var text = Encoding.Latin1.GetString(received.GetBuffer(), 0, (int)received.Length);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (end < 0)
        {
            return false;
        }
        var status = Status(text);
        if (status is 204 or 304 or (>= 100 and < 200))
        {
            return true;
        }
        if (Header(text, "Transfer-Encoding").Any(v => v.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
        {
            return text.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal) || text[(end + 4)..].StartsWith("0\r\n\r\n", StringComparison.Ordinal);
        }
        return Header(text, "Content-Length") is [var length] && int.TryParse(length, out var bytes) && text.Length - (end + 4) >= bytes;
    }

    /// <summary>A GET with the given target and extra header lines, asking the server to close afterwards.</summary>
    public static string Get(Uri server, string target, params string[] headers) =>
        $"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Connection: close\r\n\r\n";

    /// <summary>The status code of a raw answer (0 when there is none).</summary>
    public static int Status(string answer) =>
        answer.StartsWith("HTTP/1.1 ", StringComparison.Ordinal) && answer.Length >= 12 && int.TryParse(answer.AsSpan(9, 3), out var status) ? status : 0;

    /// <summary>The values of a header in a raw answer's head (case-insensitive name), in order.</summary>
    public static IReadOnlyList<string> Header(string answer, string name)
    {
        var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var head = end < 0 ? answer : answer[..end];
        return [.. head.Split("\r\n").Skip(1)
            .Where(l => l.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            .Select(l => l[(name.Length + 1)..].Trim())];
    }

    /// <summary>The body of a raw answer (everything after the head; not de-chunked).</summary>
    public static string Body(string answer)
    {
        var end = answer.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return end < 0 ? "" : answer[(end + 4)..];
    }
}
