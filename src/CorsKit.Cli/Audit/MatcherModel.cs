using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using CorsKit.Origins;

namespace CorsKit.Cli.Audit;

/// <summary>
/// What an origin matcher for one trusted origin accepts when it has a given set of <see cref="OriginDefect"/>s. The
/// audit uses it to decide which defects explain a passing probe: evidence counts for a defect only when no
/// combination of the other proven defects explains it (issue 9, docs/audit.md "Probe design"). The model is
/// monotone: adding a defect never rejects an origin that was accepted.
/// </summary>
internal sealed class MatcherModel
{
    private const OriginDefect PatternDefects = OriginDefect.InsecureScheme | OriginDefect.AnySubdomainOfHost | OriginDefect.AnySubdomainOfDomain
        | OriginDefect.SuffixOfHost | OriginDefect.SuffixOfDomain | OriginDefect.UnanchoredEnd | OriginDefect.UnescapedDot
        | OriginDefect.SpecialCharEnd | OriginDefect.AnyPort;

    private readonly string _scheme;
    private readonly string _host;
    private readonly string? _domain;
    private readonly string _port;
    private readonly ConcurrentDictionary<OriginDefect, Regex> _patterns = new();

    /// <summary>Patterns by text, shared by every target: a run with one -t builds each relaxed matcher once.</summary>
    private static readonly ConcurrentDictionary<string, Regex> Compiled = new(StringComparer.Ordinal);

    private MatcherModel(string trusted, string scheme, string host, string? domain, string port)
    {
        Trusted = trusted;
        _scheme = scheme;
        _host = host;
        _domain = domain;
        _port = port;
    }

    /// <summary>The trusted origin, serialized.</summary>
    public string Trusted { get; }

    /// <summary>The defects that make sense for this trusted origin (no http:// twin of an http origin, no registrable
    /// domain for an IP address).</summary>
    public OriginDefect Applicable
    {
        get
        {
            var all = OriginDefect.All;
            if (_scheme != "https")
            {
                all &= ~OriginDefect.InsecureScheme;
            }

            if (_domain is null)
            {
                all &= ~(OriginDefect.AnySubdomainOfDomain | OriginDefect.SuffixOfDomain);
            }

            return all;
        }
    }

    public static MatcherModel? Create(string trusted)
    {
        if (!Origin.TryParseSerialized(trusted, out var origin) || origin.IsOpaque)
        {
            return null;
        }

        var domain = PublicSuffix.RegistrableDomain(origin.Host);
        return new MatcherModel(origin.Serialized, origin.Scheme, origin.Host, domain == origin.Host ? null : domain,
            origin.Port is { } p ? ":" + p : "");
    }

    /// <summary>True when a matcher for <see cref="Trusted"/> with exactly <paramref name="defects"/> accepts
    /// <paramref name="origin"/>.</summary>
    public bool Accepts(string origin, OriginDefect defects)
    {
        defects &= Applicable;
        if (origin == Trusted)
        {
            return true;
        }

        if (origin == "null")
        {
            return defects.HasFlag(OriginDefect.NullOrigin);
        }

        if (defects.HasFlag(OriginDefect.ContainedInTrusted) && origin.Length > _scheme.Length + 3 && Trusted.Contains(origin, StringComparison.Ordinal))
        {
            return true;
        }

        if (defects.HasFlag(OriginDefect.ThirdPartyHosting) && HostingHost(origin) is { } host && !IsOwn(host))
        {
            return true;
        }

        try
        {
            return _patterns.GetOrAdd(defects & PatternDefects, Build).IsMatch(origin);
        }
        catch (RegexMatchTimeoutException)
        {
            // A model that cannot decide explains nothing; the probe then counts for the class it was designed for.
            return false;
        }
    }

    /// <summary>The host of <paramref name="origin"/> when it lies under a Public Suffix List private-section suffix
    /// (memoised: the same probe origins are asked about for every target).</summary>
    private static string? HostingHost(string origin) => Hosting.GetOrAdd(origin, o =>
        Origin.TryParseSerialized(o, out var parsed) && !parsed.IsOpaque && PublicSuffix.PrivateSectionSuffix(parsed.Host) is not null ? parsed.Host : null);

    private static readonly ConcurrentDictionary<string, string?> Hosting = new(StringComparer.Ordinal);

    private bool IsOwn(string host) => host == _host || host.EndsWith("." + _host, StringComparison.Ordinal)
        || (_domain is not null && (host == _domain || host.EndsWith("." + _domain, StringComparison.Ordinal)));

    /// <summary>
    /// The relaxed matcher as a regular expression: <c>^scheme://(host alternatives)end$</c>. The alternatives are h
    /// itself, and with the subdomain/suffix defects a dot-bounded label sequence or a non-dot-bounded string before h
    /// or R; the unescaped-dot defect turns the dots of h and R (not of the wildcard) into any character; the end is the
    /// port (or any port), a special character followed by anything, or anything.
    /// </summary>
    private Regex Build(OriginDefect d)
    {
        var scheme = d.HasFlag(OriginDefect.InsecureScheme) ? "https?" : Regex.Escape(_scheme);
        var alternatives = new List<string>();
        void AddCore(string core, bool exact, bool subdomains, bool lookAlikes)
        {
            var pattern = Regex.Escape(core);
            if (d.HasFlag(OriginDefect.UnescapedDot))
            {
                pattern = pattern.Replace(@"\.", ".", StringComparison.Ordinal);
            }

            if (exact)
            {
                alternatives.Add(pattern);
            }

            if (subdomains)
            {
                alternatives.Add(@"[^/:]+\." + pattern);
            }

            if (lookAlikes)
            {
                alternatives.Add(@"[^/:]*[^/:.]" + pattern);
            }
        }

        AddCore(_host, true, d.HasFlag(OriginDefect.AnySubdomainOfHost), d.HasFlag(OriginDefect.SuffixOfHost));
        if (_domain is not null && (d & (OriginDefect.AnySubdomainOfDomain | OriginDefect.SuffixOfDomain)) != 0)
        {
            AddCore(_domain, true, d.HasFlag(OriginDefect.AnySubdomainOfDomain), d.HasFlag(OriginDefect.SuffixOfDomain));
        }

        var port = d.HasFlag(OriginDefect.AnyPort) ? @"(?::[0-9]+)?" : Regex.Escape(_port);
        var end = d.HasFlag(OriginDefect.UnanchoredEnd) ? ".*"
            : d.HasFlag(OriginDefect.SpecialCharEnd) ? "(?:(?:" + string.Join('|', ProbePlanner.SpecialChars.Select(c => Regex.Escape(c.ToString()))) + ")[^/:]*)?" + port
            : port;
        // Interpreted, not NonBacktracking: construction is what costs here (hundreds of patterns per run), and the
        // inputs are probe origins of at most a few hundred characters, bounded again by the timeout.
        return Compiled.GetOrAdd("^" + scheme + "://(?:" + string.Join('|', alternatives) + ")" + end + "$",
            text => new Regex(text, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }
}
