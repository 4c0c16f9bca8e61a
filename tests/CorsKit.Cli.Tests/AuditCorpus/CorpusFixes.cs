using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// The fix of each finding as a mechanical change of a configuration's parameters: what a user does after reading the
/// finding's fix text in FindingCatalog. A finding with no mechanical fix fails the test that meets it.
/// </summary>
internal static class CorpusFixes
{
    public static CorpusConfig Apply(CorpusConfig config, FindingKind kind)
    {
        if (kind == FindingCatalog.OriginReflected)
        {
            // "Compare the Origin header with an exact allow-list of origins".
            return config with { Origin = OriginMatcher.List(Corpus.Trusted) };
        }

        if (kind == FindingCatalog.NullOriginAllowed)
        {
            return WithList(config, o => o != "null");
        }

        if (kind == FindingCatalog.ThirdPartyOriginAllowed)
        {
            return WithList(config, o => o == "null" || IsOwn(o));
        }

        if (kind == FindingCatalog.InsecureOriginAllowed)
        {
            return config.Origin.Kind == MatcherKind.List
                ? WithList(config, o => !o.StartsWith("http://", StringComparison.Ordinal))
                : WithPattern(config, p => p with { SchemePinned = true });
        }

        if (kind == FindingCatalog.AnySubdomainAllowed)
        {
            return WithPattern(config, p => p with { Subdomains = SubdomainWildcard.None });
        }

        if (kind == FindingCatalog.SuffixMatch)
        {
            return WithPattern(config, p => p with { StartBounded = true });
        }

        if (kind == FindingCatalog.PrefixMatch || kind == FindingCatalog.SpecialCharBypass || kind == FindingCatalog.AnyPortAllowed)
        {
            // All three are closed by ending the match right after the host: "compare whole origins" (FindingCatalog).
            return WithPattern(config, p => p with { EndAnchored = true, PortIgnored = false, NonWordEnd = false });
        }

        if (kind == FindingCatalog.SubstringMatch)
        {
            return WithPattern(config, p => p with { EndAnchored = true, StartBounded = true, PortIgnored = false, NonWordEnd = false });
        }

        if (kind == FindingCatalog.UnescapedDot)
        {
            return WithPattern(config, p => p with { DotsEscaped = true });
        }

        if (kind == FindingCatalog.WildcardWithCredentials)
        {
            // "Either drop Access-Control-Allow-Credentials (public data) or answer with the exact allowed origin".
            return config with { Credentials = false };
        }

        if (kind == FindingCatalog.WildcardOrigin)
        {
            // "Nothing to fix if the resource is public": the corpus's wildcard resources are public.
            return config;
        }

        if (kind == FindingCatalog.MissingVaryOrigin)
        {
            return config with { AddVary = true };
        }

        if (kind == FindingCatalog.CorsMissingOnError)
        {
            return config with { ErrorsKeepCors = true };
        }

        if (kind == FindingCatalog.InvalidAcao)
        {
            // "Remove duplicate CORS layers": the app behind the proxy answers CORS, the proxy stops adding it.
            return config with { ProxyAddsCors = false };
        }

        if (kind == FindingCatalog.PreflightReflectsMethod)
        {
            return config with { AnyMethod = false };
        }

        if (kind == FindingCatalog.PreflightReflectsHeaders)
        {
            return config with { AnyHeader = false };
        }

        if (kind == FindingCatalog.MaxAgeOverBrowserCap)
        {
            return config with { MaxAgeOverCap = false };
        }

        throw new InvalidOperationException($"{config.Name}: the corpus has no mechanical fix for '{kind.Id}'.");
    }

    public static CorpusConfig ApplyAll(CorpusConfig config, IEnumerable<FindingKind> kinds)
        => kinds.Aggregate(config, Apply);

    private static bool IsOwn(string origin)
        => Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && (uri.Host == Corpus.Registrable || uri.Host.EndsWith("." + Corpus.Registrable, StringComparison.Ordinal));

    private static CorpusConfig WithList(CorpusConfig config, Func<string, bool> keep)
        => config.Origin.Kind == MatcherKind.List
            ? config with { Origin = OriginMatcher.List([.. config.Origin.Origins.Where(keep)]) }
            : throw new InvalidOperationException($"{config.Name}: an allow-list fix on a {config.Origin.Kind} matcher");

    private static CorpusConfig WithPattern(CorpusConfig config, Func<OriginPattern, OriginPattern> change)
        => config with { Origin = config.Origin with { Pattern = change(config.Origin.RequiredPattern) } };
}
