using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using CorsKit.Policy.Infrastructure;

namespace CorsKit.Policy;

/// <summary>
/// A validated CORS policy compiled into an immutable object: every header value is precomputed and origins are
/// looked up through a hash set and a label trie, so evaluating a request takes time proportional to its headers'
/// length and allocates nothing. Build one with <see cref="Build(CorsPolicyOptions)"/>.
/// </summary>
public sealed class CorsPolicy
{
    private const string VaryActual = "Origin";

    /// <summary>The <c>Vary</c> value of actual requests under an origin-dependent policy (one shared instance).</summary>
    public static string VaryOrigin => VaryActual;
    private const string VaryPreflight = "Origin, Access-Control-Request-Method, Access-Control-Request-Headers";
    private const string VaryPreflightPna = VaryPreflight + ", Access-Control-Request-Private-Network";
    private const string SafelistedMethods = "GET, HEAD, POST";

    private readonly OriginMatcher _origins;
    private readonly FrozenSet<string> _methods;
    private readonly bool _anyMethod;
    private readonly RequestHeaderSet _headers;
    private readonly string[] _listedMethods;
    private readonly string _denialMethods;
    private readonly string? _listedHeaders;
    private readonly string? _exposeHeaders;
    private readonly string? _maxAge;
    private readonly string? _varyActual;
    private readonly string _varyPreflight;

    private CorsPolicy(CorsPolicyOptions options, PolicyCompiler c)
    {
        Options = options;
        Warnings = c.Warnings;
        _origins = new OriginMatcher(c.Origins);
        AllowsAnyOrigin = c.AnyOrigin;
        _methods = c.Methods.ToFrozenSet(StringComparer.Ordinal);
        _anyMethod = c.AnyMethod;
        _headers = new RequestHeaderSet(c.RequestHeaders, c.AnyRequestHeader);
        // The lists an explained denial sends (see CorsResult.IsExplainedDenial): the names the policy lists, never
        // '*'. With no method listed, the methods the policy allows are the CORS-safelisted ones (Fetch §2.2.1).
        _listedMethods = [.. c.Methods];
        _denialMethods = c.Methods.Count == 0 ? SafelistedMethods : string.Join(", ", c.Methods);
        _listedHeaders = c.RequestHeaders.Count == 0 ? null : string.Join(", ", c.RequestHeaders);
        _exposeHeaders = c.ExposeHeaders.Count == 0 ? null : string.Join(", ", c.ExposeHeaders);
        _maxAge = options.MaxAge?.ToString(CultureInfo.InvariantCulture);
        // With '*' the response is the same for every origin (and for none), so it need not vary (RFC 9110 §12.5.5).
        _varyActual = AllowsAnyOrigin ? null : VaryActual;
        _varyPreflight = options.PrivateNetwork ? VaryPreflightPna : VaryPreflight;
        OriginCount = c.Origins.Count;
        // Copied out of the (init-only) options so the request path reads one field, not two.
        AllowsCredentials = options.Credentials;
        IsReportOnly = options.ReportOnly;
        PreflightSuccessStatus = options.PreflightSuccessStatus;
    }

    /// <summary>The options this policy was built from (a round trip: <c>Build(p.Options)</c> builds the same policy).</summary>
    public CorsPolicyOptions Options { get; }

    /// <summary>Warnings found while building (settings that work but deserve attention).</summary>
    public IReadOnlyList<CorsPolicyError> Warnings { get; }

    /// <summary>True when the policy allows any origin (<c>*</c>).</summary>
    public bool AllowsAnyOrigin { get; }

    /// <summary>True when credentialed requests are allowed.</summary>
    public bool AllowsCredentials { get; }

    /// <summary>True in report-only mode: evaluate and report, enforce nothing.</summary>
    public bool IsReportOnly { get; }

    /// <summary>True when responses depend on the request's <c>Origin</c> and so must carry <c>Vary: Origin</c>.</summary>
    public bool VariesByOrigin => _varyActual is not null;

    /// <summary>The <c>Vary</c> value of every preflight response, allowed or denied (one shared instance).</summary>
    internal string PreflightVary => _varyPreflight;

    /// <summary>Status of a successful preflight response.</summary>
    public int PreflightSuccessStatus { get; }

    /// <summary>Number of origin entries (exact origins and patterns).</summary>
    public int OriginCount { get; }

    /// <summary>Validates and compiles <paramref name="options"/>. Throws <see cref="CorsPolicyValidationException"/>
    /// listing every error.</summary>
    public static CorsPolicy Build(CorsPolicyOptions options) =>
        TryBuild(options, out var policy, out var errors) ? policy : throw new CorsPolicyValidationException(errors);

    /// <summary>Validates and compiles <paramref name="options"/>; on failure <paramref name="errors"/> lists every error.</summary>
    public static bool TryBuild(CorsPolicyOptions options, [NotNullWhen(true)] out CorsPolicy? policy, out IReadOnlyList<CorsPolicyError> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        var compiler = new PolicyCompiler(options);
        errors = compiler.Errors;
        policy = errors.Count == 0 ? new CorsPolicy(options, compiler) : null;
        return policy is not null;
    }

    /// <summary>Every error in <paramref name="options"/> (empty when it is valid).</summary>
    public static IReadOnlyList<CorsPolicyError> Validate(CorsPolicyOptions options) => new PolicyCompiler(options).Errors;

    /// <summary>Reads and builds a policy file (see docs/policy.md). Throws <see cref="CorsPolicyValidationException"/>.</summary>
    public static CorsPolicy FromJson(string json) => Build(CorsPolicyOptions.FromJson(json));

    /// <summary>True when a request from <paramref name="origin"/> (an <c>Origin</c> header value) is allowed.</summary>
    public bool IsOriginAllowed(string? origin) =>
        origin is not null && (AllowsAnyOrigin || _origins.IsAllowed(origin));

    /// <summary>Evaluates a request that is not a preflight (Fetch §4.9 "CORS check" is what the browser will apply).</summary>
    /// <param name="origin">The <c>Origin</c> header value, or null when absent.</param>
    public CorsResult EvaluateActual(string? origin)
    {
        if (origin is null)
        {
            // With '*' the headers are sent regardless of Origin, so that shared caches hold one correct response
            // (whatwg/fetch#1601); otherwise nothing but Vary.
            return AllowsAnyOrigin
                ? new CorsResult(CorsRequestKind.NotCors, CorsRejection.None, "*", false, null, false, _exposeHeaders, null, false, null, null)
                : new CorsResult(CorsRequestKind.NotCors, CorsRejection.None, null, false, null, false, null, null, false, _varyActual, null);
        }
        return IsOriginAllowed(origin) ? AllowActualOrigin(origin) : DenyActualOrigin(origin);
    }

    /// <summary>The result of an actual request whose origin is known to be allowed.</summary>
    internal CorsResult AllowActualOrigin(string origin) =>
        new(CorsRequestKind.Actual, CorsRejection.None, AllowsAnyOrigin ? "*" : origin, AllowsCredentials,
            null, false, _exposeHeaders, null, false, _varyActual, null);

    /// <summary>The result of an actual request whose origin is not allowed (only <c>Vary: Origin</c> is sent).</summary>
    internal CorsResult DenyActualOrigin(string origin) =>
        new(CorsRequestKind.Actual, CorsRejection.OriginNotAllowed, null, false, null, false, null, null, false, _varyActual, origin);

    /// <summary>Evaluates a preflight with one <c>Access-Control-Request-Headers</c> line (or none).</summary>
    public CorsResult EvaluatePreflight(string origin, string requestMethod, string? requestHeaders, string? requestPrivateNetwork = null) =>
        EvaluatePreflight(origin, requestMethod, new ReadOnlySpan<string?>(in requestHeaders), requestPrivateNetwork);

    /// <summary>
    /// Evaluates a preflight (Fetch §4.8 "CORS-preflight fetch"): the origin, then private network access, then the
    /// requested method, then the requested headers (all lines read as one list), each validated by the server
    /// rather than left to the browser. On success the result echoes only what was asked for.
    /// </summary>
    /// <param name="origin">The <c>Origin</c> header value.</param>
    /// <param name="requestMethod">The <c>Access-Control-Request-Method</c> value.</param>
    /// <param name="requestHeaders">Every <c>Access-Control-Request-Headers</c> line (possibly none).</param>
    /// <param name="requestPrivateNetwork">The <c>Access-Control-Request-Private-Network</c> value, or null.</param>
    public CorsResult EvaluatePreflight(string origin, string requestMethod, ReadOnlySpan<string?> requestHeaders, string? requestPrivateNetwork = null)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(requestMethod);
        if (!IsOriginAllowed(origin))
        {
            return Denied(CorsRejection.OriginNotAllowed, origin);
        }
        return EvaluateAllowedOriginPreflight(origin, requestMethod, requestHeaders, requestPrivateNetwork);
    }

    /// <summary>The result of a preflight whose origin is not allowed.</summary>
    internal CorsResult DenyPreflightOrigin(string origin) => Denied(CorsRejection.OriginNotAllowed, origin);

    /// <summary>The rest of <see cref="EvaluatePreflight(string, string, ReadOnlySpan{string?}, string?)"/> once the
    /// origin is known to be allowed (the middleware checks it first so a denied preflight reads no other header).</summary>
    internal CorsResult EvaluateAllowedOriginPreflight(string origin, string requestMethod, ReadOnlySpan<string?> requestHeaders, string? requestPrivateNetwork)
    {
        var privateNetwork = string.Equals(requestPrivateNetwork, "true", StringComparison.OrdinalIgnoreCase);
        if (privateNetwork && !Options.PrivateNetwork)
        {
            return Denied(CorsRejection.PrivateNetworkNotAllowed, requestPrivateNetwork);
        }
        if (!IsMethodAllowed(requestMethod))
        {
            return ExplainedDenial(CorsRejection.MethodNotAllowed,
                requestMethod.Length > CorsLimits.MaxMethodLength ? requestMethod[..CorsLimits.MaxMethodLength] + "…" : requestMethod,
                origin, MethodsDenying(requestMethod), _listedHeaders, privateNetwork);
        }
        var check = _headers.Check(requestHeaders, out var line, out var range);
        switch (check)
        {
            case HeaderCheck.NotAllowed:
                return ExplainedDenial(CorsRejection.HeaderNotAllowed, requestHeaders[line]![range], origin,
                    MethodsAllowing(requestMethod), _headers.HasWildcard ? _headers.NamesGranted(_listedHeaders, requestHeaders) : _listedHeaders,
                    privateNetwork);
            case HeaderCheck.Malformed:
                return Denied(CorsRejection.MalformedRequestHeaders, requestHeaders[line]![range]);
            case HeaderCheck.TooLarge:
                return Denied(CorsRejection.RequestHeadersTooLarge, null);
        }
        return new CorsResult(CorsRequestKind.Preflight, CorsRejection.None, AllowsAnyOrigin ? "*" : origin, AllowsCredentials,
            requestMethod, check == HeaderCheck.Allowed, null, _maxAge, privateNetwork, _varyPreflight, null);
    }

    private CorsResult Denied(CorsRejection why, string? value) =>
        new(CorsRequestKind.Preflight, why, null, false, null, false, null, null, false, _varyPreflight, value);

    /// <summary>
    /// A preflight from an allowed origin denied for its method or a header: the origin and credentials the policy
    /// grants, and its own lists, so the browser's check (Fetch §4.8 steps 7.5–7.7) fails on the same method or
    /// header and names it. No max-age (a failed check caches nothing, and nothing here should be cached for longer
    /// than the default); private network access only when it was asked for and the policy allows it, so that check
    /// passes and the browser reaches the method and header checks.
    /// </summary>
    private CorsResult ExplainedDenial(CorsRejection why, string value, string origin, string methods, string? headers, bool privateNetwork) =>
        new(CorsRequestKind.Preflight, why, AllowsAnyOrigin ? "*" : origin, AllowsCredentials, methods, false, null, null,
            privateNetwork, _varyPreflight, value, headers);

    /// <summary>
    /// The method list sent when <paramref name="requestMethod"/> was denied: the listed methods, less any that
    /// equals it ignoring case. Chromium compares the upper-cased request method while the policy (like Fetch §4.8
    /// step 7.5) compares exactly (crbug.com/1228178), so a listed <c>PATCH</c> sent back to a denied <c>patch</c>
    /// would let Chromium through where the policy said no.
    /// </summary>
    private string MethodsDenying(string requestMethod)
    {
        List<string>? kept = null;
        for (var i = 0; i < _listedMethods.Length; i++)
        {
            if (_listedMethods[i].Equals(requestMethod, StringComparison.OrdinalIgnoreCase))
            {
                kept ??= [.. _listedMethods[..i]];
            }
            else
            {
                kept?.Add(_listedMethods[i]);
            }
        }
        return kept is null ? _denialMethods : kept.Count == 0 ? SafelistedMethods : string.Join(", ", kept);
    }

    /// <summary>The method list sent when a header was denied: the policy's list, plus the requested method when only
    /// '*' covers it, so the browser passes the method check (the server allowed the method) and reaches the header.</summary>
    private string MethodsAllowing(string requestMethod) =>
        requestMethod is "GET" or "HEAD" or "POST" || Array.IndexOf(_listedMethods, requestMethod) >= 0 ? _denialMethods
        : _denialMethods + ", " + requestMethod;

    private bool IsMethodAllowed(string method)
    {
        if (method.Length > CorsLimits.MaxMethodLength)
        {
            return false;
        }
        // Fetch §4.8 step 7.5: a CORS-safelisted method (byte-exact GET, HEAD, POST) never needs to be listed. Listed
        // methods are validated tokens, so only an unlisted method needs the token check before '*' may cover it.
        return method is "GET" or "HEAD" or "POST" || _methods.Contains(method)
            || (_anyMethod && HttpToken.IsToken(method) && !IsForbidden(method));

        static bool IsForbidden(string m) =>
            m.Equals("CONNECT", StringComparison.OrdinalIgnoreCase) || m.Equals("TRACE", StringComparison.OrdinalIgnoreCase)
            || m.Equals("TRACK", StringComparison.OrdinalIgnoreCase);
    }
}
