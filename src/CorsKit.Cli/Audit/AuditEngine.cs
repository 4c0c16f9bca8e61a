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

    /// <summary>GET from each trusted origin (or discovery candidate).</summary>
    public required IReadOnlyList<ProbeResult> TrustedGets { get; init; }

    /// <summary>GET from every probe origin.</summary>
    public required IReadOnlyList<ProbeResult> Probes { get; init; }

    public Observation? PreflightMethod { get; init; }

    public Observation? PreflightHeaders { get; init; }

    public Observation? PreflightPlain { get; init; }

    /// <summary>Private-network preflights: (origin is untrusted, observation).</summary>
    public IReadOnlyList<(bool Untrusted, Observation Observation)> PreflightPrivateNetwork { get; init; } = [];

    /// <summary>Error-path GETs from a trusted origin that passes on the target, with the success response they are
    /// compared with.</summary>
    public IReadOnlyList<(Observation Success, Observation Error)> ErrorPairs { get; init; } = [];
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

    private readonly ConcurrentDictionary<string, Task<Observation>> _shared = new(StringComparer.Ordinal);

    public async Task<AuditReport> RunAsync(Action<int, int>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var results = new TargetResult[settings.Targets.Count];
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, settings.Targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, settings.Concurrency), CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                results[i] = await AuditTargetAsync(settings.Targets[i], ct).ConfigureAwait(false);
                progress?.Invoke(Interlocked.Increment(ref done), results.Length);
            }).ConfigureAwait(false);
        return new AuditReport { Targets = results, Duration = Stopwatch.GetElapsedTime(started) };
    }

    public async Task<TargetResult> AuditTargetAsync(Uri url, CancellationToken cancellationToken)
    {
        var observations = await ObserveAsync(url, cancellationToken).ConfigureAwait(false);
        var all = observations.TrustedGets.Concat(observations.Probes).Select(p => p.Observation).ToList();
        var count = all.Count + observations.ErrorPairs.Count
            + new[] { observations.PreflightMethod, observations.PreflightHeaders, observations.PreflightPlain }.Count(o => o is not null)
            + observations.PreflightPrivateNetwork.Count;
        if (all.All(o => o.Response is null))
        {
            return new TargetResult { Url = url, TrustedOrigins = observations.Trusted, Error = all.FirstOrDefault()?.Error ?? "no response", Requests = count };
        }

        return new TargetResult
        {
            Url = url,
            TrustedOrigins = observations.Trusted,
            Findings = AuditAnalyzer.Analyze(observations),
            Requests = count,
        };
    }

    public async Task<TargetObservations> ObserveAsync(Uri url, CancellationToken cancellationToken)
    {
        // 1. Trusted origins: given, or discovered (the candidates the server answers with exactly their own origin).
        var given = settings.TrustedOrigins.Count > 0;
        var candidates = given ? settings.TrustedOrigins : ProbePlanner.DiscoveryCandidates(url);
        var trustedGets = await Task.WhenAll(candidates.Select(o => GetAsync(url, new Probe(ProbeKind.Trusted, o), cancellationToken))).ConfigureAwait(false);
        var trusted = given
            ? candidates.ToList()
            : trustedGets.Where(r => r.Observation.Passes && r.Observation.AllowsExactly(r.Probe.Origin)).Select(r => r.Probe.Origin).ToList();

        if (trustedGets.Length > 0 && trustedGets.All(r => r.Observation.Response is null))
        {
            // The target does not answer at all: report that instead of sending every probe into the void.
            return new TargetObservations { Url = url, Trusted = trusted, TrustedGets = trustedGets, Probes = [] };
        }

        // 2. Probe origins, derived from the trusted origins (and from the target's host when it is a real domain).
        var bases = new List<string>(trusted);
        if ((given || bases.Count == 0) && (given ? ProbePlanner.TargetBase(url) : Origin.FromUri(url).Serialized) is { } own && own != "null" && !bases.Contains(own))
        {
            bases.Add(own);
        }

        var planned = ProbePlanner.Plan(bases, trusted);
        var probes = await Task.WhenAll(planned.Select(p => GetAsync(url, p, cancellationToken))).ConfigureAwait(false);

        // 3. Preflights, from an origin the server accepts so that the answer reflects its preflight logic.
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

        // 4. Error responses, from an origin whose success response passes.
        var errorPairs = new List<(Observation, Observation)>();
        var success = trustedGets.FirstOrDefault(r => r.Observation.Passes) ?? (arbitrary.Passes ? probes.First(p => p.Probe.Kind == ProbeKind.Arbitrary) : null);
        if (success is not null)
        {
            foreach (var errorUrl in ErrorUrls(url))
            {
                var error = await SharedAsync($"GET {errorUrl} {success.Probe.Origin}", () => SendGetAsync(errorUrl, success.Probe.Origin, true, cancellationToken)).ConfigureAwait(false);
                errorPairs.Add((success.Observation, error));
            }
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
            TrustedGets = trustedGets,
            Probes = probes,
            PreflightMethod = await method.ConfigureAwait(false),
            PreflightHeaders = await headers.ConfigureAwait(false),
            PreflightPlain = await plain.ConfigureAwait(false),
            PreflightPrivateNetwork = pnaResults,
            ErrorPairs = errorPairs,
        };
    }

    /// <summary>A sibling of the target path that should not exist, plus the user's error URLs on the same host.</summary>
    private IEnumerable<Uri> ErrorUrls(Uri url)
    {
        var path = url.AbsolutePath;
        var directory = path[..(path.LastIndexOf('/') + 1)];
        yield return new UriBuilder(url) { Path = directory + MissingSegment, Query = "" }.Uri;
        foreach (var extra in settings.ErrorUrls)
        {
            if (string.Equals(extra.GetLeftPart(UriPartial.Authority), url.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase))
            {
                yield return extra;
            }
        }
    }

    private async Task<ProbeResult> GetAsync(Uri url, Probe probe, CancellationToken cancellationToken)
        => new(probe, await SendGetAsync(url, probe.Origin, probe.Kind != ProbeKind.ArbitraryNoCookie, cancellationToken).ConfigureAwait(false));

    private Task<Observation> SendGetAsync(Uri url, string origin, bool withCookie, CancellationToken cancellationToken)
    {
        var headers = new List<HttpHeader> { new("Origin", origin) };
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
                headers.Add(header);
            }
        }

        if (cookie is not null)
        {
            headers.Add(new HttpHeader("Cookie", cookie));
        }

        var request = new OutgoingRequest { Method = "GET", Url = url, Headers = headers, IncludeCredentials = withCookie };
        return client.SendAsync(request, origin, cancellationToken);
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
