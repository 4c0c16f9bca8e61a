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
        var echo = $"send {allowOrigin}{credentialsPart} with `Vary: Origin` on {which}";
        var status = c.Response?.Status.ToString(CultureInfo.InvariantCulture);

        return code switch
        {
            ChromiumCorsError.MissingAllowOriginHeader or ChromiumCorsError.PreflightMissingAllowOriginHeader =>
                ($"{Capitalise(which)}{(status is null ? "" : $" (status {status})")} has no Access-Control-Allow-Origin header, so the browser hides it from the page at {c.Request.Origin}.",
                 $"On the server, {echo}. Error responses (4xx/5xx) and redirects need the CORS headers too."),
            ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed =>
                ("The request includes credentials (cookies or HTTP auth), and with credentials the wildcard `*` is not accepted as Access-Control-Allow-Origin.",
                 $"Echo the requesting origin instead of `*`: {echo}. Or make the request without credentials."),
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
                 $"Send `Access-Control-Allow-Credentials: true` (lowercase) together with {allowOrigin} and `Vary: Origin` on {which}."),
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
                 $"Add it: `Access-Control-Allow-Methods: {AllowedMethods(c.Response, parameter)}` on the OPTIONS response."),
            ChromiumCorsError.HeaderDisallowedByPreflightResponse =>
                ($"The request sends the header '{parameter}', which the preflight's Access-Control-Allow-Headers does not list{(include ? " (`*` is literal with credentials)" : "")}.",
                 $"Send `Access-Control-Allow-Headers: {JoinOr(c.UnsafeHeaderNames, parameter)}` on the OPTIONS response, or stop sending the header."),
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

    /// <summary>True when <paramref name="code"/> is raised on the preflight's response (cors.mojom: the codes from
    /// kPreflightInvalidStatus to kHeaderDisallowedByPreflightResponse).</summary>
    internal static bool IsPreflightError(ChromiumCorsError code)
        => code is >= ChromiumCorsError.PreflightInvalidStatus and <= ChromiumCorsError.HeaderDisallowedByPreflightResponse;

    private static string Capitalise(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string JoinOr(IReadOnlyList<string> names, string fallback) => names.Count == 0 ? fallback : string.Join(", ", names.Distinct(StringComparer.Ordinal));

    private static string AllowedMethods(IncomingResponse? response, string method)
    {
        var existing = response is null ? null : HeaderValues.Get(response.Headers, "access-control-allow-methods");
        if (existing is null || !FetchRules.TryParseTokenList(existing, BrowserProfile.Chromium, out var tokens) || tokens.Count == 0)
        {
            return method;
        }

        return string.Join(", ", tokens.Append(method).Distinct(StringComparer.Ordinal));
    }
}
