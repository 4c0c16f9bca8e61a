using System.Collections.Frozen;
using System.Reflection;

namespace CorsKit.Origins;

/// <summary>
/// The Public Suffix List (https://publicsuffix.org/list/), ICANN and private sections, as browsers use it for
/// "registrable domain" (URL §3.2) and same-site decisions. CorsKit ships a snapshot (Debian's <c>publicsuffix</c>
/// package, 2023-02-09) as an embedded resource; the list is MPL-2.0 data.
/// </summary>
public static class PublicSuffix
{
    private static readonly Lazy<Rules> List = new(Rules.Load);

    /// <summary>
    /// The registrable domain (eTLD+1) of <paramref name="host"/>, lowercase punycode: <c>www.example.co.uk</c> →
    /// <c>example.co.uk</c>. Null when the host is an IP address, is itself a public suffix (<c>co.uk</c>, <c>com</c>),
    /// or is not a valid domain.
    /// </summary>
    public static string? RegistrableDomain(string host) =>
        Split(host) is { } h && h.Labels.Length > h.SuffixLabels ? string.Join('.', h.Labels[^(h.SuffixLabels + 1)..]) : null;

    /// <summary>
    /// True when <paramref name="host"/> is a public suffix (<c>com</c>, <c>co.uk</c>, <c>github.io</c>); an unknown
    /// single label is a public suffix by the list's default rule <c>*</c>. False for IP addresses and invalid hosts.
    /// </summary>
    public static bool IsPublicSuffix(string host) => Split(host) is { IsSuffix: true };

    /// <summary>
    /// The public suffix of <paramref name="host"/> when it comes from the list's PRIVATE section (between
    /// <c>===BEGIN PRIVATE DOMAINS===</c> and <c>===END PRIVATE DOMAINS===</c>): suffixes that a company registered so
    /// that its customers' sites are separate sites, such as <c>github.io</c>, <c>vercel.app</c> or
    /// <c>s3.amazonaws.com</c>. Anyone with an account can publish a page under them. Null when the host's suffix is
    /// an ICANN one, or the host is not a valid domain.
    /// </summary>
    public static string? PrivateSectionSuffix(string host) =>
        Split(host) is { } h && string.Join('.', h.Labels[^h.SuffixLabels..]) is var suffix && List.Value.IsPrivate(suffix) ? suffix : null;

    /// <summary>True when <paramref name="suffix"/> is itself a rule of the list's private section (<c>github.io</c>),
    /// or is covered by a wildcard rule of it.</summary>
    public static bool IsPrivateSectionRule(string suffix) => Split(suffix) is { IsSuffix: true } h && List.Value.IsPrivate(h.Host);

    /// <summary>
    /// A public suffix at or below <paramref name="host"/>: the host itself (lowercase punycode) when it is a public
    /// suffix, else the list rule of one public suffix below it (<c>amazonaws.com</c> → <c>s3.amazonaws.com</c>,
    /// <c>kawasaki.jp</c> → <c>*.kawasaki.jp</c>: every name directly below is one), else null. Anyone can register a
    /// name under such a suffix, so a rule that trusts every subdomain of <paramref name="host"/> trusts strangers.
    /// Exception rules (<c>!city.kawasaki.jp</c>) are honoured: an exception is no suffix. Null for IP addresses and
    /// invalid hosts.
    /// </summary>
    public static string? SuffixAtOrBelow(string host) =>
        Split(host) is { } h ? h.IsSuffix ? h.Host : List.Value.SuffixBelow(h.Host) : null;

    /// <summary>True when the list has a rule of its own for <paramref name="host"/>'s top-level label (<c>com</c>,
    /// <c>uk</c>); false for a label only the default rule <c>*</c> covers (<c>localhost</c>, <c>test</c>), for IP
    /// addresses and invalid hosts. libsoup (WebKitGTK) finds no base domain below such a label
    /// (soup_tld_get_base_domain), which shows in its cookie policy.</summary>
    public static bool HasListedTopLevel(string host) => Split(host) is { } h && List.Value.Lists(h.Labels[^1]);

    /// <summary>A host normalised (<see cref="Normalize"/>), its labels and how many of them, counted from the right,
    /// form its public suffix; null when it is no domain. The one place every query above starts from.</summary>
    private static SplitHost? Split(string? host) =>
        Normalize(host) is { } normalized && normalized.Split('.') is var labels
            ? new SplitHost(normalized, labels, List.Value.SuffixLabelCount(labels))
            : null;

    private sealed record SplitHost(string Host, string[] Labels, int SuffixLabels)
    {
        public bool IsSuffix => SuffixLabels == Labels.Length;
    }

    private static string? Normalize(string? host)
    {
        if (string.IsNullOrEmpty(host) || host.StartsWith('['))
        {
            return null;
        }

        if (!UrlHost.TryParse(host, out var parsed, out _) || parsed.StartsWith('['))
        {
            return null;
        }

        // An IPv4 host was canonicalised to dotted decimal; it has no registrable domain.
        if (UrlHost.TryParseIPv4(parsed, out _) && char.IsAsciiDigit(parsed[^1]))
        {
            return null;
        }

        // A trailing dot (fully qualified) does not change the suffix; empty labels are not domains.
        parsed = parsed.TrimEnd('.');
        return parsed.Length == 0 || parsed.Contains("..", StringComparison.Ordinal) ? null : parsed;
    }

    private sealed class Rules
    {
        private readonly FrozenSet<string> _normal;
        private readonly FrozenSet<string> _wildcard; // stored without the leading "*."
        private readonly FrozenSet<string> _exception; // stored without the leading "!"
        private readonly FrozenSet<string> _private; // private-section normal rules and wildcard bases ("*." removed)
        private readonly FrozenDictionary<string, string> _below; // domain → a rule for a suffix strictly below it
        private readonly int _maxLabels; // the most labels any rule can match (a wildcard matches one more than it names)

        private Rules(FrozenSet<string> normal, FrozenSet<string> wildcard, FrozenSet<string> exception, FrozenSet<string> privateRules)
        {
            _normal = normal;
            _wildcard = wildcard;
            _exception = exception;
            _private = privateRules;
            _below = IndexBelow(normal, wildcard);
            _maxLabels = normal.Concat(exception).Select(LabelCount).Concat(wildcard.Select(static w => LabelCount(w) + 1)).DefaultIfEmpty(1).Max();
        }

        /// <summary>True when the public suffix <paramref name="suffix"/> was produced by a private-section rule: a
        /// normal rule, or a wildcard rule whose base is the suffix minus its first label.</summary>
        public bool IsPrivate(string suffix)
        {
            if (_private.Contains(suffix) && _normal.Contains(suffix))
            {
                return true;
            }

            var dot = suffix.IndexOf('.', StringComparison.Ordinal);
            return dot > 0 && _private.Contains(suffix[(dot + 1)..]) && _wildcard.Contains(suffix[(dot + 1)..]);
        }

        private static int LabelCount(string domain) => domain.Count(static c => c == '.') + 1;

        /// <summary>The list rule of one public suffix strictly below <paramref name="domain"/>, or null.</summary>
        public string? SuffixBelow(string domain) => _below.GetValueOrDefault(domain);

        /// <summary>
        /// Every domain with a public suffix strictly below it: the proper parents of each normal rule, and for a
        /// wildcard rule <c>*.w</c> (whose suffixes are the children of <c>w</c>) <c>w</c> and its parents. An exception
        /// rule only removes one name from its wildcard, whose other children still lie below. Each domain keeps the
        /// nearest rule (fewest labels, then shortest, then ordinal) so that messages name a close, stable example.
        /// </summary>
        private static FrozenDictionary<string, string> IndexBelow(FrozenSet<string> normal, FrozenSet<string> wildcard)
        {
            var best = new Dictionary<string, (int Labels, string Rule)>(StringComparer.Ordinal);
            foreach (var rule in normal)
            {
                Add(rule, rule, LabelCount(rule));
            }

            foreach (var w in wildcard)
            {
                var rule = "*." + w;
                var labels = LabelCount(w) + 1;
                Add(rule, rule, labels);
                best[w] = Better((labels, rule), best.GetValueOrDefault(w));
            }

            return best.ToFrozenDictionary(static kv => kv.Key, static kv => kv.Value.Rule, StringComparer.Ordinal);

            void Add(string domain, string rule, int labels)
            {
                for (var dot = domain.IndexOf('.'); dot >= 0; dot = domain.IndexOf('.', dot + 1))
                {
                    var parent = domain[(dot + 1)..];
                    best[parent] = Better((labels, rule), best.GetValueOrDefault(parent));
                }
            }

            static (int Labels, string Rule) Better((int Labels, string Rule) a, (int Labels, string Rule) b) =>
                b.Rule is null || a.Labels < b.Labels || (a.Labels == b.Labels && (a.Rule.Length < b.Rule.Length
                    || (a.Rule.Length == b.Rule.Length && string.CompareOrdinal(a.Rule, b.Rule) < 0))) ? a : b;
        }

        public static Rules Load()
        {
            var normal = new HashSet<string>(StringComparer.Ordinal);
            var wildcard = new HashSet<string>(StringComparer.Ordinal);
            var exception = new HashSet<string>(StringComparer.Ordinal);
            var privateRules = new HashSet<string>(StringComparer.Ordinal);
            var inPrivate = false;
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("CorsKit.public_suffix_list.dat")
                ?? throw new InvalidOperationException("The embedded Public Suffix List is missing from CorsKit.dll.");
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                // The list format: one rule per line, up to the first whitespace; "//" comments.
                var rule = line.Trim();
                var space = rule.IndexOfAny([' ', '\t']);
                if (space >= 0)
                {
                    rule = rule[..space];
                }

                if (rule.Length == 0 || rule.StartsWith("//", StringComparison.Ordinal))
                {
                    // The list's section markers are comments: "// ===BEGIN PRIVATE DOMAINS===" … "===END PRIVATE DOMAINS===".
                    if (line.Contains("===BEGIN PRIVATE DOMAINS===", StringComparison.Ordinal))
                    {
                        inPrivate = true;
                    }
                    else if (line.Contains("===END PRIVATE DOMAINS===", StringComparison.Ordinal))
                    {
                        inPrivate = false;
                    }

                    continue;
                }

                var target = normal;
                if (rule.StartsWith("!", StringComparison.Ordinal))
                {
                    target = exception;
                    rule = rule[1..];
                }
                else if (rule.StartsWith("*.", StringComparison.Ordinal))
                {
                    target = wildcard;
                    rule = rule[2..];
                }

                if (UrlHost.TryDomainToAscii(rule, out var ascii, out _))
                {
                    target.Add(ascii);
                    if (inPrivate && !ReferenceEquals(target, exception))
                    {
                        privateRules.Add(ascii);
                    }
                }
            }

            return new Rules(normal.ToFrozenSet(StringComparer.Ordinal), wildcard.ToFrozenSet(StringComparer.Ordinal),
                exception.ToFrozenSet(StringComparer.Ordinal), privateRules.ToFrozenSet(StringComparer.Ordinal));
        }

        /// <summary>True when some rule names <paramref name="label"/> itself or a wildcard below it.</summary>
        public bool Lists(string label) => _normal.Contains(label) || _wildcard.Contains(label);

        /// <summary>The number of labels in the public suffix of <paramref name="labels"/> (the PSL algorithm:
        /// exception rules win, else the longest matching rule, else the default rule "*"). Only suffixes of up to
        /// <see cref="_maxLabels"/> labels can match a rule, so no longer one is built: the work stays linear in the
        /// host's length however many labels it has.</summary>
        public int SuffixLabelCount(string[] labels)
        {
            var best = 1;
            for (var count = 1; count <= Math.Min(labels.Length, _maxLabels); count++)
            {
                var candidate = string.Join('.', labels[^count..]);
                if (_exception.Contains(candidate))
                {
                    return count - 1;
                }

                if (_normal.Contains(candidate))
                {
                    best = count;
                }

                if (count < labels.Length && _wildcard.Contains(candidate))
                {
                    best = count + 1;
                }
            }

            return best;
        }
    }
}
