namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>The server stacks of the audit corpus (issue 9), each started as a real server on 127.0.0.1.</summary>
internal enum CorpusStack
{
    /// <summary>Debian nginx, its own prefix and configuration in a temporary directory, not a daemon.</summary>
    Nginx,

    /// <summary>Express 5 with the npm <c>cors</c> package (apps/express, installed by <c>npm ci</c>).</summary>
    Express,

    /// <summary>ASP.NET Core with Microsoft.AspNetCore.Cors on Kestrel (in process, loopback).</summary>
    AspNetCore,

    /// <summary>Starlette's CORSMiddleware (python3-starlette) served by uvicorn (python3-uvicorn).</summary>
    Starlette,

    /// <summary>Flask-CORS (python3-flask-cors) on werkzeug's server.</summary>
    FlaskCors,

    /// <summary>django-cors-headers (python3-django-cors-headers) on a threaded wsgiref server.</summary>
    DjangoCorsHeaders,

    /// <summary>Go net/http with github.com/rs/cors (golang-github-rs-cors-dev), built offline with GO111MODULE=off.</summary>
    GoRsCors,
}
