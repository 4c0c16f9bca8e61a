namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>How an origin pattern lets subdomains in, as users write it.</summary>
internal enum SubdomainWildcard
{
    /// <summary>No subdomain part: the pattern names the trusted host itself.</summary>
    None,

    /// <summary><c>([^/]+\.)?</c> before the registrable domain (the nginx answer in issue 9).</summary>
    OptionalGroup,

    /// <summary><c>.*\.</c> before the registrable domain (FastAPI/Flask-CORS documentation style).</summary>
    DotStar,

    /// <summary><c>\w+\.</c> before the registrable domain (django-cors-headers README style).</summary>
    Word,
}
