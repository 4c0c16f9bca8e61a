using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// Sits between YARP and the upstream connection and checks each answer before YARP copies it: an answer that cannot be
/// forwarded as HTTP becomes a failed request (a 502 with CorsKit's CORS headers, <c>Vary</c> and the reason) instead
/// of a broken or empty answer (issue 10 items 9, 11); fields the upstream's <c>Connection</c> names are dropped
/// (RFC 9110 §7.6.1; YARP drops only the fixed hop-by-hop list); a repeated identical <c>Content-Length</c> is
/// forwarded once (RFC 9110 §8.6).
/// </summary>
internal sealed class GatewayUpstreamHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        string? problem;
        try
        {
            problem = Check(request, response);
        }
        catch
        {
            response.Dispose();
            throw;
        }
        if (problem is not null)
        {
            // Disposing the unread response closes the connection to the upstream, as RFC 9112 §6.3 asks.
            response.Dispose();
            throw new UpstreamResponseException($"sent {problem}; it is not forwarded.");
        }
        return response;
    }

    private static string? Check(HttpRequestMessage request, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        if (status == 101 && !request.Headers.Contains(HeaderNames.Upgrade) && request.Headers.Protocol is null)
        {
            // YARP relays an upgrade the client asked for (WebSockets); one it did not ask for has no meaning.
            return "101 Switching Protocols to a request that asked for no upgrade";
        }
        if (status is < 101 or > 599 || status is > 101 and < 200)
        {
            // RFC 9110 §15: status codes are 100 to 599, and interim 1xx answers are read past by the handler;
            // "a client that receives a response with an invalid status code SHOULD process [it] as if it had a 5xx".
            return $"an invalid status code {status} (a final status is 200 to 599)";
        }
        var framed = response.Headers.NonValidated.Contains(HeaderNames.TransferEncoding);
        if (response.Content.Headers.NonValidated.TryGetValues(HeaderNames.ContentLength, out var lengths))
        {
            // RFC 9110 §8.6 allows repeated identical values ("5, 5"); anything else is a framing error, and RFC 9112
            // §6.3 item 5 makes a proxy answer 502 for it.
            string? length = null;
            var count = 0;
            foreach (var value in lengths.SelectMany(ReceivedHeaders.Tokens).DefaultIfEmpty(""))
            {
                if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) || (length is not null && length != value))
                {
                    return "an invalid Content-Length";
                }
                length = value;
                count++;
            }
            if (count > 1)
            {
                response.Content.Headers.Remove(HeaderNames.ContentLength);
                response.Content.Headers.TryAddWithoutValidation(HeaderNames.ContentLength, length);
            }
            framed |= length!.TrimStart('0').Length != 0;
        }
        if (status is 204 or 205 && framed)
        {
            // RFC 9110 §15.3.5, §15.3.6: these responses cannot contain content.
            return $"a {status} response that announces a body";
        }
        if (status is 204 or 205 or 304 && !framed)
        {
            // Bytes after the header section of a bodiless answer are not its content (RFC 9112 §6.3 item 1); the
            // handler would read a 205 to the end of the connection, which Kestrel refuses to write. Dropped, and the
            // connection with them.
            var unframed = response.Content;
            response.Content = new ByteArrayContent([]);
            foreach (var (name, values) in unframed.Headers.NonValidated)
            {
                response.Content.Headers.TryAddWithoutValidation(name, values);
            }
            unframed.Dispose();
        }
        if (status != 101 && response.Headers.NonValidated.TryGetValues(HeaderNames.Connection, out var connection))
        {
            foreach (var name in connection.SelectMany(ReceivedHeaders.Tokens).ToArray())
            {
                response.Headers.Remove(name);
                response.Content.Headers.Remove(name);
            }
        }
        return null;
    }
}
