namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>Express 5 + npm cors (apps/express/server.js); the origin option is handed to cors() unchanged, so
/// node_modules/cors/lib/index.js isOriginAllowed() does the matching.</summary>
internal static class ExpressStack
{
    public static string Directory => Path.Combine(CorpusPaths.Apps, "express");

    public static Task<CorpusServer> StartAsync(CorpusConfig config) => CorpusPaths.InWorkDirectoryAsync(async work =>
    {
        var port = CorpusPaths.FreePort();
        var process = await StartProcessAsync(config, work, port);
        return new CorpusServer(new Uri($"http://127.0.0.1:{port}"), [process], work);
    });

    /// <summary>Starts the app alone (also as the app behind nginx).</summary>
    public static Task<CorpusProcess> StartProcessAsync(CorpusConfig config, string work, int port)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "cors")) || !System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "express")))
        {
            throw new InvalidOperationException($"Express and cors are not installed: run 'npm ci' in {Directory} (test.sh does).");
        }

        var spec = CorpusSpec.Write(work, new
        {
            origin = Origin(config.Origin),
            credentials = config.Credentials,
            // Without allowedHeaders cors reflects Access-Control-Request-Headers (configureAllowedHeaders).
            allowedHeaders = config.AnyHeader ? null : new[] { "Content-Type" },
            perRoute = !config.ErrorsKeepCors,
            addVary = config.AddVary,
        });
        return CorpusProcess.StartAsync("node", [Path.Combine(Directory, "server.js"), spec, port.ToString(System.Globalization.CultureInfo.InvariantCulture)], port,
            "install Node.js (Debian nodejs) to run the Express corpus", Directory, new Dictionary<string, string> { ["NODE_ENV"] = "production" });
    }

    private static object Origin(OriginMatcher matcher) => matcher.Kind switch
    {
        MatcherKind.Default => new { kind = "default" },
        MatcherKind.Reflect => new { kind = "reflect" },
        MatcherKind.Wildcard => new { kind = "wildcard" },
        MatcherKind.Fixed => new { kind = "fixed", value = matcher.Origins[0] },
        MatcherKind.List => new { kind = "list", origins = matcher.Origins },
        MatcherKind.Pattern when matcher.Style == PatternStyle.Regex => new { kind = "regex", source = matcher.RequiredPattern.ToRegex(RegexSemantics.Search) },
        MatcherKind.Pattern when matcher.Style == PatternStyle.Predicate => new { kind = "predicate", tests = matcher.RequiredPattern.ToPredicate() },
        _ => throw new InvalidOperationException($"Express has no {matcher.Kind}/{matcher.Style} origin option"),
    };
}
