using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace CorsKit.Origins;

/// <summary>
/// An absolute URL with a special scheme (http, https, ws, wss, ftp), parsed as the URL Standard's basic URL parser
/// parses it without a base URL (URL §4.4), hosts by <see cref="UrlHost"/> (URL §3.5). <see cref="Uri"/> differs from
/// browsers on exactly the inputs that matter to a CORS check: it refuses <c>http:127.0.0.1:8080</c>, a tab in the
/// host and <c>%31%32%37.0.0.1</c>, and accepts an IPv6 zone id (<c>[::1%25lo]</c>), all of which a browser reads the
/// other way. Checked against Chromium's <c>new URL()</c> in CorsKit.Cli.Tests (UrlParsingChromiumTests).
/// </summary>
public sealed class WhatwgUrl
{
    private WhatwgUrl(string scheme, string username, string password, string host, int? port, string path, string? query, string? fragment)
    {
        Scheme = scheme;
        Username = username;
        Password = password;
        Host = host;
        Port = port;
        Path = path;
        Query = query;
        Fragment = fragment;
        var href = new StringBuilder(scheme).Append("://");
        if (username.Length > 0 || password.Length > 0)
        {
            href.Append(username);
            if (password.Length > 0)
            {
                href.Append(':').Append(password);
            }

            href.Append('@');
        }

        href.Append(host);
        if (port is { } p)
        {
            href.Append(':').Append(p.ToString(CultureInfo.InvariantCulture));
        }

        href.Append(path);
        if (query is not null)
        {
            href.Append('?').Append(query);
        }

        if (fragment is not null)
        {
            href.Append('#').Append(fragment);
        }

        Href = href.ToString();
    }

    /// <summary>The scheme, lowercase.</summary>
    public string Scheme { get; }

    /// <summary>The username, percent-encoded; empty when none.</summary>
    public string Username { get; }

    /// <summary>The password, percent-encoded; empty when none.</summary>
    public string Password { get; }

    /// <summary>The serialized host: a domain in ASCII (punycode, lowercase), dotted IPv4, or <c>[IPv6]</c> compressed.</summary>
    public string Host { get; }

    /// <summary>The port, or null when absent or the scheme's default (URL §4.4 port state step 2.1.3).</summary>
    public int? Port { get; }

    /// <summary>The serialized path, starting with <c>/</c>.</summary>
    public string Path { get; }

    /// <summary>The query without its <c>?</c>, or null.</summary>
    public string? Query { get; }

    /// <summary>The fragment without its <c>#</c>, or null.</summary>
    public string? Fragment { get; }

    /// <summary>The URL serializer's output (URL §4.5), what <c>new URL(input).href</c> returns.</summary>
    public string Href { get; }

    /// <summary>URL §4.1 "includes credentials": a username or password is set.</summary>
    public bool IncludesCredentials => Username.Length > 0 || Password.Length > 0;

    /// <summary>The request target an HTTP/1.1 client writes for this URL: path and query (RFC 9112 §3.2.1 origin-form).</summary>
    public string PathAndQuery => Query is null ? Path : Path + "?" + Query;

    /// <inheritdoc />
    public override string ToString() => Href;

    /// <summary>Parses <paramref name="input"/>; on failure <paramref name="error"/> says why in a few words. Never throws.</summary>
    public static bool TryParse(string? input, [NotNullWhen(true)] out WhatwgUrl? url, out string error)
    {
        url = null;
        if (input is null)
        {
            error = "the URL is null";
            return false;
        }

        var text = Preprocess(input);
        var colon = SchemeEnd(text);
        if (colon < 0)
        {
            error = "it has no scheme (expected an absolute URL such as http://host/path)";
            return false;
        }

        var scheme = text[..colon].ToLowerInvariant();
        var defaultPort = Origin.DefaultPort(scheme);
        if (defaultPort is null)
        {
            error = $"'{scheme}:' is not a special scheme (http, https, ws, wss or ftp)";
            return false;
        }

        // Special authority slashes / special authority ignore slashes states: any number of '/' or '\', even none
        // (a validation error, not a failure: `http:host` and `http:\\host` parse as http://host/).
        var p = colon + 1;
        while (p < text.Length && text[p] is '/' or '\\')
        {
            p++;
        }

        // Authority state: the authority ends at '/', '\' (special), '?' or '#'; the last '@' ends the userinfo.
        var authorityEnd = p;
        while (authorityEnd < text.Length && text[authorityEnd] is not '/' and not '\\' and not '?' and not '#')
        {
            authorityEnd++;
        }

        var authority = text[p..authorityEnd];
        string username = "", password = "";
        var at = authority.LastIndexOf('@');
        if (at >= 0)
        {
            var userinfo = authority[..at];
            var split = userinfo.IndexOf(':', StringComparison.Ordinal);
            username = PercentEncode(split < 0 ? userinfo : userinfo[..split], UserinfoSet);
            password = split < 0 ? "" : PercentEncode(userinfo[(split + 1)..], UserinfoSet);
            authority = authority[(at + 1)..];
        }

        // Host state: a ':' outside brackets starts the port.
        var inBrackets = false;
        var portColon = -1;
        for (var i = 0; i < authority.Length; i++)
        {
            inBrackets = authority[i] == '[' || (authority[i] != ']' && inBrackets);
            if (authority[i] == ':' && !inBrackets)
            {
                portColon = i;
                break;
            }
        }

        var hostText = portColon < 0 ? authority : authority[..portColon];
        if (hostText.Length == 0)
        {
            error = at >= 0 ? "it has credentials but no host" : $"a {scheme} URL needs a host";
            return false;
        }

        if (!UrlHost.TryParse(hostText, out var host, out error))
        {
            return false;
        }

        // Port state: ASCII digits only; leading zeros allowed; above 65535 fails; the default port is dropped.
        int? port = null;
        if (portColon >= 0 && portColon + 1 < authority.Length)
        {
            var digits = authority[(portColon + 1)..];
            var value = 0;
            foreach (var c in digits)
            {
                if (!char.IsAsciiDigit(c))
                {
                    error = $"the port '{digits}' is not a number";
                    return false;
                }

                value = (value * 10) + (c - '0');
                if (value > 65535)
                {
                    error = $"the port '{digits}' is greater than 65535";
                    return false;
                }
            }

            port = value == defaultPort ? null : value;
        }

        // Path, query and fragment: everything after the authority.
        var rest = text[authorityEnd..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        string? fragment = null;
        if (hash >= 0)
        {
            fragment = PercentEncode(rest[(hash + 1)..], FragmentSet);
            rest = rest[..hash];
        }

        var question = rest.IndexOf('?', StringComparison.Ordinal);
        string? query = null;
        if (question >= 0)
        {
            query = PercentEncode(rest[(question + 1)..], SpecialQuerySet);
            rest = rest[..question];
        }

        url = new WhatwgUrl(scheme, username, password, host, port, ParsePath(rest), query, fragment);
        error = "";
        return true;
    }

    /// <summary>Path start and path states (URL §4.4) for a special URL: '/' and '\' separate segments, single- and
    /// double-dot segments (also percent-encoded, <c>%2e</c>) are resolved, every other segment is percent-encoded.</summary>
    private static string ParsePath(string rest)
    {
        var segments = new List<string>();
        var start = rest.Length > 0 && rest[0] is '/' or '\\' ? 1 : 0;
        var i = start;
        while (true)
        {
            var end = i;
            while (end < rest.Length && rest[end] is not '/' and not '\\')
            {
                end++;
            }

            var buffer = rest[i..end];
            var atEnd = end >= rest.Length;
            if (IsDoubleDot(buffer))
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                if (atEnd)
                {
                    segments.Add("");
                }
            }
            else if (IsSingleDot(buffer))
            {
                if (atEnd)
                {
                    segments.Add("");
                }
            }
            else
            {
                segments.Add(PercentEncode(buffer, PathSet));
            }

            if (atEnd)
            {
                break;
            }

            i = end + 1;
        }

        return "/" + string.Join('/', segments);
    }

    private static bool IsSingleDot(string s) => s == "." || s.Equals("%2e", StringComparison.OrdinalIgnoreCase);

    private static bool IsDoubleDot(string s) => s switch
    {
        ".." => true,
        _ when s.Length == 4 => s.Equals(".%2e", StringComparison.OrdinalIgnoreCase) || s.Equals("%2e.", StringComparison.OrdinalIgnoreCase),
        _ when s.Length == 6 => s.Equals("%2e%2e", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    // URL §1.3 percent-encode sets, beyond the C0 control set (C0 controls and everything above U+007E, always encoded).
    // Fragment: space " < > `. Query (special): space " # < > '. Path: the query set without ' plus ? ^ ` { }, and
    // '|', which Chromium 156 also encodes in a path (observed: new URL('http://h/a|b').href is http://h/a%7Cb).
    private const string FragmentSet = " \"<>`";
    private const string SpecialQuerySet = " \"#<>'";
    private const string PathSet = " \"#<>?^`{}|";
    private const string UserinfoSet = " \"#<>?^`{}/:;=@[\\]|";

    /// <summary>UTF-8 percent-encodes each code point in the C0 control set or in <paramref name="set"/>;
    /// a lone surrogate becomes U+FFFD first (the URL parser works on scalar values).</summary>
    private static string PercentEncode(string s, string set)
    {
        var clean = true;
        foreach (var c in s)
        {
            if (c < 0x20 || c > 0x7E || set.Contains(c, StringComparison.Ordinal))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length + 16);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c is >= (char)0x20 and <= (char)0x7E && !set.Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
                continue;
            }

            Rune rune;
            if (char.IsHighSurrogate(c) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]))
            {
                rune = new Rune(c, s[i + 1]);
                i++;
            }
            else
            {
                rune = Rune.IsValid(c) ? new Rune(c) : Rune.ReplacementChar;
            }

            var length = rune.EncodeToUtf8(utf8);
            for (var b = 0; b < length; b++)
            {
                sb.Append('%').Append(utf8[b].ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>§4.4 basic URL parser, steps 1-3: strip leading and trailing C0 control or space; remove every ASCII
    /// tab or newline. Shared with <see cref="Origin"/>, which reads the scheme before deciding to parse the URL.</summary>
    internal static string Preprocess(string input) => StripTabAndNewline(input.AsSpan().Trim(Origin.C0ControlOrSpace));

    /// <summary>Scheme start and scheme states (§4.4): ASCII alpha, then ASCII alphanumeric, '+', '-', '.', ended by
    /// ':'. The index of that ':', or -1 when <paramref name="text"/> does not start with a scheme.</summary>
    internal static int SchemeEnd(ReadOnlySpan<char> text)
    {
        if (text.Length == 0 || !char.IsAsciiLetter(text[0]))
        {
            return -1;
        }

        for (var i = 1; i < text.Length; i++)
        {
            if (text[i] == ':')
            {
                return i;
            }

            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] is not '+' and not '-' and not '.')
            {
                return -1;
            }
        }

        return -1;
    }

    private static string StripTabAndNewline(ReadOnlySpan<char> text)
    {
        if (text.IndexOfAny('\t', '\n', '\r') < 0)
        {
            return text.ToString();
        }

        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is not '\t' and not '\n' and not '\r')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }
}
