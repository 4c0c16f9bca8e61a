namespace CorsKit.Cli.Audit;

/// <summary>Finding severities, most severe first (the order <c>--fail-on</c> compares by).</summary>
internal enum Severity
{
    Info = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}

/// <summary>One finding id: its stable name, title, fix, and the severity it gets with and without credentials.</summary>
/// <param name="Id">The stable id (<c>origin-reflected</c>); never renamed, since dashboards and tests key on it.</param>
/// <param name="Title">A one-line title.</param>
/// <param name="WithCredentials">Severity when a credentialed request passes the browser's CORS check.</param>
/// <param name="WithoutCredentials">Severity when only a request without credentials passes.</param>
/// <param name="Fix">What the server must change.</param>
/// <param name="Rationale">Why this severity (docs/audit.md repeats it).</param>
internal sealed record FindingKind(string Id, string Title, Severity WithCredentials, Severity WithoutCredentials, string Fix, string Rationale)
{
    /// <summary>What the finding means for the API's users, in one plain sentence without CORS terms where possible
    /// (the demo's table shows it under each finding; issue 12 item 12).</summary>
    public required string Plain { get; init; }

    public Severity SeverityFor(bool credentials) => credentials ? WithCredentials : WithoutCredentials;
}

/// <summary>
/// Every finding id the audit reports. The rule for each: an origin an attacker can obtain (any web page, a sandboxed
/// iframe, a domain anyone can register, a public code-hosting site) reading with credentials is critical; an origin
/// that needs more than that (a browser quirk, a registrable look-alike, a subdomain takeover, a network attacker)
/// is high or medium; without credentials the attacker reads only what an anonymous request already gets, so low;
/// hygiene problems that do not expose data are info or low.
/// </summary>
internal static class FindingCatalog
{
    public static readonly FindingKind OriginReflected = new(
        "origin-reflected", "Any origin is allowed (the Origin header is reflected)",
        Severity.Critical, Severity.Low,
        "Compare the Origin header with an exact allow-list of origins and send Access-Control-Allow-Origin only for a match; never echo the header back unchecked.",
        "Any web page can read the response with the victim's cookies when credentials are allowed (critical); without credentials it reads only what an anonymous request gets, like '*' (low).")
    {
        Plain = "Any website can read this API's responses.",
    };

    public static readonly FindingKind NullOriginAllowed = new(
        "null-origin-allowed", "The opaque origin 'null' is allowed",
        Severity.Critical, Severity.Low,
        "Remove 'null' from the allow-list; sandboxed iframes, data: URLs and local files all send 'Origin: null', so it cannot identify a trusted page.",
        "Any page can send 'Origin: null' from a sandboxed iframe, so 'null' with credentials is as bad as reflection (critical); without credentials low.")
    {
        Plain = "Any website can read this API's responses from a sandboxed iframe, which sends Origin: null.",
    };

    public static readonly FindingKind WildcardOrigin = new(
        "wildcard-origin", "Access-Control-Allow-Origin: * (public resource)",
        Severity.Info, Severity.Info,
        "Nothing to fix if the resource is public; if it is not, replace '*' with an exact allow-list.",
        "Browsers never send credentials to a '*' response, so only public data is exposed (info).")
    {
        Plain = "Any website can read this API's responses, but never with the user's cookies (fine for public data).",
    };

    public static readonly FindingKind WildcardWithCredentials = new(
        "wildcard-with-credentials", "Access-Control-Allow-Origin: * together with Access-Control-Allow-Credentials: true",
        Severity.Low, Severity.Low,
        "Browsers reject this pair for credentialed requests. Either drop Access-Control-Allow-Credentials (public data) or answer with the exact allowed origin instead of '*'.",
        "Browsers block credentialed reads of a '*' response, so nothing leaks, but the pair shows the author wanted credentialed cross-origin access and a later 'fix' is often to reflect the origin (low).")
    {
        Plain = "Browsers refuse this answer to requests with cookies, so the front end's logged-in requests fail.",
    };

    public static readonly FindingKind PrefixMatch = new(
        "prefix-match", "A trusted origin is matched as a prefix (https://trusted.example.com.attacker.net is allowed)",
        Severity.Critical, Severity.Low,
        "Anchor the match at the end: compare whole origins for equality, or end the regular expression with '$' after the host and port.",
        "Anyone can register trusted.example.com.attacker.net (critical with credentials, low without).")
    {
        Plain = "A website on a look-alike domain that starts with the trusted name (trusted.example.com.attacker.net) can read this API's responses.",
    };

    public static readonly FindingKind SuffixMatch = new(
        "suffix-match", "A trusted domain is matched as a suffix without a dot boundary (https://attackerexample.com is allowed)",
        Severity.Critical, Severity.Low,
        "Match the whole host, or require a '.' before the trusted domain ('(^|\\.)example\\.com$'), never a bare endsWith.",
        "Anyone can register attackerexample.com (critical with credentials, low without).")
    {
        Plain = "A website on a domain that ends with the trusted name (attackerexample.com) can read this API's responses.",
    };

    public static readonly FindingKind UnescapedDot = new(
        "unescaped-dot", "A '.' in the origin regular expression is not escaped (https://app.examplexcom is allowed)",
        Severity.High, Severity.Low,
        "Escape every '.' in the pattern ('\\.'), or compare exact origins instead of using a regular expression.",
        "The look-alike host is registrable only for some dot positions, so it is exploitable less often than a prefix or suffix match (high with credentials, low without).")
    {
        Plain = "A website on a look-alike domain with a letter in place of a dot can read this API's responses.",
    };

    public static readonly FindingKind SubstringMatch = new(
        "substring-match", "Any origin containing (or contained in) a trusted origin is allowed",
        Severity.Critical, Severity.Low,
        "Compare whole origins for equality: anchor the end ('$' after the host and port) and bound the start ('^scheme://' or a '.' before the domain), never contains/indexOf/an unanchored search.",
        "Anyone can register a host that contains the trusted name (critical with credentials, low without).")
    {
        Plain = "A website on any domain that contains the trusted name can read this API's responses.",
    };

    public static readonly FindingKind AnySubdomainAllowed = new(
        "any-subdomain-allowed", "Every subdomain of a trusted origin is allowed",
        Severity.Medium, Severity.Low,
        "List the subdomains that need access; a wildcard makes every subdomain (including forgotten or taken-over ones and any with an XSS) able to read responses.",
        "Exploiting it needs control of some subdomain (takeover, XSS, user content), which is not free (medium with credentials, low without).")
    {
        Plain = "Every subdomain, including forgotten or taken-over ones, can read this API's responses.",
    };

    public static readonly FindingKind InsecureOriginAllowed = new(
        "insecure-origin-allowed", "The http:// twin of a trusted https:// origin is allowed",
        Severity.Medium, Severity.Low,
        "Allow only https:// origins; an http:// page can be injected by anyone on the network path.",
        "A network attacker (public Wi-Fi) can inject script into the http:// origin and read the https:// API (medium with credentials, low without).")
    {
        Plain = "Whoever injects script into the http:// version of the site (public Wi-Fi) can read this API's responses.",
    };

    public static readonly FindingKind SpecialCharBypass = new(
        "special-char-bypass", "A trusted host followed by a special character is allowed (https://trusted.example.com_.attacker.net)",
        Severity.High, Severity.Low,
        "Anchor the match and compare whole origins; do not treat characters such as '_', '~' or '!' as a host boundary.",
        "The attacker host must contain a character that browsers put in a host name (Chromium allows _ ! $ & ' ( ) + , ; = ` { } ~ -) and needs wildcard DNS (high with credentials, low without).")
    {
        Plain = "A website whose domain puts a special character after the trusted name can read this API's responses in some browsers.",
    };

    public static readonly FindingKind ThirdPartyOriginAllowed = new(
        "third-party-origin-allowed", "An origin under a public hosting suffix is allowed (*.github.io, *.vercel.app, *.workers.dev, …)",
        Severity.Critical, Severity.Low,
        "Remove origins under shared hosting suffixes (the Public Suffix List's private section) from the allow-list, and any pattern that matches them; anyone can publish a page there.",
        "Anyone can publish script under a Public Suffix List private-section suffix for free (critical with credentials, low without).")
    {
        Plain = "Anyone with a page on a public hosting service (github.io, vercel.app, …) can read this API's responses.",
    };

    public static readonly FindingKind AnyPortAllowed = new(
        "any-port-allowed", "A trusted host is allowed on any port",
        Severity.Medium, Severity.Low,
        "Include the port in the comparison (compare whole serialized origins).",
        "Exploiting it needs a service on another port of the trusted host (medium with credentials, low without).")
    {
        Plain = "Any server on the trusted host, on any port, can read this API's responses.",
    };

    public static readonly FindingKind MissingVaryOrigin = new(
        "missing-vary-origin", "Access-Control-Allow-Origin depends on the request's Origin but Vary: Origin is missing",
        Severity.Low, Severity.Low,
        "Send 'Vary: Origin' on every response whose Access-Control-Allow-Origin depends on the Origin header (including responses that omit it).",
        "A shared or browser cache can serve one origin's response to another: CORS then breaks at random and, with reflection, a cache can be poisoned (low).")
    {
        Plain = "A cache can hand one site's answer to another, so the front end fails now and then (Vary: Origin is missing).",
    };

    public static readonly FindingKind CorsMissingOnError = new(
        "cors-missing-on-error", "Error responses lose the CORS headers that success responses carry",
        Severity.Info, Severity.Info,
        "Add the CORS headers to error responses too (nginx: 'add_header … always'; frameworks: register the CORS middleware before error handling).",
        "Nothing is exposed; browser scripts just cannot read the error status or body and report a CORS error instead (info).")
    {
        Plain = "Error responses carry no CORS headers, so the page sees a CORS error instead of the real status.",
    };

    public static readonly FindingKind InvalidAcao = new(
        "invalid-acao", "Access-Control-Allow-Origin is malformed or sent more than once",
        Severity.Low, Severity.Low,
        "Send exactly one Access-Control-Allow-Origin header with one value: '*', 'null' or one serialized origin (scheme://host[:port], no path, no trailing slash). Remove duplicate CORS layers (e.g. a proxy and the app both adding it).",
        "Browsers reject the response, so nothing leaks, but legitimate cross-origin callers break (low).")
    {
        Plain = "Browsers reject the malformed Access-Control-Allow-Origin, so cross-origin reads fail.",
    };

    public static readonly FindingKind PreflightReflectsMethod = new(
        "preflight-reflects-method", "The preflight allows any requested method (Access-Control-Allow-Methods echoes Access-Control-Request-Method)",
        Severity.Info, Severity.Info,
        "Answer preflights with a fixed Access-Control-Allow-Methods list of the methods the API supports.",
        "Only origins that pass the origin check benefit, so it matters only together with an over-broad origin check, which is reported (and rated) on its own; ASP.NET Core AllowAnyMethod() and Spring allowedMethods(\"*\") behave this way (info).")
    {
        Plain = "The preflight approves every method, so the server's own method check is the only guard.",
    };

    public static readonly FindingKind PreflightReflectsHeaders = new(
        "preflight-reflects-headers", "The preflight allows any requested header (Access-Control-Allow-Headers echoes Access-Control-Request-Headers)",
        Severity.Info, Severity.Info,
        "Answer preflights with a fixed Access-Control-Allow-Headers list.",
        "Equivalent to 'Access-Control-Allow-Headers: *' but also for credentialed requests; risky only together with an over-broad origin check (info).")
    {
        Plain = "The preflight approves every request header, so the server's own header check is the only guard.",
    };

    public static readonly FindingKind PrivateNetworkAllowed = new(
        "private-network-allowed", "The preflight grants Private Network Access (Access-Control-Allow-Private-Network: true)",
        Severity.Info, Severity.Info,
        "Nothing protects the service through this header any more: keep it for older Chromium if needed, and protect the private-network service itself (authentication, an origin allow-list).",
        "Chromium never enforced Private Network Access preflights and replaced them with the Local Network Access permission prompt (Chromium 142): the user, not this header, now decides whether a public site reaches the private network, so granting it exposes nothing by itself (info).")
    {
        Plain = "The API grants an old private-network opt-in that browsers no longer use; the user's permission prompt decides.",
    };

    public static readonly FindingKind MaxAgeOverBrowserCap = new(
        "max-age-over-browser-cap", "Access-Control-Max-Age is above Chromium's 7200 s cap",
        Severity.Info, Severity.Info,
        "Use at most 7200 (Chromium caps there; Firefox at 86400, Safari at 600); larger values are silently cut.",
        "Harmless: browsers cap the value, so the configured cache time is not what happens (info).")
    {
        Plain = "Browsers cache the preflight for less time than configured (Chromium two hours at most).",
    };

    public static IReadOnlyList<FindingKind> All { get; } =
    [
        OriginReflected, NullOriginAllowed, WildcardOrigin, WildcardWithCredentials, PrefixMatch, SuffixMatch, UnescapedDot,
        SubstringMatch, AnySubdomainAllowed, InsecureOriginAllowed, SpecialCharBypass, ThirdPartyOriginAllowed, AnyPortAllowed,
        MissingVaryOrigin, CorsMissingOnError, InvalidAcao, PreflightReflectsMethod, PreflightReflectsHeaders,
        PrivateNetworkAllowed, MaxAgeOverBrowserCap,
    ];

    /// <summary>The position of <paramref name="kind"/> in <see cref="All"/> (report order, SARIF rule index).</summary>
    public static int IndexOf(FindingKind kind)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (ReferenceEquals(All[i], kind))
            {
                return i;
            }
        }

        return -1;
    }

    public static string Name(this Severity severity) => severity switch
    {
        > Severity.Critical => "none", // --fail-on none
        Severity.Critical => "critical",
        Severity.High => "high",
        Severity.Medium => "medium",
        Severity.Low => "low",
        _ => "info",
    };

    public static bool TryParseSeverity(string? text, out Severity severity)
    {
        foreach (var candidate in Enum.GetValues<Severity>())
        {
            if (string.Equals(candidate.Name(), text, StringComparison.OrdinalIgnoreCase))
            {
                severity = candidate;
                return true;
            }
        }

        severity = Severity.Info;
        return false;
    }
}
