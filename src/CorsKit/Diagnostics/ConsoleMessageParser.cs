using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Diagnostics;

/// <summary>What <see cref="ConsoleMessageParser"/> found in a piece of console text.</summary>
public sealed record ConsoleParseResult
{
    /// <summary>Every CORS message recognised, in input order.</summary>
    public required IReadOnlyList<ConsoleMessage> Messages { get; init; }

    /// <summary>Lines that are the network-error companions of a CORS message (<c>GET … net::ERR_FAILED</c>,
    /// <c>Failed to load resource: net::ERR_FAILED</c>) and were skipped.</summary>
    public int CompanionLines { get; init; }

    /// <summary>Non-blank lines that are neither a recognised message nor a companion line.</summary>
    public int UnrecognisedLines { get; init; }
}

/// <summary>
/// Reads CORS error messages out of browser console text pasted by a user: one or many lines, DevTools' source
/// location prefix (<c>index.html:12</c>) allowed, any bytes. Each browser's messages are recognised with the same
/// templates the browser model writes them with (ChromiumConsoleText, FirefoxConsoleText, WebKitConsoleText), so every
/// message the model can produce is read back, and the browser is known from the wording. Firefox and WebKit messages
/// are mapped to Chromium's CorsError, which may be one of several (<see cref="ConsoleMessage.Candidates"/>). Never throws.
/// </summary>
public static class ConsoleMessageParser
{
    /// <summary>Longest line looked at; longer ones are counted as unrecognised (a real message is far shorter).</summary>
    public const int MaxLineChars = 64 * 1024;

    /// <summary>Parses UTF-8 bytes (invalid sequences replaced, a BOM ignored).</summary>
    public static ConsoleParseResult Parse(ReadOnlySpan<byte> utf8)
    {
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        return Parse(Encoding.UTF8.GetString(utf8));
    }

    /// <summary>Parses text: each line is looked at on its own, then the lines a browser logs together are paired
    /// (Firefox's reason and the <c>CORS request did not succeed</c> line after a failed preflight; WebKit's detail and
    /// its <c>Fetch API cannot load … due to access control checks.</c> line).</summary>
    public static ConsoleParseResult Parse(string? text)
    {
        var messages = new List<ConsoleMessage>();
        var requests = new List<(string Method, string Url)>();
        var firefox = new List<(FirefoxConsoleText.Match Match, int Line, string Text)>();
        var webkit = new List<(WebKitConsoleText.Match Match, int Line, string Text)>();
        int companions = 0, unrecognised = 0, number = 0;
        foreach (var raw in (text ?? "").Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r', ' ', '\t');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.Length > MaxLineChars)
            {
                unrecognised++;
            }
            else if (TryRead(line, number) is { } message)
            {
                messages.Add(message);
            }
            else if (FirefoxConsoleText.TryRead(line) is { } ff)
            {
                firefox.Add((ff, number, line[ff.Start..]));
            }
            else if (WebKitConsoleText.TryRead(line, out var failedToLoad) is { } wk)
            {
                if (failedToLoad)
                {
                    // Web Inspector repeats the detail as the network failure: "Failed to load resource: …".
                    companions++;
                }
                else
                {
                    webkit.Add((wk, number, line[wk.Start..]));
                }
            }
            else if (IsCompanion(line))
            {
                companions++;
                if (TryCompanionRequest(line) is { } request)
                {
                    requests.Add(request);
                }
            }
            else
            {
                unrecognised++;
            }
        }

        // DevTools' companion line names the request's method; it comes before or after the message.
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            var method = requests.FirstOrDefault(r => r.Url == m.Url || r.Url == m.RedirectedFrom).Method;
            if (method is not null)
            {
                messages[i] = m with { Method = method };
            }
        }

        companions += PairFirefox(firefox, messages);
        companions += PairWebKit(webkit, messages);
        messages.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new ConsoleParseResult { Messages = messages, CompanionLines = companions, UnrecognisedLines = unrecognised };
    }

    /// <summary>Turns Firefox's lines into messages. After a failed preflight Firefox logs CORSDidNotSucceed2
    /// (<c>Status code: (null).</c>) for the same URL: that line marks the reason before it as the preflight's and is a
    /// companion; so is CORSPreflightDidNotSucceed3 after CORSExternalRedirectNotAllowed, the CORSDidNotSucceed2 line
    /// naming the URL a non-http redirect came from, and the deprecation warning. Returns the companions.</summary>
    private static int PairFirefox(List<(FirefoxConsoleText.Match Match, int Line, string Text)> lines, List<ConsoleMessage> messages)
    {
        var companions = 0;
        var open = new List<(FirefoxConsoleText.Match Match, int Line, string Text, bool Preflight, string? From, string? Status, bool Closed)>();
        foreach (var (m, line, text) in lines)
        {
            var last = open.Count > 0 ? open[^1] : default;
            var hasLast = open.Count > 0;
            if (m.Reason == FirefoxReason.CORSAllowHeaderFromPreflightDeprecation)
            {
                companions++;
            }
            else if (hasLast && m.Reason == FirefoxReason.CORSPreflightDidNotSucceed3 && last.Match.Reason == FirefoxReason.CORSExternalRedirectNotAllowed && last.Match.Url == m.Url)
            {
                open[^1] = last with { Preflight = true, Status = m.Argument };
                companions++;
            }
            else if (hasLast && m.Reason == FirefoxReason.CORSDidNotSucceed2 && m.Argument is null && !last.Closed
                && (last.Match.Url == m.Url || last.Match.Reason == FirefoxReason.CORSRequestNotHttp))
            {
                // The follow-up line comes after a failed preflight and after a redirect response that failed the
                // check (AsyncOnChannelRedirect); a 3xx status on the reason says which (observed in Firefox ESR 153).
                var redirect = last.Status is { Length: 3 } s && s[0] == '3';
                open[^1] = last.Match.Reason == FirefoxReason.CORSRequestNotHttp && last.Match.Url != m.Url
                    ? last with { From = m.Url, Closed = true }
                    : last with { Preflight = last.Preflight || !redirect, Closed = true };
                companions++;
            }
            else
            {
                open.Add((m, line, text, false, null, m.Argument, false));
            }
        }

        foreach (var (m, line, text, preflight, from, status, _) in open)
        {
            if (FromFirefox(m, line, text, preflight, from, status) is { } message)
            {
                messages.Add(message);
            }
        }

        return companions;
    }

    private static ConsoleMessage? FromFirefox(FirefoxConsoleText.Match m, int line, string text, bool preflight, string? from, string? status)
    {
        // CheckSameOriginError names the page first and the URL second; every other reason names the URL only.
        var sameOrigin = m.Reason == FirefoxReason.CheckSameOriginError;
        var urlText = sameOrigin ? m.Argument ?? "" : m.Url;
        if (!TryUrl(urlText, out var url) || (from is not null && !TryUrl(from, out _)))
        {
            return null;
        }

        var origin = "";
        var parsedOrigin = ConsoleMessage.UnknownOrigin;
        if (sameOrigin && Origin.TryParse(m.Url, out var page))
        {
            parsedOrigin = page;
            origin = page.Serialized;
        }

        var candidates = FirefoxConsoleText.Candidates(m.Reason, m.Argument, preflight);
        var code = candidates[0];
        var argument = FirefoxConsoleText.For(m.Reason).Argument == FirefoxArgument.Value && !sameOrigin ? m.Argument ?? "" : "";
        Uri.TryCreate(from, UriKind.Absolute, out var fromUri);
        return new ConsoleMessage
        {
            Browser = BrowserEngine.Firefox,
            Initiator = Initiator.Fetch,
            ResourceKind = "",
            Url = urlText,
            RedirectedFrom = from,
            Origin = origin,
            Code = code,
            Candidates = candidates,
            FailedParameter = code switch
            {
                ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed => "*",
                _ => argument,
            },
            StatusCode = ParseStatus(status),
            FirefoxReason = m.Reason,
            Text = text,
            Line = line,
            ParsedUrl = url!,
            ParsedRedirectedFrom = fromUri,
            ParsedOrigin = parsedOrigin,
        };
    }

    /// <summary>Turns WebKit's lines into messages: a detail and the request line after it are one message (the URL
    /// and the API come from the request line, the origin and status from the detail); either alone is a message
    /// too. Returns the companions (the request lines absorbed).</summary>
    private static int PairWebKit(List<(WebKitConsoleText.Match Match, int Line, string Text)> lines, List<ConsoleMessage> messages)
    {
        var companions = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            var (m, line, text) = lines[i];
            WebKitConsoleText.Match? request = null;
            if (m.Kind != WebKitMessage.CannotLoad && i + 1 < lines.Count && lines[i + 1].Match.Kind == WebKitMessage.CannotLoad && lines[i + 1].Match.AccessControl)
            {
                request = lines[i + 1].Match;
                text += "\n" + lines[i + 1].Text;
                i++;
                companions++;
            }

            if (FromWebKit(m, request, line, text) is { } message)
            {
                messages.Add(message);
            }
        }

        return companions;
    }

    private static ConsoleMessage? FromWebKit(WebKitConsoleText.Match m, WebKitConsoleText.Match? request, int line, string text)
    {
        // The URL: the request line's (the URL the script asked for), else what the detail names, else unknown.
        var urlText = request?.Url ?? (m.Kind == WebKitMessage.RedirectHasCredentials ? null : m.Url) ?? "";
        Uri? url;
        if (urlText.Length == 0)
        {
            url = ConsoleMessage.UnknownUrl;
        }
        else if (!TryUrl(urlText, out url))
        {
            return null;
        }

        var origin = "";
        var parsedOrigin = ConsoleMessage.UnknownOrigin;
        if (m.Origin is { } named)
        {
            if (!Origin.TryParseSerialized(named, out var namedOrigin))
            {
                return null;
            }

            parsedOrigin = namedOrigin;
            origin = named;
        }

        var candidates = m.Kind == WebKitMessage.CannotLoad && !m.AccessControl
            ? [ChromiumCorsError.DisallowedByMode]
            : WebKitConsoleText.Candidates(m.Kind, m.Status, m.Redirect);
        if (candidates.Count == 0)
        {
            return null;
        }

        var code = candidates[0];
        var parameter = m.Kind switch
        {
            WebKitMessage.HeaderNotAllowed => (m.Value ?? "").ToLowerInvariant(),
            WebKitMessage.MethodNotAllowed or WebKitMessage.InvalidAllowMethods or WebKitMessage.InvalidAllowHeaders => m.Value ?? "",
            WebKitMessage.WildcardWithCredentials => "*",
            _ => "",
        };
        return new ConsoleMessage
        {
            Browser = BrowserEngine.Safari,
            Initiator = (request ?? m).Initiator,
            ResourceKind = request is not null || m.Kind == WebKitMessage.CannotLoad ? ChromiumConsoleText.Kind((request ?? m).Initiator) : "",
            Url = urlText,
            Origin = origin,
            Code = code,
            Candidates = candidates,
            FailedParameter = parameter,
            StatusCode = ParseStatus(m.Status),
            WebKitMessage = m.Kind,
            Text = text,
            Line = line,
            ParsedUrl = url!,
            ParsedOrigin = parsedOrigin,
        };
    }

    private static int? ParseStatus(string? status)
        => int.TryParse(status, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 100 and <= 999 ? value : null;

    private static (string Method, string Url)? TryCompanionRequest(string line)
    {
        try
        {
            var m = CompanionRequest.Match(line);
            return m.Success ? (m.Groups["method"].Value, m.Groups["url"].Value) : null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <summary>DevTools' network-error line: <c>[source:line]  METHOD URL net::ERR_FAILED[ status text]</c>.</summary>
    private static readonly Regex CompanionRequest = new(@"(?:^|\s)(?<method>[!#$%&'*+.^_`|~0-9A-Za-z-]+) (?<url>https?://\S+) net::ERR_FAILED",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture, TimeSpan.FromSeconds(1));

    /// <summary>The net-error line Chromium logs next to a CORS message: <c>GET https://… net::ERR_FAILED 200 (OK)</c>
    /// or, from Playwright and some DevTools builds, <c>Failed to load resource: net::ERR_FAILED</c>.</summary>
    private static bool IsCompanion(string line) => line.Contains(" net::ERR_FAILED", StringComparison.Ordinal)
        || line.EndsWith("net::ERR_FAILED", StringComparison.Ordinal);

    private static ConsoleMessage? TryRead(string line, int number)
    {
        if (ChromiumConsoleText.TryRead(line) is not { } m)
        {
            return null;
        }

        // The URLs and origin must be what a browser prints; anything else is not a message from a browser.
        Uri? from = null;
        if (!TryUrl(m.Url, out var url) || (m.RedirectedFrom is not null && !TryUrl(m.RedirectedFrom, out from)) || !Origin.TryParseSerialized(m.Origin, out var origin))
        {
            return null;
        }

        var hint = DecodeHint(m.Hint);
        return new ConsoleMessage
        {
            Browser = BrowserEngine.Chromium,
            Initiator = m.Initiator,
            ResourceKind = m.Kind,
            Url = m.Url,
            RedirectedFrom = m.RedirectedFrom,
            Origin = m.Origin,
            Code = m.Template.Code,
            Candidates = [m.Template.Code],
            FailedParameter = m.Template.HintIsParameter ? hint : "",
            Hint = m.Template.HintIsParameter ? "" : hint,
            Text = line[m.Start..],
            Line = number,
            ParsedUrl = url!,
            ParsedRedirectedFrom = from,
            ParsedOrigin = origin,
        };
    }

    private static bool TryUrl(string text, out Uri? uri)
    {
        uri = null;
        // WHATWG first: .NET's Uri.TryCreate is only reached with a browser-serialized href.
        if (WhatwgUrl.TryParse(text, out var parsed, out _))
        {
            return Uri.TryCreate(parsed.Href, UriKind.Absolute, out uri);
        }

        // WhatwgUrl reads the special network schemes only; a page opened from disk logs file: URLs (browser-cors.md
        // §4.4). Chromium serializes them as visible ASCII; anything else is refused before System.Uri sees it
        // (its TryCreate throws on some hostile text, dotnet/corefx#35072).
        if (!text.StartsWith("file:///", StringComparison.Ordinal) || !text.All(static c => c is > ' ' and < '\u007f'))
        {
            return false;
        }

        try
        {
            return Uri.TryCreate(text, UriKind.Absolute, out uri);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or UriFormatException)
        {
            return false;
        }
    }

    /// <summary>Undoes cors_error_string.cc EncodeHint (<c>\uXXXX</c> for characters outside printable ASCII), so the
    /// parameter equals DevTools' failedParameter. A literal backslash-u in a header value reads back decoded too;
    /// Chromium leaves no way to tell them apart.</summary>
    internal static string DecodeHint(string hint)
    {
        if (!hint.Contains("\\u", StringComparison.Ordinal))
        {
            return hint;
        }

        var sb = new StringBuilder(hint.Length);
        for (var i = 0; i < hint.Length; i++)
        {
            if (hint[i] == '\\' && i + 5 < hint.Length && hint[i + 1] == 'u'
                && ushort.TryParse(hint.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
                && (code < 0x20 || code >= 0x7F))
            {
                sb.Append((char)code);
                i += 5;
            }
            else
            {
                sb.Append(hint[i]);
            }
        }

        return sb.ToString();
    }
}
