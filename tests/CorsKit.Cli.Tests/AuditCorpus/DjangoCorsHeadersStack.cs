namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>django-cors-headers (apps/python/django_app.py). Matching: corsheaders/middleware.py
/// CorsMiddleware.origin_found_in_white_lists ("null" listed, scheme+netloc equality, re.match of
/// CORS_ALLOWED_ORIGIN_REGEXES); process_response echoes the origin unless CORS_ALLOW_ALL_ORIGINS without credentials.</summary>
internal static class DjangoCorsHeadersStack
{
    public static Task<CorpusServer> StartAsync(CorpusConfig config)
    {
        var origin = config.Origin;
        var spec = new
        {
            origins = origin.Kind == MatcherKind.List ? origin.Origins : [],
            regexes = origin.Kind == MatcherKind.Pattern && origin.Style == PatternStyle.Regex ? [origin.RequiredPattern.ToRegex(RegexSemantics.MatchAtStart)] : Array.Empty<string>(),
            allowAll = origin.Kind switch
            {
                MatcherKind.Wildcard or MatcherKind.Reflect => true,
                MatcherKind.List or MatcherKind.Pattern => false,
                _ => throw new InvalidOperationException($"django-cors-headers has no {origin.Kind} origin"),
            },
            credentials = config.Credentials,
            maxAge = config.MaxAgeOverCap ? 86400 : 7200,
        };
        return PythonApp.StartAsync("django_app.py", spec, "python3-django-cors-headers");
    }
}
