using System.Globalization;
using System.Text;
using CorsKit.Fetch;

namespace CorsKit.Model;

/// <summary>What the message builder needs to know about the failing step.</summary>
internal sealed record FailureContext
{
    public required CorsRequest Request { get; init; }
    public required Uri LastUrl { get; init; }
    public required string Method { get; init; }
    public required string SerializedOrigin { get; init; }
    public IReadOnlyList<string> UnsafeHeaderNames { get; init; } = [];
    public IncomingResponse? Response { get; init; }
    public bool Redirected => !string.Equals(LastUrl.AbsoluteUri, Request.Url.AbsoluteUri, StringComparison.Ordinal);
}

/// <summary>
/// Builds <see cref="CorsFailure"/>: Chromium's console message (third_party/blink/renderer/platform/loader/cors/
/// cors_error_string.cc, the form shipped in Chromium 156), Firefox's and Safari's console text for the same failure
/// (FirefoxConsoleText, WebKitConsoleText), and a fix naming the exact header values.
/// </summary>
internal static class CorsFailures
{
    /// <param name="code">Chromium's CorsError.</param>
    /// <param name="parameter">The failed parameter DevTools reports.</param>
    /// <param name="context">The failing step.</param>
    /// <param name="hint">What the console message names when it is not the failed parameter (the address space for
    /// the Local Network Access errors, which Chromium carries in its own field).</param>
    public static CorsFailure Cors(ChromiumCorsError code, string parameter, FailureContext context, string? hint = null)
    {
        var (explanation, fix) = Advice(code, hint ?? parameter, context);
        return new CorsFailure
        {
            Code = code,
            FailedParameter = parameter,
            ChromiumMessage = ConsoleMessage(code, hint ?? parameter, context),
            FirefoxReason = FirefoxConsoleText.MdnName(FirefoxConsoleText.Lines(code, parameter, context)[0].Reason),
            FirefoxMessage = FirefoxConsoleText.Message(code, parameter, context),
            SafariMessage = WebKitConsoleText.Message(code, parameter, context),
            Explanation = explanation,
            Causes = CorsCauses.For(code),
            Fix = fix,
        };
    }

    /// <summary>A failure that is not a CORS error (transport failure, too many redirects, bad redirect).</summary>
    public static CorsFailure Network(string netError, string explanation, string fix, FailureContext context) => new()
    {
        NetworkError = netError,
        // Chromium logs the failed load as "<METHOD> <url> <net error>"; no CORS line is printed.
        ChromiumMessage = $"{context.Method} {context.LastUrl.AbsoluteUri} {netError}",
        FirefoxReason = FirefoxConsoleText.MdnName(Model.FirefoxReason.CORSDidNotSucceed2),
        // CheckRequestApproved logs a failed channel without a parameter (observed in Firefox ESR 153).
        FirefoxMessage = FirefoxConsoleText.Write(Model.FirefoxReason.CORSDidNotSucceed2, context.LastUrl.AbsoluteUri, null),
        Explanation = explanation,
        Fix = fix,
    };

    /// <summary>The request could not be made at all (fetch() rejects with a TypeError before any I/O).</summary>
    public static CorsFailure Script(string error) => new()
    {
        NetworkError = "TypeError",
        // Constructor errors reject with this TypeError text; a refused scheme logs Blink's console line instead.
        ChromiumMessage = error.StartsWith("Fetch API cannot load", StringComparison.Ordinal) ? error : $"TypeError: Failed to execute 'fetch' on 'Window': {error}",
        FirefoxReason = "TypeError",
        Explanation = $"The browser refuses to make this request: {error}",
        Fix = "Change the script: no request is sent, so no server header can help.",
    };

    /// <summary><c>Access to {kind} at '{lastUrl}' [(redirected from '{initialUrl}') ]from origin '{origin}' has been
    /// blocked by CORS policy: {prefix}{detail}</c> (cors_error_string.cc GetErrorStringForConsoleMessage; the
    /// templates live in <see cref="ChromiumConsoleText"/>, which also reads them back).</summary>
    internal static string ConsoleMessage(ChromiumCorsError code, string parameter, FailureContext context)
        => ChromiumConsoleText.Write(context.Request.Initiator, context.LastUrl.AbsoluteUri, context.Redirected ? context.Request.Url.AbsoluteUri : null,
            context.Request.Origin.Serialized, code, EncodeHint(parameter));

    /// <summary>cors_error_string.cc EncodeHint: non-printable and non-ASCII characters become <c>\uXXXX</c>.</summary>
    internal static string EncodeHint(string hint)
    {
        var sb = new StringBuilder(hint.Length);
        foreach (var c in hint)
        {
            if (c is >= ' ' and < (char)0x7F)
            {
                sb.Append(c);
            }
            else
            {
                sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static (string Explanation, string Fix) Advice(ChromiumCorsError code, string parameter, FailureContext c)
    {
        var origin = c.SerializedOrigin;
        var include = c.Request.Credentials == CredentialsMode.Include;
        // The method is empty when it is not known (a pasted console message names it only for
        // MethodDisallowedByPreflightResponse); the response is null when only the message is known.
        var at = c.Method.Length == 0 ? c.LastUrl.AbsoluteUri : $"{c.Method} {c.LastUrl.AbsoluteUri}";
        var preflight = IsPreflightError(code);
        var which = preflight ? $"the OPTIONS preflight for {at}" : $"the response to {at}";
        var allowOrigin = origin == "null"
            ? "`Access-Control-Allow-Origin: null` (the request's origin is opaque or was tainted to null by a cross-origin redirect)"
            : $"`Access-Control-Allow-Origin: {origin}`";
        var credentialsPart = include ? " and `Access-Control-Allow-Credentials: true`" : "";
        // With credentials the allowed origin must come from an exact list: a server that echoes every Origin lets any
        // site read the response as the user (audit: origin-reflected, critical).
        var exactly = include ? " for origins on an exact allow-list only (never echo every Origin back)" : "";
        var echo = $"send {allowOrigin}{credentialsPart} with `Vary: Origin` on {which}{exactly}";
        var status = c.Response?.Status.ToString(CultureInfo.InvariantCulture);

        var (explanation, fix) = AdviceFor(code, parameter, c, which, allowOrigin, echo, status);
        // 'null' is never worth allowing by name (audit: null-origin-allowed, critical with credentials): every
        // sandboxed iframe, data: URL and file:// page sends it, so the browser's refusal is right.
        return origin == "null" && IsOriginCheckError(code) ? (explanation, NullOriginFix(c, which, include)) : (explanation, fix);
    }

    private static bool IsOriginCheckError(ChromiumCorsError code) => code is ChromiumCorsError.MissingAllowOriginHeader or ChromiumCorsError.PreflightMissingAllowOriginHeader
        or ChromiumCorsError.AllowOriginMismatch or ChromiumCorsError.PreflightAllowOriginMismatch
        or ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed
        or ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials
        or ChromiumCorsError.MultipleAllowOriginValues or ChromiumCorsError.PreflightMultipleAllowOriginValues
        or ChromiumCorsError.InvalidAllowOriginValue or ChromiumCorsError.PreflightInvalidAllowOriginValue;

    private static string NullOriginFix(FailureContext c, string which, bool include)
    {
        var instead = c.Redirected && !c.Request.Origin.IsOpaque
            ? $"have the page call the final URL {c.LastUrl.AbsoluteUri} directly: the cross-origin redirect from {c.Request.Url.GetLeftPart(UriPartial.Authority)} is what turned the request's origin into 'null'"
            : "serve the page from a real https origin (not a sandboxed iframe, data: URL or file://) and allow that exact origin";
        return include
            ? $"Do not allow the origin 'null' with credentials: every sandboxed iframe, data: URL and file:// page sends `Origin: null`, so any site could then read {which} with the user's cookies; the browser is right to refuse. Instead, {instead}. Or, if the data is public, make the request without credentials and send `Access-Control-Allow-Origin: *`."
            : $"Do not allow the origin 'null' by name: every sandboxed iframe, data: URL and file:// page sends it. Better, {instead}. If the data is public, `Access-Control-Allow-Origin: *` on {which} also works (no credentials are involved).";
    }

    private static (string Explanation, string Fix) AdviceFor(ChromiumCorsError code, string parameter, FailureContext c, string which, string allowOrigin, string echo, string? status)
    {
        var origin = c.SerializedOrigin;
        var include = c.Request.Credentials == CredentialsMode.Include;
        return code switch
        {
            ChromiumCorsError.MissingAllowOriginHeader or ChromiumCorsError.PreflightMissingAllowOriginHeader =>
                ($"{Capitalise(which)}{(status is null ? "" : $" (status {status})")} has no Access-Control-Allow-Origin header, so the browser hides it from the page at {c.Request.Origin}.",
                 $"On the server, {echo}. Error responses (4xx/5xx) and redirects need the CORS headers too."),
            ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed =>
                ("The request includes credentials (cookies or HTTP auth), and with credentials the wildcard `*` is not accepted as Access-Control-Allow-Origin.",
                 $"List the exact origins allowed and, only when the request's Origin is one of them, send {allowOrigin}{(include ? " and `Access-Control-Allow-Credentials: true`" : "")} with `Vary: Origin` on {which} instead of `*`. Do not echo every Origin back: with credentials any site could then read the response as the user. Or, if the data is public, make the request without credentials and keep `*`."),
            ChromiumCorsError.MultipleAllowOriginValues or ChromiumCorsError.PreflightMultipleAllowOriginValues =>
                ($"Access-Control-Allow-Origin arrived as '{parameter}': several values or several header lines (often a proxy and the app both add it). Only one origin is allowed.",
                 $"Send the header once, with one value: {echo}. Remove the duplicate from the proxy or the app."),
            ChromiumCorsError.InvalidAllowOriginValue or ChromiumCorsError.PreflightInvalidAllowOriginValue =>
                ($"Access-Control-Allow-Origin is '{parameter}', which is not an origin.",
                 $"Send the exact serialized origin (scheme://host[:port], no path, no trailing slash): {echo}."),
            ChromiumCorsError.AllowOriginMismatch or ChromiumCorsError.PreflightAllowOriginMismatch =>
                ($"Access-Control-Allow-Origin is '{parameter}' but the request's origin is '{origin}'; the browser compares them byte for byte (case, trailing slash and default port all matter).",
                 $"Echo the request's Origin exactly: {echo}."),
            ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials =>
                ($"The request includes credentials, and Access-Control-Allow-Credentials is '{parameter}' instead of exactly `true`.",
                 $"Send `Access-Control-Allow-Credentials: true` (lowercase) together with {allowOrigin} and `Vary: Origin` on {which}, for origins on an exact allow-list only: if the server echoes every Origin back, adding credentials lets any site read the response as the user."),
            ChromiumCorsError.PreflightInvalidStatus =>
                ($"The preflight (OPTIONS {c.LastUrl.AbsoluteUri}) was answered with {(status is null ? "a status outside 200-299" : $"status {status}")}; a preflight must get a 2xx status.",
                 $"Answer OPTIONS {c.LastUrl.AbsoluteUri} with `204 No Content` before authentication or routing rejects it, and {echo}."),
            ChromiumCorsError.PreflightDisallowedRedirect =>
                ($"The preflight (OPTIONS {c.LastUrl.AbsoluteUri}) was redirected{(status is null ? "" : $" (status {status})")}; browsers never follow redirects for a preflight.",
                 $"Answer OPTIONS at this exact URL (no redirect to HTTPS, to a trailing slash or to a login page), or point the script at the final URL."),
            ChromiumCorsError.InvalidAllowMethodsPreflightResponse =>
                ($"Access-Control-Allow-Methods is '{parameter}', which is not a comma-separated list of method names, so the whole preflight fails.",
                 $"Send a valid list, e.g. `Access-Control-Allow-Methods: {(c.Method.Length == 0 ? "PUT, DELETE" : c.Method)}`."),
            ChromiumCorsError.InvalidAllowHeadersPreflightResponse =>
                ($"Access-Control-Allow-Headers is '{parameter}', which is not a comma-separated list of header names, so the whole preflight fails.",
                 $"Send a valid list, e.g. `Access-Control-Allow-Headers: {JoinOr(c.UnsafeHeaderNames, "x-example")}`."),
            ChromiumCorsError.MethodDisallowedByPreflightResponse =>
                ($"The preflight did not list the method {parameter} in Access-Control-Allow-Methods (method names are case-sensitive{(include ? "; `*` is literal with credentials" : "")}).",
                 $"Add `{parameter}` to Access-Control-Allow-Methods on the OPTIONS response{Keep(Listed(c.Response, "access-control-allow-methods"))}: `Access-Control-Allow-Methods: {Amend(Listed(c.Response, "access-control-allow-methods"), [parameter], methods: true)}`."),
            ChromiumCorsError.HeaderDisallowedByPreflightResponse =>
                ($"The request sends the header '{parameter}', which the preflight's Access-Control-Allow-Headers does not list{(include ? " (`*` is literal with credentials)" : "")}.",
                 $"Add {Names(Missing(c, parameter))} to Access-Control-Allow-Headers on the OPTIONS response{Keep(Listed(c.Response, "access-control-allow-headers"))}: `Access-Control-Allow-Headers: {Amend(Listed(c.Response, "access-control-allow-headers"), Missing(c, parameter))}`. Or stop sending the header."),
            ChromiumCorsError.RedirectContainsCredentials =>
                ("A redirect's Location contains user:password@, which browsers refuse for cross-origin requests.",
                 "Remove the userinfo from the Location header; send credentials another way."),
            ChromiumCorsError.InsecureLocalNetwork =>
                ($"{c.LastUrl.Host} is in the `{parameter}` address space, more private than the page at {c.Request.Origin}, and a page that is not a secure context may not reach it at all (Local Network Access: only https pages can ask the user). Nothing was sent to it.",
                 $"Serve the page over https, or {(c.Redirected ? $"do not redirect from {c.Request.Url.GetLeftPart(UriPartial.Authority)} into the `{parameter}` address space" : "serve the API from the page's address space")}."),
            ChromiumCorsError.LocalNetworkAccessPermissionDenied =>
                ($"{c.LastUrl.Host} is in the `{parameter}` address space, more private than the page at {c.Request.Origin}{(c.Redirected ? " and the URL it asked for" : "")} may reach without the user's permission (Local Network Access): the browser asks first, and the request fails when the user declines. Nothing was sent to it.",
                 c.Redirected
                    ? $"Do not redirect from {c.Request.Url.GetLeftPart(UriPartial.Authority)} into the `{parameter}` address space; have the page call a URL it may reach directly."
                    : "Serve the API from the same address space as the page, or have the user grant the Local Network Access permission."),
            ChromiumCorsError.CorsDisabledScheme =>
                ($"The request to {c.LastUrl} uses a scheme the browser never makes cross-origin requests with (only http and https reach a server; a page opened from file:// has the origin 'null').",
                 "Serve the page and the API over http(s) (a local web server instead of file://), and redirect only to http(s) URLs."),
            ChromiumCorsError.DisallowedByMode =>
                ("The script asked for a request mode that forbids cross-origin requests (mode: 'same-origin'), so nothing was sent.",
                 "Change the script: use the default mode 'cors' for a cross-origin URL; no server header can help."),
            ChromiumCorsError.InvalidResponse =>
                ("The preflight failed below HTTP (a network error instead of a response), so the browser had nothing to check.",
                 $"Make OPTIONS {c.LastUrl} answer at all (server up, TLS valid, no connection reset), then run the check again."),
            ChromiumCorsError.InvalidLocalNetworkAccess =>
                ($"The script declared a target address space (fetch's targetAddressSpace) that is not the one {c.LastUrl.Host} is in (`{parameter}`).",
                 "Declare the address space the server is really in, or drop targetAddressSpace."),
            _ => ($"Chromium reports {code}.", "See docs/browser-model.md."),
        };
    }

    /// <summary>
    /// The failure a denied preflight really is, once the caller's extra probes (never sent by a browser) named what
    /// the server refuses. The server already allows the origin, so the fix amends the allowed headers or methods and
    /// keeps what they list now; when even the barest preflight is refused, the origin advice stands.
    /// </summary>
    internal static CorsFailure Refused(CorsFailure failure, PreflightRefusal r, string origin, string method)
    {
        var said = string.IsNullOrWhiteSpace(r.Body) ? "" : $" Its body says: \"{EncodeHint(r.Body.Trim())}\".";
        var how = failure.Code == ChromiumCorsError.PreflightMissingAllowOriginHeader
            ? " and no CORS header, so the browser can only report a missing Access-Control-Allow-Origin"
            : ", and a preflight fails on any status outside 200-299 whatever its CORS headers say";
        var denied = $"The server answered the preflight (OPTIONS {r.Url.AbsoluteUri}) with status {r.Status.ToString(CultureInfo.InvariantCulture)}{how}.{said}";
        if (r.OriginRefused)
        {
            return failure with
            {
                Explanation = $"{denied} CorsKit's extra probes (not sent by a browser) show that even a preflight for GET without request headers is refused: the origin {origin} is not allowed, or OPTIONS never reaches the CORS handler.",
            };
        }

        if (!r.Pinned)
        {
            return failure with
            {
                Explanation = $"{denied} CorsKit's extra probes (not sent by a browser) passed with fewer headers and with a safelisted method one at a time, so the server refuses this combination, not one name.",
            };
        }

        var refused = new List<string>();
        var fixes = new List<string>();
        if (r.RefusedMethod is { } m)
        {
            refused.Add($"the method `{m}`");
            var now = r.AllowedMethods.Where(x => x != "*").ToList();
            fixes.Add($"add `{m}` to the allowed methods (Access-Control-Allow-Methods){Keep(now)}, so the preflight answers `Access-Control-Allow-Methods: {Amend(now, [m], methods: true)}`");
        }

        if (r.RefusedHeaders.Count > 0)
        {
            refused.Add($"the request header{(r.RefusedHeaders.Count > 1 ? "s" : "")} {Names(r.RefusedHeaders)}");
            var now = r.AllowedHeaders.Where(x => x != "*").ToList();
            fixes.Add($"add {Names(r.RefusedHeaders)} to the allowed request headers (Access-Control-Allow-Headers){Keep(now)}, so the preflight answers `Access-Control-Allow-Headers: {Amend(now, r.RefusedHeaders)}`");
        }

        var code = r.RefusedMethod is not null && r.RefusedHeaders.Count == 0 ? ChromiumCorsError.MethodDisallowedByPreflightResponse : ChromiumCorsError.HeaderDisallowedByPreflightResponse;
        return failure with
        {
            Explanation = $"{denied} The server does allow the origin {origin}: CorsKit's extra probes (not sent by a browser) show it refuses {string.Join(" and ", refused)} of this {method} request.",
            Causes = CorsCauses.For(code),
            Fix = $"In the server's CORS configuration, {string.Join("; ", fixes)}. Or stop sending {(r.RefusedHeaders.Count > 0 ? "the header" : "the method")} from the page. The origin is already allowed: do not add a second Access-Control-Allow-Origin.",
        };
    }

    /// <summary>True when <paramref name="code"/> is raised on the preflight's response (cors.mojom: the codes from
    /// kPreflightInvalidStatus to kHeaderDisallowedByPreflightResponse).</summary>
    internal static bool IsPreflightError(ChromiumCorsError code)
        => code is >= ChromiumCorsError.PreflightInvalidStatus and <= ChromiumCorsError.HeaderDisallowedByPreflightResponse;

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string JoinOr(IReadOnlyList<string> names, string fallback) => names.Count == 0 ? fallback : string.Join(", ", names.Distinct(StringComparer.Ordinal));

    /// <summary>The names a response's list header carries now (Fetch §3.2.3 token list; nothing when it does not parse).</summary>
    private static IReadOnlyList<string> Listed(IncomingResponse? response, string name)
    {
        var existing = response is null ? null : HeaderValues.Get(response.Headers, name);
        return existing is not null && FetchRules.TryParseTokenList(existing, BrowserProfile.Chromium, out var tokens) ? tokens : [];
    }

    /// <summary>The request's CORS-unsafe names the preflight's Access-Control-Allow-Headers does not list (names are
    /// case-insensitive), at least the failed one.</summary>
    private static IReadOnlyList<string> Missing(FailureContext c, string failed)
    {
        var listed = Listed(c.Response, "access-control-allow-headers");
        var missing = c.UnsafeHeaderNames.Where(n => !listed.Contains(n, StringComparer.OrdinalIgnoreCase)).ToList();
        return missing.Count == 0 ? [failed] : missing;
    }

    /// <summary>What the server lists now, with <paramref name="added"/> appended: a change, not a replacement. Header
    /// names compare case-insensitively, method names byte for byte (Fetch §4.9 step 7.4: `patch` is not `PATCH`).</summary>
    private static string Amend(IReadOnlyList<string> now, IReadOnlyList<string> added, bool methods = false)
        => string.Join(", ", now.Concat(added).Distinct(methods ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase));

    private static string Keep(IReadOnlyList<string> now)
        => now.Count == 0 ? "" : $"; keep {string.Join(", ", now.Select(n => $"`{n}`"))}";

    private static string Names(IReadOnlyList<string> names) => string.Join(", ", names.Select(n => $"`{n}`"));
}
