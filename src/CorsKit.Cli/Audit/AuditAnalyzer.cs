using System.Globalization;
using CorsKit.Origins;

namespace CorsKit.Cli.Audit;

/// <summary>
/// Turns a target's observations into findings. A probe counts only when the browser model's CORS check passes for it
/// (credentialed and non-credentialed mode separately) and the server named the probe origin itself; a probe that an
/// over-broad root cause already explains (any origin reflected, '*', a substring match) becomes evidence under that
/// finding instead of a finding of its own.
/// </summary>
internal static class AuditAnalyzer
{
    private static readonly ProbeKind[] Priority =
    [
        ProbeKind.Null, ProbeKind.Substring, ProbeKind.Prefix, ProbeKind.Suffix, ProbeKind.SpecialChar, ProbeKind.UnescapedDot,
        ProbeKind.AnySubdomain, ProbeKind.ParentSibling, ProbeKind.InsecureOrigin, ProbeKind.AnyPort, ProbeKind.ThirdParty, ProbeKind.Trusted,
    ];

    public static IReadOnlyList<Finding> Analyze(TargetObservations o)
    {
        var findings = new Dictionary<FindingKind, Builder>();
        var gets = o.TrustedGets.Concat(o.Probes).Where(p => p.Observation.Response is not null).ToList();
        var arbitrary = o.Probes.Where(p => p.Probe.Kind is ProbeKind.Arbitrary or ProbeKind.ArbitraryNoCookie).ToList();
        var withoutCookie = arbitrary.FirstOrDefault(p => p.Probe.Kind == ProbeKind.ArbitraryNoCookie);

        // Root cause 1: any origin passes. Per credentials mode, every other origin probe passing in the same mode is
        // explained by it.
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
            var kind = AllowsCredentials(wildcard.Observation) ? FindingCatalog.WildcardWithCredentials : FindingCatalog.WildcardOrigin;
            if (root is not null)
            {
                root.Evidence.Add(new Evidence($"'*' on another response ({kind.Id} explained by {root.Kind.Id})", wildcard.Observation));
            }
            else
            {
                root = Add(findings, kind, wildcard, false, kind == FindingCatalog.WildcardWithCredentials
                    ? "Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true; browsers refuse credentialed reads of this response, and read it without credentials."
                    : "Access-Control-Allow-Origin: *; browsers let any site read this response without credentials.");
            }
        }

        // Each probe's effective pass: the modes in which its own origin passes and no root cause explains it.
        (bool Credentials, bool Counted, bool Passed) Effective(ProbeResult p)
        {
            var exact = p.Observation.AllowsExactly(p.Probe.Origin);
            var credentials = exact && p.Observation.WithCredentials.Passed && !anyWithCredentials;
            var omit = exact && p.Observation.WithoutCredentials.Passed && !anyWithoutCredentials;
            return (credentials, credentials || omit, exact && p.Observation.Passes);
        }

        bool Counted(ProbeKind kind, string? from) => o.Probes.Any(p => p.Probe.Kind == kind && p.Probe.Base == from && Effective(p).Counted);
        bool Passed(ProbeKind kind, string? from) => o.Probes.Any(p => p.Probe.Kind == kind && p.Probe.Base == from && Effective(p).Passed);

        // Broad causes first, so the narrower classes they imply find their finding to file evidence under.
        var ordered = o.Probes
            .Where(p => p.Probe.Kind is not (ProbeKind.Arbitrary or ProbeKind.ArbitraryNoCookie or ProbeKind.Sibling))
            .OrderBy(p => Array.IndexOf(Priority, p.Probe.Kind));
        foreach (var probe in ordered)
        {
            var (credentials, counted, passed) = Effective(probe);
            if (!passed)
            {
                continue;
            }

            if (!counted)
            {
                root?.Evidence.Add(new Evidence($"{probe.Probe.Origin} ({Describe(probe.Probe.Kind)}) is also allowed: explained by {root.Kind.Id}", probe.Observation));
                continue;
            }

            var from = probe.Probe.Base;
            var host = Origin.TryParseSerialized(probe.Probe.Origin, out var parsed) ? parsed.Host : "";
            var baseHost = from is not null && Origin.TryParseSerialized(from, out var b) ? b.Host : "";
            var registrable = PublicSuffix.RegistrableDomain(baseHost) ?? baseHost;
            var containsCounted = o.Probes.Any(p => p.Probe.Kind == ProbeKind.Substring && p.Probe.Base == from
                && p.Probe.Origin.Contains("//corskit" + baseHost + ".", StringComparison.Ordinal) && Effective(p).Counted);
            var siblingPasses = Passed(ProbeKind.ParentSibling, from);
            // A suffix probe counts as a cause unless it is corskitevil<host> under a parent the server allows wholesale.
            var suffixCounted = o.Probes.Any(p => p.Probe.Kind == ProbeKind.Suffix && p.Probe.Base == from && Effective(p).Counted
                && (p.Probe.Origin.Contains("//corskitevil" + registrable, StringComparison.Ordinal) && registrable.Length > 0
                    && (registrable == baseHost || !p.Probe.Origin.Contains("//corskitevil" + baseHost, StringComparison.Ordinal))
                    || !siblingPasses));
            var prefixCounted = Counted(ProbeKind.Prefix, from);
            var specialCounted = Counted(ProbeKind.SpecialChar, from);
            // The first of these findings that exists explains the probe (a cause may itself sit under a broader one).
            Builder? Root(params FindingKind[] kinds) => kinds.Select(findings.GetValueOrDefault).FirstOrDefault(b => b is not null);
            Builder? explainedBy = null;
            FindingKind? kind = null;
            switch (probe.Probe.Kind)
            {
                case ProbeKind.Trusted:
                    continue;
                case ProbeKind.Null:
                    kind = FindingCatalog.NullOriginAllowed;
                    break;
                case ProbeKind.Substring:
                    kind = FindingCatalog.SubstringMatch;
                    break;
                case ProbeKind.Prefix:
                    kind = FindingCatalog.PrefixMatch;
                    explainedBy = containsCounted ? Root(FindingCatalog.SubstringMatch) : null;
                    break;
                case ProbeKind.Suffix:
                    kind = FindingCatalog.SuffixMatch;
                    if (containsCounted)
                    {
                        explainedBy = Root(FindingCatalog.SubstringMatch);
                    }
                    else if (host != "corskitevil" + registrable && siblingPasses)
                    {
                        // corskitevil<host> is also a subdomain of the parent domain, which the server allows wholesale.
                        continue;
                    }

                    break;
                case ProbeKind.UnescapedDot:
                    kind = FindingCatalog.UnescapedDot;
                    if (host.EndsWith(registrable, StringComparison.Ordinal) && !host.EndsWith("." + registrable, StringComparison.Ordinal) && suffixCounted)
                    {
                        // appxexample.com also ends with example.com: the suffix match explains it.
                        explainedBy = Root(FindingCatalog.SuffixMatch, FindingCatalog.SubstringMatch);
                    }
                    else if (host.EndsWith("." + registrable, StringComparison.Ordinal) && (siblingPasses || Passed(ProbeKind.AnySubdomain, from)))
                    {
                        continue;
                    }

                    break;
                case ProbeKind.SpecialChar:
                    kind = FindingCatalog.SpecialCharBypass;
                    explainedBy = containsCounted ? Root(FindingCatalog.SubstringMatch)
                        : prefixCounted ? Root(FindingCatalog.PrefixMatch, FindingCatalog.SubstringMatch)
                        : null;
                    break;
                case ProbeKind.AnySubdomain or ProbeKind.ParentSibling:
                    // A random label under the trusted host, or under its parent domain (app.example.com trusted,
                    // https://*.example.com configured), can only pass through a wildcard.
                    kind = FindingCatalog.AnySubdomainAllowed;
                    explainedBy = containsCounted ? Root(FindingCatalog.SubstringMatch)
                        : suffixCounted ? Root(FindingCatalog.SuffixMatch, FindingCatalog.SubstringMatch)
                        : null;
                    break;
                case ProbeKind.InsecureOrigin:
                    // An unanchored start (contains, endsWith) lets 'http://' through as well as any other prefix.
                    kind = FindingCatalog.InsecureOriginAllowed;
                    explainedBy = containsCounted ? Root(FindingCatalog.SubstringMatch)
                        : suffixCounted ? Root(FindingCatalog.SuffixMatch, FindingCatalog.SubstringMatch)
                        : null;
                    break;
                case ProbeKind.AnyPort:
                    // An unanchored end (prefix, special character, substring) also lets ':port' through.
                    kind = FindingCatalog.AnyPortAllowed;
                    explainedBy = containsCounted ? Root(FindingCatalog.SubstringMatch)
                        : prefixCounted ? Root(FindingCatalog.PrefixMatch, FindingCatalog.SubstringMatch)
                        : specialCounted ? Root(FindingCatalog.SpecialCharBypass, FindingCatalog.PrefixMatch, FindingCatalog.SubstringMatch)
                        : null;
                    break;
                case ProbeKind.ThirdParty:
                    kind = FindingCatalog.ThirdPartyOriginAllowed;
                    break;
            }

            if (kind is null)
            {
                continue;
            }

            if (explainedBy is not null)
            {
                explainedBy.Evidence.Add(new Evidence($"{probe.Probe.Origin} ({Describe(probe.Probe.Kind)}) is also allowed: explained by {explainedBy.Kind.Id}", probe.Observation));
                continue;
            }

            if (findings.TryGetValue(kind, out var existing))
            {
                existing.Evidence.Add(new Evidence($"{probe.Probe.Origin} is also allowed", probe.Observation));
                if (credentials && !existing.Credentials)
                {
                    existing.Upgrade(probe, credentials, Sentence(kind, probe, credentials));
                }

                continue;
            }

            Add(findings, kind, probe, credentials, Sentence(kind, probe, credentials));
        }

        AnalyzeVary(o, gets, findings);
        AnalyzeErrors(o, findings);
        AnalyzeInvalid(o, findings);
        AnalyzePreflights(o, findings);

        return findings.Values
            .Select(f => f.Build())
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => FindingCatalog.IndexOf(f.Kind))
            .ToList();
    }

    private static void AnalyzeVary(TargetObservations o, List<ProbeResult> gets, Dictionary<FindingKind, Builder> findings)
    {
        // Access-Control-Allow-Origin is chosen per origin when two origins got two different values (reflection, a
        // list). One fixed value that is present or absent (ASP.NET Core with a single origin) is a static origin in
        // the sense of Fetch §3.2.5 "CORS protocol and HTTP caches", as is '*' alone.
        var states = gets.Select(p => p.Observation.Header("Access-Control-Allow-Origin")).OfType<string>().Distinct(StringComparer.Ordinal).Count();
        if (states < 2)
        {
            return;
        }

        // Fetch §3.2.6 / RFC 9111 §4.1: a response chosen by the Origin header must say so with Vary: Origin.
        var missing = gets
            .Where(p => p.Observation.Passes && p.Observation.AllowsExactly(p.Probe.Origin) && !VariesOnOrigin(p.Observation))
            .OrderBy(p => p.Probe.Kind == ProbeKind.Trusted ? 0 : 1)
            .FirstOrDefault();
        if (missing is not null)
        {
            var other = gets.First(p => p.Observation.Header("Access-Control-Allow-Origin") is { } v && v != missing.Observation.Header("Access-Control-Allow-Origin"));
            var builder = Add(findings, FindingCatalog.MissingVaryOrigin, missing, missing.Observation.WithCredentials.Passed,
                $"Access-Control-Allow-Origin: {missing.Probe.Origin} was sent for Origin: {missing.Probe.Origin} and Access-Control-Allow-Origin: {other.Observation.Header("Access-Control-Allow-Origin")} for Origin: {other.Probe.Origin}, but the response has no Vary: Origin (Vary: {missing.Observation.Header("Vary") ?? "absent"}).");
            builder.Evidence.Add(new Evidence("another origin gets another value", other.Observation));
        }
    }

    private static void AnalyzeErrors(TargetObservations o, Dictionary<FindingKind, Builder> findings)
    {
        foreach (var (success, error) in o.ErrorPairs)
        {
            if (error.Response is { Status: >= 400 } && success.Passes && !error.Passes)
            {
                var origin = OriginOf(success);
                var builder = new Builder(FindingCatalog.CorsMissingOnError, FindingCatalog.CorsMissingOnError.SeverityFor(false), origin, false,
                    $"{success.Request.Url} answers Origin: {origin} with Access-Control-Allow-Origin: {success.Header("Access-Control-Allow-Origin")}, but the error response from {error.Request.Url} (status {error.Response.Status}) has {(error.Header("Access-Control-Allow-Origin") is { } v ? "Access-Control-Allow-Origin: " + v : "no Access-Control-Allow-Origin")}; browser scripts see a CORS error instead of the status.");
                builder.Evidence.Add(new Evidence("the error response", error));
                builder.Evidence.Add(new Evidence("the success response for the same origin", success));
                findings.TryAdd(FindingCatalog.CorsMissingOnError, builder);
                return;
            }
        }
    }

    private static void AnalyzeInvalid(TargetObservations o, Dictionary<FindingKind, Builder> findings)
    {
        var all = o.TrustedGets.Concat(o.Probes).Select(p => p.Observation)
            .Concat(new[] { o.PreflightPlain, o.PreflightHeaders, o.PreflightMethod }.OfType<Observation>())
            .Concat(o.ErrorPairs.Select(p => p.Error));
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
                var builder = new Builder(FindingCatalog.InvalidAcao, FindingCatalog.InvalidAcao.SeverityFor(false), origin, false,
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
            var builder = AddObservation(findings, FindingCatalog.PrivateNetworkAllowed, pna.Observation, pna.Untrusted
                ? $"A private-network preflight from the untrusted origin {OriginOf(pna.Observation)} was granted (Access-Control-Allow-Private-Network: true): any public site can reach this service."
                : $"A private-network preflight from the trusted origin {OriginOf(pna.Observation)} was granted; untrusted origins were refused.");
            if (!pna.Untrusted)
            {
                builder.Severity = Severity.Info;
            }
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

    private static Builder AddObservation(Dictionary<FindingKind, Builder> findings, FindingKind kind, Observation observation, string detail)
    {
        var credentials = observation.WithCredentials.Passed;
        var builder = new Builder(kind, kind.SeverityFor(credentials), OriginOf(observation), credentials, detail);
        builder.Evidence.Add(new Evidence("the preflight", observation));
        findings.TryAdd(kind, builder);
        return findings[kind];
    }

    private static Builder Add(Dictionary<FindingKind, Builder> findings, FindingKind kind, ProbeResult probe, bool credentials, string detail)
    {
        var builder = new Builder(kind, kind.SeverityFor(credentials), probe.Probe.Origin, credentials, detail);
        builder.Evidence.Add(new Evidence($"probe: {Describe(probe.Probe.Kind)}", probe.Observation));
        findings.TryAdd(kind, builder);
        return findings[kind];
    }

    private static string Sentence(FindingKind kind, ProbeResult probe, bool credentials)
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
        ProbeKind.Suffix => "trusted domain as suffix",
        ProbeKind.UnescapedDot => "dot replaced by a letter",
        ProbeKind.Substring => "substring of or containing the trusted host",
        ProbeKind.SpecialChar => "special character after the trusted host",
        ProbeKind.AnySubdomain => "subdomain of the trusted host",
        ProbeKind.ParentSibling => "random subdomain of the trusted host's parent domain",
        ProbeKind.Sibling => "common sibling of the trusted origin",
        ProbeKind.InsecureOrigin => "http:// twin of the trusted origin",
        ProbeKind.AnyPort => "trusted host on another port",
        ProbeKind.ThirdParty => "public code-hosting origin",
        _ => kind.ToString(),
    };

    private static bool AllowsCredentials(Observation observation)
        => string.Equals(observation.Header("Access-Control-Allow-Credentials")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    private static bool VariesOnOrigin(Observation observation)
        => observation.HeaderValues("Vary").SelectMany(v => v.Split(',')).Select(v => v.Trim())
            .Any(v => v == "*" || v.Equals("Origin", StringComparison.OrdinalIgnoreCase));

    private static List<string> Tokens(string? value)
        => value is null ? [] : value.Split(',').Select(v => v.Trim()).Where(v => v.Length > 0).ToList();

    private static string OriginOf(Observation observation)
        => observation.Request.Headers.FirstOrDefault(h => h.Name.Equals("Origin", StringComparison.OrdinalIgnoreCase)).Value ?? "";


    /// <summary>A finding under construction (evidence accumulates as probes are classified).</summary>
    private sealed class Builder(FindingKind kind, Severity severity, string? origin, bool credentials, string detail)
    {
        public FindingKind Kind { get; } = kind;

        public Severity Severity { get; set; } = severity;

        public string? Origin { get; private set; } = origin;

        public bool Credentials { get; private set; } = credentials;

        public string Detail { get; private set; } = detail;

        public List<Evidence> Evidence { get; } = [];

        /// <summary>A later probe passed with credentials: it becomes the headline.</summary>
        public void Upgrade(ProbeResult probe, bool credentials, string detail)
        {
            Origin = probe.Probe.Origin;
            Credentials = credentials;
            Severity = Kind.SeverityFor(credentials);
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
