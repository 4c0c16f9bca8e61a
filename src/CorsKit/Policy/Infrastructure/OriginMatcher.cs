using System.Buffers;
using System.Collections.Frozen;
using CorsKit.Origins;

namespace CorsKit.Policy.Infrastructure;

/// <summary>
/// Decides whether a request's <c>Origin</c> is allowed, in time proportional to the length of the origin whatever the
/// number of allowed origins, without allocating: exact origins are in a frozen hash set (compared byte for byte, as
/// browsers compare <c>Access-Control-Allow-Origin</c>: Fetch §4.10 "CORS check" step 4); patterns are in a trie keyed
/// on the host's labels read right to left, whose nodes carry the (scheme, port) rules of the patterns ending there.
/// Whatever is allowed is an origin's ASCII serialization (HTML §7.1.1), because the caller echoes it in
/// <c>Access-Control-Allow-Origin</c>: exact entries are canonical by construction; a pattern match is accepted only
/// when the labels it matched in place of <c>*</c> and the port are written as a browser writes them.
/// </summary>
internal sealed class OriginMatcher
{
    private readonly FrozenSet<string> _exact;
    private readonly TrieNode? _root;

    public OriginMatcher(IEnumerable<OriginPattern> patterns)
    {
        var exact = new HashSet<string>(StringComparer.Ordinal);
        TrieBuilder? root = null;
        foreach (var p in patterns)
        {
            if (p.IsExact)
            {
                exact.Add(p.Text);
                continue;
            }
            root ??= new TrieBuilder();
            var node = root;
            foreach (var label in Labels(p.Host))
            {
                node = node.Child(label);
            }
            (p.Subdomains ? node.Subdomains : node.Host).Add(new PortRule(p.Scheme, p.PortMatch, p.Port, Origin.DefaultPort(p.Scheme) ?? -1));
        }
        _exact = exact.ToFrozenSet(StringComparer.Ordinal);
        _root = root?.Freeze();
        PatternCount = patterns.Count(p => !p.IsExact);
    }

    /// <summary>Number of non-exact patterns in the trie.</summary>
    public int PatternCount { get; }

    /// <summary>True when <paramref name="origin"/> (an <c>Origin</c> header value) is allowed.</summary>
    public bool IsAllowed(string origin)
    {
        if (origin.Length > CorsLimits.MaxOriginLength)
        {
            return false;
        }
        if (_exact.Contains(origin))
        {
            return true;
        }
        return _root is not null && MatchPattern(origin.AsSpan(), out var plainLabels)
            && (plainLabels || Origin.TryParseSerialized(origin, out _));
    }

    /// <summary>
    /// Matches <paramref name="origin"/> against the patterns. <paramref name="plainLabels"/> is false when the labels
    /// that stand for <c>*</c> hold anything but lowercase ASCII letters, digits, '-' and '_': such labels are
    /// canonical as they are, and anything else is decided by the model's URL parser, the one definition of a
    /// serialised origin (<see cref="Origin.TryParseSerialized"/>). Browsers send punycode, so that path is rare.
    /// </summary>
    private bool MatchPattern(ReadOnlySpan<char> origin, out bool plainLabels)
    {
        plainLabels = true;
        // Split the serialized origin "scheme://host[:port]" (HTML §7.1.1); anything else is not a tuple origin.
        var sep = origin.IndexOf("://", StringComparison.Ordinal);
        if (sep <= 0)
        {
            return false;
        }
        var scheme = origin[..sep];
        var hostPort = origin[(sep + 3)..];
        ReadOnlySpan<char> host;
        int port = 0; // 0 = no port written (the scheme's default)
        int colon;
        if (hostPort.Length > 0 && hostPort[0] == '[')
        {
            var close = hostPort.IndexOf(']');
            if (close < 0)
            {
                return false;
            }
            colon = close + 1 < hostPort.Length ? close + 1 : -1;
            if (colon >= 0 && hostPort[colon] != ':')
            {
                return false;
            }
        }
        else
        {
            colon = hostPort.IndexOf(':');
        }
        if (colon >= 0)
        {
            if (!TryParsePort(hostPort[(colon + 1)..], out port))
            {
                return false;
            }
            host = hostPort[..colon];
        }
        else
        {
            host = hostPort;
        }
        if (host.IsEmpty)
        {
            return false;
        }

        // Walk the trie from the rightmost label. After consuming a label, a subdomain rule applies when at least one
        // whole label remains on the left (the apex is never matched); a host rule applies when nothing remains.
        var node = _root!;
        var remaining = host;
        while (true)
        {
            ReadOnlySpan<char> label;
            if (remaining[0] == '[')
            {
                label = remaining;
                remaining = default;
            }
            else
            {
                var dot = remaining.LastIndexOf('.');
                label = remaining[(dot + 1)..];
                remaining = dot < 0 ? default : remaining[..dot];
                if (label.IsEmpty || (dot >= 0 && remaining.IsEmpty))
                {
                    return false; // empty label: not a host a browser serializes
                }
            }
            if (!node.TryGetChild(label, out node))
            {
                return false;
            }
            if (remaining.IsEmpty)
            {
                return Matches(node.Host, scheme, port);
            }
            if (node.Subdomains.Length != 0 && Matches(node.Subdomains, scheme, port) && HasNoEmptyLabel(remaining))
            {
                plainLabels = ArePlainLabels(remaining);
                return true;
            }
        }
    }

    /// <summary>Only lowercase ASCII letters, digits, '-', '_' and '.': none is a forbidden domain code point (URL
    /// §3.5), UTS #46 maps none of them, and Chromium serialises each as itself (<c>https://a_b.com</c>, and
    /// <c>xn--</c> labels are kept as written: tests/CorsKit.Tests/Origins/OriginChromiumVectorsTests.cs).</summary>
    private static bool ArePlainLabels(ReadOnlySpan<char> labels) => !labels.ContainsAnyExcept(PlainLabelChars);

    private static readonly SearchValues<char> PlainLabelChars = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789-_.");

    private static bool HasNoEmptyLabel(ReadOnlySpan<char> labels) =>
        labels[0] != '.' && labels[^1] != '.' && !labels.Contains("..", StringComparison.Ordinal);

    private static bool Matches(PortRule[] rules, ReadOnlySpan<char> scheme, int port)
    {
        foreach (var rule in rules)
        {
            // A port wildcard still never matches the scheme's default port written out: the URL parser elides it
            // (URL §4.4 port state), so no browser sends "https://host:443".
            if (scheme.SequenceEqual(rule.Scheme)
                && (rule.Match == PortMatch.Any ? port != rule.DefaultPort : rule.Match == PortMatch.Default ? port == 0 : port == rule.Port))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Parses a serialized port: 1 to 5 digits, no leading zero, 1..65535.</summary>
    private static bool TryParsePort(ReadOnlySpan<char> digits, out int port)
    {
        port = 0;
        if (digits.IsEmpty || digits.Length > 5 || digits[0] == '0')
        {
            return false;
        }
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
            port = (port * 10) + (c - '0');
        }
        return port <= 65535;
    }

    /// <summary>A host's labels from right to left; a bracketed IPv6 address is one label.</summary>
    private static IEnumerable<string> Labels(string host) =>
        host.StartsWith('[') ? [host] : host.Split('.').Reverse();

    private readonly record struct PortRule(string Scheme, PortMatch Match, int Port, int DefaultPort);

    private sealed class TrieNode
    {
        private readonly FrozenDictionary<string, TrieNode> _children;
        private readonly FrozenDictionary<string, TrieNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public TrieNode(FrozenDictionary<string, TrieNode> children, PortRule[] host, PortRule[] subdomains)
        {
            _children = children;
            _lookup = children.GetAlternateLookup<ReadOnlySpan<char>>();
            Host = host;
            Subdomains = subdomains;
        }

        public PortRule[] Host { get; }

        public PortRule[] Subdomains { get; }

        public bool TryGetChild(ReadOnlySpan<char> label, out TrieNode child)
        {
            if (_children.Count == 0)
            {
                child = this;
                return false;
            }
            return _lookup.TryGetValue(label, out child!);
        }
    }

    private sealed class TrieBuilder
    {
        private readonly Dictionary<string, TrieBuilder> _children = new(StringComparer.Ordinal);

        public HashSet<PortRule> Host { get; } = [];

        public HashSet<PortRule> Subdomains { get; } = [];

        public TrieBuilder Child(string label)
        {
            if (!_children.TryGetValue(label, out var child))
            {
                child = new TrieBuilder();
                _children.Add(label, child);
            }
            return child;
        }

        public TrieNode Freeze() => new(
            _children.ToFrozenDictionary(kv => kv.Key, kv => kv.Value.Freeze(), StringComparer.Ordinal),
            [.. Host],
            [.. Subdomains]);
    }
}
