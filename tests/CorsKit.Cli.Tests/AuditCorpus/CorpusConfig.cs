using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// One corpus configuration: a stack, its parameters, and the findings its library's matching implies. Every parameter
/// is one thing a fix changes (<see cref="CorpusFixes"/>); the stack classes turn the parameters into the library's own
/// configuration.
/// </summary>
internal sealed record CorpusConfig
{
    /// <summary>Stable name, <c>stack/what</c>; the xunit case and the docs table use it.</summary>
    public required string Name { get; init; }

    public required CorpusStack Stack { get; init; }

    /// <summary>The configuration as its users write it (for the docs table and failure messages).</summary>
    public required string Written { get; init; }

    /// <summary>The library function whose matching the expectation is derived from.</summary>
    public required string Cites { get; init; }

    /// <summary>What the first audit must report, exactly.</summary>
    public required IReadOnlyList<FindingKind> Expected { get; init; }

    public required OriginMatcher Origin { get; init; }

    /// <summary>Access-Control-Allow-Credentials: true (the library's credentials switch).</summary>
    public bool Credentials { get; init; }

    /// <summary>The app itself adds Vary: Origin to every response (nginx add_header, a middleware, an after_request hook).</summary>
    public bool AddVary { get; init; }

    /// <summary>Error responses go through the CORS layer too (nginx 'always'; Express app.use(cors()) rather than cors()
    /// on the one route, README "Enable CORS for a Single Route"; a catch inside ASP.NET Core's CORS middleware;
    /// Starlette's CORSMiddleware outside ServerErrorMiddleware).</summary>
    public bool ErrorsKeepCors { get; init; } = true;

    /// <summary>nginx only: the app behind nginx answers CORS and nginx adds its own Access-Control-Allow-Origin too.</summary>
    public bool ProxyAddsCors { get; init; }

    /// <summary>nginx only: proxy to an Express app (configured with the same origins, credentials and fixed headers).</summary>
    public bool BehindProxy { get; init; }

    /// <summary>The preflight allows any requested method (ASP.NET Core AllowAnyMethod).</summary>
    public bool AnyMethod { get; init; }

    /// <summary>The preflight allows any requested header (ASP.NET Core AllowAnyHeader; the default of Express cors and
    /// Flask-CORS, which reflect Access-Control-Request-Headers).</summary>
    public bool AnyHeader { get; init; }

    /// <summary>Preflights are cached for longer than Chromium's 7200 s cap (django-cors-headers' default
    /// CORS_PREFLIGHT_MAX_AGE is 86400, corsheaders/conf.py).</summary>
    public bool MaxAgeOverCap { get; init; }

    /// <summary>Also audit /api/boom, an endpoint that throws.</summary>
    public bool AuditThrowingEndpoint { get; init; }

    public override string ToString() => Name;
}
