namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>How a library applies an origin regular expression; decides which anchors users must write.</summary>
internal enum RegexSemantics
{
    /// <summary>Unanchored search: JavaScript RegExp.test, PCRE in nginx <c>~*</c>, .NET Regex.IsMatch, Go MatchString.</summary>
    Search,

    /// <summary>Python <c>re.match</c>: anchored at the start only (Flask-CORS, django-cors-headers).</summary>
    MatchAtStart,

    /// <summary>Python <c>re.fullmatch</c>: anchored at both ends (Starlette CORSMiddleware.is_allowed_origin).</summary>
    FullMatch,
}
