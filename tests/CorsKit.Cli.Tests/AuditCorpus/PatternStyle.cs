namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>The form in which a configuration states its origin pattern.</summary>
internal enum PatternStyle
{
    /// <summary>A regular expression handed to the library.</summary>
    Regex,

    /// <summary>Code: string operations (startsWith/endsWith/includes/===) in a callback, or a regex test when the
    /// parts cannot be said with string operations.</summary>
    Predicate,

    /// <summary>The library's own one-star wildcard (rs/cors <c>https://*.acme.io</c>, ASP.NET Core wildcard subdomains).</summary>
    Glob,
}
