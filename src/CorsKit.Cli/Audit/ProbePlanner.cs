using CorsKit.Origins;

namespace CorsKit.Cli.Audit;

/// <summary>
/// Derives the probe origins for one target. Every origin is checked with <see cref="Origin.TryParseSerialized"/>
/// before it is used, so the audit only sends origins a browser can produce (the scanners surveyed in
/// docs/audit.md send literal <c>%60</c>, <c>Origin: *</c>, or origins with paths, which no browser sends).
/// </summary>
internal static class ProbePlanner
{
    /// <summary>The attacker's registrable domain in probes. Never contacted: it only appears in Origin headers.</summary>
    public const string AttackerDomain = "corskit-evil.net";

    /// <summary>An origin no configuration would list on purpose.</summary>
    public const string ArbitraryOrigin = "https://" + AttackerDomain;

    /// <summary>
    /// Characters Chromium keeps verbatim in a host (url/url_canon_host.cc kHostCharLookup: allowed, not escaped) and
    /// that sloppy origin checks treat as the end of a host. Space and '*' are left out (Chromium escapes them to
    /// %20/%2A); '^' and '|' are forbidden host code points (URL Standard "forbidden host code point"); ',' is left out
    /// because an echoed origin containing ',' reads as several values and fails the browser's CORS check. Pinned
    /// against the installed Chromium by AuditChromiumHostTests (new URL(…).origin keeps each one verbatim).
    /// </summary>
    public static readonly IReadOnlyList<char> SpecialChars = ['_', '-', '!', '$', '&', '\'', '(', ')', '+', ';', '=', '`', '{', '}', '~', '"'];

    /// <summary>Public code-hosting and playground origins where anyone can publish a page (cf. CORScanner origins.json).</summary>
    public static readonly IReadOnlyList<string> ThirdPartyOrigins =
    [
        "https://codepen.io", "https://s.codepen.io", "https://cdpn.io", "https://jsfiddle.net", "https://fiddle.jshell.net",
        "https://corskit-probe.github.io", "https://corskit-probe.gitlab.io", "https://corskit-probe.bitbucket.io",
        "https://jsbin.com", "http://jsbin.com", "https://output.jsbin.com", "https://repl.it", "https://replit.com",
        "https://corskit-probe.repl.co", "https://codesandbox.io", "https://corskit-probe.csb.app", "https://stackblitz.com",
        "https://corskit-probe.netlify.app", "https://corskit-probe.vercel.app", "https://corskit-probe.pages.dev",
        "https://corskit-probe.glitch.me", "https://corskit-probe.herokuapp.com", "https://corskit-probe.web.app",
        "https://corskit-probe.firebaseapp.com", "https://corskit-probe.surge.sh", "http://www.webdevout.net",
    ];

    /// <summary>Development origins often left in allow-lists. Never findings; a second allowed value shows that the
    /// server chooses Access-Control-Allow-Origin per origin (<c>missing-vary-origin</c>).</summary>
    public static readonly IReadOnlyList<string> CommonListEntries =
    [
        "http://localhost", "http://localhost:3000", "http://localhost:4200", "http://localhost:5173", "http://localhost:8080",
        "http://127.0.0.1:3000",
    ];

    /// <summary>Candidate trusted origins when none is given: the target's own origin, its registrable domain, and
    /// common siblings.</summary>
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

            Add(ProbeKind.Prefix, $"{s}://{h}.{AttackerDomain}{port}", text);
            Add(ProbeKind.Prefix, $"{s}://{h}{AttackerDomain}{port}", text);
            Add(ProbeKind.Substring, $"{s}://corskit{h}.{AttackerDomain}{port}", text);
            if (h.Length > 3 && !isIp)
            {
                Add(ProbeKind.Substring, $"{s}://{h[..^1]}{port}", text);
            }

            if (registrable is not null)
            {
                if (registrable.Length > 3)
                {
                    Add(ProbeKind.Substring, $"{s}://{registrable[1..]}{port}", text);
                }

                Add(ProbeKind.Suffix, $"{s}://corskitevil{registrable}{port}", text);
                if (h != registrable)
                {
                    Add(ProbeKind.Suffix, $"{s}://corskitevil{h}{port}", text);
                    // No hyphen in the labels: patterns such as \w+ or [a-z]+ must match them.
                    Add(ProbeKind.ParentSibling, $"{s}://corskitsibling.{h[(h.IndexOf('.') + 1)..]}{port}", text);
                }

                // Common siblings: not findings when allowed, but a second allowed value shows that
                // Access-Control-Allow-Origin is chosen per origin (missing-vary-origin needs that).
                foreach (var sibling in new[] { registrable, "www." + registrable, "app." + registrable, "api." + registrable, "admin." + registrable })
                {
                    Add(ProbeKind.Sibling, $"{s}://{sibling}{port}", text);
                }

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

        foreach (var origin in ThirdPartyOrigins)
        {
            Add(ProbeKind.ThirdParty, origin, null);
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
