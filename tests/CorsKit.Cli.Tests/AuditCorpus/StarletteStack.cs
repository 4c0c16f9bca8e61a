namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>Starlette CORSMiddleware under uvicorn (apps/python/starlette_app.py). Matching:
/// starlette/middleware/cors.py CORSMiddleware.is_allowed_origin ('*', allow_origin_regex.fullmatch, list membership).</summary>
internal static class StarletteStack
{
    public static Task<CorpusServer> StartAsync(CorpusConfig config)
    {
        var origin = config.Origin;
        var spec = new
        {
            origins = origin.Kind switch
            {
                MatcherKind.List => origin.Origins,
                MatcherKind.Wildcard => ["*"],
                MatcherKind.Pattern or MatcherKind.Reflect => [],
                _ => throw new InvalidOperationException($"Starlette has no {origin.Kind} origin"),
            },
            regex = origin.Kind switch
            {
                MatcherKind.Pattern when origin.Style == PatternStyle.Regex => origin.RequiredPattern.ToRegex(RegexSemantics.FullMatch),
                MatcherKind.Reflect => ".*",
                MatcherKind.Pattern => throw new InvalidOperationException("Starlette takes only a regex pattern"),
                _ => null,
            },
            credentials = config.Credentials,
            corsOutermost = config.ErrorsKeepCors,
            addVary = config.AddVary,
        };
        return PythonApp.StartAsync("starlette_app.py", spec, "python3-starlette and python3-uvicorn");
    }
}
