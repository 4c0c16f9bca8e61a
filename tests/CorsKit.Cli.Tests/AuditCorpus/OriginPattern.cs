namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// An origin pattern as independent parts, so that each audit fix is one mechanical change of one part (issue 9, fix
/// closure). The parts describe what the matcher accepts, whatever the library's regex semantics; the render methods
/// write it the way that library's users write it. The pattern names the trusted host (<see cref="Corpus.Host"/>), or
/// its registrable domain (<see cref="Corpus.Registrable"/>) when it has a subdomain wildcard.
/// </summary>
/// <param name="SchemePinned">The pattern requires <c>https://</c> (else <c>https?://</c>, or no scheme at all).</param>
/// <param name="Subdomains">How subdomains are let in.</param>
/// <param name="DotsEscaped">Every dot of the host is a literal dot.</param>
/// <param name="EndAnchored">Nothing may follow the host.</param>
/// <param name="StartBounded">The host starts right after the scheme or at a dot (else anything may precede it).</param>
/// <param name="PortIgnored">Any port may follow the host (<c>(:[0-9]+)?</c>, or a callback comparing host names only).</param>
/// <param name="NonWordEnd">The host is followed by an optional "non-host character, then anything" group
/// (<c>([^.\-a-z0-9].*)?</c>) instead of the end: the special-character mistake.</param>
internal sealed record OriginPattern(bool SchemePinned, SubdomainWildcard Subdomains, bool DotsEscaped, bool EndAnchored, bool StartBounded,
    bool PortIgnored = false, bool NonWordEnd = false)
{
    private string HostPart()
    {
        var host = Subdomains == SubdomainWildcard.None ? Corpus.Host : Corpus.Registrable;
        return DotsEscaped ? host.Replace(".", @"\.", StringComparison.Ordinal) : host;
    }

    /// <summary>The regular expression for a library with the given semantics.</summary>
    public string ToRegex(RegexSemantics semantics)
    {
        string head;
        if (StartBounded)
        {
            var anchor = semantics == RegexSemantics.FullMatch ? "" : "^";
            var sub = Subdomains switch
            {
                SubdomainWildcard.OptionalGroup => @"([^/]+\.)?",
                SubdomainWildcard.DotStar => @".*\.",
                SubdomainWildcard.Word => @"\w+\.",
                _ => "",
            };
            head = anchor + (SchemePinned ? "https://" : "https?://") + sub;
        }
        else
        {
            // Unbounded start: anything may come before the host. A search needs nothing for that; re.match and
            // fullmatch need a leading '.*'.
            head = SchemePinned ? "https://.*" : semantics == RegexSemantics.Search ? "" : ".*";
        }

        var tail = EndAnchored
            ? semantics == RegexSemantics.FullMatch ? "" : "$"
            : semantics == RegexSemantics.FullMatch ? ".*" : "";
        var port = PortIgnored ? "(:[0-9]+)?" : "";
        var nonWord = NonWordEnd ? @"([^.\-a-z0-9].*)?" : "";
        return head + HostPart() + port + nonWord + tail;
    }

    /// <summary>The callback's string operations, or one regex test when string operations cannot say it.</summary>
    public IReadOnlyList<OriginTest> ToPredicate()
    {
        var scheme = SchemePinned ? new List<OriginTest> { new("startsWith", "https://") } : [];
        if (DotsEscaped && !PortIgnored && !NonWordEnd)
        {
            if (StartBounded && Subdomains == SubdomainWildcard.None && SchemePinned)
            {
                return [new(EndAnchored ? "equals" : "startsWith", "https://" + Corpus.Host)];
            }

            if (!StartBounded && Subdomains != SubdomainWildcard.None)
            {
                return [.. scheme, new(EndAnchored ? "endsWith" : "includes", Corpus.Registrable)];
            }

            if (StartBounded && EndAnchored && Subdomains != SubdomainWildcard.None)
            {
                return [.. scheme, new("endsWith", "." + Corpus.Registrable)];
            }
        }

        return [new("regex", ToRegex(RegexSemantics.Search))];
    }

    /// <summary>A one-star wildcard (rs/cors utils.go wildcard: prefix and suffix around a single '*').</summary>
    public string ToGlob()
    {
        if (!DotsEscaped || PortIgnored || NonWordEnd)
        {
            throw new InvalidOperationException("a wildcard origin has no unescaped dots, port or character-class part");
        }

        var host = Subdomains == SubdomainWildcard.None ? Corpus.Host : Corpus.Registrable;
        var head = StartBounded
            ? (SchemePinned ? "https://" : "") + (Subdomains == SubdomainWildcard.None ? "" : "*.")
            : SchemePinned ? "https://*" : "*";
        if (StartBounded && !SchemePinned && Subdomains == SubdomainWildcard.None)
        {
            throw new InvalidOperationException("a wildcard origin cannot leave the scheme open without a star");
        }

        var glob = head + host + (EndAnchored ? "" : "*");
        return glob.Count(c => c == '*') <= 1 ? glob : throw new InvalidOperationException($"'{glob}' needs more than the one '*' rs/cors supports");
    }
}
