using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Cli.Http;

/// <summary>Whose HTTP/1.1 response parser <see cref="RawHttpClient"/> imitates; they differ on malformed header lines.</summary>
internal enum WireParsing
{
    /// <summary>Chromium (net/http/http_response_headers.cc, http_util.cc); also used for Safari.</summary>
    Chromium,

    /// <summary>Firefox (netwerk/protocol/http/nsHttpResponseHead.cpp, nsHttpHeaderArray.cpp).</summary>
    Firefox,
}

/// <summary>A network failure the browser reports under its own net error name (ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION, …).</summary>
internal sealed class WireException(string netError, string message) : Exception(message)
{
    /// <summary>Chromium's net error (net/base/net_error_list.h).</summary>
    public string NetError { get; } = netError;
}

/// <summary>
/// A minimal HTTP/1.1 client, one request per connection, that writes the request exactly as the browser does and
/// reads the response head as the browser's parser does. <see cref="HttpClient"/> cannot: it upper-cases known methods
/// (a script's <c>patch</c> goes out as <c>PATCH</c>, but browsers send <c>patch</c> — Fetch normalizes only DELETE GET HEAD
/// OPTIONS POST PUT), refuses non-ASCII request header values (browsers send them as Latin-1 bytes), and rejects
/// responses browsers accept (a line without a colon, <c>HTTP/2 200</c>, an empty header name, <c>Name\t: v</c>), while it
/// accepts what Chromium refuses (two different Content-Length or Location values). Only the head is read: CORS never
/// looks at the body.
/// </summary>
internal static class RawHttpClient
{
    // Chromium's kMaxHeaderBufSize (net/http/http_stream_parser.cc): 256 KiB. Firefox's
    // network.http.max_response_header_size: 384 KiB (observed: a 300 KB header line fails Chromium 156 with
    // ERR_RESPONSE_HEADERS_TOO_BIG and passes Firefox 153).
    private const int ChromiumMaxHeadBytes = 256 * 1024;
    private const int FirefoxMaxHeadBytes = 384 * 1024;

    // Interim (1xx) responses read before the final one. Servers send one or two (100 Continue, 103 Early Hints);
    // browsers set no limit (see ReadResponseAsync), so this is check's own bound, documented in docs/check.md.
    internal const int MaxInterimResponses = 32;

    // Header lines kept from one response (check's own bound; real responses have tens).
    internal const int MaxHeaderLines = 2000;

    // One socket read; the head buffer grows from here up to the browser's head limit.
    private const int ReadSize = 16 * 1024;

    // At most this much of a status line is quoted back in an error message.
    private const int QuotedStatusLine = 120;

    public static async Task<IncomingResponse> SendAsync(OutgoingRequest request, WireParsing parsing, bool insecure, CancellationToken ct)
    {
        var url = request.Url;
        var authority = url.GetLeftPart(UriPartial.Authority);
        using var socket = await ConnectAsync(url, authority, ct).ConfigureAwait(false);
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            if (url.Scheme == Uri.UriSchemeHttps)
            {
                // The first bytes tell a plain-HTTP server (it answers the ClientHello in HTTP) from a TLS one.
                var first = new FirstBytesStream(stream);
                var ssl = new SslStream(first, leaveInnerStreamOpen: false);
                stream = ssl;
                try
                {
                    await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
                    {
                        TargetHost = url.IdnHost,
                        RemoteCertificateValidationCallback = insecure ? static (_, _, _, _) => true : null,
                    }, ct).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException)
                {
                    throw TlsProblem.Failure(url, ex, first.SawPlainHttp);
                }
            }

            var head = BuildRequest(request);
            try
            {
                await stream.WriteAsync(head, ct).ConfigureAwait(false);
                await stream.FlushAsync(ct).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw new TransportException("reset", $"the connection to {authority} was closed before a response arrived", ex);
            }

            // A denied preflight's body often says what was refused (Starlette: "Disallowed CORS headers"); check
            // reads its start as evidence. No other body is read: CORS never looks at one.
            var excerpt = request.Method == "OPTIONS" ? MaxBodyExcerpt : 0;
            return await ReadResponseAsync(stream, authority, parsing, ct, excerpt).ConfigureAwait(false);
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static async Task<Socket> ConnectAsync(Uri url, string authority, CancellationToken ct)
    {
        IPAddress[] addresses;
        var host = url.IdnHost.TrimEnd('.');
        if (IPAddress.TryParse(url.IdnHost.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            // Both browsers resolve `localhost` and every `*.localhost` name to loopback themselves, IPv6 and IPv4,
            // whatever /etc/hosts says (RFC 6761 §6.3; Chromium net/dns HostResolver local-host handling). Observed:
            // a server on [::1] only is reached at http://localhost:P, and http://api.localhost:P reaches 127.0.0.1,
            // in Chromium 156 and Firefox 153.
            addresses = [IPAddress.IPv6Loopback, IPAddress.Loopback];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(url.IdnHost, ct).ConfigureAwait(false);
            }
            catch (SocketException ex)
            {
                throw new TransportException("dns", $"the host name in {authority} could not be resolved", ex);
            }
        }

        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            if (address.AddressFamily == AddressFamily.InterNetworkV6)
            {
                // .NET opens IPv6 sockets IPv6-only; a browser connects to an IPv4-mapped literal
                // (http://[::ffff:7f00:1]:P) through the IPv4 stack, which a dual-mode socket does.
                socket.DualMode = true;
            }

            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, url.Port), ct).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last is { SocketErrorCode: SocketError.ConnectionRefused } || last is null
            ? new TransportException("refused", $"connection to {authority} was refused", last)
            : new TransportException("network", $"the connection to {authority} failed: {last.Message}", last);
    }

    private static byte[] BuildRequest(OutgoingRequest request)
    {
        var url = request.Url;
        var text = new StringBuilder();
        // The target and Host come from the URL as the browser serializes it (Uri re-escapes '|' '^' '{' '}' and
        // rewrites [::ffff:7f00:1] as [::ffff:127.0.0.1]); Uri's own fields only when the text is not a URL.
        string target, host;
        if (WhatwgUrl.TryParse(url.OriginalString, out var whatwg, out _))
        {
            target = whatwg.PathAndQuery;
            host = whatwg.Port is { } port ? $"{whatwg.Host}:{port}" : whatwg.Host;
        }
        else
        {
            target = url.PathAndQuery;
            var hostName = url.HostNameType == UriHostNameType.IPv6 ? $"[{url.IdnHost.Trim('[', ']')}]" : url.IdnHost;
            host = url.IsDefaultPort ? hostName : $"{hostName}:{url.Port}";
        }

        // RFC 9112 §3: request-line = method SP request-target SP HTTP-version; the method as the script wrote it.
        text.Append(request.Method).Append(' ').Append(target).Append(" HTTP/1.1\r\n");
        // RFC 9112 §3.2: Host is uri-host [":" port]; an IPv6 literal keeps its brackets.
        text.Append("Host: ").Append(host).Append("\r\n");
        var hasLength = false;
        foreach (var header in request.Headers)
        {
            hasLength |= string.Equals(header.Name, "Content-Length", StringComparison.OrdinalIgnoreCase);
            text.Append(header.Name).Append(": ").Append(header.Value).Append("\r\n");
        }

        // Fetch §4.5 HTTP-network-or-cache fetch step 9-10: a body's length becomes Content-Length; a POST or PUT
        // without a body still sends `Content-Length: 0` (Chromium http_network_transaction.cc does the same).
        var body = request.Body is null ? [] : Encoding.UTF8.GetBytes(request.Body);
        if (!hasLength && (request.Body is not null || request.Method is "POST" or "PUT"))
        {
            text.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }

        text.Append("\r\n");
        // Header values are byte strings (Fetch §2.2.2): one byte per char, as the browser writes them.
        var head = Encoding.Latin1.GetBytes(text.ToString());
        return body.Length == 0 ? head : [.. head, .. body];
    }

    /// <summary>At most this many body bytes of a non-2xx preflight are kept (docs/check.md "Denied preflights").</summary>
    internal const int MaxBodyExcerpt = 1024;

    // The body excerpt is evidence, not part of the verdict: a server that sends the head and then stalls costs at most this.
    private static readonly TimeSpan BodyExcerptWait = TimeSpan.FromMilliseconds(500);

    internal static async Task<IncomingResponse> ReadResponseAsync(Stream stream, string authority, WireParsing parsing, CancellationToken ct, int bodyExcerpt = 0)
    {
        var limit = parsing == WireParsing.Firefox ? FirefoxMaxHeadBytes : ChromiumMaxHeadBytes;
        // Only the head being parsed is kept: the buffer never holds more than one head plus one read, and the bytes
        // of a skipped interim response are dropped at once (an endless 1xx stream once grew this by ~150 MB/s).
        var buffer = new byte[ReadSize];
        var length = 0;
        var interim = 0;
        long interimBytes = 0;
        while (true)
        {
            int end;
            var scanned = 0;
            while ((end = HeadEnd(buffer, scanned, length)) < 0)
            {
                if (length > limit)
                {
                    throw new TransportException("network", $"the response head from {authority} is larger than {limit / 1024} KiB", new WireException("net::ERR_RESPONSE_HEADERS_TOO_BIG", "headers too big"));
                }

                // An empty line ends the head: rescan only the last two bytes already seen (CR LF) plus the new ones.
                scanned = Math.Max(0, length - 2);
                if (buffer.Length - length < ReadSize)
                {
                    Array.Resize(ref buffer, Math.Min(Math.Max(buffer.Length * 2, length + ReadSize), limit + ReadSize + 1));
                }

                int read;
                try
                {
                    read = await stream.ReadAsync(buffer.AsMemory(length, Math.Min(ReadSize, buffer.Length - length)), ct).ConfigureAwait(false);
                }
                catch (IOException ex)
                {
                    throw new TransportException("reset", $"the connection to {authority} was reset before a response arrived", ex);
                }

                if (read == 0)
                {
                    if (length == 0)
                    {
                        throw new TransportException("reset", $"{authority} closed the connection without sending a response", new WireException("net::ERR_EMPTY_RESPONSE", "empty response"));
                    }

                    // Chromium accepts a head cut short by the end of the connection (http_stream_parser.cc).
                    end = length;
                    break;
                }

                length += read;
            }

            var head = Encoding.Latin1.GetString(buffer, 0, end);
            var response = Parse(head, authority, parsing, out var code);
            // RFC 9110 §15.2: 1xx interim responses (100, 103) precede the final one; 101 is not expected here.
            // Decided on the code as parsed (Chromium: response_code() / 100 == 1), not on the 16-bit status.
            if (code is >= 100 and < 200 && code != 101)
            {
                var consumed = SkipTerminator(buffer, end, length);
                interim++;
                interimBytes += consumed;
                // Chromium resets its header buffer after each 1xx and sets no count limit
                // (http_stream_parser.cc DoParseResponseHeaders), so a browser would wait for the final response
                // forever; check stops at MaxInterimResponses or at the browser's head size over all interim heads.
                if (interim > MaxInterimResponses || interimBytes > limit)
                {
                    throw new TransportException("network", $"{authority} sent {interim} interim (1xx) responses ({interimBytes} bytes) without a final one; check reads at most {MaxInterimResponses} interim responses or {limit / 1024} KiB of them (a browser would keep waiting, and the fetch would never settle)");
                }

                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
                continue;
            }

            if (bodyExcerpt > 0 && response.Status is < 200 or > 299 && code is not (204 or 304))
            {
                var start = SkipTerminator(buffer, end, length);
                return response with { Body = await BodyExcerptAsync(stream, buffer.AsMemory(start, length - start), response.Headers, bodyExcerpt, ct).ConfigureAwait(false) };
            }

            return response;
        }
    }

    /// <summary>The start of the body as text (UTF-8, invalid bytes replaced): the bytes already read after the head,
    /// then more until <paramref name="max"/> bytes, the Content-Length, the end of the connection or
    /// <see cref="BodyExcerptWait"/>. A chunked body is de-chunked (RFC 9112 §7.1). Null when there is none.</summary>
    private static async Task<string?> BodyExcerptAsync(Stream stream, ReadOnlyMemory<byte> already, IReadOnlyList<HttpHeader> headers, int max, CancellationToken ct)
    {
        var chunked = false;
        long? declared = null;
        foreach (var h in headers)
        {
            if (h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
            else if (h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && long.TryParse(h.Value.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
            {
                declared = n;
            }
        }

        if (!chunked && declared == 0)
        {
            return null;
        }

        // Chunk-size lines take a few bytes of their own; the raw bytes read are bounded either way.
        var want = chunked ? max + 256 : (int)Math.Min(declared ?? max, max);
        var raw = new List<byte>(Math.Min(want, already.Length + ReadSize));
        raw.AddRange(already.Span[..Math.Min(already.Length, want)]);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
        wait.CancelAfter(BodyExcerptWait);
        var chunk = new byte[Math.Min(ReadSize, want)];
        try
        {
            while (raw.Count < want)
            {
                var read = await stream.ReadAsync(chunk.AsMemory(0, Math.Min(chunk.Length, want - raw.Count)), wait.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                raw.AddRange(chunk.AsSpan(0, read));
            }
        }
        catch (Exception ex) when (ex is IOException || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            // Keep what arrived: the excerpt is evidence, never a failure of the check.
        }

        var bytes = chunked ? Dechunk([.. raw]) : [.. raw];
        if (bytes.Length > max)
        {
            bytes = bytes[..max];
        }

        return bytes.Length == 0 ? null : Encoding.UTF8.GetString(bytes);
    }

    /// <summary>The data of the complete chunks at the start of <paramref name="raw"/> (RFC 9112 §7.1: hex size,
    /// optional extensions, CRLF, data, CRLF; size 0 ends the body).</summary>
    private static byte[] Dechunk(byte[] raw)
    {
        var data = new List<byte>();
        var i = 0;
        while (i < raw.Length)
        {
            var lineEnd = Array.IndexOf(raw, (byte)'\n', i);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.Latin1.GetString(raw, i, lineEnd - i).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var size) || size <= 0)
            {
                break;
            }

            var start = lineEnd + 1;
            var take = Math.Min(size, raw.Length - start);
            data.AddRange(raw.AsSpan(start, take));
            i = start + size + 2;
        }

        return [.. data];
    }

    // The head ends at an empty line: CRLF CRLF, or LF LF / LF CRLF as Chromium also accepts (http_util.cc LocateEndOfHeaders).
    private static int HeadEnd(byte[] data, int start, int length)
    {
        for (var i = start; i < length; i++)
        {
            if (data[i] != '\n')
            {
                continue;
            }

            if (i + 1 < length && data[i + 1] == '\n')
            {
                return i + 1;
            }

            if (i + 2 < length && data[i + 1] == '\r' && data[i + 2] == '\n')
            {
                return i + 1;
            }
        }

        return -1;
    }

    private static int SkipTerminator(byte[] data, int end, int length)
    {
        var i = end;
        if (i < length && data[i] == '\r')
        {
            i++;
        }

        if (i < length && data[i] == '\n')
        {
            i++;
        }

        return i;
    }

    internal static IncomingResponse Parse(string head, string authority, WireParsing parsing) => Parse(head, authority, parsing, out _);

    // `code` is the status-line code as the network stack sees it, before fetch() keeps 16 bits of it.
    private static IncomingResponse Parse(string head, string authority, WireParsing parsing, out int code)
    {
        code = 200;
        // A NUL byte anywhere in the head fails the response in both browsers (observed: Chromium 156
        // net::ERR_INVALID_HTTP_RESPONSE, Firefox 153 TypeError).
        if (head.Contains('\0', StringComparison.Ordinal))
        {
            throw new TransportException("network", $"the response head from {authority} contains a NUL byte", new WireException("net::ERR_INVALID_HTTP_RESPONSE", "NUL in head"));
        }

        // Every header line is kept in the transcript (and printed); a 256 KiB head of 3-byte lines would be 85,000
        // entries, ~30 times its size in memory and again on every redirect hop. Browsers set no count limit.
        if (head.AsSpan().Count('\n') > MaxHeaderLines)
        {
            throw new TransportException("network", $"the response head from {authority} has more than {MaxHeaderLines} lines; check keeps at most {MaxHeaderLines} header lines a response");
        }

        var lines = head.Split('\n').Select(static l => l.TrimEnd('\r')).ToList();
        var statusLine = lines[0];
        // SHOUTcast's `ICY 200 OK`: Chromium 156 accepts it but keeps none of its header lines (observed
        // MissingAllowOriginHeader with ACAO present); Firefox 153 reads it as HTTP/1.0 with headers (observed allowed).
        var icy = statusLine.StartsWith("ICY ", StringComparison.Ordinal);
        if (icy && parsing == WireParsing.Chromium)
        {
            code = ParseStatus(statusLine) ?? 200;
            return new IncomingResponse { Status = FetchStatus(code), Headers = [] };
        }

        // Chromium takes "http" in any case as HTTP/1.x; anything else is HTTP/0.9, refused on every port
        // (ERR_INVALID_HTTP_RESPONSE). Firefox 153 failed `http/1.1 200 OK` (observed): it wants "HTTP" as written.
        var isHttp = icy || (parsing == WireParsing.Firefox
            ? statusLine.StartsWith("HTTP", StringComparison.Ordinal)
            : statusLine.StartsWith("http", StringComparison.OrdinalIgnoreCase));
        if (!isHttp)
        {
            throw new TransportException("network", $"{authority} did not answer with an HTTP status line", new WireException("net::ERR_INVALID_HTTP_RESPONSE", "HTTP/0.9"));
        }

        // No status code: Chromium assumes 200 (ParseStatusLine); Firefox 153 fails the fetch (observed `HTTP/1.1 OK`).
        // 101 outside a WebSocket handshake: Chromium net::ERR_INVALID_HTTP_RESPONSE; Firefox 153 hands it to the page.
        var parsed = ParseStatus(statusLine);
        if ((parsed is null && parsing == WireParsing.Firefox) || (parsed == 101 && parsing == WireParsing.Chromium))
        {
            throw new TransportException("network", $"{authority} sent an unusable status line '{(statusLine.Length <= QuotedStatusLine ? statusLine : statusLine[..QuotedStatusLine] + "…")}'", new WireException("net::ERR_INVALID_HTTP_RESPONSE", "status line"));
        }

        code = parsed ?? 200;
        var status = code;
        var headers = new List<HttpHeader>();
        // The value of the last header while obs-fold lines extend it: joined once when the next field starts, so a
        // head of many continuation lines costs linear work, not one copy of the growing value per line.
        StringBuilder? folded = null;
        for (var i = 1; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.Length == 0)
            {
                continue;
            }

            // RFC 9112 §5.2 obs-fold: a line starting with SP or HTAB continues the previous field value; Chromium and
            // Firefox 153 both join it with one space (observed: `Access-Control-Allow-Origin:` + ` *` is allowed).
            if (line[0] is ' ' or '\t')
            {
                if (headers.Count > 0)
                {
                    var more = line.AsSpan().Trim(" \t");
                    folded ??= new StringBuilder(headers[^1].Value);
                    if (more.Length > 0)
                    {
                        (folded.Length == 0 ? folded : folded.Append(' ')).Append(more);
                    }
                }

                continue;
            }

            EndFold(headers, ref folded);

            var colon = line.IndexOf(':');
            if (colon < 0)
            {
                continue; // both browsers ignore a line without a colon (observed)
            }

            var rawName = line[..colon];
            // Chromium trims spaces/tabs around the name (`Name : v` and `Name\t: v` work, observed in Chromium 156);
            // Firefox 153 does not accept a name with whitespace (observed blocked), so the line is dropped.
            var name = parsing == WireParsing.Firefox ? rawName : rawName.Trim(' ', '\t');
            if (name.Length == 0 || !IsToken(name))
            {
                continue;
            }

            headers.Add(new HttpHeader(name, line[(colon + 1)..].Trim(' ', '\t')));
        }

        EndFold(headers, ref folded);

        // Chromium http_stream_parser.cc: differing copies of these fields fail the whole response.
        RejectDifferentCopies(headers, "Content-Length", "net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_LENGTH", authority);
        RejectDifferentCopies(headers, "Content-Disposition", "net::ERR_RESPONSE_HEADERS_MULTIPLE_CONTENT_DISPOSITION", authority);
        // Any status (observed on a 200 too); identical copies are one Location to both browsers (observed: a 302 with
        // the same Location twice is followed), so the model gets one line.
        RejectDifferentCopies(headers, "Location", "net::ERR_RESPONSE_HEADERS_MULTIPLE_LOCATION", authority);
        var location = headers.FindIndex(static h => string.Equals(h.Name, "Location", StringComparison.OrdinalIgnoreCase));
        if (location >= 0)
        {
            headers = [.. headers.Where((h, i) => i <= location || !string.Equals(h.Name, "Location", StringComparison.OrdinalIgnoreCase))];
        }

        return new IncomingResponse { Status = FetchStatus(status), Headers = headers };
    }

    private static int? ParseStatus(string statusLine)
    {
        // Chromium HttpResponseHeaders::ParseStatusLine: the code is every digit after the version, read by
        // base::StringToInt, which saturates at 2^31-1; none at all means 200 (caller decides).
        var space = statusLine.IndexOf(' ');
        if (space < 0)
        {
            return null;
        }

        var rest = statusLine.AsSpan(space).TrimStart(' ');
        var digits = 0;
        long value = 0;
        while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
        {
            value = Math.Min(int.MaxValue, (value * 10) + (rest[digits] - '0'));
            digits++;
        }

        return digits == 0 ? null : (int)value;
    }

    /// <summary>
    /// The status <c>fetch()</c> reports for a status-line code: the response status is 16 bits on its way to the
    /// page, so the code is taken modulo 65536. Observed in Chromium 156: 1200 is 1200, 65536 is 0, 99999 is 34463,
    /// 2000000000 is 37888, and 4294967496 (saturated to 2^31-1) is 65535.
    /// </summary>
    private static int FetchStatus(int code) => (ushort)code;

    /// <summary>Writes the value gathered from obs-fold lines into the last header (see the header loop).</summary>
    private static void EndFold(List<HttpHeader> headers, ref StringBuilder? folded)
    {
        if (folded is not null)
        {
            headers[^1] = headers[^1] with { Value = folded.ToString() };
            folded = null;
        }
    }

    private static void RejectDifferentCopies(List<HttpHeader> headers, string name, string netError, string authority)
    {
        string? first = null;
        foreach (var header in headers)
        {
            if (!string.Equals(header.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (first is null)
            {
                first = header.Value;
            }
            else if (!string.Equals(first, header.Value, StringComparison.Ordinal))
            {
                throw new TransportException("network", $"the response from {authority} has two different {name} values", new WireException(netError, name));
            }
        }
    }

    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            // RFC 9110 §5.6.2 tchar
            if (c > 0x7E || c <= 0x20 || "\"(),/:;<=>?@[\\]{}".Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
