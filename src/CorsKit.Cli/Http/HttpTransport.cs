using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Http;

/// <summary>
/// A <see cref="CorsTransport"/> over the network: one request as written, no redirects followed, no cookie container,
/// no automatic decompression, and every response header line kept in order (including content headers).
/// </summary>
internal sealed class HttpTransport : IDisposable
{
    private readonly HttpClient _client;
    private readonly TimeSpan _timeout;
    private readonly WireParsing? _wire;
    private readonly bool _insecure;
    private readonly Uri? _proxy;

    /// <param name="timeout">Per-request network timeout.</param>
    /// <param name="insecure">Accept any TLS certificate.</param>
    /// <param name="proxy">An HTTP proxy (HttpClient path only).</param>
    /// <param name="wire">When set (and no proxy), requests go through <see cref="RawHttpClient"/>, which sends the
    /// method and header bytes as the browser does and parses the response head as that browser does.</param>
    public HttpTransport(TimeSpan timeout, bool insecure = false, Uri? proxy = null, WireParsing? wire = null)
    {
        _wire = proxy is null ? wire : null;
        _insecure = insecure;
        _proxy = proxy;
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = proxy is not null,
            Proxy = proxy is null ? null : new WebProxy(proxy),
            ConnectTimeout = timeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            MaxConnectionsPerServer = 64,
        };
        if (insecure)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = static (_, _, _, _) => true;
        }

        _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _timeout = timeout;
    }

    /// <summary>The transport delegate for <see cref="BrowserModel.RunAsync(CorsRequest, CorsTransport, CancellationToken)"/>.</summary>
    public CorsTransport Transport => SendAsync;

    public async Task<IncomingResponse> SendAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        if (_wire is { } wire)
        {
            using var rawTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            rawTimeout.CancelAfter(_timeout);
            try
            {
                return await RawHttpClient.SendAsync(request, wire, _insecure, rawTimeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TransportException("timeout", $"no response from {request.Url.GetLeftPart(UriPartial.Authority)} within {_timeout.TotalSeconds:0.#} s");
            }
        }

        using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Url);
        HttpContent? content = request.Body is null ? null : new StringContent(request.Body);
        content?.Headers.Clear();
        foreach (var header in request.Headers)
        {
            if (!message.Headers.TryAddWithoutValidation(header.Name, header.Value))
            {
                content ??= new ByteArrayContent([]);
                content.Headers.TryAddWithoutValidation(header.Name, header.Value);
            }
        }

        message.Content = content;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            var headers = new List<HttpHeader>();
            foreach (var (name, values) in response.Headers.NonValidated)
            {
                foreach (var value in values)
                {
                    headers.Add(new HttpHeader(name, value));
                }
            }

            foreach (var (name, values) in response.Content.Headers.NonValidated)
            {
                foreach (var value in values)
                {
                    headers.Add(new HttpHeader(name, value));
                }
            }

            return new IncomingResponse { Status = (int)response.StatusCode, Headers = headers };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException("timeout", $"no response from {request.Url.GetLeftPart(UriPartial.Authority)} within {_timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            throw Classify(request.Url, ex);
        }
    }

    private TransportException Classify(Uri url, HttpRequestException ex)
    {
        var host = url.GetLeftPart(UriPartial.Authority);
        if (_proxy is not null && ex.InnerException is SocketException or null && ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            // Through a proxy, the only connection this machine opens is to the proxy: a refused or unresolvable
            // connection is the proxy's, not the target's.
            var proxy = _proxy.GetLeftPart(UriPartial.Authority);
            return ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                ? new("refused", $"connection to the proxy {proxy} was refused (is --proxy running?); {host} was not reached", ex)
                : new("network", $"the proxy {proxy} could not be reached ({ex.InnerException?.Message.TrimEnd('.') ?? ex.Message.TrimEnd('.')}); {host} was not reached", ex);
        }

        if (_proxy is not null && ex.HttpRequestError == HttpRequestError.ProxyTunnelError)
        {
            return new("network", $"the proxy {_proxy.GetLeftPart(UriPartial.Authority)} did not open a tunnel to {host}: {ex.Message.TrimEnd('.')}", ex);
        }

        return ex.InnerException switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => new("refused", $"connection to {host} was refused", ex),
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => new("dns", $"the host name in {host} could not be resolved", ex),
            AuthenticationException => TlsProblem.Failure(url, ex, plainHttp: false),
            IOException => new("reset", $"the connection to {host} was closed before a response arrived", ex),
            _ => new("network", $"the request to {host} failed: {ex.Message}", ex),
        };
    }

    public void Dispose() => _client.Dispose();
}
