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
/// location prefix (<c>index.html:12</c>) allowed, any bytes. Chromium's messages are recognised with the same
/// templates the browser model writes them with (ChromiumConsoleText), so every message the model can produce is read
/// back. Never throws.
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

    /// <summary>Parses text: each line is looked at on its own.</summary>
    public static ConsoleParseResult Parse(string? text)
    {
        var messages = new List<ConsoleMessage>();
        var requests = new List<(string Method, string Url)>();
        int companions = 0, unrecognised = 0, number = 0;
        foreach (var raw in (text ?? "").Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r', ' ', '\t');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.Length <= MaxLineChars && TryRead(line, number) is { } message)
            {
                messages.Add(message);
            }
            else if (IsCompanion(line))
            {
                companions++;
                if (line.Length <= MaxLineChars && TryCompanionRequest(line) is { } request)
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

        return new ConsoleParseResult { Messages = messages, CompanionLines = companions, UnrecognisedLines = unrecognised };
    }

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
