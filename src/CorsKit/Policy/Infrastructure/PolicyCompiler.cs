using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Policy.Infrastructure;

/// <summary>
/// Validates <see cref="CorsPolicyOptions"/> (collecting every error, never stopping at the first) and normalises it
/// into the pieces <see cref="CorsPolicy"/> is compiled from.
/// </summary>
internal sealed class PolicyCompiler
{
    /// <summary>Preflight cache caps: Firefox 86400 s (nsCORSListenerProxy), Chromium 7200 s
    /// (cors/preflight_result.cc kMaxTimeout), WebKit 600 s (CrossOriginPreflightResultCache.cpp).</summary>
    internal const int MaxAgeLimit = 86400, ChromiumMaxAge = 7200, WebKitMaxAge = 600;

    private readonly List<CorsPolicyError> _errors = [];
    private readonly List<CorsPolicyError> _warnings = [];

    public PolicyCompiler(CorsPolicyOptions options)
    {
        ValidateOrigins(options);
        ValidateMethods(options.Methods ?? []);
        ValidateRequestHeaders(options.RequestHeaders ?? []);
        ValidateExposeHeaders(options);
        ValidateNumbers(options);
    }

    public IReadOnlyList<CorsPolicyError> Errors => _errors;

    public IReadOnlyList<CorsPolicyError> Warnings => _warnings;

    public List<OriginPattern> Origins { get; } = [];

    public bool AnyOrigin { get; private set; }

    public List<string> Methods { get; } = [];

    public bool AnyMethod { get; private set; }

    public List<string> RequestHeaders { get; } = [];

    public bool AnyRequestHeader { get; private set; }

    public List<string> ExposeHeaders { get; } = [];

    private void ValidateOrigins(CorsPolicyOptions o)
    {
        var origins = o.Origins ?? [];
        if (origins.Count == 0)
        {
            _errors.Add(new(CorsPolicyErrorKind.NoOrigins, "origins", null,
                "No origin is allowed. List the origins of the pages that call this API (CorsKit has no default)."));
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in origins)
        {
            if (text is null)
            {
                _errors.Add(new(CorsPolicyErrorKind.InvalidOrigin, "origins", null, "An origin entry is null."));
                continue;
            }
            if (!seen.Add(text))
            {
                _warnings.Add(new(CorsPolicyErrorKind.Redundant, "origins", text, $"'{text}' is listed more than once."));
                continue;
            }
            if (text == "*")
            {
                AnyOrigin = true;
                if (o.Credentials)
                {
                    _errors.Add(new(CorsPolicyErrorKind.WildcardOriginWithCredentials, "origins", text,
                        "'*' cannot be combined with credentials: browsers reject 'Access-Control-Allow-Origin: *' on credentialed requests, and reflecting every origin instead would let any site read your users' data. List the origins."));
                }
                if (o.PrivateNetwork)
                {
                    _errors.Add(new(CorsPolicyErrorKind.PrivateNetworkWithWildcardOrigin, "privateNetwork", text,
                        "Private network access cannot be granted to any origin ('*'): list the public origins that may reach this private-network server."));
                }
                continue;
            }
            var pattern = OriginPattern.Parse(text, _errors);
            if (pattern is null)
            {
                continue;
            }
            if (o.Credentials && pattern.IsInsecure && !o.DangerouslyAllowInsecureOriginsWithCredentials)
            {
                _errors.Add(new(CorsPolicyErrorKind.InsecureOriginWithCredentials, "origins", text,
                    $"'{text}' is plain {pattern.Scheme} and credentials are allowed: a network attacker can impersonate it and read credentialed responses. Use https, or set dangerouslyAllowInsecureOriginsWithCredentials."));
            }
            // Subdomains of localhost all resolve to this machine (RFC 6761 §6.3), although 'localhost' is a public
            // suffix by the list's default rule. A public suffix anywhere at or below the base (s3.amazonaws.com
            // under *.amazonaws.com, the wildcard rule *.kawasaki.jp under *.kawasaki.jp) lets strangers in.
            if (o.Credentials && pattern.Subdomains && !OriginPattern.IsLoopbackHost(pattern.Host)
                && !o.DangerouslyAllowPublicSuffixSubdomainsWithCredentials
                && PublicSuffixCheck.SuffixAtOrBelow(pattern.Host) is { } suffix)
            {
                var where = suffix == pattern.Host ? "" : $" below '{pattern.Host}'";
                _errors.Add(new(CorsPolicyErrorKind.PublicSuffixWildcardWithCredentials, "origins", text,
                    $"'{text}': '{suffix}' is a public suffix{where} (Public Suffix List), so anyone can register a name under it and read credentialed responses. List your own domains, or set dangerouslyAllowPublicSuffixSubdomainsWithCredentials."));
            }
            Origins.Add(pattern);
        }
        if (AnyOrigin && Origins.Count > 0)
        {
            _warnings.Add(new(CorsPolicyErrorKind.Redundant, "origins", "*", "'*' allows every origin; the other entries have no effect."));
        }
    }

    private void ValidateMethods(IReadOnlyList<string> methods)
    {
        foreach (var m in methods)
        {
            if (m == "*")
            {
                AnyMethod = true;
                continue;
            }
            if (m is null || !HttpToken.IsToken(m))
            {
                _errors.Add(new(CorsPolicyErrorKind.InvalidMethod, "methods", m, $"'{m}' is not a method name (an HTTP token such as PUT)."));
                continue;
            }
            if (FetchRules.IsForbiddenMethod(m))
            {
                _errors.Add(new(CorsPolicyErrorKind.ForbiddenMethod, "methods", m,
                    $"'{m}' is a forbidden method: browsers never let a page send it (Fetch §2.2.1). Remove it."));
                continue;
            }
            // Browsers uppercase DELETE, GET, HEAD, OPTIONS, POST and PUT (Fetch "normalize"); other methods are
            // sent as written and compared case-sensitively.
            var normalized = FetchRules.NormalizeMethod(m);
            if (!Methods.Contains(normalized))
            {
                Methods.Add(normalized);
            }
        }
    }

    private void ValidateRequestHeaders(IReadOnlyList<string> names)
    {
        foreach (var h in names)
        {
            if (h == "*")
            {
                AnyRequestHeader = true;
                continue;
            }
            if (h is null || !HttpToken.IsToken(h))
            {
                _errors.Add(new(CorsPolicyErrorKind.InvalidHeaderName, "requestHeaders", h, $"'{h}' is not a header name (an HTTP token)."));
                continue;
            }
            if (FetchRules.IsForbiddenRequestHeaderName(h, BrowserProfile.Chromium)
                && FetchRules.IsForbiddenRequestHeaderName(h, BrowserProfile.Firefox)
                && FetchRules.IsForbiddenRequestHeaderName(h, BrowserProfile.Safari))
            {
                _errors.Add(new(CorsPolicyErrorKind.ForbiddenRequestHeader, "requestHeaders", h,
                    $"'{h}' is a forbidden request header: the browser sets it and never lets a page do so (Fetch §2.2.2). Remove it."));
                continue;
            }
            if (h.StartsWith("access-control-allow-", StringComparison.OrdinalIgnoreCase)
                || h.Equals("access-control-max-age", StringComparison.OrdinalIgnoreCase)
                || h.Equals("access-control-expose-headers", StringComparison.OrdinalIgnoreCase))
            {
                _errors.Add(new(CorsPolicyErrorKind.ForbiddenRequestHeader, "requestHeaders", h,
                    $"'{h}' is a CORS response header, which the server sends and the page never does; remove it from requestHeaders."));
                continue;
            }
            if (!RequestHeaders.Contains(h, StringComparer.OrdinalIgnoreCase))
            {
                RequestHeaders.Add(h.ToLowerInvariant());
            }
        }
    }

    private void ValidateExposeHeaders(CorsPolicyOptions o)
    {
        foreach (var h in o.ExposeHeaders ?? [])
        {
            if (h == "*")
            {
                if (o.Credentials)
                {
                    _errors.Add(new(CorsPolicyErrorKind.WildcardExposeWithCredentials, "exposeHeaders", h,
                        "'*' in exposeHeaders means 'every header' only without credentials; with credentials browsers read it as a header named '*'. List the headers."));
                }
                else if (!ExposeHeaders.Contains("*"))
                {
                    ExposeHeaders.Add("*");
                }
                continue;
            }
            if (h is null || !HttpToken.IsToken(h))
            {
                _errors.Add(new(CorsPolicyErrorKind.InvalidHeaderName, "exposeHeaders", h, $"'{h}' is not a header name (an HTTP token)."));
                continue;
            }
            if (FetchRules.IsForbiddenResponseHeaderName(h))
            {
                _errors.Add(new(CorsPolicyErrorKind.ForbiddenExposedHeader, "exposeHeaders", h,
                    $"'{h}' is a forbidden response header: browsers never expose it to a page (Fetch §2.2.2). Remove it."));
                continue;
            }
            if (FetchRules.IsCorsSafelistedResponseHeaderName(h))
            {
                _warnings.Add(new(CorsPolicyErrorKind.Redundant, "exposeHeaders", h,
                    $"'{h}' is a CORS-safelisted response header, always exposed; it is left out of Access-Control-Expose-Headers."));
                continue;
            }
            if (!ExposeHeaders.Contains(h, StringComparer.OrdinalIgnoreCase))
            {
                ExposeHeaders.Add(h);
            }
        }
    }

    private void ValidateNumbers(CorsPolicyOptions o)
    {
        if (o.MaxAge is int age)
        {
            if (age is < 0 or > MaxAgeLimit)
            {
                _errors.Add(new(CorsPolicyErrorKind.MaxAgeOutOfRange, "maxAge", age.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"maxAge must be between 0 and {MaxAgeLimit} seconds (Firefox's cap; 0 disables the preflight cache), not {age}."));
            }
            else if (age > WebKitMaxAge)
            {
                var capped = age > ChromiumMaxAge ? $"Chromium caps it at {ChromiumMaxAge} s and WebKit at {WebKitMaxAge} s"
                    : $"WebKit caps it at {WebKitMaxAge} s";
                _warnings.Add(new(CorsPolicyErrorKind.MaxAgeAboveBrowserCap, "maxAge", age.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"maxAge {age} s is above what some browsers honour: {capped}."));
            }
        }
        if (o.PreflightSuccessStatus is < 200 or > 299)
        {
            _errors.Add(new(CorsPolicyErrorKind.InvalidPreflightStatus, "preflightSuccessStatus",
                o.PreflightSuccessStatus.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"preflightSuccessStatus must be a 2xx status (browsers require an ok status, Fetch §4.8 step 7), not {o.PreflightSuccessStatus}."));
        }
    }
}
