using System.Text;
using System.Text.RegularExpressions;
using CorsKit.Fetch;
using CorsKit.Policy.Infrastructure;

namespace CorsKit.Model;

/// <summary>What Firefox puts in a reason's <c>%2$S</c>.</summary>
internal enum FirefoxArgument
{
    /// <summary>The text has no <c>%2$S</c>.</summary>
    None,
    /// <summary><c>Status code: %2$S.</c>: the response status, or <c>(null)</c> when LogBlockedRequest got no
    /// parameter (CORSDidNotSucceed2 is logged with nullptr; observed in Firefox ESR 153).</summary>
    StatusCode,
    /// <summary>A value from the response or request (the Access-Control-Allow-Origin value, a token, a header name).</summary>
    Value,
}

/// <summary>One entry of Firefox's CORS console catalogue.</summary>
/// <param name="Reason">The security.properties key.</param>
/// <param name="Text">The en-US text, <c>%1$S</c> the URL, <c>%2$S</c> the argument.</param>
/// <param name="Argument">What <c>%2$S</c> holds.</param>
/// <param name="Candidates">Chromium's CorsErrors the reason can stand for, the likeliest first (the mapping back is
/// one-to-many; <see cref="FirefoxConsoleText.Candidates"/> refines the order with the argument).</param>
internal sealed record FirefoxTemplate(FirefoxReason Reason, string Text, FirefoxArgument Argument, IReadOnlyList<ChromiumCorsError> Candidates);

/// <summary>
/// Firefox's console text for a CORS failure, written and read from one table: the CORS section of
/// dom/locales/en-US/chrome/security/security.properties (mozilla/gecko-dev @5f378c92, the same @659e5d3c), filled as
/// netwerk/protocol/http/nsCORSListenerProxy.cpp LogBlockedRequest does (<c>%1$S</c> the channel URI's spec, <c>%2$S</c>
/// the optional parameter). Which reason a failure gets follows CheckRequestApproved (the response check: several
/// Access-Control-Allow-Origin lines, missing, <c>*</c> with credentials, not the origin, credentials) and
/// nsCORSPreflightListener::CheckPreflightRequestApproved (status, methods, headers). A failed preflight is followed
/// by a second line, CORSDidNotSucceed2 with <c>Status code: (null).</c>, for the same URL (observed in Firefox ESR
/// 153 through WebDriver BiDi log.entryAdded; docs/browser-model.md).
/// </summary>
internal static class FirefoxConsoleText
{
    private const string Blocked = "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ";

    /// <summary>Written where the model does not know a value Firefox would print (a status code read from another
    /// browser's message): <c>Status code: N.</c></summary>
    public const string Unknown = "N";

    private static readonly ChromiumCorsError[] AllowOrigin =
    [
        ChromiumCorsError.AllowOriginMismatch, ChromiumCorsError.InvalidAllowOriginValue, ChromiumCorsError.MultipleAllowOriginValues,
        ChromiumCorsError.PreflightAllowOriginMismatch, ChromiumCorsError.PreflightInvalidAllowOriginValue, ChromiumCorsError.PreflightMultipleAllowOriginValues,
    ];

    /// <summary>Every CORS entry of security.properties, verbatim.</summary>
    public static IReadOnlyList<FirefoxTemplate> Templates { get; } =
    [
        new(FirefoxReason.CORSDisabled, Blocked + "%1$S. (Reason: CORS disabled).", FirefoxArgument.None,
            // content.cors.disable: the user switched CORS off; Chromium has no such switch. Nearest: nothing is allowed.
            [ChromiumCorsError.DisallowedByMode]),
        new(FirefoxReason.CORSDidNotSucceed2, Blocked + "%1$S. (Reason: CORS request did not succeed). Status code: %2$S.", FirefoxArgument.StatusCode,
            // Alone, usually a network failure (no CorsError in Chromium, a net:: error instead); after a redirect with
            // user:pass@ or to a non-http scheme, or when the preflight failed below HTTP.
            [ChromiumCorsError.InvalidResponse, ChromiumCorsError.RedirectContainsCredentials, ChromiumCorsError.CorsDisabledScheme]),
        new(FirefoxReason.CORSOriginHeaderNotAdded, Blocked + "%1$S. (Reason: CORS header ‘Origin’ cannot be added).", FirefoxArgument.None,
            // An expanded principal (extensions); no web page meets it.
            [ChromiumCorsError.DisallowedByMode]),
        new(FirefoxReason.CORSExternalRedirectNotAllowed, Blocked + "%1$S. (Reason: CORS request external redirect not allowed).", FirefoxArgument.None,
            [ChromiumCorsError.PreflightDisallowedRedirect]),
        new(FirefoxReason.CORSRequestNotHttp, Blocked + "%1$S. (Reason: CORS request not http).", FirefoxArgument.None,
            [ChromiumCorsError.CorsDisabledScheme]),
        new(FirefoxReason.CORSMissingAllowOrigin2, Blocked + "%1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ missing). Status code: %2$S.", FirefoxArgument.StatusCode,
            [ChromiumCorsError.MissingAllowOriginHeader, ChromiumCorsError.PreflightMissingAllowOriginHeader]),
        new(FirefoxReason.CORSMultipleAllowOriginNotAllowed, Blocked + "%1$S. (Reason: Multiple CORS header ‘Access-Control-Allow-Origin’ not allowed).", FirefoxArgument.None,
            // Counts header lines whatever their values: two `*` lines, or a `*` line with credentials.
            [ChromiumCorsError.MultipleAllowOriginValues, ChromiumCorsError.PreflightMultipleAllowOriginValues, ChromiumCorsError.WildcardOriginNotAllowed, ChromiumCorsError.PreflightWildcardOriginNotAllowed]),
        new(FirefoxReason.CORSAllowOriginNotMatchingOrigin, Blocked + "%1$S. (Reason: CORS header ‘Access-Control-Allow-Origin’ does not match ‘%2$S’).", FirefoxArgument.Value, AllowOrigin),
        new(FirefoxReason.CORSNotSupportingCredentials, "Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at ‘%1$S’. (Reason: Credential is not supported if the CORS header ‘Access-Control-Allow-Origin’ is ‘*’).", FirefoxArgument.None,
            [ChromiumCorsError.WildcardOriginNotAllowed, ChromiumCorsError.PreflightWildcardOriginNotAllowed]),
        new(FirefoxReason.CORSMethodNotFound, Blocked + "%1$S. (Reason: Did not find method in CORS header ‘Access-Control-Allow-Methods’).", FirefoxArgument.None,
            [ChromiumCorsError.MethodDisallowedByPreflightResponse]),
        new(FirefoxReason.CORSMissingAllowCredentials, Blocked + "%1$S. (Reason: expected ‘true’ in CORS header ‘Access-Control-Allow-Credentials’).", FirefoxArgument.None,
            [ChromiumCorsError.InvalidAllowCredentials, ChromiumCorsError.PreflightInvalidAllowCredentials]),
        new(FirefoxReason.CORSPreflightDidNotSucceed3, Blocked + "%1$S. (Reason: CORS preflight response did not succeed). Status code: %2$S.", FirefoxArgument.StatusCode,
            [ChromiumCorsError.PreflightInvalidStatus, ChromiumCorsError.PreflightDisallowedRedirect]),
        new(FirefoxReason.CORSInvalidAllowMethod, Blocked + "%1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Methods’).", FirefoxArgument.Value,
            [ChromiumCorsError.InvalidAllowMethodsPreflightResponse]),
        new(FirefoxReason.CORSInvalidAllowHeader, Blocked + "%1$S. (Reason: invalid token ‘%2$S’ in CORS header ‘Access-Control-Allow-Headers’).", FirefoxArgument.Value,
            [ChromiumCorsError.InvalidAllowHeadersPreflightResponse]),
        new(FirefoxReason.CORSMissingAllowHeaderFromPreflight2, Blocked + "%1$S. (Reason: header ‘%2$S’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response).", FirefoxArgument.Value,
            [ChromiumCorsError.HeaderDisallowedByPreflightResponse]),
        // A warning (the request goes on): Authorization admitted by `*` (network.cors_preflight.authorization_covered_by_wildcard).
        new(FirefoxReason.CORSAllowHeaderFromPreflightDeprecation, "Cross-Origin Request Warning: The Same Origin Policy will disallow reading the remote resource at %1$S soon. (Reason: When the `Access-Control-Allow-Headers` is `*`, the `Authorization` header is not covered. To include the `Authorization` header, it must be explicitly listed in CORS header `Access-Control-Allow-Headers`).", FirefoxArgument.None,
            []),
        // caps.properties, not security.properties: %1$S the page, %2$S the URL it may not load.
        new(FirefoxReason.CheckSameOriginError, "Security Error: Content at %1$S may not load data from %2$S.", FirefoxArgument.Value,
            [ChromiumCorsError.DisallowedByMode]),
    ];

    private static readonly Dictionary<FirefoxReason, FirefoxTemplate> ByReason = Templates.ToDictionary(t => t.Reason);

    /// <summary>The template for <paramref name="reason"/>.</summary>
    public static FirefoxTemplate For(FirefoxReason reason) => ByReason[reason];

    /// <summary>The name of MDN's page for the reason: the key without its version digit (<c>CORSMissingAllowOrigin</c>).</summary>
    public static string MdnName(FirefoxReason reason) => reason.ToString().TrimEnd("0123456789".ToCharArray());

    /// <summary>One console line, as LogBlockedRequest formats it. A null argument prints as Firefox prints a missing
    /// parameter, <c>(null)</c>.</summary>
    public static string Write(FirefoxReason reason, string url, string? argument)
    {
        var template = For(reason);
        var text = template.Text.Replace("%1$S", url, StringComparison.Ordinal);
        return template.Argument == FirefoxArgument.None ? text : text.Replace("%2$S", argument ?? "(null)", StringComparison.Ordinal);
    }

    /// <summary>The lines Firefox logs for the failure the model found (Chromium's <paramref name="code"/>), in order,
    /// joined by a line break.</summary>
    public static string Message(ChromiumCorsError code, string parameter, FailureContext c)
    {
        var lines = new List<string>();
        foreach (var (reason, url, argument) in Lines(code, parameter, c))
        {
            lines.Add(Write(reason, url, argument));
        }

        return string.Join('\n', lines);
    }

    /// <summary>The reasons nsCORSListenerProxy.cpp logs for the failure, each with its URL and argument.</summary>
    internal static IReadOnlyList<(FirefoxReason Reason, string Url, string? Argument)> Lines(ChromiumCorsError code, string parameter, FailureContext c)
    {
        var url = c.LastUrl.AbsoluteUri;
        var status = c.Response?.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Unknown;
        // CheckRequestApproved counts the Access-Control-Allow-Origin lines before it reads the value.
        var headers = c.Response?.Headers ?? [];
        var lines = HeaderValues.Count(headers, "access-control-allow-origin");
        var allowOrigin = HeaderValues.Get(headers, "access-control-allow-origin") ?? parameter;
        var preflight = CorsFailures.IsPreflightError(code) || code == ChromiumCorsError.InvalidResponse;
        // A failed preflight fails the channel it guarded too: a second line, without a parameter (a preflight that
        // failed below HTTP logs that line twice; observed in Firefox ESR 153).
        var tail = (FirefoxReason.CORSDidNotSucceed2, url, (string?)null);
        (FirefoxReason, string, string?) first = code switch
        {
            _ when lines > 1 && IsAllowOriginCheck(code) => (FirefoxReason.CORSMultipleAllowOriginNotAllowed, url, null),
            ChromiumCorsError.MissingAllowOriginHeader or ChromiumCorsError.PreflightMissingAllowOriginHeader => (FirefoxReason.CORSMissingAllowOrigin2, url, status),
            ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed => (FirefoxReason.CORSNotSupportingCredentials, url, null),
            ChromiumCorsError.MultipleAllowOriginValues or ChromiumCorsError.PreflightMultipleAllowOriginValues
                or ChromiumCorsError.InvalidAllowOriginValue or ChromiumCorsError.PreflightInvalidAllowOriginValue
                or ChromiumCorsError.AllowOriginMismatch or ChromiumCorsError.PreflightAllowOriginMismatch => (FirefoxReason.CORSAllowOriginNotMatchingOrigin, url, allowOrigin),
            ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials => (FirefoxReason.CORSMissingAllowCredentials, url, null),
            ChromiumCorsError.PreflightInvalidStatus => (FirefoxReason.CORSPreflightDidNotSucceed3, url, status),
            ChromiumCorsError.PreflightDisallowedRedirect => (FirefoxReason.CORSExternalRedirectNotAllowed, url, null),
            ChromiumCorsError.InvalidAllowMethodsPreflightResponse => (FirefoxReason.CORSInvalidAllowMethod, url, FirstInvalidToken(headers, "access-control-allow-methods", parameter)),
            ChromiumCorsError.InvalidAllowHeadersPreflightResponse => (FirefoxReason.CORSInvalidAllowHeader, url, FirstInvalidToken(headers, "access-control-allow-headers", parameter)),
            ChromiumCorsError.MethodDisallowedByPreflightResponse => (FirefoxReason.CORSMethodNotFound, url, null),
            // Firefox lists the lowercase names (StartCORSPreflight lowercases mPreflightHeaders).
            ChromiumCorsError.HeaderDisallowedByPreflightResponse => (FirefoxReason.CORSMissingAllowHeaderFromPreflight2, url, parameter.ToLowerInvariant()),
            // UpdateChannel/CheckPreflightNeeded: the hop to a non-http URL, then the request itself.
            ChromiumCorsError.CorsDisabledScheme => (FirefoxReason.CORSRequestNotHttp, url, null),
            // CheckLoadURIWithPrincipal refuses it before any CORS check; the page is named by its URL (its origin and
            // "/" here, the page's path not being known).
            ChromiumCorsError.DisallowedByMode => (FirefoxReason.CheckSameOriginError, c.Request.Origin.Serialized + "/", c.Request.Url.AbsoluteUri),
            // Everything else ends the channel without a CORS reason of its own: user:pass@ in a redirect
            // (UpdateChannel returns NS_ERROR_DOM_BAD_URI), a preflight that failed below HTTP, and the Local Network
            // Access and request-mode errors, which have no entry in the catalogue.
            _ => (FirefoxReason.CORSDidNotSucceed2, c.Request.Url.AbsoluteUri, null),
        };

        var result = new List<(FirefoxReason, string, string?)> { first };
        if (code == ChromiumCorsError.PreflightDisallowedRedirect)
        {
            // The preflight listener refuses the redirect, then the preflight counts as failed with its 3xx status.
            result.Add((FirefoxReason.CORSPreflightDidNotSucceed3, url, status));
        }

        if (code == ChromiumCorsError.CorsDisabledScheme && c.Redirected)
        {
            result.Add((FirefoxReason.CORSDidNotSucceed2, c.Request.Url.AbsoluteUri, null));
        }
        else if (preflight && (first.Item1 != FirefoxReason.CORSDidNotSucceed2 || code == ChromiumCorsError.InvalidResponse))
        {
            result.Add(tail);
        }

        return result;
    }

    private static bool IsAllowOriginCheck(ChromiumCorsError code) => code is ChromiumCorsError.MissingAllowOriginHeader or ChromiumCorsError.PreflightMissingAllowOriginHeader
        or ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed
        or ChromiumCorsError.MultipleAllowOriginValues or ChromiumCorsError.PreflightMultipleAllowOriginValues
        or ChromiumCorsError.InvalidAllowOriginValue or ChromiumCorsError.PreflightInvalidAllowOriginValue
        or ChromiumCorsError.AllowOriginMismatch or ChromiumCorsError.PreflightAllowOriginMismatch
        or ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials;

    /// <summary>CheckPreflightRequestApproved names the first element of the comma-split list (whitespace trimmed by
    /// nsCCharSeparatedTokenizer, empty ones skipped) that is not an HTTP token (NS_IsValidHTTPToken).</summary>
    private static string FirstInvalidToken(IReadOnlyList<HttpHeader> headers, string name, string parameter)
    {
        var value = HeaderValues.Get(headers, name) ?? parameter;
        foreach (var part in value.Split(','))
        {
            var token = HttpChars.TrimHttpWhitespace(part);
            if (!token.IsEmpty && !HttpToken.IsToken(token))
            {
                return token.ToString();
            }
        }

        return value;
    }

    /// <summary>Chromium's CorsErrors <paramref name="reason"/> can stand for, likeliest first, refined by what the
    /// line says (<paramref name="argument"/>) and whether a preflight failed (the CORSDidNotSucceed2 line that follows).</summary>
    public static IReadOnlyList<ChromiumCorsError> Candidates(FirefoxReason reason, string? argument, bool preflight)
    {
        IEnumerable<ChromiumCorsError> list = For(reason).Candidates;
        switch (reason)
        {
            case FirefoxReason.CORSAllowOriginNotMatchingOrigin when argument is not null:
                // A comma means several values (Chromium's MultipleAllowOriginValues), a value that is not an origin
                // InvalidAllowOriginValue, anything else a mismatch.
                var first = argument.Contains(',', StringComparison.Ordinal) ? ChromiumCorsError.MultipleAllowOriginValues
                    : Origins.Origin.TryParseSerialized(argument, out _) ? ChromiumCorsError.AllowOriginMismatch : ChromiumCorsError.InvalidAllowOriginValue;
                list = list.OrderBy(c => Plain(c) == first ? 0 : 1);
                break;
            case FirefoxReason.CORSPreflightDidNotSucceed3 when argument is { Length: 3 } && argument[0] == '3':
                list = list.Reverse();
                break;
        }

        // The preflight variant first when the line pair says a preflight failed.
        return [.. list.OrderBy(c => CorsFailures.IsPreflightError(c) == preflight || !HasPreflightTwin(c) ? 0 : 1)];
    }

    private static bool HasPreflightTwin(ChromiumCorsError code) => code is >= ChromiumCorsError.WildcardOriginNotAllowed and <= ChromiumCorsError.InvalidAllowCredentials
        or >= ChromiumCorsError.PreflightWildcardOriginNotAllowed and <= ChromiumCorsError.PreflightInvalidAllowCredentials;

    /// <summary>The non-preflight twin of a preflight CorsError (cors.mojom pairs them in the same order).</summary>
    internal static ChromiumCorsError Plain(ChromiumCorsError code) => code is >= ChromiumCorsError.PreflightWildcardOriginNotAllowed and <= ChromiumCorsError.PreflightInvalidAllowCredentials
        ? code - (ChromiumCorsError.PreflightWildcardOriginNotAllowed - ChromiumCorsError.WildcardOriginNotAllowed)
        : code;

    /// <summary>One Firefox line read back: the reason, the URL (quotes removed), the argument (null when the line has
    /// none or prints <c>(null)</c>).</summary>
    internal sealed record Match(FirefoxReason Reason, string Url, string? Argument, int Start);

    private static readonly (FirefoxTemplate Template, Regex Pattern)[] Patterns = [.. Templates.Select(t => (t, Pattern(t)))];

    /// <summary>The template as a regex. Tolerated, as pasted text has them: ASCII quotes for ‘ ’ (MDN and retyped
    /// lines), a missing <c>Status code</c> sentence (Firefox before the 2/3 keys), the older "preflight channel"
    /// wording, and what DevTools adds after a copied message (<c>[Learn More]</c>, the source).</summary>
    private static Regex Pattern(FirefoxTemplate t)
    {
        var text = t.Text;
        var status = text.EndsWith(" Status code: %2$S.", StringComparison.Ordinal);
        if (status)
        {
            text = text[..^" Status code: %2$S.".Length];
        }

        var sb = new StringBuilder(@"\A");
        var parts = text.Split("%1$S");
        sb.Append(Literal(parts[0])).Append(parts[0].EndsWith('‘') ? "(?<url>.*?)" : "(?<url>\\S*?)");
        var rest = Literal(parts[1]).Replace(Regex.Escape("%2$S"), "(?<arg>.*?)", StringComparison.Ordinal)
            .Replace("preflight\\ response", "preflight\\ (?:response|channel)", StringComparison.Ordinal);
        sb.Append(rest);
        if (status)
        {
            sb.Append(@"(?:\ Status\ code:\ (?<arg>[^ ]*?)\.)?");
        }

        sb.Append(@"(?:\s*\[Learn More\])?\s*\z");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    private static string Literal(string text) => Regex.Escape(text).Replace("‘", "['‘]", StringComparison.Ordinal).Replace("’", "['’]", StringComparison.Ordinal);

    /// <summary>Reads one line; null when it holds no Firefox CORS message. Never throws (a regex timeout on hostile
    /// text counts as no match).</summary>
    public static Match? TryRead(string line)
    {
        var start = line.IndexOf("Cross-Origin Request ", StringComparison.Ordinal);
        if (start < 0)
        {
            start = line.IndexOf("Security Error: Content at ", StringComparison.Ordinal);
        }

        if (start < 0)
        {
            return null;
        }

        try
        {
            var text = line[start..];
            foreach (var (template, pattern) in Patterns)
            {
                var m = pattern.Match(text);
                if (m.Success)
                {
                    var arg = m.Groups["arg"];
                    var argument = !arg.Success || (template.Argument == FirefoxArgument.StatusCode && arg.Value == "(null)") ? null : arg.Value;
                    return new Match(template.Reason, m.Groups["url"].Value, argument, start);
                }
            }

            return null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }
}
