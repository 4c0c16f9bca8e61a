using CorsKit.Cli.Audit;
using static CorsKit.Cli.Audit.FindingCatalog;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// The audit corpus of issue 9: configurations of seven stacks as their documentation, popular answers and classic
/// mistakes write them, each with the findings that follow from how its library matches origins. The expectations
/// are derived from the cited library source and audit-contract.md, never from the audit's output.
/// The trusted origin is <see cref="Trusted"/>; its registrable domain (PSL: "io" is a public suffix) is
/// <see cref="Registrable"/>.
/// </summary>
internal static class Corpus
{
    public const string Trusted = "https://app.acme.io";
    public const string Host = "app.acme.io";
    public const string Registrable = "acme.io";
    public const string Admin = "https://admin.acme.io";

    // Pattern parts: scheme pinned, subdomain wildcard, dots escaped, end anchored, start bounded.
    private static OriginPattern P(bool pinned, SubdomainWildcard sub, bool dots, bool end, bool start) => new(pinned, sub, dots, end, start);

    private const SubdomainWildcard NoSub = SubdomainWildcard.None;
    private const SubdomainWildcard Group = SubdomainWildcard.OptionalGroup;
    private const SubdomainWildcard DotStar = SubdomainWildcard.DotStar;

    public static IReadOnlyList<CorpusConfig> All { get; } =
    [
        // ---------------- nginx: map + add_header (ngx_http_map_module: strings case-insensitive, "~*" a PCRE search;
        // ngx_http_headers_module add_header: 2xx/3xx only without "always", nothing when the value is empty).
        new()
        {
            Name = "nginx/exact-map", Stack = CorpusStack.Nginx, Origin = OriginMatcher.List(Trusted), Credentials = true, AddVary = true,
            Written = "map $http_origin $cors_origin { \"https://app.acme.io\" $http_origin; } add_header ACAO $cors_origin always; ACAC true always; Vary Origin always",
            Cites = "ngx_http_map_module (exact string), ngx_http_headers_module add_header always",
            Expected = [],
        },
        new()
        {
            Name = "nginx/reflect-http-origin", Stack = CorpusStack.Nginx, Origin = OriginMatcher.Reflect, Credentials = true,
            Written = "add_header Access-Control-Allow-Origin $http_origin always; add_header Access-Control-Allow-Credentials true always;",
            Cites = "ngx_http_headers_module add_header (value $http_origin echoed; no Vary unless added)",
            Expected = [OriginReflected, MissingVaryOrigin],
        },
        new()
        {
            Name = "nginx/issue-regex", Stack = CorpusStack.Nginx, Origin = OriginMatcher.Of(P(false, Group, false, false, true), PatternStyle.Regex), Credentials = true, AddVary = true,
            Written = "map: ~*^https?://([^/]+\\.)?acme.io $http_origin; (credentials, Vary, always)",
            Cites = "ngx_http_map_module ~* (PCRE search, unanchored end); issue 9 item 1",
            // https? -> http twin; ([^/]+\.)? -> any subdomain; "acme.io" dot is any char; no $ -> app.acme.io.evil.net.
            Expected = [InsecureOriginAllowed, AnySubdomainAllowed, UnescapedDot, PrefixMatch],
        },
        new()
        {
            Name = "nginx/wildcard-credentials", Stack = CorpusStack.Nginx, Origin = OriginMatcher.Wildcard, Credentials = true,
            Written = "add_header Access-Control-Allow-Origin * always; add_header Access-Control-Allow-Credentials true always;",
            Cites = "ngx_http_headers_module add_header (static values)",
            Expected = [WildcardWithCredentials, WildcardOrigin],
        },
        new()
        {
            Name = "nginx/exact-map-without-always", Stack = CorpusStack.Nginx, Origin = OriginMatcher.List(Trusted), Credentials = true, AddVary = true, ErrorsKeepCors = false,
            Written = "the exact map, add_header ... without 'always'",
            Cites = "ngx_http_headers_module add_header: only 200/201/204/206/301/302/303/304/307/308 without always (404/405 lose it)",
            Expected = [CorsMissingOnError],
        },
        new()
        {
            Name = "nginx/exact-map-without-vary", Stack = CorpusStack.Nginx, Origin = OriginMatcher.List(Trusted), Credentials = true,
            Written = "the exact map with always, no add_header Vary",
            Cites = "ngx_http_map_module (ACAO present for one origin, absent for others); issue 9 item 3",
            Expected = [MissingVaryOrigin],
        },
        new()
        {
            Name = "nginx/null-in-map", Stack = CorpusStack.Nginx, Origin = OriginMatcher.List(Trusted, "null"), Credentials = true, AddVary = true,
            Written = "map: \"https://app.acme.io\" and \"null\" -> $http_origin",
            Cites = "ngx_http_map_module exact string \"null\"",
            Expected = [NullOriginAllowed],
        },
        new()
        {
            Name = "nginx/suffix-regex", Stack = CorpusStack.Nginx, Origin = OriginMatcher.Of(P(false, Group, true, true, false), PatternStyle.Regex), Credentials = true, AddVary = true,
            Written = "map: ~*acme\\.io$ $http_origin;",
            Cites = "ngx_http_map_module ~* (PCRE search: no ^, no scheme)",
            // Anything ending in acme.io: evilacme.io (suffix), x.acme.io (subdomain), http:// (scheme).
            Expected = [SuffixMatch, AnySubdomainAllowed, InsecureOriginAllowed],
        },
        new()
        {
            Name = "nginx/special-char-end", Stack = CorpusStack.Nginx, Origin = OriginMatcher.Of(P(true, NoSub, true, true, true) with { NonWordEnd = true }, PatternStyle.Regex),
            Credentials = true, AddVary = true,
            Written = "map: ~*^https://app\\.acme\\.io([^.\\-a-z0-9].*)?$ $http_origin; (\"the host, then a non-host character\")",
            Cites = "ngx_http_map_module ~* (PCRE): '_' and ':' pass [^.\\-a-z0-9] (contract amendment A3)",
            Expected = [SpecialCharBypass, AnyPortAllowed],
        },
        new()
        {
            Name = "nginx/proxy-duplicate-acao", Stack = CorpusStack.Nginx, Origin = OriginMatcher.List(Trusted), Credentials = true, AddVary = true,
            BehindProxy = true, ProxyAddsCors = true,
            Written = "nginx exact map + add_header ACAO in front of an Express app whose cors() also sends ACAO",
            Cites = "ngx_http_headers_module add_header (adds, never replaces, an upstream header) + cors/lib/index.js configureOrigin",
            Expected = [InvalidAcao],
        },

        // ---------------- Express 5 + cors 2.8.5 (node_modules/cors/lib/index.js: isOriginAllowed: string ===,
        // RegExp .test (unanchored search), array any, else !!value; configureOrigin: '*' or absent -> '*', string ->
        // fixed value, else echo with Vary: Origin; configureAllowedHeaders echoes Access-Control-Request-Headers
        // when allowedHeaders is not set).
        Express("express/allow-list", OriginMatcher.List(Trusted), "cors({ origin: ['https://app.acme.io'], credentials: true })",
            "isOriginAllowed (array of strings, ===)", [PreflightReflectsHeaders]),
        Express("express/origin-true", OriginMatcher.Reflect, "cors({ origin: true, credentials: true })",
            "isOriginAllowed: !!true; configureOrigin echoes the request origin", [OriginReflected, PreflightReflectsHeaders]),
        Express("express/regex-suffix", OriginMatcher.Of(P(false, Group, true, true, false), PatternStyle.Regex), "cors({ origin: /acme\\.io$/, credentials: true })",
            "isOriginAllowed: RegExp.test (search, no ^)", [SuffixMatch, AnySubdomainAllowed, InsecureOriginAllowed, PreflightReflectsHeaders]),
        Express("express/star-credentials", OriginMatcher.Wildcard, "cors({ origin: '*', credentials: true })",
            "configureOrigin: '*' sent as is; configureCredentials", [WildcardWithCredentials, WildcardOrigin, PreflightReflectsHeaders]),
        Express("express/single-route", OriginMatcher.List(Trusted), "app.get('/api/data', cors({ origin: [...], credentials: true }), handler)",
            "README 'Enable CORS for a Single Route': other paths (404) never reach cors()", [CorsMissingOnError, PreflightReflectsHeaders]) with { ErrorsKeepCors = false },
        Express("express/null-in-list", OriginMatcher.List(Trusted, "null"), "cors({ origin: ['https://app.acme.io', 'null'], credentials: true })",
            "isOriginAllowed (array, === 'null')", [NullOriginAllowed, PreflightReflectsHeaders]),
        Express("express/includes-callback", OriginMatcher.Of(P(false, Group, true, false, false), PatternStyle.Predicate),
            "cors({ origin: (o, cb) => cb(null, o.includes('acme.io')), credentials: true })",
            "the cors() middleware with a function origin (next() with no header, no Vary, when it answers false); String.prototype.includes",
            [SubstringMatch, AnySubdomainAllowed, InsecureOriginAllowed, MissingVaryOrigin, PreflightReflectsHeaders]),
        Express("express/regex-no-end-anchor", OriginMatcher.Of(P(true, DotStar, true, false, true), PatternStyle.Regex), "cors({ origin: /^https:\\/\\/.*\\.acme\\.io/, credentials: true })",
            "isOriginAllowed: RegExp.test (no $)", [PrefixMatch, AnySubdomainAllowed, PreflightReflectsHeaders]),
        Express("express/any-port-regex", OriginMatcher.Of(P(true, NoSub, true, true, true) with { PortIgnored = true }, PatternStyle.Regex),
            "cors({ origin: /^https:\\/\\/app\\.acme\\.io(:[0-9]+)?$/, credentials: true })",
            "isOriginAllowed: RegExp.test ((:[0-9]+)? lets every port in)", [AnyPortAllowed, PreflightReflectsHeaders]),
        Express("express/default", OriginMatcher.Default, "app.use(cors())",
            "configureOrigin: no origin option -> '*'", [WildcardOrigin, PreflightReflectsHeaders]) with { Credentials = false },
        Express("express/fixed-origin", OriginMatcher.Fixed(Trusted), "cors({ origin: 'https://app.acme.io', credentials: true })",
            "configureOrigin: a string origin is sent for every request (static), with Vary: Origin", [PreflightReflectsHeaders]),

        // ---------------- ASP.NET Core, Microsoft.AspNetCore.Cors (CorsPolicy.IsOriginAllowed; CorsService).
        AspNet("aspnet/with-origins-one", OriginMatcher.List(Trusted), "p.WithOrigins(\"https://app.acme.io\").AllowCredentials()",
            "CorsService.PopulateResult: VaryByOrigin = Origins.Count > 1 || !IsDefaultIsOriginAllowed -> no Vary for one origin; issue 9 item 3",
            [MissingVaryOrigin]),
        AspNet("aspnet/with-origins-and-vary", OriginMatcher.List(Trusted), "app.Use(Vary: Origin on every response); p.WithOrigins(\"https://app.acme.io\").AllowCredentials()",
            "CorsPolicy.IsOriginAllowed (Origins.Contains); the app's own Vary covers the responses CorsService.ApplyResult leaves alone",
            [], addVary: true),
        AspNet("aspnet/with-origins-two", OriginMatcher.List(Trusted, Admin), "p.WithOrigins(\"https://app.acme.io\", \"https://admin.acme.io\").AllowCredentials()",
            "CorsPolicy.IsOriginAllowed (Origins.Contains); VaryByOrigin true with two origins", []),
        AspNet("aspnet/is-origin-allowed-true", OriginMatcher.Reflect, "p.SetIsOriginAllowed(_ => true).AllowAnyMethod().AllowAnyHeader().AllowCredentials()",
            "SetIsOriginAllowed replaces CorsPolicy.IsOriginAllowed; PopulateResult echoes ACRM/ACRH for AllowAnyMethod/AllowAnyHeader",
            [OriginReflected, PreflightReflectsMethod, PreflightReflectsHeaders]) with { AnyMethod = true, AnyHeader = true },
        AspNet("aspnet/wildcard-subdomains", OriginMatcher.Of(P(true, Group, true, true, true), PatternStyle.Glob),
            "p.WithOrigins(\"https://*.acme.io\").SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials()",
            "CorsPolicyExtensions.IsOriginAnAllowedSubdomain -> UriHelpers.IsSubdomainOf (same scheme and port, Host.EndsWith(\".acme.io\"))",
            [AnySubdomainAllowed]),
        AspNet("aspnet/throwing-endpoint", OriginMatcher.List(Trusted, Admin), "WithOrigins(two).AllowCredentials(); an endpoint that throws",
            "CorsMiddleware applies headers via Response.OnStarting; an unhandled exception makes Kestrel send a bare 500 (headers cleared); issue 9 item 2",
            [CorsMissingOnError]) with { ErrorsKeepCors = false, AuditThrowingEndpoint = true },
        AspNet("aspnet/vercel-previews", OriginMatcher.List(Trusted, "https://*.vercel.app"),
            "p.WithOrigins(\"https://app.acme.io\", \"https://*.vercel.app\").SetIsOriginAllowedToAllowWildcardSubdomains().AllowCredentials()",
            "IsOriginAnAllowedSubdomain -> UriHelpers.IsSubdomainOf(origin, https://vercel.app): anyone's deployment (PSL private section)",
            [ThirdPartyOriginAllowed]),
        AspNet("aspnet/startswith-callback", OriginMatcher.Of(P(true, NoSub, true, false, true), PatternStyle.Predicate),
            "p.SetIsOriginAllowed(o => o.StartsWith(\"https://app.acme.io\")).AllowCredentials()",
            "SetIsOriginAllowed replaces CorsPolicy.IsOriginAllowed; string.StartsWith (nothing ends the host)", [PrefixMatch]),
        AspNet("aspnet/null-in-origins", OriginMatcher.List(Trusted, "null"), "p.WithOrigins(\"https://app.acme.io\", \"null\").AllowCredentials()",
            "CorsPolicy.IsOriginAllowed (Origins.Contains(\"null\"))", [NullOriginAllowed]),
        AspNet("aspnet/endswith-callback", OriginMatcher.Of(P(false, Group, true, true, false), PatternStyle.Predicate),
            "p.SetIsOriginAllowed(o => o.EndsWith(\"acme.io\")).AllowCredentials()",
            "SetIsOriginAllowed replaces CorsPolicy.IsOriginAllowed; string.EndsWith", [SuffixMatch, AnySubdomainAllowed, InsecureOriginAllowed]),

        // ---------------- Starlette 0.26 CORSMiddleware (is_allowed_origin: '*' / allow_origin_regex.fullmatch /
        // membership; send(): with allow_origins ['*'] and a Cookie header the origin is echoed; allowed origins get
        // Vary: Origin via allow_explicit_origin).
        Starlette("starlette/allow-origins", OriginMatcher.List(Trusted), "CORSMiddleware(allow_origins=['https://app.acme.io'], allow_credentials=True)",
            "is_allowed_origin (membership); allow_explicit_origin adds Vary", []),
        Starlette("starlette/allow-origins-and-vary", OriginMatcher.List(Trusted), "allow_origins=['https://app.acme.io'], allow_credentials=True, plus an ASGI wrapper adding Vary: Origin",
            "is_allowed_origin (membership); the wrapper's Vary covers what __call__ passes through", [], addVary: true),
        Starlette("starlette/docs-regex", OriginMatcher.Of(P(true, DotStar, true, true, true), PatternStyle.Regex), "allow_origin_regex='https://.*\\.acme\\.io', allow_credentials=True",
            "is_allowed_origin: re.fullmatch (both ends anchored)", [AnySubdomainAllowed]),
        Starlette("starlette/any-scheme-regex", OriginMatcher.Of(P(false, DotStar, true, true, true), PatternStyle.Regex), "allow_origin_regex=r'https?://.*\\.acme\\.io', allow_credentials=True",
            "is_allowed_origin: re.fullmatch (https? and .*\\. before the domain)", [InsecureOriginAllowed, AnySubdomainAllowed]),
        Starlette("starlette/star-credentials", OriginMatcher.Wildcard, "allow_origins=['*'], allow_credentials=True",
            "send(): allow_all_origins and has_cookie -> echo the origin; without a cookie '*' with credentials",
            [OriginReflected, WildcardWithCredentials, WildcardOrigin]),
        Starlette("starlette/star-fastapi-docs", OriginMatcher.Wildcard, "allow_origins=['*'] (FastAPI tutorial), no credentials",
            "send(): allow_all_origins and has_cookie -> echo the origin (no ACAC); without a cookie '*'. Only credentialed requests carry cookies and without ACAC they fail the CORS check (Fetch §4.9), so browsers read exactly what '*' gives",
            [WildcardOrigin]) with { Credentials = false },
        Starlette("starlette/exception", OriginMatcher.List(Trusted), "Starlette(middleware=[Middleware(CORSMiddleware, ...)]); an endpoint that raises",
            "Starlette.build_middleware_stack: ServerErrorMiddleware is outside user middleware, so its 500 has no CORS headers",
            [CorsMissingOnError]) with { ErrorsKeepCors = false, AuditThrowingEndpoint = true },
        Starlette("starlette/unescaped-regex", OriginMatcher.Of(P(true, NoSub, false, true, true), PatternStyle.Regex), "allow_origin_regex='https://app.acme.io'",
            "is_allowed_origin: re.fullmatch ('.' any character)", [UnescapedDot]),
        Starlette("starlette/null", OriginMatcher.List(Trusted, "null"), "allow_origins=['https://app.acme.io', 'null'], allow_credentials=True",
            "is_allowed_origin (membership of 'null')", [NullOriginAllowed]),

        // ---------------- Flask-CORS 3.0.10 (core.py: try_match_pattern re.match for regex-looking strings; default
        // origins '*' -> '.*' echoed since send_wildcard is False; Vary only with several origins or a regex;
        // allow_headers '*' echoes requested headers).
        Flask("flask/origins-two", OriginMatcher.List(Trusted, Admin), "CORS(app, origins=['https://app.acme.io', 'https://admin.acme.io'], supports_credentials=True)",
            "get_cors_origins -> try_match_pattern (equality); get_cors_headers adds Vary for several origins", [PreflightReflectsHeaders]),
        Flask("flask/origins-headers-vary", OriginMatcher.List(Trusted), "CORS(app, origins=['https://app.acme.io'], supports_credentials=True, allow_headers=['Content-Type']) + after_request Vary: Origin",
            "try_match_pattern (equality); get_allow_headers with a fixed list", [], addVary: true) with { AnyHeader = false },
        Flask("flask/origins-one", OriginMatcher.List(Trusted), "CORS(app, origins=['https://app.acme.io'], supports_credentials=True)",
            "get_cors_headers: Vary only when len(origins) > 1 or a regex -> none for one origin", [MissingVaryOrigin, PreflightReflectsHeaders]),
        Flask("flask/default-credentials", OriginMatcher.Default, "CORS(app, supports_credentials=True)",
            "DEFAULT_OPTIONS origins='*' -> re_fix '.*', send_wildcard False -> get_cors_origins returns [request_origin]",
            [OriginReflected, PreflightReflectsHeaders]),
        Flask("flask/docs-regex", OriginMatcher.Of(P(true, DotStar, true, false, true), PatternStyle.Regex), "CORS(app, origins=r'https://.*\\.acme\\.io', supports_credentials=True)",
            "try_match_pattern: re.match (start anchored only)", [PrefixMatch, AnySubdomainAllowed, PreflightReflectsHeaders]),
        Flask("flask/any-scheme-regex", OriginMatcher.Of(P(false, NoSub, true, true, true), PatternStyle.Regex), "CORS(app, origins=[r'^https?://app\\.acme\\.io$'], supports_credentials=True)",
            "try_match_pattern: re.match ('https?')", [InsecureOriginAllowed, PreflightReflectsHeaders]),
        Flask("flask/null", OriginMatcher.List(Trusted, "null"), "CORS(app, origins=['https://app.acme.io', 'null'], supports_credentials=True)",
            "try_match_pattern (casefold equality with 'null')", [NullOriginAllowed, PreflightReflectsHeaders]),
        Flask("flask/suffix-regex", OriginMatcher.Of(P(false, Group, true, true, false), PatternStyle.Regex), "CORS(app, origins=r'.*acme\\.io$', supports_credentials=True)",
            "try_match_pattern: re.match of '.*acme\\.io$'", [SuffixMatch, AnySubdomainAllowed, InsecureOriginAllowed, PreflightReflectsHeaders]),

        // ---------------- django-cors-headers 3.14 (middleware.py origin_found_in_white_lists; regex_domain_match
        // re.match; process_response: patch_vary_headers Origin always, echo unless ALLOW_ALL without credentials).
        Django("django/allowed-origins", OriginMatcher.List(Trusted), "CORS_ALLOWED_ORIGINS = ['https://app.acme.io']; CORS_ALLOW_CREDENTIALS = True",
            "_url_in_whitelist (scheme and netloc equality)", []),
        Django("django/allow-all-credentials", OriginMatcher.Reflect, "CORS_ALLOW_ALL_ORIGINS = True; CORS_ALLOW_CREDENTIALS = True",
            "process_response: ALLOW_ALL with credentials -> ACAO = request origin", [OriginReflected]),
        Django("django/readme-regex", OriginMatcher.Of(P(true, SubdomainWildcard.Word, true, true, true), PatternStyle.Regex), "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://\\w+\\.acme\\.io$']",
            "regex_domain_match: re.match", [AnySubdomainAllowed]),
        Django("django/regex-no-end-anchor", OriginMatcher.Of(P(true, DotStar, true, false, true), PatternStyle.Regex), "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://.*\\.acme\\.io']",
            "regex_domain_match: re.match (start anchored only)", [PrefixMatch, AnySubdomainAllowed]),
        Django("django/unescaped-regex", OriginMatcher.Of(P(true, NoSub, false, true, true), PatternStyle.Regex), "CORS_ALLOWED_ORIGIN_REGEXES = [r'^https://app.acme.io$']",
            "regex_domain_match: re.match ('.' any character)", [UnescapedDot]),
        Django("django/null", OriginMatcher.List(Trusted, "null"), "CORS_ALLOWED_ORIGINS = ['https://app.acme.io', 'null']",
            "origin_found_in_white_lists: origin == 'null' and 'null' in CORS_ALLOWED_ORIGINS", [NullOriginAllowed]),
        Django("django/allow-all", OriginMatcher.Wildcard, "CORS_ALLOW_ALL_ORIGINS = True",
            "process_response: ALLOW_ALL without credentials -> '*'", [WildcardOrigin]) with { Credentials = false },

        // ---------------- Go rs/cors 1.7.0 (cors.go isOriginAllowed: AllowOriginFunc, '*', lower-cased equality,
        // utils.go wildcard.match = HasPrefix && HasSuffix; handleActualRequest: Vary: Origin always, '*' for '*'
        // even with AllowCredentials).
        Go("go/allowed-origins", OriginMatcher.List(Trusted), "cors.Options{AllowedOrigins: []string{\"https://app.acme.io\"}, AllowCredentials: true}",
            "isOriginAllowed (equality)", []),
        Go("go/wildcard-subdomain", OriginMatcher.Of(P(true, Group, true, true, true), PatternStyle.Glob), "AllowedOrigins: []string{\"https://*.acme.io\"}",
            "wildcard.match: HasPrefix(\"https://\") && HasSuffix(\".acme.io\")", [AnySubdomainAllowed]),
        Go("go/allow-origin-func-true", OriginMatcher.Reflect, "AllowOriginFunc: func(string) bool { return true }, AllowCredentials: true",
            "isOriginAllowed: AllowOriginFunc; handleActualRequest echoes the origin", [OriginReflected]),
        Go("go/star-credentials", OriginMatcher.Wildcard, "AllowedOrigins: []string{\"*\"}, AllowCredentials: true",
            "handleActualRequest: allowedOriginsAll -> '*', plus Access-Control-Allow-Credentials", [WildcardWithCredentials, WildcardOrigin]),
        Go("go/suffix-wildcard", OriginMatcher.Of(P(false, Group, true, true, false), PatternStyle.Glob), "AllowedOrigins: []string{\"*acme.io\"}",
            "wildcard.match: prefix \"\" and HasSuffix(\"acme.io\")", [SuffixMatch, AnySubdomainAllowed, InsecureOriginAllowed]),
        Go("go/prefix-wildcard", OriginMatcher.Of(P(true, NoSub, true, false, true), PatternStyle.Glob), "AllowedOrigins: []string{\"https://app.acme.io*\"}",
            "wildcard.match: HasPrefix(\"https://app.acme.io\") and suffix \"\"", [PrefixMatch]),
        Go("go/github-pages-wildcard", OriginMatcher.List(Trusted, "https://*.github.io"), "AllowedOrigins: []string{\"https://app.acme.io\", \"https://*.github.io\"}",
            "wildcard.match: HasPrefix(\"https://\") && HasSuffix(\".github.io\"): anyone's GitHub Pages site (PSL private section)",
            [ThirdPartyOriginAllowed]),
        Go("go/hassuffix-func", OriginMatcher.Of(P(false, Group, true, true, true), PatternStyle.Predicate), "AllowOriginFunc: func(o string) bool { return strings.HasSuffix(o, \".acme.io\") }",
            "isOriginAllowed: AllowOriginFunc (dot-bounded suffix, any scheme)", [AnySubdomainAllowed, InsecureOriginAllowed]) with { Credentials = true },
        Go("go/null", OriginMatcher.List(Trusted, "null"), "AllowedOrigins: []string{\"https://app.acme.io\", \"null\"}",
            "isOriginAllowed (equality with 'null')", [NullOriginAllowed]),
    ];

    public static CorpusConfig Get(string name) => All.Single(c => c.Name == name);

    /// <summary>The names of the configurations that satisfy <paramref name="where"/>, as xunit theory data.</summary>
    public static TheoryData<string> Names(Func<CorpusConfig, bool> where)
    {
        var data = new TheoryData<string>();
        foreach (var config in All.Where(where))
        {
            data.Add(config.Name);
        }

        return data;
    }

    private static CorpusConfig Make(CorpusStack stack, string name, OriginMatcher origin, string written, string cites, FindingKind[] expected) => new()
    {
        Name = name, Stack = stack, Origin = origin, Written = written, Cites = cites, Expected = expected,
        Credentials = origin.Kind != MatcherKind.Default || stack == CorpusStack.FlaskCors,
    };

    // Express cors and Flask-CORS echo Access-Control-Request-Headers unless told otherwise.
    private static CorpusConfig Express(string name, OriginMatcher origin, string written, string cites, FindingKind[] expected)
        => Make(CorpusStack.Express, name, origin, written, "cors/lib/index.js " + cites, expected) with { AnyHeader = true };

    private static CorpusConfig AspNet(string name, OriginMatcher origin, string written, string cites, FindingKind[] expected, bool addVary = false)
        => Make(CorpusStack.AspNetCore, name, origin, written, cites, addVary || origin.Kind == MatcherKind.Wildcard ? expected : NoVaryOnOthers(expected)) with { AddVary = addVary };

    // Fetch §3.2.5 "CORS protocol and HTTP caches": when Access-Control-Allow-Origin is sent only to some requests,
    // the responses without it (no Origin, an origin not allowed) need Vary: Origin too, or a cache hands them to the
    // trusted front end. These libraries add no Vary to those responses:
    //  - ASP.NET Core CorsService.ApplyResult returns before its Vary when !result.IsOriginAllowed (and
    //    IsOriginAllowed is false for a request without Origin);
    //  - Starlette CORSMiddleware.__call__ passes a request without Origin straight to the app, and send() adds Vary
    //    only through allow_explicit_origin, i.e. for an allowed origin;
    //  - Flask-CORS get_cors_headers returns no headers at all (no Vary) when get_cors_origins finds no match;
    //  - Express cors with a function origin calls next() without any header when the callback answers false.
    private static FindingKind[] NoVaryOnOthers(FindingKind[] expected) => expected.Contains(MissingVaryOrigin) ? expected : [.. expected, MissingVaryOrigin];

    private static CorpusConfig Starlette(string name, OriginMatcher origin, string written, string cites, FindingKind[] expected, bool addVary = false)
        => Make(CorpusStack.Starlette, name, origin, written, "starlette/middleware/cors.py " + cites, addVary ? expected : NoVaryOnOthers(expected)) with { AddVary = addVary };

    private static CorpusConfig Flask(string name, OriginMatcher origin, string written, string cites, FindingKind[] expected, bool addVary = false)
        => Make(CorpusStack.FlaskCors, name, origin, written, "flask_cors/core.py " + cites, addVary ? expected : NoVaryOnOthers(expected)) with { AnyHeader = true, AddVary = addVary };

    // django-cors-headers answers preflights with Access-Control-Max-Age 86400 by default (corsheaders/conf.py), above
    // Chromium's 7200 s cap: max-age-over-browser-cap (info) on every configuration whose preflight passes.
    private static CorpusConfig Django(string name, OriginMatcher origin, string written, string cites, FindingKind[] expected)
        => Make(CorpusStack.DjangoCorsHeaders, name, origin, written, "corsheaders/middleware.py " + cites, [.. expected, MaxAgeOverBrowserCap]) with { MaxAgeOverCap = true };

    private static CorpusConfig Go(string name, OriginMatcher origin, string written, string cites, FindingKind[] expected)
        => Make(CorpusStack.GoRsCors, name, origin, written, "github.com/rs/cors " + cites, expected);
}
