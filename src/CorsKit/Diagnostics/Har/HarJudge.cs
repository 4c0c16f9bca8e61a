using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Diagnostics.Har;

/// <summary>
/// Re-judges every cross-origin request of a HAR file offline: the browser model runs the request recovered from the
/// recording, and each exchange it makes (preflight, actual request, redirect hop) is answered with the response the
/// file recorded for it. Nothing is sent. Redirect hops are chained by <c>redirectURL</c>/<c>Location</c>, preflights
/// paired by <c>_initiator</c> ids when the writer records them, else by URL, requested method and start time.
/// </summary>
public static class HarJudge
{
    /// <summary>Judges <paramref name="log"/> as <paramref name="browser"/> (Chromium by default) would.</summary>
    /// <param name="log">The file.</param>
    /// <param name="credentials">The credentials mode when known (<c>--credentials</c>); null infers it from a
    /// <c>Cookie</c> header, else gives both outcomes.</param>
    /// <param name="browser">The browser whose rules apply.</param>
    public static HarReport Judge(HarLog log, CredentialsMode? credentials = null, BrowserProfile? browser = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        browser ??= BrowserProfile.Chromium;
        var hops = log.Entries.Where(e => !e.IsPreflight).ToList();
        var byUrl = hops.Where(h => h.ParsedUrl is not null).GroupBy(h => h.ParsedUrl!.AbsoluteUri, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var successor = ChainRedirects(hops, byUrl);
        var successors = successor.Values.ToHashSet();
        var heads = hops.Where(h => !successors.Contains(h)).ToList();
        var pairs = PairPreflights(log.Entries.Where(e => e.IsPreflight).ToList(), byUrl);

        var findings = new List<HarFinding>();
        var notCrossOrigin = 0;
        foreach (var head in heads)
        {
            var chain = new List<HarEntry> { head };
            while (successor.TryGetValue(chain[^1], out var next) && chain.Count <= 21)
            {
                chain.Add(next);
            }

            if (Finding(log, chain, pairs, credentials, browser) is { } finding)
            {
                findings.Add(finding);
            }
            else
            {
                notCrossOrigin++;
            }
        }

        return new HarReport { Findings = findings, NotCrossOrigin = notCrossOrigin, RootCauses = RootCauses(findings) };
    }

    /// <summary>The entry each redirect leads to: the unclaimed non-preflight entry for the resolved Location that started
    /// at or after the redirect, the earliest such (file order breaks ties).</summary>
    private static Dictionary<HarEntry, HarEntry> ChainRedirects(List<HarEntry> hops, Dictionary<string, List<HarEntry>> byUrl)
    {
        var successor = new Dictionary<HarEntry, HarEntry>();
        var claimed = new HashSet<HarEntry>();
        foreach (var from in hops)
        {
            if (from.Status is < 300 or > 399 || from.ParsedUrl is null)
            {
                continue;
            }

            var location = from.RedirectUrl.Length > 0 ? from.RedirectUrl : HeaderValues.Get(from.ResponseHeaders, "location") ?? "";
            if (!Uri.TryCreate(from.ParsedUrl, BrowserModelLocation(location), out var target))
            {
                continue;
            }

            var next = (byUrl.TryGetValue(target.AbsoluteUri, out var same) ? same : [])
                .Where(h => h != from && !claimed.Contains(h) && (h.Started is null || from.Started is null || h.Started >= from.Started))
                .OrderBy(h => h.Index < from.Index ? 1 : 0).ThenBy(h => h.Started ?? DateTimeOffset.MaxValue).ThenBy(h => h.Index)
                .FirstOrDefault();
            if (next is not null)
            {
                successor[from] = next;
                claimed.Add(next);
            }
        }

        return successor;
    }

    private static string BrowserModelLocation(string location) => BrowserModel.WhatwgLocation(location);

    /// <summary>Pairs each preflight with the hop it was made for (Chromium: the preflight's <c>_initiator</c> is
    /// <c>{type: "preflight", url, requestId}</c> naming the request; DevTools writes no id of the request's own, so
    /// without <c>_requestId</c> the pair is the unpaired hop with the same URL whose method the preflight asks for,
    /// nearest in start time).</summary>
    private static Dictionary<HarEntry, (HarEntry Preflight, HarPreflightPairing How)> PairPreflights(List<HarEntry> preflights, Dictionary<string, List<HarEntry>> byUrl)
    {
        var pairs = new Dictionary<HarEntry, (HarEntry, HarPreflightPairing)>();
        foreach (var preflight in preflights.Where(p => p.ParsedUrl is not null))
        {
            var method = HeaderValues.Get(preflight.RequestHeaders, "access-control-request-method");
            var candidates = (byUrl.TryGetValue(preflight.ParsedUrl!.AbsoluteUri, out var same) ? same : []).Where(h => !pairs.ContainsKey(h)).ToList();
            var byId = preflight.InitiatorRequestId is { } id ? candidates.FirstOrDefault(h => h.RequestId == id) : null;
            if (byId is not null)
            {
                pairs[byId] = (preflight, HarPreflightPairing.RequestId);
                continue;
            }

            var byTime = candidates
                .Where(h => method is null || FetchRules.NormalizeMethod(h.Method) == FetchRules.NormalizeMethod(method))
                // Chromium starts the request, then its preflight (cors_url_loader.cc StartRequest → preflight), so
                // DevTools records the request's start first: prefer a request that started no later.
                .OrderBy(h => h.Started > preflight.Started ? 1 : 0).ThenBy(h => Distance(h, preflight)).ThenBy(h => Math.Abs(h.Index - preflight.Index))
                .FirstOrDefault();
            if (byTime is not null)
            {
                pairs[byTime] = (preflight, HarPreflightPairing.UrlAndTiming);
            }
        }

        return pairs;
    }

    private static double Distance(HarEntry a, HarEntry b) =>
        a.Started is { } x && b.Started is { } y ? Math.Abs((x - y).TotalMilliseconds) : double.MaxValue / 2;

    private static HarFinding? Finding(HarLog log, List<HarEntry> chain, Dictionary<HarEntry, (HarEntry Preflight, HarPreflightPairing How)> pairs,
        CredentialsMode? given, BrowserProfile browser)
    {
        var first = chain[0];
        if (first.ParsedUrl is not { Scheme: "http" or "https" } url || !IsCorsMode(first, pairs.ContainsKey(first)))
        {
            return null;
        }

        var preflights = chain.Where(pairs.ContainsKey).Select(h => pairs[h].Preflight).ToList();
        // A same-origin request that a redirect takes to another origin is a CORS request from that hop on (Fetch
        // §4.1 main fetch step 12, response tainting "cors"), so the chain is judged when any hop leaves the page's origin.
        if (PageOrigin(log, first, preflights) is not ({ } origin, var source)
            || chain.All(h => h.ParsedUrl is null || origin.IsSameOrigin(Origin.FromUri(h.ParsedUrl))))
        {
            return null;
        }

        // The script's headers: what the recording shows minus what the browser adds on its own (BrowserSetHeaders).
        var bypass = BrowserSetHeaders.BypassesCache(first.RequestHeaders);
        var script = first.RequestHeaders
            .Where(h => !BrowserSetHeaders.IsBrowserSet(h.Name, bypass) && !h.Name.StartsWith("access-control-request-", StringComparison.OrdinalIgnoreCase)
                // `Accept: */*` is what fetch() and XHR add when the script sets none (Fetch §4.1 "fetch" step 12,
                // XHR send() step 7); CORS-safelisted either way, so leaving it out changes no verdict.
                && !(h.Name.Equals("accept", StringComparison.OrdinalIgnoreCase) && h.Value.Trim() == "*/*"))
            .ToList();
        var sanitised = IsSanitised(first);

        // The preflight's Access-Control-Request-Headers is the browser's own list of the script's CORS-unsafe headers
        // (Fetch §4.9 step 4), so it is the truth where the recording is not: a header it lists that the request lacks
        // was removed from the file (a sanitised export drops Authorization) and is put back, its value unknown; a
        // recorded header it does not list, whose value the browser would have listed, was added by the browser itself.
        if (preflights.Count > 0 && HeaderValues.Get(preflights[0].RequestHeaders, "access-control-request-headers") is { } listed)
        {
            var names = listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(n => FetchRules.IsToken(n)).ToList();
            script.RemoveAll(h => !names.Contains(h.Name, StringComparer.OrdinalIgnoreCase) && !FetchRules.IsCorsSafelistedRequestHeader(h.Name, h.Value, browser));
            foreach (var name in names.Where(n => !script.Any(h => h.Name.Equals(n, StringComparison.OrdinalIgnoreCase))))
            {
                var recorded = first.RequestHeaders.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).ToList();
                if (recorded.Count > 0)
                {
                    script.AddRange(recorded);
                }
                else
                {
                    // Parentheses are outside every safelisted value's alphabet (Fetch §2.2.2), so the placeholder
                    // stays CORS-unsafe, as the listed header was.
                    script.Add(new HttpHeader(name, "(removed from the export)"));
                    sanitised = true;
                }
            }
        }

        var cookie = chain.Any(h => HeaderValues.Get(h.RequestHeaders, "cookie") is { Length: > 0 } v && !IsRedacted(v));
        // A Cookie header proves mode include whatever the caller assumed: omit never sends cookies, and same-origin
        // not to another origin (Fetch §4.6 step 8.17); a script cannot set Cookie (§2.2.2 forbidden request-header).
        var (modes, credentialsSource) = cookie ? ([CredentialsMode.Include], HarCredentialsSource.CookieHeader)
            : given is { } mode ? ([mode], HarCredentialsSource.Given)
            : (new[] { CredentialsMode.Omit, CredentialsMode.Include }, HarCredentialsSource.Unknown);

        var request = new CorsRequest
        {
            Origin = origin,
            Url = url,
            Method = first.Method,
            Headers = script,
            Body = first.Body,
            Initiator = first.ResourceType == "xhr" ? Initiator.XmlHttpRequest : Initiator.Fetch,
        };

        var runs = new List<(HarOutcome Outcome, HarPreflightPairing Pairing, string? Missing)>();
        foreach (var m in modes)
        {
            var replay = new Replay(chain, pairs);
            var model = new BrowserModel(browser);
            // The replay answers synchronously, so the model's task is complete when RunAsync returns.
            var verdict = model.RunAsync(request with { Credentials = m }, replay.SendAsync).GetAwaiter().GetResult();
            runs.Add((new HarOutcome(m, verdict), replay.Pairing, replay.Missing));
        }

        if (credentialsSource == HarCredentialsSource.Unknown && runs[0].Outcome.Verdict.Failure?.Code != runs[1].Outcome.Verdict.Failure?.Code)
        {
            // The recording says whether the request failed (DevTools: response._error, or no response at all), and a
            // mode under which the model needs a response the file does not hold (the browser would have sent the
            // request, yet it never reached the network) contradicts it. When exactly one mode agrees, it is the one.
            var last = chain[^1];
            var failed = !last.HasResponse || last.Error is { Length: > 0 };
            var agreeing = runs.FindAll(r => r.Missing is null && r.Outcome.Blocked == failed);
            if (agreeing.Count == 1)
            {
                runs = [agreeing[0], .. runs.Where(r => r != agreeing[0])];
                credentialsSource = HarCredentialsSource.RecordedOutcome;
            }
        }

        var outcomes = runs.ConvertAll(r => r.Outcome);
        var pairing = runs[0].Pairing;
        var incomplete = runs[0].Missing;

        return new HarFinding
        {
            Hops = chain,
            Preflights = preflights,
            Origin = origin.Serialized,
            OriginSource = source,
            Request = request with { Credentials = outcomes[0].Credentials },
            CredentialsSource = credentialsSource,
            Outcomes = outcomes,
            Pairing = pairing,
            Sanitised = sanitised,
            Incomplete = incomplete,
        };
    }

    /// <summary>A request the CORS protocol applies to: made by a script (DevTools' <c>fetch</c>/<c>xhr</c>), preflighted,
    /// or carrying an <c>Origin</c> header without being a navigation (fonts, <c>crossorigin</c> scripts and images;
    /// a writer without <c>_resourceType</c>, such as Firefox). A no-cors load (a plain <c>&lt;img&gt;</c>) has no
    /// Origin header on a GET (Fetch §3.1.5 "append a request Origin header") and is not judged.</summary>
    /// <remarks>When the recording has the wire headers, <c>Sec-Fetch-Mode</c> (W3C Fetch Metadata §2.3, the
    /// request's mode) decides: only <c>cors</c> is a CORS request; a <c>fetch(url, {mode: 'no-cors'})</c> is a
    /// "fetch" too, but gets an opaque response and no CORS check.</remarks>
    private static bool IsCorsMode(HarEntry entry, bool preflighted) =>
        HeaderValues.Get(entry.RequestHeaders, "sec-fetch-mode") is { } mode ? mode.Trim().Equals("cors", StringComparison.OrdinalIgnoreCase)
        : entry.ResourceType is "fetch" or "xhr" || preflighted
        || (entry.ResourceType is not ("document" or "iframe" or "websocket" or "ping" or "beacon")
            && HeaderValues.Get(entry.RequestHeaders, "origin") is not null);

    private static (Origin?, HarOriginSource) PageOrigin(HarLog log, HarEntry first, List<HarEntry> preflights)
    {
        if (HeaderValues.Get(first.RequestHeaders, "origin") is { } sent && Origin.TryParse(sent, out var o))
        {
            return (o, HarOriginSource.OriginHeader);
        }

        if (preflights.Count > 0 && HeaderValues.Get(preflights[0].RequestHeaders, "origin") is { } pre && Origin.TryParse(pre, out o))
        {
            return (o, HarOriginSource.PreflightOrigin);
        }

        if (HeaderValues.Get(first.RequestHeaders, "referer") is { } referer && Origin.TryParse(referer, out o) && !o.IsOpaque)
        {
            return (o, HarOriginSource.Referer);
        }

        var page = log.Pages.FirstOrDefault(p => p.Id == first.PageRef) ?? (log.Pages.Count == 1 ? log.Pages[0] : null);
        return page is not null && Origin.TryParse(page.Title, out o) && !o.IsOpaque ? (o, HarOriginSource.Page) : (null, HarOriginSource.Page);
    }

    /// <summary>Signs of a sanitised export: DevTools' "Export HAR (sanitized)" and HAR redaction tools remove or blank
    /// <c>Cookie</c>, <c>Set-Cookie</c> and <c>Authorization</c>; a request that lists cookies without a Cookie header lost it.</summary>
    private static bool IsSanitised(HarEntry entry) =>
        (entry.RequestCookieCount > 0 && HeaderValues.Get(entry.RequestHeaders, "cookie") is null)
        || entry.RequestHeaders.Any(h => (h.Name.Equals("cookie", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("authorization", StringComparison.OrdinalIgnoreCase))
            && IsRedacted(h.Value));

    private static bool IsRedacted(string value)
    {
        var v = value.Trim();
        return v.Length == 0 || v.Contains("redacted", StringComparison.OrdinalIgnoreCase) || v.Contains("sanitized", StringComparison.OrdinalIgnoreCase)
            || v.Contains("sanitised", StringComparison.OrdinalIgnoreCase) || v.All(c => c is '*' or 'x' or 'X');
    }

    private static List<HarRootCause> RootCauses(List<HarFinding> findings) =>
        [.. findings.Where(f => f.Primary.Blocked && f.Primary.Verdict.Failure is not null)
            .GroupBy(f => f.Primary.Code?.ToString() ?? f.Primary.Verdict.Failure!.NetworkError ?? "blocked")
            .Select(g => new HarRootCause(g.Key, g.Count(), g.First().Primary.Verdict.Failure!.Fix, [.. g.Select(f => f.Url).Distinct()]))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Cause, StringComparer.Ordinal)];

    /// <summary>Answers the model's exchanges with the recorded responses, hop by hop.</summary>
    private sealed class Replay(List<HarEntry> chain, Dictionary<HarEntry, (HarEntry Preflight, HarPreflightPairing How)> pairs)
    {
        private int _hop;

        public HarPreflightPairing Pairing { get; private set; } = HarPreflightPairing.NotNeeded;

        public string? Missing { get; private set; }

        public Task<IncomingResponse> SendAsync(OutgoingRequest request, CancellationToken cancellationToken)
        {
            var hop = _hop < chain.Count ? chain[_hop] : null;
            if (request.Kind() == ExchangeKind.Preflight)
            {
                return Task.FromResult(Preflight(request, hop));
            }

            _hop++;
            if (hop is null)
            {
                throw Unrecorded($"the file records no request to {request.Url.AbsoluteUri} after the redirect");
            }

            if (!hop.HasResponse)
            {
                throw Unrecorded(hop.Error is { Length: > 0 } error
                    ? $"the file records no response for {hop.Method} {hop.Url}, only the error {error}"
                    : $"the file records no response for {hop.Method} {hop.Url}", hop.Error);
            }

            return Task.FromResult(Response(hop));
        }

        private IncomingResponse Preflight(OutgoingRequest request, HarEntry? hop)
        {
            if (hop is not null && pairs.TryGetValue(hop, out var pair))
            {
                Pairing = Pairing == HarPreflightPairing.NotNeeded ? pair.How : Pairing;
                if (!pair.Preflight.HasResponse)
                {
                    throw Unrecorded($"the file records no response for the preflight of {hop.Url}", pair.Preflight.Error);
                }

                return Response(pair.Preflight);
            }

            if (hop is { HasResponse: true })
            {
                // The request went out, so the browser's preflight passed: Chromium sends the request only after it
                // (Fetch §4.8 step 2.1), or its preflight cache answered. Allow exactly what is asked.
                Pairing = HarPreflightPairing.NotRecordedButPassed;
                var origin = HeaderValues.Get(request.Headers, "origin") ?? "null";
                List<HttpHeader> allow = [new("Access-Control-Allow-Origin", origin), new("Access-Control-Allow-Credentials", "true"),
                    new("Access-Control-Allow-Methods", HeaderValues.Get(request.Headers, "access-control-request-method") ?? "GET")];
                if (HeaderValues.Get(request.Headers, "access-control-request-headers") is { } names)
                {
                    allow.Add(new("Access-Control-Allow-Headers", names));
                }

                return new IncomingResponse { Status = 204, Headers = allow };
            }

            Pairing = HarPreflightPairing.Missing;
            throw Unrecorded($"the file records neither the preflight for {request.Url.AbsoluteUri} nor a response to the request");
        }

        private static IncomingResponse Response(HarEntry entry) => new() { Status = entry.Status, Headers = entry.ResponseHeaders };

        private TransportException Unrecorded(string what, string? netError = null)
        {
            Missing ??= what;
            return new TransportException(KindOf(netError), what + ".");
        }

        /// <summary>The <see cref="TransportException.Kind"/> whose Chromium net error is the one recorded.</summary>
        private static string KindOf(string? netError) => netError switch
        {
            "net::ERR_CONNECTION_REFUSED" => "refused",
            "net::ERR_NAME_NOT_RESOLVED" => "dns",
            "net::ERR_TIMED_OUT" => "timeout",
            "net::ERR_CONNECTION_RESET" => "reset",
            { } e when e.StartsWith("net::ERR_SSL", StringComparison.Ordinal) || e.StartsWith("net::ERR_CERT", StringComparison.Ordinal) => "tls",
            _ => "unrecorded",
        };
    }

    private static ExchangeKind Kind(this OutgoingRequest request) =>
        request.Method == "OPTIONS" && HeaderValues.Get(request.Headers, "access-control-request-method") is not null ? ExchangeKind.Preflight : ExchangeKind.Actual;
}
