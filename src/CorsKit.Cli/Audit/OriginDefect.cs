namespace CorsKit.Cli.Audit;

/// <summary>
/// One independent defect of an origin matcher, relative to one trusted origin T = scheme://h[:port] with registrable
/// domain R. Each is a relaxation of the exact comparison with its own fix (docs/audit.md "Folding rules"); several
/// can be present at once and <see cref="MatcherModel"/> composes them. A finding id may cover more than one defect
/// (any-subdomain-allowed covers subdomains of h and of R).
/// </summary>
[Flags]
internal enum OriginDefect
{
    None = 0,

    /// <summary>Accepts the opaque origin <c>null</c>.</summary>
    NullOrigin = 1 << 0,

    /// <summary>The scheme is not pinned: http://h passes when T is https://h.</summary>
    InsecureScheme = 1 << 1,

    /// <summary>Any label sequence followed by a dot before h passes (a wildcard label, <c>(.+\.)?app\.acme\.io</c>).</summary>
    AnySubdomainOfHost = 1 << 2,

    /// <summary>Any label sequence followed by a dot before R passes (<c>*.acme.io</c> with T = app.acme.io).</summary>
    AnySubdomainOfDomain = 1 << 3,

    /// <summary>The start is not bounded by a dot: anything not ending in '.' may precede h (endsWith(h)).</summary>
    SuffixOfHost = 1 << 4,

    /// <summary>The start is not bounded by a dot: anything not ending in '.' may precede R (<c>/acme\.io$/</c>).</summary>
    SuffixOfDomain = 1 << 5,

    /// <summary>The end is not anchored: T's scheme and host followed by anything pass (<c>^https://app\.acme\.io</c>).</summary>
    UnanchoredEnd = 1 << 6,

    /// <summary>A '.' of the host pattern matches any character.</summary>
    UnescapedDot = 1 << 7,

    /// <summary>The end is bounded by a "not a host character" test that lets <see cref="ProbePlanner.SpecialChars"/>
    /// through, followed by anything.</summary>
    SpecialCharEnd = 1 << 8,

    /// <summary>The port is ignored.</summary>
    AnyPort = 1 << 9,

    /// <summary>The request origin is a substring of T (<c>"https://app.acme.io".includes(origin)</c>).</summary>
    ContainedInTrusted = 1 << 10,

    /// <summary>An origin under a Public Suffix List private-section suffix (github.io, vercel.app, …) passes.</summary>
    ThirdPartyHosting = 1 << 11,

    All = (1 << 12) - 1,
}
