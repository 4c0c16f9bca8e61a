using System.Text;
using System.Text.RegularExpressions;

namespace CorsKit.Model;

/// <summary>
/// Chromium's console text for a CORS failure: the templates the model writes its messages with and the recogniser
/// <c>explain</c> reads pasted messages with, built from the same table so every message the model can write is read
/// back. Source: third_party/blink/renderer/platform/loader/cors/cors_error_string.cc
/// (GetErrorStringForConsoleMessage, the form shipped in Chromium 156; browser-cors.md §3.4).
/// </summary>
internal static class ChromiumConsoleText
{
    public const string PreflightPrefix = "Response to preflight request doesn't pass access control check: ";
    public const string FetchSuffix = " Have the server send the header with a valid value.";
    public const string XhrSuffix = " The credentials mode of requests initiated by the XMLHttpRequest is controlled by the withCredentials attribute.";

    // Older builds (CR-main @5b83ed46 and logs collected before it) used a longer fetch suffix and appended a no-cors
    // sentence to kMissingAllowOriginHeader. Recognised, never written.
    private const string OlderFetchSuffix = " Have the server send the header with a valid value, or, if an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";
    private const string OlderMissingSuffix = " If an opaque response serves your needs, set the request's mode to 'no-cors' to fetch the resource with CORS disabled.";

    private const string Hint = "{hint}";
    private const string Wildcard = "The value of the 'Access-Control-Allow-Origin' header in the response must not be the wildcard '*' when the request's credentials mode is 'include'.";
    private const string Missing = "No 'Access-Control-Allow-Origin' header is present on the requested resource.";
    private const string Multiple = "The 'Access-Control-Allow-Origin' header contains multiple values '{hint}', but only one is allowed.";
    private const string Invalid = "The 'Access-Control-Allow-Origin' header contains the invalid value '{hint}'.";
    private const string Mismatch = "The 'Access-Control-Allow-Origin' header has a value '{hint}' that is not equal to the supplied origin.";
    private const string Credentials = "The value of the 'Access-Control-Allow-Credentials' header in the response is '{hint}' which must be 'true' when the request's credentials mode is 'include'.";

    /// <summary>Every CorsError the model knows, with its detail (browser-cors.md §3.4 table).</summary>
    public static IReadOnlyList<ConsoleTemplate> Templates { get; } =
    [
        new(ChromiumCorsError.DisallowedByMode, false, "Cross origin requests are not allowed by request mode.", ConsoleSuffix.None),
        new(ChromiumCorsError.InvalidResponse, false, "The response is invalid.", ConsoleSuffix.None),
        new(ChromiumCorsError.WildcardOriginNotAllowed, false, Wildcard, ConsoleSuffix.Xhr),
        new(ChromiumCorsError.MissingAllowOriginHeader, false, Missing, ConsoleSuffix.None),
        new(ChromiumCorsError.MultipleAllowOriginValues, false, Multiple, ConsoleSuffix.Fetch),
        new(ChromiumCorsError.InvalidAllowOriginValue, false, Invalid, ConsoleSuffix.Fetch),
        new(ChromiumCorsError.AllowOriginMismatch, false, Mismatch, ConsoleSuffix.Fetch),
        new(ChromiumCorsError.InvalidAllowCredentials, false, Credentials, ConsoleSuffix.Xhr),
        // Chromium 156's list for this embedder (observed after a redirect to ftp:); other builds list other schemes.
        new(ChromiumCorsError.CorsDisabledScheme, false, "Cross origin requests are only supported for protocol schemes: {hint}.", ConsoleSuffix.None, HintIsParameter: false,
            FixedHint: "chrome, chrome-experimental-site-token-provider, chrome-extension, chrome-untrusted, data, http, https, isolated-app"),
        new(ChromiumCorsError.PreflightInvalidStatus, true, "It does not have HTTP ok status.", ConsoleSuffix.None),
        new(ChromiumCorsError.PreflightDisallowedRedirect, true, "Redirect is not allowed for a preflight request.", ConsoleSuffix.None),
        new(ChromiumCorsError.PreflightWildcardOriginNotAllowed, true, Wildcard, ConsoleSuffix.Xhr),
        new(ChromiumCorsError.PreflightMissingAllowOriginHeader, true, Missing, ConsoleSuffix.None),
        new(ChromiumCorsError.PreflightMultipleAllowOriginValues, true, Multiple, ConsoleSuffix.Fetch),
        new(ChromiumCorsError.PreflightInvalidAllowOriginValue, true, Invalid, ConsoleSuffix.Fetch),
        new(ChromiumCorsError.PreflightAllowOriginMismatch, true, Mismatch, ConsoleSuffix.Fetch),
        new(ChromiumCorsError.PreflightInvalidAllowCredentials, true, Credentials, ConsoleSuffix.Xhr),
        new(ChromiumCorsError.InvalidAllowMethodsPreflightResponse, false, "Cannot parse Access-Control-Allow-Methods response header field in preflight response.", ConsoleSuffix.None),
        new(ChromiumCorsError.InvalidAllowHeadersPreflightResponse, false, "Cannot parse Access-Control-Allow-Headers response header field in preflight response.", ConsoleSuffix.None),
        new(ChromiumCorsError.MethodDisallowedByPreflightResponse, false, "Method {hint} is not allowed by Access-Control-Allow-Methods in preflight response.", ConsoleSuffix.None),
        new(ChromiumCorsError.HeaderDisallowedByPreflightResponse, false, "Request header field {hint} is not allowed by Access-Control-Allow-Headers in preflight response.", ConsoleSuffix.None),
        new(ChromiumCorsError.RedirectContainsCredentials, false, "Redirect location '{hint}' contains a username and password, which is disallowed for cross-origin requests.", ConsoleSuffix.None),
        new(ChromiumCorsError.InsecureLocalNetwork, false, "The request client is not a secure context and the resource is in more-private address space `{hint}`.", ConsoleSuffix.None, HintIsParameter: false),
        new(ChromiumCorsError.InvalidLocalNetworkAccess, false, "Request had a target IP address space of `{hint}` yet the resource is in address space `{hint}`.", ConsoleSuffix.None, HintIsParameter: false),
        new(ChromiumCorsError.LocalNetworkAccessPermissionDenied, false, "Permission was denied for this request to access the `{hint}` address space.", ConsoleSuffix.None, HintIsParameter: false),
    ];

    private static readonly Dictionary<ChromiumCorsError, ConsoleTemplate> ByCode = Templates.ToDictionary(t => t.Code);

    /// <summary>The template for <paramref name="code"/>.</summary>
    public static ConsoleTemplate For(ChromiumCorsError code) => ByCode[code];

    /// <summary>The console kind word: <c>Resource::ResourceTypeToString</c>, lowercased when its second letter is.</summary>
    public static string Kind(Initiator initiator) => initiator == Initiator.XmlHttpRequest ? "XMLHttpRequest" : "fetch";

    /// <summary><c>Access to {kind} at '{lastUrl}' [(redirected from '{initialUrl}') ]from origin '{origin}' has been
    /// blocked by CORS policy: {prefix}{detail}</c>. <paramref name="hint"/> must already be encoded (EncodeHint).</summary>
    public static string Write(Initiator initiator, string lastUrl, string? redirectedFrom, string origin, ChromiumCorsError code, string hint)
    {
        var sb = new StringBuilder();
        sb.Append("Access to ").Append(Kind(initiator)).Append(" at '").Append(lastUrl).Append("' ");
        if (redirectedFrom is not null)
        {
            sb.Append("(redirected from '").Append(redirectedFrom).Append("') ");
        }

        sb.Append("from origin '").Append(origin).Append("' has been blocked by CORS policy: ");
        var template = For(code);
        if (template.Preflight)
        {
            sb.Append(PreflightPrefix);
        }

        sb.Append(template.Detail.Replace(Hint, template.FixedHint ?? hint, StringComparison.Ordinal));
        sb.Append(template.Suffix switch
        {
            ConsoleSuffix.Fetch when initiator == Initiator.Fetch => FetchSuffix,
            ConsoleSuffix.Xhr when initiator == Initiator.XmlHttpRequest => XhrSuffix,
            _ => "",
        });
        return sb.ToString();
    }

    /// <summary>The message frame. The kind words are Resource::ResourceTypeToString's (browser-cors.md §3.4); the
    /// model writes only fetch and XMLHttpRequest, the others are read so a pasted script or font error is explained
    /// too (with no initiator suffix, as Chromium writes them). The URLs and origin are matched lazily up to the fixed words that follow them, so a
    /// quote inside a URL does not end it early. Not anchored at the start: DevTools prefixes a pasted line with the
    /// source location (<c>index.html:12 </c>).</summary>
    private static readonly Regex Frame = new(
        @"Access to (?<kind>fetch|XMLHttpRequest|script|font|image|CSS stylesheet|XSL stylesheet|SVG document|audio|video|manifest|CSS resource|document|icon|internal resource|link element resource|other resource|XML resource|track) at '(?<url>.*?)' (?:\(redirected from '(?<from>.*?)'\) )?from origin '(?<origin>.*?)' has been blocked by CORS policy: (?<detail>.*)\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, TimeSpan.FromSeconds(1));

    private static readonly (ConsoleTemplate Template, Regex Pattern)[] Details = [.. Templates.Select(t => (t, DetailPattern(t)))];

    /// <summary>The template's detail as a regex: fixed text escaped, the first <c>{hint}</c> captured, the
    /// initiator sentence (current or older form) optional.</summary>
    private static Regex DetailPattern(ConsoleTemplate t)
    {
        var sb = new StringBuilder("^");
        if (t.Preflight)
        {
            sb.Append(Regex.Escape(PreflightPrefix));
        }

        var parts = t.Detail.Split(Hint);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                sb.Append(i == 1 ? "(?<hint>.*?)" : ".*?");
            }

            sb.Append(Regex.Escape(parts[i]));
        }

        var suffixes = t.Suffix switch
        {
            ConsoleSuffix.Fetch => new[] { FetchSuffix, OlderFetchSuffix },
            ConsoleSuffix.Xhr => [XhrSuffix],
            _ when t.Code == ChromiumCorsError.MissingAllowOriginHeader => [OlderMissingSuffix],
            _ => [],
        };
        if (suffixes.Length > 0)
        {
            sb.Append("(?:").Append(string.Join('|', suffixes.Select(Regex.Escape))).Append(")?");
        }

        sb.Append(@"\z");
        return new Regex(sb.ToString(), RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
    }

    /// <summary>The parts of one console message, as written (hint still encoded).</summary>
    internal sealed record Match(Initiator Initiator, string Kind, string Url, string? RedirectedFrom, string Origin, ConsoleTemplate Template, string Hint, int Start);

    /// <summary>Reads one line; null when it holds no CORS message the model knows. Never throws (a regex timeout
    /// on hostile text counts as no match).</summary>
    public static Match? TryRead(string line)
    {
        try
        {
            var frame = Frame.Match(line);
            if (!frame.Success)
            {
                return null;
            }

            var detail = frame.Groups["detail"].Value.TrimEnd();
            foreach (var (template, pattern) in Details)
            {
                var m = pattern.Match(detail);
                if (m.Success)
                {
                    var initiator = frame.Groups["kind"].Value == "XMLHttpRequest" ? Initiator.XmlHttpRequest : Initiator.Fetch;
                    var from = frame.Groups["from"];
                    return new Match(initiator, frame.Groups["kind"].Value, frame.Groups["url"].Value, from.Success ? from.Value : null, frame.Groups["origin"].Value,
                        template, m.Groups["hint"].Success ? m.Groups["hint"].Value : "", frame.Index);
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
