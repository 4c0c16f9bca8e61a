using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// A small streaming HTTP/1.1 forwarder, following the pipeline of YARP's <c>HttpForwarder</c> (create the outgoing
/// request, copy headers, send, copy status and headers, stream the body) without its transforms, HTTP/2, upgrades or
/// trailers. CORS is not its business: the CorsKit middleware in front of it has already written (or answered) CORS,
/// and the forwarder only makes sure the upstream's own CORS headers do not reach the client.
/// </summary>
internal sealed class Forwarder : IDisposable
{
    // YARP StreamCopier: 64 KiB "based on performance investigations" (microsoft/reverse-proxy PR #330).
    private const int CopyBufferSize = 64 * 1024;

    /// <summary>
    /// Hop-by-hop fields, never forwarded in either direction: RFC 9110 §7.6.1 (Connection and the fields it names,
    /// Proxy-Connection, Keep-Alive, TE, Transfer-Encoding, Upgrade), RFC 9112 §6.1 (Transfer-Encoding is the
    /// connection's framing), RFC 9110 §6.6.2 (Trailer), and the remainder of YARP's
    /// <c>RequestUtilities._headersToExclude</c> (Proxy-*, Alt-Svc, HTTP2-Settings, …).
    /// </summary>
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Proxy-Connection", "Proxy-Authenticate", "Proxy-Authentication-Info",
        "Proxy-Authorization", "Proxy-Features", "Proxy-Instruction", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
        "Security-Scheme", "ALPN", "Close", "HTTP2-Settings", "Alt-Svc",
    };

    /// <summary>
    /// Request fields this forwarder sets itself: Host is the upstream's authority (RFC 9110 §7.2, as YARP's default
    /// <c>RequestHeaderOriginalHostTransform</c> does); X-Forwarded-* are replaced, not appended, and Forwarded is
    /// removed (YARP <c>ForwardedTransformExtensions.AddXForwarded</c>, action Set); Expect is left to Kestrel, which
    /// answers 100-continue itself when the body is first read (RFC 9110 §10.1.1).
    /// </summary>
    private static readonly HashSet<string> SetByForwarder = new(StringComparer.OrdinalIgnoreCase)
    {
        "Host", "X-Forwarded-For", "X-Forwarded-Proto", "X-Forwarded-Host", "Forwarded", "Expect",
    };

    private readonly HttpMessageInvoker _invoker;
    private readonly TimeSpan _connectTimeout;

    /// <summary>A forwarder whose connections to upstreams time out after <paramref name="connectTimeout"/>. The
    /// handler's setting is fixed once it has sent a request, so a new connect timeout needs a new forwarder.</summary>
    public Forwarder(TimeSpan connectTimeout)
    {
        _connectTimeout = connectTimeout;
        // One shared handler (connection pool) for every upstream; settings from YARP ForwarderHttpClientFactory.
        // HttpMessageInvoker, not HttpClient: HttpClient's SendAsync buffers the response (YARP issue #458).
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false, // redirects are the client's to follow, untouched
            AutomaticDecompression = DecompressionMethods.None, // bytes and Content-Encoding pass through as sent
            UseCookies = false, // Cookie and Set-Cookie are plain headers here, never stored
            ConnectTimeout = connectTimeout,
            // Header bytes pass through as received, both ways: Latin-1 maps each byte to one char and back (issue 10
            // item 8; the gateway's Kestrel decodes and encodes with Latin-1 too, ReceivedHeaders).
            RequestHeaderEncodingSelector = (_, _) => Encoding.Latin1,
            ResponseHeaderEncodingSelector = (_, _) => Encoding.Latin1,
        }, disposeHandler: true);
    }

    /// <summary>Forwards the request to the route's upstream (its path, then the request's exact target) and
    /// copies the answer back. Failures become 502 (unreachable) or 504 (no connection within the connect timeout, or
    /// no response headers within the response timeout of sending). A body that pauses longer than the idle timeout
    /// aborts the connection.</summary>
    public async Task ForwardAsync(HttpContext context, GatewayRoute route, GatewayTarget target, GatewayTimeouts timeouts)
    {
        var upstream = route.To;
        var responseTimeout = timeouts.Response;
        var aborted = context.RequestAborted;
        if (Destination(route, target) is not { } destination)
        {
            await FailAsync(context, StatusCodes.Status400BadRequest, "the request target cannot be forwarded as a URL.").ConfigureAwait(false);
            return;
        }
        using var request = CreateRequest(context, destination);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(responseTimeout);

        HttpResponseMessage response;
        try
        {
            response = await _invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            // The client went away; the linked token has already cancelled the upstream request. Nobody reads this.
            context.Response.StatusCode = 499;
            return;
        }
        catch (OperationCanceledException ex) when (ex.InnerException is TimeoutException && !timeout.IsCancellationRequested)
        {
            // SocketsHttpHandler reports its ConnectTimeout as a cancellation wrapping a TimeoutException
            // (ConnectHelper.CreateConnectTimeoutException). 504, as nginx answers for proxy_connect_timeout.
            await FailAsync(context, StatusCodes.Status504GatewayTimeout, $"the upstream {Authority(upstream)} accepted no connection within {GatewayTimeouts.Format(_connectTimeout)} s.").ConfigureAwait(false);
            return;
        }
        catch (OperationCanceledException)
        {
            await FailAsync(context, StatusCodes.Status504GatewayTimeout, $"the upstream {Authority(upstream)} sent no response within {GatewayTimeouts.Format(responseTimeout)} s.").ConfigureAwait(false);
            return;
        }
        catch (HttpRequestException) when (aborted.IsCancellationRequested)
        {
            context.Response.StatusCode = 499; // the client went away while its body was being sent
            return;
        }
        catch (HttpRequestException ex) when (FindClientFault(ex) is { } client)
        {
            // The request body failed on the client's side (broken chunked framing, a stalled upload that Kestrel's
            // minimum data rate ended): Kestrel's own status, 400 or 408, not a 502 (YARP HttpForwarder
            // HandleRequestBodyFailure; issue 10 item 12).
            await FailAsync(context, client.StatusCode, $"the request body could not be read ({client.Message.TrimEnd('.')}).").ConfigureAwait(false);
            return;
        }
        catch (HttpRequestException ex)
        {
            await FailAsync(context, StatusCodes.Status502BadGateway, $"the upstream {Authority(upstream)} {Failure(ex)}").ConfigureAwait(false);
            return;
        }

        using (response)
        {
            // From here the linked timeout no longer applies: a long download is not an upstream failure.
            timeout.CancelAfter(Timeout.InfiniteTimeSpan);
            if (Unforwardable(response) is { } reason)
            {
                // Disposing the unread response closes the connection to the upstream, as RFC 9112 §6.3 asks.
                await FailAsync(context, StatusCodes.Status502BadGateway, $"the upstream {Authority(upstream)} sent {reason}; it is not forwarded.").ConfigureAwait(false);
                return;
            }
            var corsKits = context.Response.Headers.ToArray();
            try
            {
                CopyResponseHeaders(response, context.Response);
            }
            catch (InvalidOperationException)
            {
                // Kestrel refused a value (its header validation). Back to CorsKit's headers alone, and a 502.
                context.Response.Headers.Clear();
                foreach (var (name, values) in corsKits)
                {
                    context.Response.Headers[name] = values;
                }
                await FailAsync(context, StatusCodes.Status502BadGateway, $"the upstream {Authority(upstream)} sent a response header this server cannot forward; it is not forwarded.").ConfigureAwait(false);
                return;
            }
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            try
            {
                var body = await response.Content.ReadAsStreamAsync(aborted).ConfigureAwait(false);
                await using (body.ConfigureAwait(false))
                {
                    if (timeouts.Idle is { } idle)
                    {
                        await CopyWithIdleTimeoutAsync(body, context.Response.Body, idle, aborted).ConfigureAwait(false);
                    }
                    else
                    {
                        await body.CopyToAsync(context.Response.Body, CopyBufferSize, aborted).ConfigureAwait(false);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
            {
                // The status line has gone out: the only honest signal left is to break the connection (YARP
                // HttpForwarder: "If the response had already started: reset or abort the connection").
                context.Abort();
            }
        }
    }

    /// <summary>
    /// Copies the body, giving up (an <see cref="OperationCanceledException"/>) when one read from the upstream waits
    /// longer than <paramref name="idle"/>. Only the upstream's pauses count: the clock is stopped while writing, so a
    /// slow client is not blamed on the upstream (YARP's ActivityTimeout is likewise reset on every read and write).
    /// </summary>
    private static async Task CopyWithIdleTimeoutAsync(Stream from, Stream to, TimeSpan idle, CancellationToken aborted)
    {
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            while (true)
            {
                quiet.CancelAfter(idle);
                var read = await from.ReadAsync(buffer, quiet.Token).ConfigureAwait(false);
                quiet.CancelAfter(Timeout.InfiniteTimeSpan);
                if (read == 0)
                {
                    return;
                }
                await to.WriteAsync(buffer.AsMemory(0, read), aborted).ConfigureAwait(false);
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static HttpRequestMessage CreateRequest(HttpContext context, Uri destination)
    {
        var incoming = context.Request;
        var message = new HttpRequestMessage(new HttpMethod(incoming.Method), destination)
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        var chunked = IsChunked(incoming.Headers);
        var content = HasBody(incoming, chunked) ? new StreamContent(incoming.Body, CopyBufferSize) : null;
        var connectionTokens = ConnectionTokens(incoming.Headers.Connection);
        foreach (var (name, values) in incoming.Headers)
        {
            if (name.StartsWith(':') || HopByHop.Contains(name) || SetByForwarder.Contains(name) || connectionTokens.Contains(name))
            {
                continue;
            }
            // RFC 9112 §6.3: with Transfer-Encoding, Content-Length must be ignored (and dropped: a smuggling guard).
            if (chunked && name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!message.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                // Content-* and the other content fields belong on HttpContent; without a body they are dropped.
                content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }
        message.Content = content;

        var connection = context.Connection;
        message.Headers.TryAddWithoutValidation("X-Forwarded-For", connection.RemoteIpAddress?.ToString() ?? "unknown");
        message.Headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);
        if (incoming.Host.HasValue)
        {
            message.Headers.TryAddWithoutValidation("X-Forwarded-Host", incoming.Host.Value);
        }
        return message;
    }

    /// <summary>
    /// The upstream URL: its own path (trailing slash dropped, so no double slash), then the target's path and query
    /// still encoded as the client sent them (no decode/re-encode round trip that would change escapes; YARP
    /// <c>RequestUtilities.MakeDestinationAddress</c> takes care for the same reason). System.Uri must not normalise
    /// it again: it would turn "\" into "/" and remove dot segments after the route was chosen (issue 10 item 1), so
    /// its path canonicalisation is turned off and the bytes sent are the bytes routed.
    /// </summary>
    private static Uri? Destination(GatewayRoute route, GatewayTarget target) =>
        Uri.TryCreate(route.ForwardBase + target.PathAndQuery,
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true }, out var destination) ? destination : null;

    /// <summary>A body exists when it is framed (RFC 9112 §6.3: Transfer-Encoding, or Content-Length &gt; 0). Without
    /// one no content is attached, else HttpClient would send <c>Transfer-Encoding: chunked</c> on a GET (YARP
    /// <c>HttpForwarder.SetupRequestBodyCopy</c>).</summary>
    private static bool HasBody(HttpRequest request, bool chunked) =>
        request.ContentLength > 0 || chunked;

    private static bool IsChunked(IHeaderDictionary headers) =>
        headers.TransferEncoding.Count != 0 && headers.TransferEncoding.ToString().Contains("chunked", StringComparison.OrdinalIgnoreCase);

    /// <summary>The field names listed in <c>Connection</c> (RFC 9110 §7.6.1: "the intermediary MUST remove or replace
    /// them"), as a case-insensitive set.</summary>
    private static IReadOnlySet<string> ConnectionTokens(IEnumerable<string?> connection)
    {
        HashSet<string>? tokens = null;
        foreach (var line in connection)
        {
            foreach (var token in ReceivedHeaders.Tokens(line ?? ""))
            {
                (tokens ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase)).Add(token);
            }
        }
        return tokens ?? NoTokens;
    }

    /// <summary>The usual case (no <c>Connection</c> header, or one naming no field): nothing to allocate per request.</summary>
    private static readonly IReadOnlySet<string> NoTokens = new HashSet<string>();

    private static void CopyResponseHeaders(HttpResponseMessage from, HttpResponse to)
    {
        to.StatusCode = (int)from.StatusCode;
        var connectionTokens = from.Headers.NonValidated.TryGetValues(HeaderNames.Connection, out var connection)
            ? ConnectionTokens(connection)
            : NoTokens;
        var chunked = from.Headers.NonValidated.Contains(HeaderNames.TransferEncoding);
        Copy(from.Headers.NonValidated, to.Headers, connectionTokens, chunked);
        Copy(from.Content.Headers.NonValidated, to.Headers, connectionTokens, chunked);
    }

    private static void Copy(HttpHeadersNonValidated from, IHeaderDictionary to, IReadOnlySet<string> connectionTokens, bool chunked)
    {
        foreach (var (name, values) in from)
        {
            if (HopByHop.Contains(name) || connectionTokens.Contains(name)
                || (chunked && name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }
            // The gateway is the one CORS authority: the upstream's Access-Control-* fields are dropped, so the
            // client never sees two Access-Control-Allow-Origin values (Fetch §4.10 step 2: a list fails the check).
            if (name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (name.Equals(HeaderNames.Vary, StringComparison.OrdinalIgnoreCase))
            {
                MergeVary(to, values);
                continue;
            }
            if (name.Equals(HeaderNames.ContentLength, StringComparison.OrdinalIgnoreCase))
            {
                // Checked by Unforwardable: one length, perhaps repeated ("5, 5"); forwarded once.
                to.ContentLength = long.Parse(ReceivedHeaders.Tokens(values.First()).First(), System.Globalization.CultureInfo.InvariantCulture);
                continue;
            }
            to[name] = new StringValues([.. values]);
        }
    }

    /// <summary>
    /// Adds the upstream's <c>Vary</c> names to the <c>Vary: Origin</c> CorsKit wrote before the request was forwarded,
    /// never twice (RFC 9110 §12.5.5: a list of field names, case-insensitive). Assigning instead would drop Origin,
    /// and a shared cache could serve one origin's answer to another. Unlike the middleware's
    /// <c>ResponseHeaders.AddVary</c>, which appends a second line, this keeps one combined line, the form the
    /// upstream sent (RFC 9110 §5.3 makes the two equal, but a cache that reads only the first line would lose the
    /// upstream's names).
    /// </summary>
    private static void MergeVary(IHeaderDictionary to, HeaderStringValues upstream)
    {
        var names = new List<string>();
        foreach (var line in to.Vary)
        {
            names.AddRange(ReceivedHeaders.Tokens(line ?? ""));
        }
        foreach (var line in upstream)
        {
            foreach (var name in ReceivedHeaders.Tokens(line))
            {
                if (!names.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    names.Add(name);
                }
            }
        }
        to.Vary = string.Join(", ", names);
    }

    /// <summary>
    /// Why an upstream answer cannot be forwarded as HTTP, or null. Checked before anything is copied, so the client
    /// gets a 502 with CorsKit's CORS headers and <c>Vary</c> instead of a broken or empty answer (issue 10 items 9, 11).
    /// </summary>
    private static string? Unforwardable(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status == StatusCodes.Status101SwitchingProtocols)
        {
            // The Upgrade header is never forwarded, so an upstream that switches protocols answered something else.
            return "101 Switching Protocols, but upgrades (WebSocket and others) are not supported";
        }
        if (status is < 200 or > 599)
        {
            // RFC 9110 §15: status codes are 100 to 599, and other 1xx are interim answers SocketsHttpHandler reads past;
            // "a client that receives a response with an invalid status code SHOULD process [it] as if it had a 5xx".
            return $"an invalid status code {status} (a final status is 200 to 599)";
        }
        var framed = response.Headers.NonValidated.Contains(HeaderNames.TransferEncoding);
        string? length = null;
        if (response.Content.Headers.NonValidated.TryGetValues(HeaderNames.ContentLength, out var lengths))
        {
            // RFC 9110 §8.6 allows repeated identical values ("5, 5"); anything else is a framing error, and RFC 9112
            // §6.3 item 5 makes a proxy answer 502 for it.
            foreach (var value in lengths.SelectMany(ReceivedHeaders.Tokens).DefaultIfEmpty(""))
            {
                if (!long.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _) || (length is not null && length != value))
                {
                    return "an invalid Content-Length";
                }
                length = value;
            }
            framed |= length!.TrimStart('0').Length != 0;
        }
        if (status is StatusCodes.Status204NoContent or StatusCodes.Status205ResetContent && framed)
        {
            // RFC 9110 §15.3.5, §15.3.6: these responses cannot contain content.
            return $"a {status} response that announces a body";
        }
        return null;
    }

    /// <summary>The client-side failure (Kestrel's <see cref="BadHttpRequestException"/>) behind a send failure, or null.</summary>
    private static BadHttpRequestException? FindClientFault(Exception ex)
    {
        for (var inner = ex.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is BadHttpRequestException bad)
            {
                return bad;
            }
        }
        return null;
    }

    /// <summary>What went wrong with the upstream, as the end of a sentence.</summary>
    private static string Failure(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.InvalidResponse => "sent an answer that is not a valid HTTP response.",
        HttpRequestError.ResponseEnded => "closed the connection before sending a complete response.",
        _ => $"could not be reached ({(ex.InnerException is SocketException socket ? socket.SocketErrorCode.ToString() : ex.HttpRequestError.ToString())}).",
    };

    private static async Task FailAsync(HttpContext context, int status, string message)
    {
        // The CORS headers CorsKit wrote before forwarding stay: an allowed page can read the 502/504 and its reason.
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync("corskit: " + message + "\n", context.RequestAborted).ConfigureAwait(false);
    }

    private static string Authority(Uri upstream) => upstream.GetLeftPart(UriPartial.Authority);

    public void Dispose() => _invoker.Dispose();
}
