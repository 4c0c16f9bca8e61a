using System.Globalization;
using CorsKit.Fetch;

namespace CorsKit.Model;

/// <summary>What a successful preflight allows (Chromium <c>PreflightResult</c>; Fetch §4.9 step 7).</summary>
/// <param name="Credentials">True when the preflight was for a credentialed request.</param>
/// <param name="Methods">Access-Control-Allow-Methods, case kept.</param>
/// <param name="Headers">Access-Control-Allow-Headers, lowercase.</param>
/// <param name="MaxAge">How long to cache; null or zero → not cached.</param>
internal sealed record PreflightResult(bool Credentials, IReadOnlyList<string> Methods, IReadOnlyList<string> Headers, TimeSpan? MaxAge)
{
    /// <summary>Chromium preflight_result.cc EnsureAllowedCrossOriginMethod (spec-conformant default): the method is
    /// listed (byte-exact), or safelisted, or <c>*</c> is listed and the request is not credentialed.</summary>
    public bool AllowsMethod(string method, bool include)
        => FetchRules.IsCorsSafelistedMethod(method) || Methods.Contains(method, StringComparer.Ordinal) || (!include && Methods.Contains("*"));

    /// <summary>The first request header name this result does not allow, or null. Names are checked in the order
    /// given: Chromium's header-map order for the Chromium profile (<see cref="ChromiumHeaderOrder"/>), else the
    /// sorted lowercase CORS-unsafe set.</summary>
    public string? FirstDisallowedHeader(IEnumerable<string> unsafeNames, bool include, bool starCoversAuthorization)
    {
        var star = !include && Headers.Contains("*");
        foreach (var name in unsafeNames)
        {
            if (Headers.Contains(name, StringComparer.Ordinal))
            {
                continue;
            }

            // Fetch §4.9 step 7.5 says "*" never covers Authorization; every engine lets it (BrowserProfile doc).
            if (star && (name != "authorization" || starCoversAuthorization))
            {
                continue;
            }

            return name;
        }

        return null;
    }
}

/// <summary>Evaluates a preflight response in Chromium's order (preflight_controller.cc, cors.cc CheckPreflightAccess).</summary>
internal static class PreflightEvaluator
{
    /// <summary>A response that the network stack treats as a redirect (net HttpResponseHeaders::IsRedirect): Fetch's
    /// redirect statuses only. A 300 with Location is a final response (IsRedirectResponseCode leaves 300 out; observed:
    /// Chromium 156 and Firefox 153 hand the 300 to the page and never request the Location).</summary>
    public static bool IsRedirect(IncomingResponse response)
        => response.Status is 301 or 302 or 303 or 307 or 308 && HeaderValues.Get(response.Headers, "location") is not null;

    public static (PreflightResult? Result, ChromiumCorsError? Error, string Parameter) Evaluate(
        IncomingResponse response, string serializedOrigin, CredentialsMode credentials, string method,
        IReadOnlyList<string> unsafeNames, BrowserProfile profile, bool skipCorsCheck = false)
    {
        // 1. A redirect is never followed for a preflight (Fetch §4.9 step 5 "redirect mode: error").
        if (IsRedirect(response))
        {
            return (null, ChromiumCorsError.PreflightDisallowedRedirect, "");
        }

        // 2. The CORS check with the actual request's credentials mode, reported with the preflight codes.
        var check = skipCorsCheck ? new CorsCheckResult(true, null, "") : CorsCheck.Check(serializedOrigin, credentials, response.Headers);
        if (!check.Passed)
        {
            return (null, ToPreflightFlavour(check.Error!.Value), check.FailedParameter);
        }

        // 3. An ok status (Fetch §2.2.3: 200-299).
        if (response.Status is < 200 or > 299)
        {
            return (null, ChromiumCorsError.PreflightInvalidStatus, "");
        }

        // 4. Both lists must parse, even when not needed (Fetch §4.9 step 7.1).
        var allowMethods = HeaderValues.Get(response.Headers, "access-control-allow-methods");
        if (!FetchRules.TryParseTokenList(allowMethods, profile, out var methods))
        {
            return (null, ChromiumCorsError.InvalidAllowMethodsPreflightResponse, ""); // Chromium 156 reports no failedParameter
        }

        var allowHeaders = HeaderValues.Get(response.Headers, "access-control-allow-headers");
        if (!FetchRules.TryParseTokenList(allowHeaders, profile, out var headers))
        {
            return (null, ChromiumCorsError.InvalidAllowHeadersPreflightResponse, "");
        }

        var include = credentials == CredentialsMode.Include;
        var result = new PreflightResult(include, methods, [.. headers.Select(h => h.ToLowerInvariant())], MaxAge(response.Headers, profile));

        // 5. The method, then 6. each header (the first offending name in the check order the caller gives:
        // ChromiumHeaderOrder.CheckOrder for Chromium, the sorted set otherwise).
        // A refusal here still carries the parsed result: WebKit caches it anyway (BrowserProfile.CachesRefusedPreflights).
        if (!result.AllowsMethod(method, include))
        {
            return (result, ChromiumCorsError.MethodDisallowedByPreflightResponse, method);
        }

        var header = result.FirstDisallowedHeader(unsafeNames, include, profile.WildcardCoversAuthorization);
        return header is null ? (result, null, "") : (result, ChromiumCorsError.HeaderDisallowedByPreflightResponse, header);
    }

    public static ChromiumCorsError ToPreflightFlavour(ChromiumCorsError error) => error switch
    {
        ChromiumCorsError.WildcardOriginNotAllowed => ChromiumCorsError.PreflightWildcardOriginNotAllowed,
        ChromiumCorsError.MissingAllowOriginHeader => ChromiumCorsError.PreflightMissingAllowOriginHeader,
        ChromiumCorsError.MultipleAllowOriginValues => ChromiumCorsError.PreflightMultipleAllowOriginValues,
        ChromiumCorsError.InvalidAllowOriginValue => ChromiumCorsError.PreflightInvalidAllowOriginValue,
        ChromiumCorsError.AllowOriginMismatch => ChromiumCorsError.PreflightAllowOriginMismatch,
        ChromiumCorsError.InvalidAllowCredentials => ChromiumCorsError.PreflightInvalidAllowCredentials,
        _ => error,
    };

    /// <summary>
    /// How long the result may be cached; null means "do not cache". Chromium preflight_result.cc
    /// ParseAccessControlMaxAge (StringToInt64; failure → default; negative → 0); Firefox nsCORSListenerProxy.cpp
    /// (digits only, else not cached; 0 not cached); WebKit parseInteger (leading '+' accepted). All cap at the
    /// profile's maximum.
    /// </summary>
    internal static TimeSpan? MaxAge(IReadOnlyList<HttpHeader> headers, BrowserProfile profile)
    {
        var value = HeaderValues.Get(headers, "access-control-max-age");
        if (value is null)
        {
            return profile.DefaultPreflightMaxAge;
        }

        long seconds;
        if (profile.UnparseableMaxAgeDisablesCache)
        {
            if (value.Length == 0 || !value.All(char.IsAsciiDigit))
            {
                return null;
            }

            seconds = value.TrimStart('0').Length > 12 ? long.MaxValue : long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        else if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out seconds))
        {
            // Out-of-range digit strings saturate in base::StringToInt64; anything else is a parse failure → default.
            var digits = value.TrimStart('+');
            if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
            {
                seconds = long.MaxValue;
            }
            else
            {
                return profile.DefaultPreflightMaxAge;
            }
        }

        if (seconds <= 0)
        {
            return null;
        }

        var cap = (long)profile.MaxPreflightMaxAge.TotalSeconds;
        return TimeSpan.FromSeconds(Math.Min(seconds, cap));
    }
}

/// <summary>Fetch §4.1 main fetch step 14-15 (CORS-exposed header-name list) and §2.2.6 "CORS filtered response".</summary>
internal static class ResponseFilter
{
    public static IReadOnlyList<string> ReadableHeaders(IncomingResponse response, CredentialsMode credentials, BrowserProfile profile)
    {
        ArgumentNullException.ThrowIfNull(response);
        var exposed = ExposedNames(response.Headers, profile);
        var star = credentials != CredentialsMode.Include && exposed.Contains("*");
        var readable = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var header in response.Headers)
        {
            if (string.IsNullOrEmpty(header.Name))
            {
                continue;
            }

            var name = header.Name.ToLowerInvariant();
            if (FetchRules.IsForbiddenResponseHeaderName(name))
            {
                continue; // Set-Cookie and Set-Cookie2 are never exposed, not even by "*".
            }

            if (star || FetchRules.IsCorsSafelistedResponseHeaderName(name) || exposed.Contains(name))
            {
                readable.Add(name);
            }
        }

        return [.. readable];
    }

    /// <summary>Access-Control-Expose-Headers as a lowercase set; empty when absent or when the list fails to parse
    /// (Fetch "extract header list values" failure; Chromium cors.cc HTTPHeaderNameListParser drops the whole list).
    /// Empty lines and empty elements are skipped: Chromium 156 exposes <c>bb-8</c> for the lines <c>""</c> and
    /// <c>bb-8</c> (observed by tests/CorsKit.BrowserTests; its older WPT expectation recorded the opposite).</summary>
    private static HashSet<string> ExposedNames(IReadOnlyList<HttpHeader> headers, BrowserProfile profile)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (FetchRules.TryParseTokenList(HeaderValues.Get(headers, "access-control-expose-headers"), profile, out var tokens))
        {
            foreach (var token in tokens)
            {
                set.Add(token.ToLowerInvariant());
            }
        }

        return set;
    }
}
