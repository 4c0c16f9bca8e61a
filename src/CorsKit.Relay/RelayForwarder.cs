using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CorsKit.Relay;

/// <summary>
/// Sends one relayed request and copies the answer back, following redirects itself.
/// <para>
/// Built on <see cref="SocketsHttpHandler"/> and <see cref="HttpMessageInvoker"/> directly rather than on YARP's
/// <c>IHttpForwarder</c>: the relay must look at each response before anything reaches the client (a redirect is
/// followed here, and its target checked like the first; a body over the limit is refused while the status can still
/// say so), and <c>IHttpForwarder.SendAsync</c> writes the target's status and headers straight into the
/// <see cref="HttpContext"/>. What YARP adds beyond that (load balancing, health checks, HTTP/3 and WebSocket
/// upstreams, config reload) a relay to arbitrary third-party APIs has no use for. The handler is configured as YARP's
/// default one is (ForwarderHttpClientFactory: no proxy, no automatic redirects, decompression or cookies), plus the
/// <see cref="RelayConnector"/> that judges every address at connect time.
/// </para>
/// </summary>
internal sealed class RelayForwarder : IDisposable
{
    private const int CopyBufferSize = 64 * 1024;

    private readonly RelayOptions _options;
    private readonly TargetAllowList _targets;
    private readonly HttpMessageInvoker _invoker;

    public RelayForwarder(RelayOptions options, TargetAllowList targets, AddressRule addresses)
    {
        _options = options;
        _targets = targets;
        var connector = new RelayConnector(addresses);
        _invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = options.ConnectTimeout,
            ConnectCallback = connector.ConnectAsync,
            // Pooled connections were judged when they were opened; renew them now and then so a name's new
            // addresses are judged too.
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            EnableMultipleHttp2Connections = true,
            // Header bytes pass through unchanged: read as Latin-1 (one char per byte) here and written as Latin-1 by
            // Kestrel (RelayServer), so a UTF-8 value from an API is neither refused nor re-encoded (RFC 9110 §5.5:
            // field values are octets; obs-text is allowed).
            ResponseHeaderEncodingSelector = static (_, _) => System.Text.Encoding.Latin1,
        });
    }

    /// <summary>Relays the request in <paramref name="context"/> to <paramref name="target"/>; returns the rule that
    /// refused it, or null when the target's answer (or a 502/504) was sent.</summary>
    public async Task<RelayRefusal?> RelayAsync(HttpContext context, Uri target)
    {
        var (body, tooLarge) = await ReadBodyAsync(context).ConfigureAwait(false);
        if (tooLarge is not null)
        {
            return tooLarge;
        }

        var method = new HttpMethod(context.Request.Method);
        var current = target;
        for (var hop = 0; ; hop++)
        {
            using var request = CreateRequest(context, method, current, body);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(_options.ResponseTimeout);
            HttpResponseMessage response;
            try
            {
                response = await _invoker.SendAsync(request, timeout.Token).ConfigureAwait(false);
            }
            catch (HttpRequestException ex) when (FindRefusal(ex) is { } refused)
            {
                return hop == 0 ? refused : refused with { Reason = $"redirect {hop} to {current}: {refused.Reason}" };
            }
            catch (HttpRequestException ex)
            {
                await FailAsync(context, StatusCodes.Status502BadGateway, $"cannot reach {RelayTarget.OriginOf(current)}: {Innermost(ex)}").ConfigureAwait(false);
                return null;
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                await FailAsync(context, StatusCodes.Status504GatewayTimeout,
                    $"{RelayTarget.OriginOf(current)} sent no response headers within {_options.ResponseTimeout.TotalSeconds:0.#} s.").ConfigureAwait(false);
                return null;
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (status is 301 or 302 or 303 or 307 or 308 && response.Headers.NonValidated.TryGetValues("Location", out var locations))
                {
                    if (hop == _options.MaxRedirects)
                    {
                        return new RelayRefusal(RelayRule.RedirectLimit, $"{target} redirects more than {_options.MaxRedirects} times.");
                    }

                    // The Location text as received (NonValidated): the typed header is a Uri, which has already repaired it.
                    if (Next(current, locations.First(), hop + 1) is var (next, refusal) && refusal is not null)
                    {
                        return refusal;
                    }

                    // Fetch §4.4 "HTTP-redirect fetch" step 12: 303 (other than HEAD), and 301/302 after POST, turn the
                    // request into a GET without a body; 307 and 308 repeat it as it was (the body was read into memory).
                    if ((status == 303 && method != HttpMethod.Head) || (status is 301 or 302 && method == HttpMethod.Post))
                    {
                        method = HttpMethod.Get;
                        body = null;
                    }

                    current = next!;
                    continue;
                }

                return await CopyResponseAsync(context, response, current, hop > 0).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The target of a redirect, checked exactly as a first target is: strict syntax (the Location text
    /// itself may not hold a backslash or white space either), then the target allow-list; its addresses are judged
    /// when it is connected to.</summary>
    private (Uri? Next, RelayRefusal? Refusal) Next(Uri current, string location, int hop)
    {
        RelayRefusal Refused(RelayRefusal r) => r with { Reason = $"redirect {hop} from {current} to {location}: {r.Reason}" };
        foreach (var c in location)
        {
            if (c == '\\' || c <= ' ' || c >= 0x7F)
            {
                return (null, Refused(new RelayRefusal(RelayRule.MangledTarget, "the Location header is not a URL written exactly (backslash, white space or a non-ASCII character).")));
            }
        }

        if (!Uri.TryCreate(current, location, out var resolved))
        {
            return (null, Refused(new RelayRefusal(RelayRule.MangledTarget, "the Location header is not a URL.")));
        }

        // A Location with a scheme is checked as written (https:/host is refused, not resolved against the current
        // URL as the URL Standard would); a relative one is checked once resolved. Not Uri.IsAbsoluteUri: on Unix it
        // reads "/path" as a file path.
        var absolute = HasScheme(location) ? location : resolved.AbsoluteUri;
        if (!RelayTarget.TryParse(absolute, out var next, out var refusal))
        {
            return (null, Refused(refusal));
        }

        return _targets.Allows(next)
            ? (next, null)
            : (null, Refused(new RelayRefusal(RelayRule.TargetNotAllowed, $"{RelayTarget.OriginOf(next)} is not in the target allow-list.")));
    }

    /// <summary>RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":".</summary>
    private static bool HasScheme(string reference)
    {
        if (reference.Length == 0 || !char.IsAsciiLetter(reference[0]))
        {
            return false;
        }

        foreach (var c in reference.AsSpan(1))
        {
            if (c == ':')
            {
                return true;
            }

            if (!char.IsAsciiLetterOrDigit(c) && c is not '+' and not '-' and not '.')
            {
                return false;
            }
        }

        return false;
    }

    private async Task<(byte[]? Body, RelayRefusal? TooLarge)> ReadBodyAsync(HttpContext context)
    {
        var request = context.Request;
        var limit = _options.MaxRequestBodyBytes;
        if (request.ContentLength is { } length)
        {
            if (length > limit)
            {
                return (null, TooLarge(length));
            }

            if (length == 0)
            {
                return (null, null);
            }
        }
        else if (request.Headers.TransferEncoding.Count == 0)
        {
            return (null, null);
        }

        // Bodies are read whole (they are at most MaxRequestBodyBytes) so that a 307 or 308 can send them again.
        using var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return (null, TooLarge(null));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(null));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return (buffer.ToArray(), null);

        RelayRefusal TooLarge(long? length) => new(RelayRule.RequestTooLarge,
            $"the request body{(length is { } n ? $" ({n} bytes)" : "")} is larger than the relay's limit of {limit} bytes.");
    }

    private HttpRequestMessage CreateRequest(HttpContext context, HttpMethod method, Uri target, byte[]? body)
    {
        var message = new HttpRequestMessage(method, target)
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        if (body is not null)
        {
            message.Content = new ByteArrayContent(body);
        }

        var headers = context.Request.Headers;
        var connection = headers.Connection;
        foreach (var (name, values) in headers)
        {
            if (!RelayHeaders.Forwards(name, _options.ForwardedCredentials) || (connection.Count != 0 && Lists(connection, name)))
            {
                continue;
            }

            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, (IEnumerable<string>)values);
            }
        }

        return message;
    }

    private async Task<RelayRefusal?> CopyResponseAsync(HttpContext context, HttpResponseMessage upstream, Uri final, bool redirected)
    {
        var limit = _options.MaxResponseBodyBytes;
        if (upstream.Content.Headers.ContentLength is { } length && length > limit)
        {
            return new RelayRefusal(RelayRule.ResponseTooLarge, $"{final} answered with {length} bytes, more than the relay's limit of {limit} bytes.");
        }

        var response = context.Response;
        response.StatusCode = (int)upstream.StatusCode;
        var headers = response.Headers;
        var connection = upstream.Headers.Connection;
        CopyHeaders(upstream.Headers, headers, connection);
        CopyHeaders(upstream.Content.Headers, headers, connection);
        if (redirected)
        {
            // Where the answer came from, as cors-anywhere's X-Final-Url: a page cannot see the relay's redirects.
            headers["X-Final-Url"] = final.AbsoluteUri;
        }

        if (HttpMethods.IsHead(context.Request.Method))
        {
            return null;
        }

        // Streamed, never buffered: a body without a length that passes the limit is cut off (the connection is
        // aborted, so the page sees a network error rather than a truncated body that looks complete).
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        var stream = await upstream.Content.ReadAsStreamAsync(context.RequestAborted).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
            try
            {
                long total = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    total += read;
                    if (total > limit)
                    {
                        context.Abort();
                        return null;
                    }

                    await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted).ConfigureAwait(false);
                }
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                // The target failed mid-body: the status line is gone, so the connection is what can say so.
                context.Abort();
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        return null;
    }

    private static void CopyHeaders(HttpHeaders from, IHeaderDictionary to, HttpHeaderValueCollection<string> connection)
    {
        foreach (var (name, values) in from.NonValidated)
        {
            if (!RelayHeaders.Returns(name) || (connection.Count != 0 && connection.Contains(name, StringComparer.OrdinalIgnoreCase)))
            {
                continue;
            }

            var value = values.Count == 1 ? new Microsoft.Extensions.Primitives.StringValues(values.ToString()) : new Microsoft.Extensions.Primitives.StringValues(values.ToArray());
            if (name.Equals("Vary", StringComparison.OrdinalIgnoreCase) && to.Vary.Count != 0)
            {
                // The relay's CORS layer already said Vary: Origin; the target's Vary is added to it.
                to.Vary = Microsoft.Extensions.Primitives.StringValues.Concat(to.Vary, value);
                continue;
            }

            to[name] = value;
        }
    }

    private static bool Lists(Microsoft.Extensions.Primitives.StringValues connection, string name)
    {
        foreach (var line in connection)
        {
            foreach (var token in (line ?? "").Split(','))
            {
                if (token.Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static RelayRefusal? FindRefusal(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is RelayRefusedException refused)
            {
                return refused.Refusal;
            }
        }

        return null;
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException is not null)
        {
            ex = ex.InnerException;
        }

        return ex.Message.TrimEnd('.') + ".";
    }

    /// <summary>A 502 or 504 from the relay itself (the page reads it: the CORS layer already set its headers).</summary>
    internal static Task FailAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($"corskit relay: {message}\n", context.RequestAborted);
    }

    public void Dispose() => _invoker.Dispose();
}
