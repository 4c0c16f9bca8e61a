using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace CorsKit.Model;

/// <summary>One WebKit detail message: its text with <c>{origin}</c>, <c>{status}</c>, <c>{value}</c>, <c>{url}</c>
/// placeholders, and Chromium's CorsErrors it can stand for, likeliest first.</summary>
internal sealed record WebKitTemplate(WebKitMessage Kind, string Text, IReadOnlyList<ChromiumCorsError> Candidates);

/// <summary>
/// WebKit's console text for a CORS failure, written and read from one table. Sources (WebKit/WebKit @00f03c1f):
/// Source/WebCore/loader/CrossOriginAccessControl.cpp (passesAccessControlCheck, validatePreflightResponse),
/// Source/WebCore/loader/CrossOriginPreflightResultCache.cpp (CrossOriginPreflightResultCacheItem::create,
/// validateMethodAndHeaders), Source/WebKit/NetworkProcess/NetworkLoadChecker.cpp (checkRedirection,
/// continueCheckingRequest), Source/WebCore/loader/ThreadableLoader.cpp (logError: the request line). Observed in
/// WebKitGTK 2.50 (MiniBrowser --enable-write-console-messages-to-stdout): every failure logs the detail as a security
/// error, then <c>Fetch API cannot load {url} due to access control checks.</c> (<c>XMLHttpRequest cannot load …</c>)
/// naming the failing URL (the script's, or after redirects the hop that failed); Safari's Web Inspector adds <c>Failed to load resource: {detail}</c> and its
/// copy prefixes each line with <c>[Error]</c>.
/// </summary>
internal static class WebKitConsoleText
{
    private const string RedirectPrefix = "Cross-origin redirection to {url} denied by Cross-Origin Resource Sharing policy: ";

    private static readonly ChromiumCorsError[] NotAllowed =
    [
        ChromiumCorsError.MissingAllowOriginHeader, ChromiumCorsError.AllowOriginMismatch, ChromiumCorsError.InvalidAllowOriginValue,
        ChromiumCorsError.PreflightMissingAllowOriginHeader, ChromiumCorsError.PreflightAllowOriginMismatch, ChromiumCorsError.PreflightInvalidAllowOriginValue,
    ];

    /// <summary>Every message, in the order WebKit checks (status, origin, credentials, lists, method, headers).</summary>
    public static IReadOnlyList<WebKitTemplate> Templates { get; } =
    [
        new(WebKitMessage.OriginNotAllowed, "Origin {origin} is not allowed by Access-Control-Allow-Origin. Status code: {status}", NotAllowed),
        new(WebKitMessage.WildcardWithCredentials, "Cannot use wildcard in Access-Control-Allow-Origin when credentials flag is true.",
            [ChromiumCorsError.WildcardOriginNotAllowed, ChromiumCorsError.PreflightWildcardOriginNotAllowed]),
        new(WebKitMessage.MultipleOrigins, "Access-Control-Allow-Origin cannot contain more than one origin.",
            [ChromiumCorsError.MultipleAllowOriginValues, ChromiumCorsError.PreflightMultipleAllowOriginValues]),
        new(WebKitMessage.CredentialsNotTrue, "Credentials flag is true, but Access-Control-Allow-Credentials is not \"true\".",
            [ChromiumCorsError.InvalidAllowCredentials, ChromiumCorsError.PreflightInvalidAllowCredentials]),
        // WebKit looks at the status before the headers; Chromium at the headers first. A refused preflight mostly comes
        // from a layer that adds no CORS headers (an auth filter, a CORS middleware denying it), which Chromium reports
        // as a missing Access-Control-Allow-Origin: that candidate first, then the status itself.
        new(WebKitMessage.PreflightNotSuccessful, "Preflight response is not successful. Status code: {status}",
            [ChromiumCorsError.PreflightMissingAllowOriginHeader, ChromiumCorsError.PreflightInvalidStatus, ChromiumCorsError.PreflightDisallowedRedirect, ChromiumCorsError.PreflightAllowOriginMismatch]),
        new(WebKitMessage.InvalidAllowMethods, "Header Access-Control-Allow-Methods has an invalid value: {value}", [ChromiumCorsError.InvalidAllowMethodsPreflightResponse]),
        new(WebKitMessage.InvalidAllowHeaders, "Header Access-Control-Allow-Headers has an invalid value: {value}", [ChromiumCorsError.InvalidAllowHeadersPreflightResponse]),
        new(WebKitMessage.MethodNotAllowed, "Method {value} is not allowed by Access-Control-Allow-Methods.", [ChromiumCorsError.MethodDisallowedByPreflightResponse]),
        new(WebKitMessage.HeaderNotAllowed, "Request header field {value} is not allowed by Access-Control-Allow-Headers.", [ChromiumCorsError.HeaderDisallowedByPreflightResponse]),
        new(WebKitMessage.RedirectNonCorsScheme, RedirectPrefix + "not allowed to follow a cross-origin CORS redirection with non CORS scheme", [ChromiumCorsError.CorsDisabledScheme]),
        new(WebKitMessage.RedirectHasCredentials, RedirectPrefix + "redirection URL {value} has credentials", [ChromiumCorsError.RedirectContainsCredentials]),
        new(WebKitMessage.FtpDisabled, "FTP URLs are disabled", [ChromiumCorsError.CorsDisabledScheme]),
        new(WebKitMessage.OnlyHttp, "Cross origin requests are only supported for HTTP.", [ChromiumCorsError.CorsDisabledScheme]),
        new(WebKitMessage.SameOriginMode, "Unsafe attempt to load URL {url} from origin {origin}. Domains, protocols and ports must match.", [ChromiumCorsError.DisallowedByMode]),
        // Alone (the detail not pasted, or none logged): the commonest causes, no way to tell them apart.
        new(WebKitMessage.CannotLoad, "{kind} cannot load {url} due to access control checks.",
            [ChromiumCorsError.MissingAllowOriginHeader, ChromiumCorsError.PreflightMissingAllowOriginHeader, ChromiumCorsError.PreflightInvalidStatus,
             ChromiumCorsError.AllowOriginMismatch, ChromiumCorsError.HeaderDisallowedByPreflightResponse, ChromiumCorsError.MethodDisallowedByPreflightResponse,
             ChromiumCorsError.InvalidResponse]),
    ];

    private static readonly Dictionary<WebKitMessage, WebKitTemplate> ByKind = Templates.ToDictionary(t => t.Kind);

    /// <summary>The template for <paramref name="kind"/>.</summary>
    public static WebKitTemplate For(WebKitMessage kind) => ByKind[kind];

    /// <summary>The request word ThreadableLoader and XMLHttpRequest use.</summary>
    public static string Kind(Initiator initiator) => initiator == Initiator.XmlHttpRequest ? "XMLHttpRequest" : "Fetch API";

    /// <summary>A detail line with its placeholders filled.</summary>
    public static string Write(WebKitMessage kind, string? origin = null, string? status = null, string? value = null, string? url = null, Initiator initiator = Initiator.Fetch)
        => For(kind).Text.Replace("{origin}", origin, StringComparison.Ordinal).Replace("{status}", status, StringComparison.Ordinal)
            .Replace("{value}", value, StringComparison.Ordinal).Replace("{url}", url, StringComparison.Ordinal).Replace("{kind}", Kind(initiator), StringComparison.Ordinal);

    /// <summary>The lines WebKit logs for the failure the model found (Chromium's <paramref name="code"/>): the detail,
    /// then the request line naming the URL the script asked for, joined by a line break.</summary>
    public static string Message(ChromiumCorsError code, string parameter, FailureContext c)
    {
        // The request line names the failing URL (ResourceError::failingURL): the script's URL, or after redirects the
        // hop that failed (NetworkLoadChecker's m_url; for a refused redirect, the URL redirected from). Observed in
        // WebKitGTK 2.50 (tests/CorsKit.BrowserTests WebKitScenarioTests).
        var requestUrl = c.LastUrl.AbsoluteUri;
        // Mode same-origin: WebKitGTK 2.50 logs the request line without the access-control words and no detail.
        if (code == ChromiumCorsError.DisallowedByMode)
        {
            return $"{Kind(c.Request.Initiator)} cannot load {requestUrl}.";
        }

        var detail = Detail(code, parameter, c);
        var line = Write(WebKitMessage.CannotLoad, url: requestUrl, initiator: c.Request.Initiator);
        return detail is null ? line : detail + "\n" + line;
    }

    /// <summary>The detail line, or null when WebKit has no message of its own for the failure (the Local Network
    /// Access errors, which WebKit does not implement; a preflight that failed below HTTP, whose detail is the
    /// network library's own error text).</summary>
    internal static string? Detail(ChromiumCorsError code, string parameter, FailureContext c)
    {
        var headers = c.Response?.Headers ?? [];
        var status = c.Response?.Status;
        var statusText = status?.ToString(CultureInfo.InvariantCulture) ?? FirefoxConsoleText.Unknown;
        // WildcardOriginNotAllowed also comes from WebKit's web-process recheck of a redirect, which is credentialed
        // for a "same-origin" request begun on the page's origin (BrowserProfile.RechecksRedirectsInWebProcess).
        var include = c.Request.Credentials == CredentialsMode.Include || FirefoxConsoleText.Plain(code) == ChromiumCorsError.WildcardOriginNotAllowed;
        switch (code)
        {
            case ChromiumCorsError.PreflightInvalidStatus or ChromiumCorsError.PreflightDisallowedRedirect:
                return Write(WebKitMessage.PreflightNotSuccessful, status: statusText);
            case ChromiumCorsError.InvalidAllowMethodsPreflightResponse:
                return Write(WebKitMessage.InvalidAllowMethods, value: HeaderValues.Get(headers, "access-control-allow-methods") ?? parameter);
            case ChromiumCorsError.InvalidAllowHeadersPreflightResponse:
                return Write(WebKitMessage.InvalidAllowHeaders, value: HeaderValues.Get(headers, "access-control-allow-headers") ?? parameter);
            case ChromiumCorsError.MethodDisallowedByPreflightResponse:
                return Write(WebKitMessage.MethodNotAllowed, value: parameter);
            case ChromiumCorsError.HeaderDisallowedByPreflightResponse:
                // validateCrossOriginHeaders returns the HTTPHeaderMap key: the name as the script wrote it.
                var written = c.Request.Headers.Where(h => string.Equals(h.Name, parameter, StringComparison.OrdinalIgnoreCase)).Select(h => h.Name).FirstOrDefault() ?? parameter;
                return Write(WebKitMessage.HeaderNotAllowed, value: written);
            case ChromiumCorsError.RedirectContainsCredentials:
                var location = c.Response is null ? null : HeaderValues.Get(headers, "location");
                var target = location is not null && Uri.TryCreate(c.LastUrl, location, out var next) ? next : null;
                return Write(WebKitMessage.RedirectHasCredentials, url: target is null ? FirefoxConsoleText.Unknown : WithoutUserInfo(target),
                    value: target?.AbsoluteUri ?? FirefoxConsoleText.Unknown);
            case ChromiumCorsError.CorsDisabledScheme:
                return c.LastUrl.Scheme == "ftp" ? Write(WebKitMessage.FtpDisabled)
                    : c.Redirected ? Write(WebKitMessage.RedirectNonCorsScheme, url: c.LastUrl.AbsoluteUri)
                    : Write(WebKitMessage.OnlyHttp);
            case ChromiumCorsError.InvalidResponse or ChromiumCorsError.InsecureLocalNetwork or ChromiumCorsError.InvalidLocalNetworkAccess
                or ChromiumCorsError.LocalNetworkAccessPermissionDenied or ChromiumCorsError.DisallowedByMode:
                return null;
        }

        // The Access-Control-Allow-Origin family. A preflight's status is looked at first.
        if (CorsFailures.IsPreflightError(code) && status is { } s && s is < 200 or > 299)
        {
            return Write(WebKitMessage.PreflightNotSuccessful, status: statusText);
        }

        // WebKit reads the combined value (HTTPHeaderMap joins repeated lines with ", ").
        var plain = FirefoxConsoleText.Plain(code);
        var allowOrigin = c.Response is null
            ? plain switch { ChromiumCorsError.MissingAllowOriginHeader => "", ChromiumCorsError.WildcardOriginNotAllowed => "*", _ => parameter }
            : HeaderValues.Get(headers, "access-control-allow-origin") ?? "";
        string detail;
        if (plain == ChromiumCorsError.InvalidAllowCredentials && c.Response is null)
        {
            detail = Write(WebKitMessage.CredentialsNotTrue);
        }
        else if (allowOrigin == c.SerializedOrigin || (allowOrigin == "*" && !include))
        {
            detail = Write(WebKitMessage.CredentialsNotTrue);
        }
        else if (allowOrigin == "*")
        {
            detail = Write(WebKitMessage.WildcardWithCredentials);
        }
        else if (allowOrigin.Contains(',', StringComparison.Ordinal))
        {
            detail = Write(WebKitMessage.MultipleOrigins);
        }
        else
        {
            detail = Write(WebKitMessage.OriginNotAllowed, origin: c.SerializedOrigin, status: statusText);
        }

        // A redirect response that fails the check (NetworkLoadChecker::checkRedirection).
        if (!CorsFailures.IsPreflightError(code) && status is >= 300 and <= 399 && HeaderValues.Get(headers, "location") is { } to
            && Uri.TryCreate(c.LastUrl, to, out var redirectTarget))
        {
            return RedirectPrefix.Replace("{url}", redirectTarget.AbsoluteUri, StringComparison.Ordinal) + detail;
        }

        return detail;
    }

    private static string WithoutUserInfo(Uri uri) => new UriBuilder(uri) { UserName = "", Password = "" }.Uri.AbsoluteUri;

    /// <summary>One WebKit line read back.</summary>
    /// <param name="Kind">The message.</param>
    /// <param name="Origin">The origin it names, or null.</param>
    /// <param name="Status">The status code it names, or null.</param>
    /// <param name="Value">The value, method, header or URL it names, or null.</param>
    /// <param name="Url">The URL it names (the request line's URL, the redirect target), or null.</param>
    /// <param name="Initiator">The request word of a request line.</param>
    /// <param name="Redirect">True when the detail came wrapped in "Cross-origin redirection to … denied …".</param>
    /// <param name="AccessControl">False for the request line without "due to access control checks" (mode same-origin).</param>
    /// <param name="Start">Where the message starts in the line.</param>
    internal sealed record Match(WebKitMessage Kind, string? Origin, string? Status, string? Value, string? Url, Initiator Initiator, bool Redirect, bool AccessControl, int Start);

    private static readonly (WebKitTemplate Template, Regex Pattern)[] Patterns = [.. Templates.Select(t => (t, Pattern(t.Text)))];

    private static readonly Regex Redirect = new(@"\ACross-origin redirection to (?<url>\S*) denied by Cross-Origin Resource Sharing policy: (?<inner>.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    private static readonly Regex ModeLine = new(@"\A(?<kind>Fetch API|XMLHttpRequest) cannot load (?<url>\S+)\.\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    /// <summary>What a pasted line may carry before the message: Safari's copy (<c>[Error] </c>), WebKitGTK's stdout
    /// (<c>CONSOLE SECURITY ERROR </c>, with the source location before it), Web Inspector's network failure
    /// (<c>Failed to load resource: </c>); after it, the Inspector's <c>(name, line 0)</c>.</summary>
    private static readonly Regex Frame = new(
        @"\A(?:.*?(?:\[(?:Error|Warning|Log)\]\s+|CONSOLE [A-Z]+ [A-Z]+ ))?(?<failed>Failed to load resource: )?(?<text>.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    private static Regex Pattern(string text)
    {
        var sb = new StringBuilder(@"\A");
        var rest = Regex.Escape(text);
        rest = rest.Replace(Regex.Escape("{origin}"), "(?<origin>\\S+)", StringComparison.Ordinal)
            // Older WebKit wrote the origin message without the status sentence (Safari copies seen in the wild).
            .Replace(Regex.Escape(" Status code: {status}"), "(?:\\ Status\\ code:\\ (?<status>\\d{1,3}|N))?", StringComparison.Ordinal)
            .Replace(Regex.Escape("{status}"), "(?<status>\\d{1,3}|N)", StringComparison.Ordinal)
            .Replace(Regex.Escape("{value}"), "(?<value>.*)", StringComparison.Ordinal)
            .Replace(Regex.Escape("{url}"), "(?<url>\\S*)", StringComparison.Ordinal)
            .Replace(Regex.Escape("{kind}"), "(?<kind>Fetch\\ API|XMLHttpRequest)", StringComparison.Ordinal);
        sb.Append(rest).Append(@"\z");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    /// <summary>Reads one line; null when it holds no WebKit CORS message. <paramref name="failedToLoad"/> is true for
    /// the Web Inspector's <c>Failed to load resource:</c> repeat of a detail. Never throws.</summary>
    public static Match? TryRead(string line, out bool failedToLoad)
    {
        failedToLoad = false;
        try
        {
            var frame = Frame.Match(line);
            if (!frame.Success)
            {
                return null;
            }

            var text = WithoutInspectorSource(frame.Groups["text"].Value);
            var start = frame.Groups["text"].Index;
            failedToLoad = frame.Groups["failed"].Success;
            var redirect = false;
            string? redirectUrl = null;
            var r = Redirect.Match(text);
            if (r.Success)
            {
                redirect = true;
                redirectUrl = r.Groups["url"].Value;
                // The two redirect-only messages carry the prefix in their template; any other detail is wrapped.
                if (!text.EndsWith("non CORS scheme", StringComparison.Ordinal) && !text.EndsWith(" has credentials", StringComparison.Ordinal))
                {
                    text = r.Groups["inner"].Value;
                }
            }

            var mode = ModeLine.Match(text);
            if (mode.Success && !redirect)
            {
                return new Match(WebKitMessage.CannotLoad, null, null, null, mode.Groups["url"].Value, KindOf(mode.Groups["kind"].Value), false, false, start);
            }

            foreach (var (template, pattern) in Patterns)
            {
                var m = pattern.Match(text);
                if (!m.Success)
                {
                    continue;
                }

                string? Group(string name) => m.Groups[name].Success ? m.Groups[name].Value : null;
                var initiator = Group("kind") is { } kind ? KindOf(kind) : Initiator.Fetch;
                return new Match(template.Kind, Group("origin"), Group("status"), Group("value"), Group("url") ?? redirectUrl, initiator, redirect, true, start);
            }

            return null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>The text without the Inspector's trailing <c> (name, line N)</c>; cut by hand, not by a regex, so a
    /// long run of spaces costs one pass.</summary>
    private static string WithoutInspectorSource(string text)
    {
        text = text.TrimEnd();
        var open = text.LastIndexOf(" (", StringComparison.Ordinal);
        if (open < 0 || !text.EndsWith(')'))
        {
            return text;
        }

        var inner = text.AsSpan(open + 2, text.Length - open - 3);
        var line = inner.LastIndexOf(", line ");
        return line >= 0 && !inner.ContainsAny('(', ')') && inner[(line + ", line ".Length)..] is { Length: > 0 } digits && !digits.ContainsAnyExceptInRange('0', '9')
            ? text[..open].TrimEnd()
            : text;
    }

    private static Initiator KindOf(string word) => word == "XMLHttpRequest" ? Initiator.XmlHttpRequest : Initiator.Fetch;

    /// <summary>Chromium's CorsErrors a detail can stand for, likeliest first: a 3xx status on the preflight message
    /// puts the redirect first; a detail wrapped in a redirect refusal is never a preflight's.</summary>
    public static IReadOnlyList<ChromiumCorsError> Candidates(WebKitMessage kind, string? status, bool redirect)
    {
        IEnumerable<ChromiumCorsError> list = For(kind).Candidates;
        if (kind == WebKitMessage.PreflightNotSuccessful && status is { Length: 3 } && status[0] == '3')
        {
            list = list.OrderBy(c => c == ChromiumCorsError.PreflightDisallowedRedirect ? 0 : 1);
        }

        if (redirect)
        {
            list = list.Where(c => !CorsFailures.IsPreflightError(c));
        }

        return [.. list];
    }
}
