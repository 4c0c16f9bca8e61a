namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>Flask-CORS (apps/python/flask_app.py). Matching: flask_cors/core.py get_cors_origins -> try_match_pattern
/// (re.match with IGNORECASE for strings that look like regexes, else case-insensitive equality); the default origins
/// '*' becomes '.*' (re_fix) and, with send_wildcard False by default, the request's origin is echoed.</summary>
internal static class FlaskCorsStack
{
    public static Task<CorpusServer> StartAsync(CorpusConfig config)
    {
        var origin = config.Origin;
        if (!config.ErrorsKeepCors)
        {
            throw new InvalidOperationException("Flask-CORS adds its headers to error responses (intercept_exceptions)");
        }

        var spec = new
        {
            origins = origin.Kind switch
            {
                MatcherKind.Default => null,
                MatcherKind.List => origin.Origins,
                MatcherKind.Pattern when origin.Style == PatternStyle.Regex => [origin.RequiredPattern.ToRegex(RegexSemantics.MatchAtStart)],
                _ => throw new InvalidOperationException($"Flask-CORS corpus has no {origin.Kind} origin"),
            },
            credentials = config.Credentials,
            // The default allow_headers '*' echoes the requested headers that match it (get_allow_headers).
            allowHeaders = config.AnyHeader ? null : new[] { "Content-Type" },
            addVary = config.AddVary,
        };
        return PythonApp.StartAsync("flask_app.py", spec, "python3-flask-cors");
    }
}
