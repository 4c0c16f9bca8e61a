using CorsKit.Origins;

namespace CorsKit.Cli.Audit;

/// <summary>
/// Derives the probe origins for one target. Each probe is built so that exactly one <see cref="OriginDefect"/> of
/// the matcher explains it when it passes (docs/audit.md "Probe design"): the prefix probe's host is not a subdomain of
/// the trusted registrable domain and needs no wildcard label, the suffix probe is a registrable look-alike of R that is
/// not a subdomain of anything trusted, the subdomain probes carry a dot boundary, and so on. Every origin is checked
/// with <see cref="Origin.TryParseSerialized"/> before it is used, so the audit only sends origins a browser can produce
/// (the scanners surveyed in docs/audit.md send literal <c>%60</c>, <c>Origin: *</c>, or origins with paths).
/// </summary>
internal static class ProbePlanner
{
    /// <summary>The attacker's registrable domain in probes. Never contacted: it only appears in Origin headers.</summary>
    public const string AttackerDomain = "corskit-evil.net";

    /// <summary>An origin no configuration would list on purpose.</summary>
    public const string ArbitraryOrigin = "https://" + AttackerDomain;

    /// <summary>The label the third-party probes put under a hosting suffix.</summary>
    public const string ThirdPartyLabel = "corskit-probe";

    /// <summary>
    /// Characters Chromium keeps verbatim in a host (url/url_canon_host.cc kHostCharLookup: allowed, not escaped) and
    /// that sloppy origin checks treat as the end of a host. Space and '*' are left out (Chromium escapes them to
    /// %20/%2A); '^' and '|' are forbidden host code points (URL Standard "forbidden host code point"); ',' is left out
    /// because an echoed origin containing ',' reads as several values and fails the browser's CORS check. Pinned
    /// against the installed Chromium by AuditChromiumHostTests (new URL(…).origin keeps each one verbatim).
    /// </summary>
    public static readonly IReadOnlyList<char> SpecialChars = ['_', '-', '!', '$', '&', '\'', '(', ')', '+', ';', '=', '`', '{', '}', '~', '"'];

    /// <summary>
    /// Well-known hosting suffixes where anyone with a free account publishes pages. Each is used only when the Public
    /// Suffix List's private section lists it (<see cref="PublicSuffix.IsPrivateSectionRule"/>, checked at run time),
    /// so an entry the list drops stops being probed.
    /// </summary>
    public static readonly IReadOnlyList<string> HostingSuffixCandidates =
    [
        "github.io", "gitlab.io", "bitbucket.io", "vercel.app", "netlify.app", "pages.dev", "workers.dev", "s3.amazonaws.com",
        "herokuapp.com", "web.app", "firebaseapp.com", "glitch.me", "repl.co", "onrender.com", "fly.dev", "azurewebsites.net",
        "blogspot.com", "ngrok.io",
    ];

    /// <summary>Development origins often left in allow-lists. Never findings; a second allowed value shows that the
    /// server chooses Access-Control-Allow-Origin per origin (<c>missing-vary-origin</c>).</summary>
    public static readonly IReadOnlyList<string> CommonListEntries =
    [
        "http://localhost", "http://localhost:3000", "http://localhost:4200", "http://localhost:5173", "http://localhost:8080",
        "http://127.0.0.1:3000",
    ];

    /// <summary>The order in which passing probes that the proven defects do not yet explain are attributed to the
    /// defect they were designed for (<see cref="DefectInference"/>): single-defect probes first; a subdomain of R before
    /// one of h (a wildcard under R explains both, so the finding names the wider one), combined probes last.</summary>
    public static readonly ProbeKind[] Order =
    [
        ProbeKind.Null, ProbeKind.InsecureOrigin, ProbeKind.ParentSibling, ProbeKind.AnySubdomain, ProbeKind.Suffix, ProbeKind.HostSuffix, ProbeKind.Prefix,
        ProbeKind.ContainedIn, ProbeKind.UnescapedDot, ProbeKind.SpecialChar, ProbeKind.AnyPort, ProbeKind.ThirdParty, ProbeKind.Substring,
    ];

    /// <summary>The hosting suffixes probed: the candidates the Public Suffix List's private section lists.</summary>
    public static IReadOnlyList<string> HostingSuffixes { get; } = HostingSuffixCandidates.Where(PublicSuffix.IsPrivateSectionRule).ToList();

    /// <summary>The defect a probe class is designed to prove (None for probes that are not evidence of one defect).</summary>
    public static OriginDefect DesignedFor(ProbeKind kind) => kind switch
    {
        ProbeKind.Null => OriginDefect.NullOrigin,
        ProbeKind.InsecureOrigin => OriginDefect.InsecureScheme,
        ProbeKind.AnySubdomain => OriginDefect.AnySubdomainOfHost,
        ProbeKind.ParentSibling => OriginDefect.AnySubdomainOfDomain,
        ProbeKind.Suffix => OriginDefect.SuffixOfDomain,
        ProbeKind.HostSuffix => OriginDefect.SuffixOfHost,
        ProbeKind.Prefix => OriginDefect.UnanchoredEnd,
        ProbeKind.ContainedIn => OriginDefect.ContainedInTrusted,
        ProbeKind.UnescapedDot => OriginDefect.UnescapedDot,
        ProbeKind.SpecialChar => OriginDefect.SpecialCharEnd,
        ProbeKind.AnyPort => OriginDefect.AnyPort,
        ProbeKind.ThirdParty => OriginDefect.ThirdPartyHosting,
        _ => OriginDefect.None,
    };

    /// <summary>Candidate trusted origins when none is given: the target's own origin, its registrable domain, and
    /// the www., app. and api. hosts under it, with the target's scheme.</summary>
    public static IReadOnlyList<string> DiscoveryCandidates(Uri target)
    {
        var own = Origin.FromUri(target);
        var list = new List<string>();
        if (!own.IsOpaque)
        {
            list.Add(own.Serialized);
            var registrable = PublicSuffix.RegistrableDomain(own.Host);
            if (registrable is not null)
            {
                foreach (var host in new[] { registrable, "www." + registrable, "app." + registrable, "api." + registrable })
                {
                    Add(list, $"{own.Scheme}://{host}");
                }
            }
        }

        return list;
    }

    /// <summary>The target's own origin when its host is a real domain name (not an IP address or localhost).</summary>
    public static string? TargetBase(Uri target)
    {
        var own = Origin.FromUri(target);
        if (own.IsOpaque || own.Host.StartsWith('[') || PublicSuffix.RegistrableDomain(own.Host) is null)
        {
            return null;
        }

        return own.Serialized;
    }

    /// <summary>The GET probes for a target whose trusted (or base) origins are <paramref name="bases"/>.</summary>
    public static IReadOnlyList<Probe> Plan(IReadOnlyList<string> bases, IReadOnlyCollection<string> trusted)
    {
        var probes = new List<Probe>
        {
            new(ProbeKind.Arbitrary, ArbitraryOrigin),
            new(ProbeKind.ArbitraryNoCookie, ArbitraryOrigin),
            new(ProbeKind.Null, "null"),
        };
        var seen = new HashSet<string>(StringComparer.Ordinal) { ArbitraryOrigin, "null" };
        foreach (var t in trusted)
        {
            seen.Add(t);
        }

        void Add(ProbeKind kind, string origin, string? from)
        {
            if (Origin.TryParseSerialized(origin, out var parsed) && !parsed.IsOpaque && seen.Add(parsed.Serialized))
            {
                probes.Add(new Probe(kind, parsed.Serialized, from));
            }
        }

        foreach (var text in bases)
        {
            if (!Origin.TryParseSerialized(text, out var b) || b.IsOpaque)
            {
                continue;
            }

            var s = b.Scheme;
            var h = b.Host;
            var port = b.Port is { } p ? ":" + p : "";
            var registrable = PublicSuffix.RegistrableDomain(h);
            var isIp = h.StartsWith('[') || registrable is null && h.All(c => char.IsAsciiDigit(c) || c == '.');

            // End not anchored: T's host followed by more host under the attacker's domain. Not a subdomain of R, and no
            // wildcard label can produce it.
            Add(ProbeKind.Prefix, $"{s}://{h}.{AttackerDomain}{port}", text);

            // Both ends open (contains): evidence for substring-match, never the proof of one defect.
            Add(ProbeKind.Substring, $"{s}://corskit{h}.{AttackerDomain}{port}", text);

            // The origin contained in the trusted one ("https://app.acme.io".includes(origin)).
            if (!isIp && h.Length > 3)
            {
                Add(ProbeKind.ContainedIn, text[..^1], text);
            }

            if (registrable is not null)
            {
                // No dot boundary: a registrable look-alike ending in R (not a subdomain of anything trusted); when h is
                // longer than R, a look-alike ending in h as well (a subdomain of R, explained by a wildcard under R too).
                Add(ProbeKind.Suffix, $"{s}://corskitevil{registrable}{port}", text);
                if (h != registrable)
                {
                    Add(ProbeKind.HostSuffix, $"{s}://corskitevil{h}{port}", text);

                    // No hyphen in the labels: patterns such as \w+ or [a-z]+ must match them.
                    Add(ProbeKind.ParentSibling, $"{s}://corskitsub.{registrable}{port}", text);
                    var parent = h[(h.IndexOf('.') + 1)..];
                    if (parent != registrable)
                    {
                        Add(ProbeKind.ParentSibling, $"{s}://corskitsibling.{parent}{port}", text);
                    }
                }

                // Common siblings: not findings when allowed, but a second allowed value shows that
                // Access-Control-Allow-Origin is chosen per origin.
                foreach (var sibling in new[] { registrable, "www." + registrable, "app." + registrable, "api." + registrable, "admin." + registrable })
                {
                    Add(ProbeKind.Sibling, $"{s}://{sibling}{port}", text);
                }

                // Each dot of h replaced by a letter; the analysis keeps the ones no other proven defect explains
                // (appxacme.io is also a suffix look-alike of acme.io, app.acmexio is not).
                for (var i = h.IndexOf('.'); i >= 0; i = h.IndexOf('.', i + 1))
                {
                    Add(ProbeKind.UnescapedDot, $"{s}://{h[..i]}x{h[(i + 1)..]}{port}", text);
                }
            }

            foreach (var c in SpecialChars)
            {
                Add(ProbeKind.SpecialChar, $"{s}://{h}{c}.{AttackerDomain}{port}", text);
            }

            if (!isIp)
            {
                Add(ProbeKind.AnySubdomain, $"{s}://corskitsub.{h}{port}", text);
            }

            if (s == "https")
            {
                Add(ProbeKind.InsecureOrigin, $"http://{h}{port}", text);
            }

            Add(ProbeKind.AnyPort, $"{s}://{h}:{(b.Port == 31337 ? 31338 : 31337)}", text);
        }

        foreach (var suffix in HostingSuffixes)
        {
            Add(ProbeKind.ThirdParty, $"https://{ThirdPartyLabel}.{suffix}", null);
        }

        foreach (var origin in CommonListEntries)
        {
            Add(ProbeKind.Sibling, origin, null);
        }

        return probes;
    }

    private static void Add(List<string> list, string origin)
    {
        if (Origin.TryParseSerialized(origin, out var parsed) && !list.Contains(parsed.Serialized))
        {
            list.Add(parsed.Serialized);
        }
    }
}
