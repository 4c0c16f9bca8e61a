namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>What kind of origin check a configuration has.</summary>
internal enum MatcherKind
{
    /// <summary>The library's default with no origin option (Express cors(): '*'; Flask-CORS CORS(app): '.*').</summary>
    Default,

    /// <summary>Every origin is allowed and echoed (Express origin: true, SetIsOriginAllowed(_ => true), nginx $http_origin).</summary>
    Reflect,

    /// <summary>The literal '*'.</summary>
    Wildcard,

    /// <summary>One fixed Access-Control-Allow-Origin value whatever the request (Express origin: 'https://…').</summary>
    Fixed,

    /// <summary>An exact allow-list compared by the library.</summary>
    List,

    /// <summary>A pattern built from <see cref="OriginPattern"/> parts.</summary>
    Pattern,
}
