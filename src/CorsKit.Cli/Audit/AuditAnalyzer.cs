using System.Globalization;
using CorsKit.Origins;

namespace CorsKit.Cli.Audit;

/// <summary>
/// Turns a target's observations into findings. A probe counts only when the browser model's CORS check passes for it
/// (credentialed and non-credentialed mode separately) and the server named the probe origin itself. Origin-acceptance
/// findings are independent matcher defects (<see cref="DefectInference"/>): each probe is evidence for the defects
/// that explain it, and folds happen only where one fix removes both (docs/audit.md "Folding rules").
/// </summary>
internal static class AuditAnalyzer
{
    public static IReadOnlyList<Finding> Analyze(TargetObservations o) => Analyze(o, []);

    /// <param name="o">The target's observations.</param>
    /// <param name="sameHost">Responses of other targets on the same host (for cors-missing-on-error).</param>
    public static IReadOnlyList<Finding> Analyze(TargetObservations o, IReadOnlyList<Observation> sameHost)
    {
        var findings = new Dictionary<FindingKind, Builder>();
        var gets = o.TrustedGets.Concat(o.Probes).Where(p => p.Observation.Response is not null).ToList();
        var arbitrary = o.Probes.Where(p => p.Probe.Kind is ProbeKind.Arbitrary or ProbeKind.ArbitraryNoCookie).ToList();
        var withoutCookie = arbitrary.FirstOrDefault(p => p.Probe.Kind == ProbeKind.ArbitraryNoCookie);

        // Reflection: any origin passes. Per credentials mode, every other origin probe passing in the same mode is
        // explained by it (its fix, an exact allow-list, removes every other origin-acceptance defect).
        var anyWithCredentials = arbitrary.Any(p => p.Observation.WithCredentials.Passed);
        var anyWithoutCredentials = arbitrary.Any(p => p.Observation.WithoutCredentials.Passed);
        Builder? root = null;
        var reflected = arbitrary.Where(p => p.Observation.Passes && p.Observation.AllowsExactly(p.Probe.Origin))
            .OrderByDescending(p => p.Observation.WithCredentials.Passed).FirstOrDefault();
        if (reflected is not null)
        {
            var credentials = reflected.Observation.WithCredentials.Passed;
            if (!credentials && withoutCookie?.Observation.Header("Access-Control-Allow-Origin") == "*")
            {
                // Starlette-style: '*' normally, the origin echoed only when a cookie is present, and no
                // Access-Control-Allow-Credentials. A browser lets exactly what '*' lets through.
                root = Add(findings, FindingCatalog.WildcardOrigin, reflected, false,
                    $"Access-Control-Allow-Origin is '*' without cookies and echoes the Origin when a cookie is sent, without Access-Control-Allow-Credentials; browsers treat it like '*'.");
                root.Evidence.Add(new Evidence("the same probe without a cookie", withoutCookie.Observation));
            }
            else
            {
                root = Add(findings, FindingCatalog.OriginReflected, reflected, credentials, credentials
                    ? $"GET with Origin: {reflected.Probe.Origin} was answered with Access-Control-Allow-Origin: {reflected.Probe.Origin} and Access-Control-Allow-Credentials: true; a credentialed fetch() from any site reads the response."
                    : $"GET with Origin: {reflected.Probe.Origin} was answered with Access-Control-Allow-Origin: {reflected.Probe.Origin} (no credentials); any site reads what an anonymous request gets.");
            }
        }

        // '*' on any response: public resource, or the '*' + credentials pair browsers reject.
        var wildcard = gets.Where(p => p.Observation.HeaderValues("Access-Control-Allow-Origin").ToList() is ["*"])
            .OrderByDescending(p => AllowsCredentials(p.Observation)).FirstOrDefault();
        if (wildcard is not null)
        {
            // Not folded under reflection (audit-contract.md: only origin-acceptance ids fold there; amendment A5):
            // Starlette's allow_origins=['*'] + allow_credentials echoes with a cookie and sends '*' + credentials
            // without one. '*' with credentials is also '*' for requests without credentials, so wildcard-origin comes
            // with it: dropping Access-Control-Allow-Credentials (its fix) leaves exactly that.
            if (AllowsCredentials(wildcard.Observation))
            {
                Add(findings, FindingCatalog.WildcardWithCredentials, wildcard, false,
                    "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true; browsers refuse credentialed reads of this response, and read it without credentials.");
            }

            var star = Add(findings, FindingCatalog.WildcardOrigin, wildcard, false,
                "Access-Control-Allow-Origin: *; browsers let any site read this response without credentials.");
            root ??= star;
        }

        // Each probe's effective pass: the modes in which its own origin passes and reflection does not explain it.
        (bool Credentials, bool Counted, bool Passed) Effective(ProbeResult p)
        {
            var exact = p.Observation.AllowsExactly(p.Probe.Origin);
            var credentials = exact && p.Observation.WithCredentials.Passed && !anyWithCredentials;
            var omit = exact && p.Observation.WithoutCredentials.Passed && !anyWithoutCredentials;
            return (credentials, credentials || omit, exact && p.Observation.Passes);
        }

        var attack = o.Probes.Where(p => p.Probe.Kind is not (ProbeKind.Arbitrary or ProbeKind.ArbitraryNoCookie or ProbeKind.Sibling or ProbeKind.Trusted)).ToList();
        foreach (var probe in attack.Where(p => Effective(p) is { Passed: true, Counted: false }))
        {
            root?.Evidence.Add(new Evidence($"{probe.Probe.Origin} ({Describe(probe.Probe.Kind)}) is also allowed: explained by {root.Kind.Id}", probe.Observation));
        }

        AnalyzeDefects(o, attack.Where(p => Effective(p).Counted).ToList(), p => Effective(p).Credentials, findings);
        AnalyzeVary(o, gets, findings);
        AnalyzeErrors(o, sameHost, findings);
        AnalyzeInvalid(o, findings);
        AnalyzePreflights(o, findings);

        return findings.Values
            .Select(f => f.Build())
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => FindingCatalog.IndexOf(f.Kind))
            .ToList();
    }

    /// <summary>The origin-acceptance findings: the defects the passing probes prove, each named after its cause, with
    /// every passing probe as evidence under the finding(s) whose defects explain it.</summary>
    private static void AnalyzeDefects(TargetObservations o, IReadOnlyList<ProbeResult> passing, Func<ProbeResult, bool> credentialed, Dictionary<FindingKind, Builder> findings)
    {
        if (passing.Count == 0)
        {
            return;
        }

        var bases = o.Bases.Count > 0 ? o.Bases : o.Trusted;
        var models = bases.Select(MatcherModel.Create).OfType<MatcherModel>().ToList();
        var inference = new DefectInference(models);
        var proven = inference.Infer(passing);
        var causes = proven.Select(p => p.Cause).ToList();

        // prefix-match + suffix-match together are one substring match (contains/indexOf): its fix is both fixes.
        var substring = causes.Any(c => c.Defect == OriginDefect.UnanchoredEnd)
            && causes.Any(c => c.Defect is OriginDefect.SuffixOfHost or OriginDefect.SuffixOfDomain);
        FindingKind KindOf(OriginDefect defect) => defect switch
        {
            OriginDefect.NullOrigin => FindingCatalog.NullOriginAllowed,
            OriginDefect.InsecureScheme => FindingCatalog.InsecureOriginAllowed,
            OriginDefect.AnySubdomainOfHost or OriginDefect.AnySubdomainOfDomain => FindingCatalog.AnySubdomainAllowed,
            OriginDefect.SuffixOfHost or OriginDefect.SuffixOfDomain => substring ? FindingCatalog.SubstringMatch : FindingCatalog.SuffixMatch,
            OriginDefect.UnanchoredEnd => substring ? FindingCatalog.SubstringMatch : FindingCatalog.PrefixMatch,
            OriginDefect.ContainedInTrusted => FindingCatalog.SubstringMatch,
            OriginDefect.UnescapedDot => FindingCatalog.UnescapedDot,
            OriginDefect.SpecialCharEnd => FindingCatalog.SpecialCharBypass,
            OriginDefect.AnyPort => FindingCatalog.AnyPortAllowed,
            _ => FindingCatalog.ThirdPartyOriginAllowed,
        };

        foreach (var (cause, proof) in proven)
        {
            var kind = KindOf(cause.Defect);
            var note = $"{proof.Probe.Origin} ({Describe(proof.Probe.Kind)}) proves {Explain(cause.Defect)}: no combination of the other proven defects explains it";
            if (findings.TryGetValue(kind, out var existing))
            {
                existing.AddEvidenceOnce(note, proof.Observation);
                continue;
            }

            var builder = new Builder(kind, proof.Probe.Origin, credentialed(proof), Sentence(proof, credentialed(proof)));
            builder.Evidence.Add(new Evidence(note, proof.Observation));
            findings[kind] = builder;
        }

        // Every passing probe is evidence for the finding(s) whose defects explain it (a minimal set).
        foreach (var probe in passing)
        {
            var explanation = inference.Explanation(probe.Probe.Origin, causes);
            var ids = string.Join(" + ", explanation.Select(c => KindOf(c.Defect).Id).Distinct());
            foreach (var kind in explanation.Select(c => KindOf(c.Defect)).Distinct())
            {
                var builder = findings[kind];
                builder.AddEvidenceOnce($"{probe.Probe.Origin} ({Describe(probe.Probe.Kind)}) is also allowed: explained by {ids}", probe.Observation);

                if (credentialed(probe) && !builder.Credentials)
                {
                    builder.Upgrade(probe, true, Sentence(probe, true));
                }
            }
        }
    }

    private static string Explain(OriginDefect defect) => defect switch
    {
        OriginDefect.NullOrigin => "that 'null' is accepted",
        OriginDefect.InsecureScheme => "that the scheme is not pinned",
        OriginDefect.AnySubdomainOfHost => "that any subdomain of the trusted host is accepted",
        OriginDefect.AnySubdomainOfDomain => "that any subdomain of the trusted registrable domain is accepted",
        OriginDefect.SuffixOfHost => "that the trusted host is matched as a suffix without a dot boundary",
        OriginDefect.SuffixOfDomain => "that the trusted registrable domain is matched as a suffix without a dot boundary",
        OriginDefect.UnanchoredEnd => "that the end of the match is not anchored",
        OriginDefect.ContainedInTrusted => "that an origin contained in the trusted one is accepted",
        OriginDefect.UnescapedDot => "that a '.' of the pattern matches any character",
        OriginDefect.SpecialCharEnd => "that the end is bounded by a 'not a host character' test",
        OriginDefect.AnyPort => "that the port is ignored",
        _ => "that a public hosting origin is accepted",
    };

    private static void AnalyzeVary(TargetObservations o, List<ProbeResult> gets, Dictionary<FindingKind, Builder> findings)
    {
        // Fetch "CORS protocol and HTTP caches": when Access-Control-Allow-Origin depends on Origin (two origins get two
        // values, or one specific origin is named for some requests and omitted for others or for a request without
        // Origin), every response for the resource needs Vary: Origin, including the ones without the header
        // (whatwg/fetch PR #564): otherwise a cache hands the copy without CORS headers to the front end. '*' or one
        // static origin sent to everyone needs no Vary (contract amendment A1).
        var responses = gets.Select(p => (Origin: (string?)p.Probe.Origin, p.Observation)).ToList();
        if (o.NoOrigin is { Response: not null } none)
        {
            responses.Add((null, none));
        }

        var values = new Dictionary<Observation, string?>(ReferenceEqualityComparer.Instance);
        foreach (var r in responses)
        {
            values[r.Observation] = r.Observation.Header("Access-Control-Allow-Origin");
        }

        string? Acao(Observation observation) => values[observation];
        var distinct = values.Values.Distinct(StringComparer.Ordinal).Count();
        var named = distinct < 2 ? default : responses.FirstOrDefault(r => Acao(r.Observation) is { } v && v != "*");
        if (named.Observation is null)
        {
            return;
        }

        // The headline: the trusted origin's own response, else the no-Origin one (a navigation: the copy a cache most
        // often stores), else another origin's.
        var lacking = responses.Where(r => !VariesOnOrigin(r.Observation))
            .OrderBy(r => r.Origin is not null && o.Trusted.Contains(r.Origin) && Acao(r.Observation) is not null ? 0 : r.Origin is null ? 1 : 2)
            .FirstOrDefault();
        if (lacking.Observation is null)
        {
            return;
        }

        var other = ReferenceEquals(lacking.Observation, named.Observation)
            ? responses.First(x => Acao(x.Observation) != Acao(named.Observation))
            : named;
        string Who((string? Origin, Observation Observation) r) => r.Origin is null ? "a request without Origin" : $"Origin: {r.Origin}";
        string What(Observation observation) => Acao(observation) is { } v ? $"Access-Control-Allow-Origin: {v}" : "no Access-Control-Allow-Origin";
        var credentials = lacking.Observation.WithCredentials.Passed;
        var builder = new Builder(FindingCatalog.MissingVaryOrigin, lacking.Origin, credentials,
            $"{Who(lacking)} got {What(lacking.Observation)} and {Who(other)} got {What(other.Observation)}, so Access-Control-Allow-Origin depends on Origin, but the response to {Who(lacking)} has no Vary: Origin (Vary: {lacking.Observation.Header("Vary") ?? "absent"}); a shared or browser cache can hand one response to the other request (Fetch, \"CORS protocol and HTTP caches\").");
        builder.Evidence.Add(new Evidence("the response without Vary: Origin", lacking.Observation));
        builder.Evidence.Add(new Evidence("a response with another Access-Control-Allow-Origin", other.Observation));
        findings.TryAdd(FindingCatalog.MissingVaryOrigin, builder);
    }

    private static void AnalyzeErrors(TargetObservations o, IReadOnlyList<Observation> sameHost, Dictionary<FindingKind, Builder> findings)
    {
        // An error response (the target itself, or an error path) answers the trusted origin without passing CORS,
        // while another response of the same host passes for that origin (issue 9 item 2).
        var own = o.TrustedGets.Select(g => g.Observation).Concat(o.ErrorProbes).ToList();
        var errors = own.Where(e => e.Response is { Status: >= 400 } && !e.Passes).ToList();
        foreach (var error in errors)
        {
            var origin = OriginOf(error);
            var success = own.Concat(sameHost).FirstOrDefault(s => s.Passes && OriginOf(s) == origin && s.Response is not null);
            if (success is null || origin.Length == 0)
            {
                continue;
            }

            if (findings.TryGetValue(FindingCatalog.CorsMissingOnError, out var existing))
            {
                existing.Evidence.Add(new Evidence($"another error response without CORS ({error.Request.Method} {error.Request.Url}, status {error.Response!.Status})", error));
                continue;
            }

            var builder = new Builder(FindingCatalog.CorsMissingOnError, origin, false,
                $"{success.Request.Method} {success.Request.Url} answers Origin: {origin} with Access-Control-Allow-Origin: {success.Header("Access-Control-Allow-Origin")}, but {error.Request.Method} {error.Request.Url} (status {error.Response!.Status}) has {(error.Header("Access-Control-Allow-Origin") is { } v ? "Access-Control-Allow-Origin: " + v : "no Access-Control-Allow-Origin")}; browser scripts see a CORS error instead of the status.");
            builder.Evidence.Add(new Evidence("the error response", error));
            builder.Evidence.Add(new Evidence("a response of the same host that carries CORS for the same origin", success));
            findings[FindingCatalog.CorsMissingOnError] = builder;
        }
    }

    private static void AnalyzeInvalid(TargetObservations o, Dictionary<FindingKind, Builder> findings)
    {
        var all = o.TrustedGets.Concat(o.Probes).Select(p => p.Observation)
            .Concat(new[] { o.PreflightPlain, o.PreflightHeaders, o.PreflightMethod }.OfType<Observation>())
            .Concat(o.ErrorProbes);
        foreach (var observation in all)
        {
            var values = observation.HeaderValues("Access-Control-Allow-Origin").ToList();
            if (values is [var echoed] && echoed == OriginOf(observation))
            {
                // The server echoed what we sent; any oddity in it is the probe's, not the server's.
                continue;
            }

            string? problem = values switch
            {
                [] => null,
                [_, _, ..] => $"{values.Count} Access-Control-Allow-Origin headers ({string.Join(" | ", values)}); browsers accept exactly one",
                [var v] when v.Contains(',') || v.Trim().Contains(' ') => $"Access-Control-Allow-Origin lists several values ('{v}'); browsers accept exactly one",
                [var v] when v != "*" && !Origin.TryParseSerialized(v, out _) => $"Access-Control-Allow-Origin '{v}' is not '*', 'null' or a serialized origin (scheme://host[:port], lowercase, no path or trailing slash)",
                _ => null,
            };
            if (problem is not null)
            {
                var origin = OriginOf(observation);
                var builder = new Builder(FindingCatalog.InvalidAcao, origin, false,
                    $"{observation.Request.Method} with Origin: {origin} got {problem}.");
                builder.Evidence.Add(new Evidence("the response with the invalid header", observation));
                findings.TryAdd(FindingCatalog.InvalidAcao, builder);
                return;
            }
        }
    }

    private static void AnalyzePreflights(TargetObservations o, Dictionary<FindingKind, Builder> findings)
    {
        static bool Ok(Observation? p) => p is { Response.Status: >= 200 and < 300, Passes: true };

        if (Ok(o.PreflightMethod) && Tokens(o.PreflightMethod!.Header("Access-Control-Allow-Methods")).Contains(AuditEngine.ProbeMethod, StringComparer.Ordinal))
        {
            AddObservation(findings, FindingCatalog.PreflightReflectsMethod, o.PreflightMethod,
                $"A preflight asking for method {AuditEngine.ProbeMethod} was answered with Access-Control-Allow-Methods: {o.PreflightMethod.Header("Access-Control-Allow-Methods")}; the server allows whatever method is requested.");
        }

        if (Ok(o.PreflightHeaders) && Tokens(o.PreflightHeaders!.Header("Access-Control-Allow-Headers")).Contains(AuditEngine.ProbeHeader, StringComparer.OrdinalIgnoreCase))
        {
            AddObservation(findings, FindingCatalog.PreflightReflectsHeaders, o.PreflightHeaders,
                $"A preflight asking for header {AuditEngine.ProbeHeader} was answered with Access-Control-Allow-Headers: {o.PreflightHeaders.Header("Access-Control-Allow-Headers")}; the server allows whatever header is requested.");
        }

        var pna = o.PreflightPrivateNetwork
            .Where(p => Ok(p.Observation) && string.Equals(p.Observation.Header("Access-Control-Allow-Private-Network")?.Trim(), "true", StringComparison.OrdinalIgnoreCase))
            .OrderByDescending(p => p.Untrusted).FirstOrDefault();
        if (pna.Observation is not null)
        {
            // Info either way: the catalog entry carries the severity (Chromium 142 replaced these preflights with LNA).
            AddObservation(findings, FindingCatalog.PrivateNetworkAllowed, pna.Observation, pna.Untrusted
                ? $"A private-network preflight from the untrusted origin {OriginOf(pna.Observation)} was granted (Access-Control-Allow-Private-Network: true); Chromium 142 asks the user (Local Network Access) instead of sending this preflight."
                : $"A private-network preflight from the trusted origin {OriginOf(pna.Observation)} was granted; untrusted origins were refused.");
        }

        var maxAge = new[] { o.PreflightPlain, o.PreflightHeaders, o.PreflightMethod }.Concat(o.PreflightPrivateNetwork.Select(p => p.Observation))
            .Where(Ok)
            .Select(p => (Observation: p!, Value: long.TryParse(p!.Header("Access-Control-Max-Age")?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0))
            .FirstOrDefault(p => p.Value > 7200);
        if (maxAge.Observation is not null)
        {
            // Chromium services/network/public/cpp/cors/preflight_result.cc: kMaxTimeout = 2 hours.
            AddObservation(findings, FindingCatalog.MaxAgeOverBrowserCap, maxAge.Observation,
                $"Access-Control-Max-Age: {maxAge.Value} is above Chromium's cap of 7200 s (Firefox caps at 86400, Safari at 600).");
        }
    }

    private static void AddObservation(Dictionary<FindingKind, Builder> findings, FindingKind kind, Observation observation, string detail)
    {
        var builder = new Builder(kind, OriginOf(observation), observation.WithCredentials.Passed, detail);
        builder.Evidence.Add(new Evidence("the preflight", observation));
        findings.TryAdd(kind, builder);
    }

    private static Builder Add(Dictionary<FindingKind, Builder> findings, FindingKind kind, ProbeResult probe, bool credentials, string detail)
    {
        var builder = new Builder(kind, probe.Probe.Origin, credentials, detail);
        builder.Evidence.Add(new Evidence($"probe: {Describe(probe.Probe.Kind)}", probe.Observation));
        findings.TryAdd(kind, builder);
        return findings[kind];
    }

    private static string Sentence(ProbeResult probe, bool credentials)
    {
        var origin = probe.Probe.Origin;
        var what = credentials
            ? $"Access-Control-Allow-Origin: {origin} with Access-Control-Allow-Credentials: true, so a credentialed fetch() from it reads the response"
            : $"Access-Control-Allow-Origin: {origin} without credentials, so it reads what an anonymous request gets";
        var from = probe.Probe.Base is null ? "" : $" (derived from {probe.Probe.Base})";
        return $"GET with Origin: {origin}{from} was answered with {what}.";
    }

    public static string Describe(ProbeKind kind) => kind switch
    {
        ProbeKind.Trusted => "trusted origin",
        ProbeKind.Arbitrary => "arbitrary origin",
        ProbeKind.ArbitraryNoCookie => "arbitrary origin, no cookie",
        ProbeKind.Null => "null origin",
        ProbeKind.Prefix => "trusted host as prefix",
        ProbeKind.Suffix => "look-alike ending in the trusted registrable domain",
        ProbeKind.HostSuffix => "look-alike ending in the trusted host",
        ProbeKind.ContainedIn => "contained in the trusted origin",
        ProbeKind.UnescapedDot => "dot replaced by a letter",
        ProbeKind.Substring => "trusted host inside a longer host",
        ProbeKind.SpecialChar => "special character after the trusted host",
        ProbeKind.AnySubdomain => "subdomain of the trusted host",
        ProbeKind.ParentSibling => "subdomain of the trusted registrable domain",
        ProbeKind.Sibling => "common sibling of the trusted origin",
        ProbeKind.InsecureOrigin => "http:// twin of the trusted origin",
        ProbeKind.AnyPort => "trusted host on another port",
        ProbeKind.ThirdParty => "page under a Public Suffix List private-section hosting suffix",
        _ => kind.ToString(),
    };

    private static bool AllowsCredentials(Observation observation)
        => string.Equals(observation.Header("Access-Control-Allow-Credentials")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool VariesOnOrigin(Observation observation)
        => observation.HeaderValues("Vary").SelectMany(v => v.Split(',')).Select(v => v.Trim())
            .Any(v => v == "*" || v.Equals("Origin", StringComparison.OrdinalIgnoreCase));

    private static List<string> Tokens(string? value)
        => value is null ? [] : value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();

    private static string OriginOf(Observation observation) => observation.SentOrigin ?? "";


    /// <summary>A finding under construction (evidence accumulates as probes are classified).</summary>
    private sealed class Builder(FindingKind kind, string? origin, bool credentials, string detail)
    {
        public FindingKind Kind { get; } = kind;

        /// <summary>Always the catalog's severity for the headline's credentials mode.</summary>
        public Severity Severity => Kind.SeverityFor(Credentials);

        public string? Origin { get; private set; } = origin;

        public bool Credentials { get; private set; } = credentials;

        public string Detail { get; private set; } = detail;

        public List<Evidence> Evidence { get; } = [];

        /// <summary>Adds <paramref name="observation"/> as evidence unless it already is (one probe, one entry).</summary>
        public void AddEvidenceOnce(string note, Observation observation)
        {
            if (!Evidence.Any(e => ReferenceEquals(e.Observation, observation)))
            {
                Evidence.Add(new Evidence(note, observation));
            }
        }

        /// <summary>A later probe passed with credentials: it becomes the headline.</summary>
        public void Upgrade(ProbeResult probe, bool credentials, string detail)
        {
            Origin = probe.Probe.Origin;
            Credentials = credentials;
            Detail = detail;
            var index = Evidence.FindIndex(e => ReferenceEquals(e.Observation, probe.Observation));
            if (index > 0)
            {
                var item = Evidence[index];
                Evidence.RemoveAt(index);
                Evidence.Insert(0, item);
            }
        }

        public Finding Build() => new()
        {
            Kind = Kind,
            Severity = Severity,
            Origin = Origin,
            Credentials = Credentials,
            Evidence = Evidence,
            Detail = Detail,
        };
    }
}
