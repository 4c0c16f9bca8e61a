using System.Collections.Concurrent;
using System.Diagnostics;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Cli.Audit;

/// <summary>The requests a target's analysis needs, grouped by purpose.</summary>
internal sealed record TargetObservations
{
    public required Uri Url { get; init; }

    public required IReadOnlyList<string> Trusted { get; init; }

    /// <summary>True when the trusted origins were given (<c>-t</c>), false when discovered.</summary>
    public bool TrustedGiven { get; init; }

    /// <summary>The discovery candidates tried (empty when the trusted origins were given).</summary>
    public IReadOnlyList<string> Candidates { get; init; } = [];

    /// <summary>The origins the probes were derived from (the trusted ones, plus the target's own origin).</summary>
    public IReadOnlyList<string> Bases { get; init; } = [];

    /// <summary>GET from each trusted origin (or discovery candidate).</summary>
    public required IReadOnlyList<ProbeResult> TrustedGets { get; init; }

    /// <summary>GET from every probe origin.</summary>
    public required IReadOnlyList<ProbeResult> Probes { get; init; }

    /// <summary>GET without an Origin header (a navigation or a same-origin request), for the Vary analysis.</summary>
    public Observation? NoOrigin { get; init; }

    public Observation? PreflightMethod { get; init; }

    public Observation? PreflightHeaders { get; init; }

    public Observation? PreflightPlain { get; init; }

    /// <summary>Private-network preflights: (origin is untrusted, observation).</summary>
    public IReadOnlyList<(bool Untrusted, Observation Observation)> PreflightPrivateNetwork { get; init; } = [];

    /// <summary>Error-path requests (missing path, unsupported method, malformed JSON body, the user's error URLs),
    /// all sent from <see cref="ErrorOrigin"/>.</summary>
    public IReadOnlyList<Observation> ErrorProbes { get; init; } = [];

    /// <summary>The preflight the browser model sent before the malformed-JSON POST (the POST is in
    /// <see cref="ErrorProbes"/> only when this preflight passed).</summary>
    public Observation? BodyPreflight { get; init; }

    /// <summary>The origin the error probes were sent from (the first trusted origin, else the first candidate).</summary>
    public string? ErrorOrigin { get; init; }
}

/// <summary>Runs the audit: probes every target, then hands the observations to <see cref="AuditAnalyzer"/>.</summary>
internal sealed class AuditEngine(AuditSettings settings, ProbeClient client)
{
    /// <summary>The probe cookie: a credentialed browser request carries the victim's cookies, and some frameworks
    /// (Starlette with allow_origins=['*']) reflect the origin only when a cookie is present.</summary>
    public const string ProbeCookie = "corskit_probe=1";

    /// <summary>A method no server lists on purpose: echoing it back means the server reflects whatever is asked.</summary>
    public const string ProbeMethod = "CORSKITPROBE";

    /// <summary>A header name no server lists on purpose.</summary>
    public const string ProbeHeader = "x-corskit-probe-1234";

    /// <summary>The last path segment used for the error probe (a sibling of the target path, so path-scoped CORS
    /// configuration such as <c>/api/**</c> still applies to it).</summary>
    public const string MissingSegment = "corskit-no-such-path-4d1f";

    /// <summary>The body of the malformed-JSON error probe: an object that never closes.</summary>
    public const string MalformedJson = "{\"corskit\":";

    private readonly ConcurrentDictionary<string, Task<Observation>> _shared = new(StringComparer.Ordinal);

    public async Task<AuditReport> RunAsync(Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var observed = new TargetObservations[settings.Targets.Count];
        var results = new TargetResult[settings.Targets.Count];
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, settings.Targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                observed[i] = await ObserveAsync(settings.Targets[i], ct).ConfigureAwait(false);
                results[i] = Result(observed[i], []);
                progress?.Invoke(Interlocked.Increment(ref done), observed.Length);
            }).ConfigureAwait(false);

        // cors-missing-on-error also compares a target's own error answer (the URL the user gave answers 500 or 404
        // without CORS) with the other targets of the same host that carry CORS for that origin (issue 9 item 2). Only
        // those targets are analysed again, with the host's passing responses.
        var passingByHost = observed
            .GroupBy(o => o.Url.GetLeftPart(UriPartial.Authority), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(
                g => g.Key,
                g => g.SelectMany(o => o.TrustedGets.Select(t => t.Observation).Concat(o.ErrorProbes).Where(x => x.Passes).Select(x => (Target: o, Observation: x))).ToList(),
                StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < observed.Length; i++)
        {
            var o = observed[i];
            if (results[i].Error is null && o.TrustedGets.Any(g => g.Observation is { Response.Status: >= 400, Passes: false })
                && results[i].Findings.All(f => f.Kind != FindingCatalog.CorsMissingOnError))
            {
                var sameHost = passingByHost[o.Url.GetLeftPart(UriPartial.Authority)]
                    .Where(p => !ReferenceEquals(p.Target, o)).Select(p => p.Observation).ToList();
                if (sameHost.Count > 0)
                {
                    results[i] = Result(o, sameHost);
                }
            }
        }

        return new AuditReport { Targets = results, Duration = Stopwatch.GetElapsedTime(started) };
    }

    private static TargetResult Result(TargetObservations observations, IReadOnlyList<Observation> sameHost)
    {
        var all = observations.TrustedGets.Concat(observations.Probes).Select(p => p.Observation).ToList();
        var count = all.Count + observations.ErrorProbes.Count + (observations.NoOrigin is null ? 0 : 1) + (observations.BodyPreflight is null ? 0 : 1)
            + new[] { observations.PreflightMethod, observations.PreflightHeaders, observations.PreflightPlain }.Count(o => o is not null)
            + observations.PreflightPrivateNetwork.Count;
        var result = new TargetResult
        {
            Url = observations.Url,
            TrustedOrigins = observations.Trusted,
            TrustedGiven = observations.TrustedGiven,
            Candidates = observations.Candidates,
            Requests = count,
        };
        if (all.All(o => o.Response is null))
        {
            return result with { Error = all.FirstOrDefault()?.Error ?? "no response" };
        }

        return result with { Findings = AuditAnalyzer.Analyze(observations, sameHost) };
    }

    private static bool SameAuthority(Uri a, Uri b)
        => string.Equals(a.GetLeftPart(UriPartial.Authority), b.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase);

    public async Task<TargetObservations> ObserveAsync(Uri url, CancellationToken cancellationToken)
    {
        // 1. Trusted origins: given, or discovered (the candidates the server answers with exactly their own origin).
        var given = settings.TrustedOrigins.Count > 0;
        var candidates = given ? settings.TrustedOrigins : ProbePlanner.DiscoveryCandidates(url);
        var trustedGets = await Task.WhenAll(candidates.Select(o => GetAsync(url, new Probe(ProbeKind.Trusted, o), cancellationToken))).ConfigureAwait(false);
        var trusted = given
            ? candidates.ToList()
            : trustedGets.Where(r => r.Observation.Passes && r.Observation.AllowsExactly(r.Probe.Origin)).Select(r => r.Probe.Origin).ToList();
        var tried = given ? [] : candidates;

        if (trustedGets.Length > 0 && trustedGets.All(r => r.Observation.Response is null))
        {
            // The target does not answer at all: report that instead of sending every probe into the void.
            return new TargetObservations { Url = url, Trusted = trusted, TrustedGiven = given, Candidates = tried, TrustedGets = trustedGets, Probes = [] };
        }

        // 2. Probe origins, derived from the trusted origins (and from the target's host when it is a real domain).
        var bases = new List<string>(trusted);
        if ((given || bases.Count == 0) && (given ? ProbePlanner.TargetBase(url) : Origin.FromUri(url).Serialized) is { } own && own != "null" && !bases.Contains(own))
        {
            bases.Add(own);
        }

        var planned = ProbePlanner.Plan(bases, trusted);
        var probesTask = Task.WhenAll(planned.Select(p => GetAsync(url, p, cancellationToken)));
        var noOrigin = SendGetAsync(url, null, true, cancellationToken);

        // 3. Error paths, from the trusted origin (issue 9 item 2); compared with every CORS response of the host.
        var errorOrigin = trusted.FirstOrDefault() ?? candidates.FirstOrDefault();
        var errorProbes = errorOrigin is null
            ? Task.FromResult<(IReadOnlyList<Observation> Errors, Observation? BodyPreflight)>(([], null))
            : ErrorProbesAsync(url, errorOrigin, cancellationToken);
        var probes = await probesTask.ConfigureAwait(false);

        // 4. Preflights, from an origin the server accepts so that the answer reflects its preflight logic.
        var arbitrary = probes.First(p => p.Probe.Kind == ProbeKind.Arbitrary).Observation;
        var accepted = trustedGets.FirstOrDefault(r => r.Observation.Passes)?.Probe.Origin
            ?? (arbitrary.Passes ? ProbePlanner.ArbitraryOrigin : null)
            ?? candidates.FirstOrDefault()
            ?? ProbePlanner.ArbitraryOrigin;
        var method = PreflightAsync(url, accepted, ProbeMethod, null, false, cancellationToken);
        var headers = PreflightAsync(url, accepted, "GET", ProbeHeader, false, cancellationToken);
        var plain = PreflightAsync(url, accepted, "POST", "content-type", false, cancellationToken);
        var pna = new List<(bool, Task<Observation>)> { (true, PreflightAsync(url, ProbePlanner.ArbitraryOrigin, "GET", null, true, cancellationToken)) };
        if (accepted != ProbePlanner.ArbitraryOrigin)
        {
            pna.Add((false, PreflightAsync(url, accepted, "GET", null, true, cancellationToken)));
        }

        var pnaResults = new List<(bool, Observation)>();
        foreach (var (untrusted, task) in pna)
        {
            pnaResults.Add((untrusted, await task.ConfigureAwait(false)));
        }

        return new TargetObservations
        {
            Url = url,
            Trusted = trusted,
            TrustedGiven = given,
            Candidates = tried,
            Bases = bases,
            TrustedGets = trustedGets,
            Probes = probes,
            NoOrigin = await noOrigin.ConfigureAwait(false),
            PreflightMethod = await method.ConfigureAwait(false),
            PreflightHeaders = await headers.ConfigureAwait(false),
            PreflightPlain = await plain.ConfigureAwait(false),
            PreflightPrivateNetwork = pnaResults,
            ErrorProbes = (await errorProbes.ConfigureAwait(false)).Errors,
            BodyPreflight = (await errorProbes.ConfigureAwait(false)).BodyPreflight,
            ErrorOrigin = errorOrigin,
        };
    }

    /// <summary>
    /// The error paths of a target: a sibling path that should not exist (404), and one POST with a JSON body that
    /// cannot be parsed: a route that does not accept POST answers 405 (RFC 9110 §15.5.6), one that takes a body answers
    /// 400/415/422 before any handler logic runs. Standard methods only: Node's and uvicorn's HTTP parsers reject an
    /// unknown method with a bare 400 before the application (and its CORS layer) sees it, and nginx refuses TRACE in
    /// the core, which would blame the CORS configuration for the parser. Plus the user's <c>--error-url</c>s on the
    /// same host.
    /// </summary>
    private async Task<(IReadOnlyList<Observation> Errors, Observation? BodyPreflight)> ErrorProbesAsync(Uri url, string origin, CancellationToken cancellationToken)
    {
        var path = url.AbsolutePath;
        var directory = path[..(path.LastIndexOf('/') + 1)];
        var missing = new UriBuilder(url) { Path = directory + MissingSegment, Query = "" }.Uri;
        var list = new List<Task<Observation>>
        {
            SharedAsync($"GET {missing} {origin}", () => SendAsync("GET", missing, origin, null, cancellationToken)),
        };
        foreach (var extra in settings.ErrorUrls.Where(e => SameAuthority(e, url)))
        {
            list.Add(SharedAsync($"GET {extra} {origin}", () => SendAsync("GET", extra, origin, null, cancellationToken)));
        }

        var errors = (await Task.WhenAll(list).ConfigureAwait(false)).ToList();
        var (preflight, post) = await BrowserPostAsync(url, origin, cancellationToken).ConfigureAwait(false);
        if (post is not null)
        {
            errors.Add(post);
        }

        return (errors, preflight);
    }

    /// <summary>
    /// The malformed-JSON POST as a credentialed <c>fetch()</c> from the trusted origin sends it, run through the
    /// browser model: <c>Content-Type: application/json</c> is not CORS-safelisted, so the model preflights first and
    /// sends the POST only when the preflight passes (Fetch §4.8 "CORS-preflight fetch"). A CORS layer that does not
    /// let this origin POST JSON (rs/cors with AllowedMethods lacking POST drops the headers on purpose) is then not
    /// blamed for an error the front end can never cause.
    /// </summary>
    private async Task<(Observation? Preflight, Observation? Post)> BrowserPostAsync(Uri url, string origin, CancellationToken cancellationToken)
    {
        if (!Origin.TryParseSerialized(origin, out var parsed))
        {
            return (null, null);
        }

        Observation? preflight = null;
        Observation? post = null;
        async Task<IncomingResponse> Transport(OutgoingRequest request, CancellationToken ct)
        {
            var isPreflight = request.Method == "OPTIONS";
            var observation = await client.SendAsync(isPreflight ? request : request with { Headers = WithSession(request.Headers, true) }, origin, ct).ConfigureAwait(false);
            if (isPreflight)
            {
                preflight = observation;
            }
            else
            {
                post = observation;
            }

            return observation.Response ?? throw new TransportException("network", observation.Error ?? "no response");
        }

        var request = new CorsRequest
        {
            Origin = parsed,
            Url = url,
            Method = "POST",
            Headers = [new HttpHeader("Content-Type", "application/json")],
            Credentials = CredentialsMode.Include,
            Body = MalformedJson,
        };
        await new BrowserModel(BrowserProfile.Chromium).RunAsync(request, Transport, cancellationToken).ConfigureAwait(false);
        return (preflight, post);
    }

    private async Task<ProbeResult> GetAsync(Uri url, Probe probe, CancellationToken cancellationToken)
        => new(probe, await SendGetAsync(url, probe.Origin, probe.Kind != ProbeKind.ArbitraryNoCookie, cancellationToken).ConfigureAwait(false));

    private Task<Observation> SendGetAsync(Uri url, string? origin, bool withCookie, CancellationToken cancellationToken)
        => SendAsync("GET", url, origin, null, cancellationToken, withCookie);

    /// <summary>A request as a credentialed fetch() sends it: Origin (unless null), the probe cookie and the user's
    /// cookie and headers, and for a body a JSON content type.</summary>
    private Task<Observation> SendAsync(string method, Uri url, string? origin, string? body, CancellationToken cancellationToken, bool withCookie = true)
    {
        var headers = new List<HttpHeader>();
        if (origin is not null)
        {
            headers.Add(new HttpHeader("Origin", origin));
        }

        if (body is not null)
        {
            headers.Add(new HttpHeader("Content-Type", "application/json"));
        }

        var request = new OutgoingRequest { Method = method, Url = url, Headers = WithSession(headers, withCookie), Body = body, IncludeCredentials = withCookie };
        return client.SendAsync(request, origin ?? "", cancellationToken);
    }

    /// <summary><paramref name="headers"/> plus the probe cookie (when <paramref name="withCookie"/>), the user's
    /// <c>--cookie</c> and <c>-H</c> headers, all cookies in one Cookie header.</summary>
    private List<HttpHeader> WithSession(IReadOnlyList<HttpHeader> headers, bool withCookie)
    {
        var result = new List<HttpHeader>(headers);
        var cookie = withCookie ? ProbeCookie : null;
        if (settings.Cookie is { Length: > 0 } user)
        {
            cookie = cookie is null ? user : cookie + "; " + user;
        }

        foreach (var header in settings.Headers)
        {
            if (header.Name.Equals("Cookie", StringComparison.OrdinalIgnoreCase))
            {
                cookie = cookie is null ? header.Value : cookie + "; " + header.Value;
            }
            else
            {
                result.Add(header);
            }
        }

        if (cookie is not null)
        {
            result.Add(new HttpHeader("Cookie", cookie));
        }

        return result;
    }

    /// <summary>A preflight as a browser sends it: OPTIONS, no cookies, Origin and Access-Control-Request-*.</summary>
    private Task<Observation> PreflightAsync(Uri url, string origin, string method, string? requestHeaders, bool privateNetwork, CancellationToken cancellationToken)
    {
        var headers = new List<HttpHeader> { new("Origin", origin), new("Access-Control-Request-Method", method) };
        if (requestHeaders is not null)
        {
            headers.Add(new HttpHeader("Access-Control-Request-Headers", requestHeaders));
        }

        if (privateNetwork)
        {
            // PNA §"CORS-preflight request": Access-Control-Request-Private-Network: true.
            headers.Add(new HttpHeader("Access-Control-Request-Private-Network", "true"));
        }

        var request = new OutgoingRequest { Method = "OPTIONS", Url = url, Headers = headers };
        return client.SendAsync(request, origin, cancellationToken);
    }

    private Task<Observation> SharedAsync(string key, Func<Task<Observation>> send) => _shared.GetOrAdd(key, _ => send());
}
