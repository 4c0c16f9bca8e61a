using System.Collections.Concurrent;
using System.Diagnostics;
using CorsKit.Cli.Http;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Cli.Audit;

/// <summary>
/// Sends audit requests through <see cref="HttpTransport"/> with the run's limits: a global bound on requests in
/// flight, a per-host rate limit, retries on transient network errors, and (only when asked) redirect following.
/// Each response is judged with the browser model's CORS check, with and without credentials.
/// </summary>
internal sealed class ProbeClient : IDisposable
{
    private readonly CorsTransport _transport;
    private readonly HttpTransport? _owned;
    private readonly AuditSettings _settings;
    private readonly SemaphoreSlim _inFlight;
    private readonly ConcurrentDictionary<string, HostPacer> _pacers = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, Task<AddressSpace?>> _spaces = new(StringComparer.OrdinalIgnoreCase);
    private int _requests;

    public ProbeClient(AuditSettings settings, CorsTransport? transport = null)
    {
        _settings = settings;
        if (transport is null)
        {
            // The raw client, as check uses: it keeps the response's header lines in wire order with duplicates (the
            // evidence docs/audit.md shows), where HttpClient moves content headers last and groups repeated names,
            // and it parses the head as Chromium does. Through --proxy, HttpClient is used (the raw client has no proxy).
            _owned = new HttpTransport(settings.Timeout, settings.Insecure, settings.Proxy, WireParsing.Chromium);
            transport = _owned.Transport;
        }

        _transport = transport;
        _inFlight = new SemaphoreSlim(Math.Max(1, settings.Concurrency));
    }

    /// <summary>Requests put on the wire so far (retries and redirect hops included).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Sends <paramref name="request"/> and evaluates the response for <paramref name="origin"/>.</summary>
    public async Task<Observation> SendAsync(OutgoingRequest request, string origin, CancellationToken cancellationToken)
    {
        var hops = _settings.FollowRedirects ? 5 : 0;
        var current = request;
        var target = Origin.FromUri(request.Url);
        while (true)
        {
            var (response, error) = await SendWithRetriesAsync(current, cancellationToken).ConfigureAwait(false);
            if (response is null)
            {
                return new Observation { Request = current, Error = error };
            }

            if (hops-- > 0 && response.Status is 301 or 302 or 303 or 307 or 308
                && response.Headers.FirstOrDefault(h => h.Name.Equals("Location", StringComparison.OrdinalIgnoreCase)) is { Value: { } location }
                && Uri.TryCreate(current.Url, location, out var next) && next.Scheme is "http" or "https")
            {
                if (await IntoMorePrivateSpaceAsync(request.Url, next, cancellationToken).ConfigureAwait(false) is { } space)
                {
                    return new Observation
                    {
                        Request = current,
                        Error = $"the redirect from {current.Url.AbsoluteUri} to {next.GetLeftPart(UriPartial.Authority)} leads into the {AddressSpaces.Name(space)} address space, "
                            + "which --follow-redirects enters only when the target itself is there (Local Network Access: a browser asks the user first); not followed",
                    };
                }

                // The user's credentials (--cookie, -H) belong to the target's origin: a browser sends cookies per host and
                // drops a script's Authorization on a cross-origin redirect (Fetch §4.4 HTTP-redirect fetch step 13), so
                // another origin gets neither; coming back to the target's origin, they are sent again.
                current = current with { Url = next, Headers = target.IsSameOrigin(Origin.FromUri(next)) ? request.Headers : WithoutUserCredentials(request) };
                continue;
            }

            return new Observation
            {
                Request = current,
                Response = response,
                WithCredentials = CorsCheck.Check(origin, CredentialsMode.Include, response.Headers),
                WithoutCredentials = CorsCheck.Check(origin, CredentialsMode.Omit, response.Headers),
            };
        }
    }

    /// <summary>The headers of <paramref name="request"/> without any the user gave (every <c>-H</c> name and the
    /// <c>--cookie</c> value); only corskit's own probe cookie stays.</summary>
    private List<HttpHeader> WithoutUserCredentials(OutgoingRequest request)
    {
        var headers = request.Headers
            .Where(h => !h.Name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
                && !_settings.Headers.Any(u => u.Name.Equals(h.Name, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        if (request.IncludeCredentials)
        {
            headers.Add(new HttpHeader("Cookie", AuditEngine.ProbeCookie));
        }

        return headers;
    }

    /// <summary>
    /// The space of <paramref name="next"/> when it is more private than the target's (<see cref="AddressSpaces"/>, LNA
    /// §2.1), else null: probes go into private or loopback space only when the target itself is there.
    /// </summary>
    private async Task<AddressSpace?> IntoMorePrivateSpaceAsync(Uri target, Uri next, CancellationToken cancellationToken)
    {
        var from = await SpaceAsync(target).WaitAsync(cancellationToken).ConfigureAwait(false) ?? AddressSpace.Public;
        var to = await SpaceAsync(next).WaitAsync(cancellationToken).ConfigureAwait(false);
        return to < from ? to : null;
    }

    // One DNS lookup per host for the whole run.
    private Task<AddressSpace?> SpaceAsync(Uri url) => _spaces.GetOrAdd(url.IdnHost, _ => HostAddressSpace.OfAsync(url, CancellationToken.None));

    private async Task<(IncomingResponse? Response, string? Error)> SendWithRetriesAsync(OutgoingRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await Pacer(request.Url).WaitAsync(cancellationToken).ConfigureAwait(false);
            await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                Interlocked.Increment(ref _requests);
                return (await _transport(request, cancellationToken).ConfigureAwait(false), null);
            }
            catch (TransportException ex) when (attempt < _settings.Retries && IsTransient(ex.Kind))
            {
                // Fall through to the back-off below; the slot is released first.
            }
            catch (TransportException ex)
            {
                return (null, ex.Message);
            }
            finally
            {
                _inFlight.Release();
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Resets, timeouts and refused connections are often momentary (server restarting, listen backlog full);
    /// DNS and TLS failures are not.</summary>
    private static bool IsTransient(string kind) => kind is "reset" or "timeout" or "refused" or "network";

    private HostPacer Pacer(Uri url) => _pacers.GetOrAdd(url.Authority, _ => new HostPacer(_settings.RatePerHost));

    public void Dispose()
    {
        _owned?.Dispose();
        _inFlight.Dispose();
    }

    /// <summary>Spaces requests to one host at least 1/rate seconds apart (no limit when rate is 0).</summary>
    private sealed class HostPacer(double ratePerSecond)
    {
        private readonly Lock _lock = new();
        private readonly long _interval = ratePerSecond > 0 ? (long)(Stopwatch.Frequency / ratePerSecond) : 0;
        private long _next;

        public Task WaitAsync(CancellationToken cancellationToken)
        {
            if (_interval == 0)
            {
                return Task.CompletedTask;
            }

            long wait;
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                var slot = Math.Max(now, _next);
                _next = slot + _interval;
                wait = slot - now;
            }

            return wait <= 0 ? Task.CompletedTask : Task.Delay(TimeSpan.FromSeconds((double)wait / Stopwatch.Frequency), cancellationToken);
        }
    }
}
