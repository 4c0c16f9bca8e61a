using System.Buffers;
using System.Text;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// A request target as the gateway routes and forwards it. Both come from this one parse, so the path a route is
/// chosen on is the path the upstream receives (issue 10 item 1): <see cref="Path"/> is the still-encoded path with
/// its dot segments removed (what is forwarded, after the upstream's own path), <see cref="RoutePath"/> is that path
/// decoded the way Kestrel decodes <c>Request.Path</c> (every escape except <c>%2F</c>), and routes are compared
/// with it.
/// </summary>
/// <remarks>
/// Refused, because upstreams disagree about them and one reading could leave the route's prefix:
/// <list type="bullet">
/// <item>a backslash in the path: the WHATWG URL parser turns <c>\</c> into <c>/</c> for http(s) URLs, so browsers
/// never send one, while System.Uri, IIS and some frameworks treat it as a separator;</item>
/// <item>an overlong UTF-8 escape (<c>%C0%AE</c> for <c>.</c>), which only a lax decoder reads, as a dot or a separator;</item>
/// <item>a segment that becomes <c>.</c> or <c>..</c> once an upstream decodes <c>%2F</c>, <c>%5C</c> or <c>%2E</c>
/// (checked through up to <see cref="DecodeRounds"/> rounds of decoding, for upstreams that decode twice). Without a
/// dot segment, an encoded separator cannot move a path out of its prefix, so <c>/a%2Fb</c> is forwarded as is.</item>
/// </list>
/// </remarks>
internal sealed record GatewayTarget(string Path, string RoutePath, string Query)
{
    /// <summary>How many rounds of percent-decoding an upstream is assumed to apply at most.</summary>
    public const int DecodeRounds = 3;

    /// <summary>The path and query to send, after the upstream's own path.</summary>
    public string PathAndQuery => Path + Query;

    /// <summary>
    /// Parses an origin-form or absolute-form request target (RFC 9112 §3.2.1, §3.2.2). Returns false with a reason
    /// for a target that is refused (answered 400).
    /// </summary>
    public static bool TryParse(string rawTarget, out GatewayTarget target, out string problem)
    {
        target = null!;
        problem = "";
        var text = rawTarget;
        if (!text.StartsWith('/'))
        {
            // Absolute-form: the path starts after "scheme://authority" (RFC 3986 §3.3); an empty path is "/".
            var scheme = text.IndexOf("://", StringComparison.Ordinal);
            if (scheme <= 0)
            {
                problem = "the request target must be a path (origin-form) or an absolute http URL; it is not forwarded.";
                return false;
            }
            var pathStart = text.IndexOfAny(['/', '?'], scheme + 3);
            text = pathStart < 0 ? "/" : text[pathStart] == '?' ? "/" + text[pathStart..] : text[pathStart..];
        }
        var question = text.IndexOf('?');
        var path = question < 0 ? text : text[..question];
        var query = question < 0 ? "" : text[question..];

        if (path.Contains('\\'))
        {
            problem = "the path contains a backslash, which upstreams read differently (as '/' or not); browsers never send one.";
            return false;
        }
        if (HasOverlongEscape(path))
        {
            problem = "the path has an overlong UTF-8 escape (such as %C0%AE for '.'), which no browser sends and lax decoders read as '.', '/' or '\\'.";
            return false;
        }
        if (!path.Contains('%') && !path.Contains("/.", StringComparison.Ordinal))
        {
            // The usual target: no escape to decode and no segment that starts with a dot, so no dot segment to
            // remove; the path is routed and forwarded as received, without splitting and joining it again.
            target = new GatewayTarget(path, path, query);
            return true;
        }
        var segments = RemoveDotSegments(path.Split('/'));
        foreach (var segment in segments)
        {
            if (HidesDotSegment(segment))
            {
                problem = "the path has an encoded '/' or '\\' next to a dot segment, which an upstream that decodes it would read as leaving the route's path.";
                return false;
            }
        }
        var normalised = string.Join('/', segments);
        target = new GatewayTarget(normalised, RouteForm(normalised), query);
        return true;
    }

    /// <summary>
    /// RFC 3986 §5.2.4 remove_dot_segments over the still-encoded segments of an absolute path, where a segment is a
    /// dot segment when it decodes to <c>.</c> or <c>..</c> (<c>%2E</c> included: RFC 3986 §6.2.2.2 makes it equal to
    /// <c>.</c>, and Kestrel removes it too). The first element is the empty string before the leading <c>/</c>.
    /// </summary>
    private static List<string> RemoveDotSegments(string[] raw)
    {
        var output = new List<string>(raw.Length) { "" };
        for (var i = 1; i < raw.Length; i++)
        {
            var last = i == raw.Length - 1;
            switch (DotKind(raw[i]))
            {
                case 1:
                    if (last)
                    {
                        output.Add(""); // "/a/." is "/a/"
                    }
                    break;
                case 2:
                    if (output.Count > 1)
                    {
                        output.RemoveAt(output.Count - 1);
                    }
                    if (last)
                    {
                        output.Add(""); // "/a/b/.." is "/a/"
                    }
                    break;
                default:
                    output.Add(raw[i]);
                    break;
            }
        }
        if (output.Count == 1)
        {
            output.Add(""); // the root, "/"
        }
        return output;
    }

    /// <summary>
    /// True when the escapes hold an overlong UTF-8 form: a lead byte C0 or C1, E0 followed by 80–9F, or F0 followed by
    /// 80–8F. They are never valid UTF-8 and exist to smuggle ASCII such as <c>.</c> and <c>/</c> past a check
    /// (RFC 3629 §10), so a strict decoder keeps them as written while a lax upstream would decode them.
    /// </summary>
    private static bool HasOverlongEscape(string path)
    {
        for (var i = path.IndexOf('%'); i >= 0 && i + 2 < path.Length; i = path.IndexOf('%', i + 1))
        {
            if (!IsEscape(path, i))
            {
                continue;
            }
            var lead = Convert.ToInt32(path.Substring(i + 1, 2), 16);
            if (lead is 0xC0 or 0xC1)
            {
                return true;
            }
            if ((lead is 0xE0 or 0xF0) && i + 5 < path.Length && path[i + 3] == '%' && IsEscape(path, i + 3))
            {
                var next = Convert.ToInt32(path.Substring(i + 4, 2), 16);
                if ((lead == 0xE0 && next is >= 0x80 and <= 0x9F) || (lead == 0xF0 && next is >= 0x80 and <= 0x8F))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>1 for a segment that is <c>.</c>, 2 for <c>..</c> (each dot possibly written <c>%2E</c>/<c>%2e</c>), else 0.</summary>
    private static int DotKind(string segment)
    {
        var dots = 0;
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] == '.')
            {
                dots++;
            }
            else if (segment[i] == '%' && i + 2 < segment.Length && segment[i + 1] == '2' && (segment[i + 2] is 'e' or 'E'))
            {
                dots++;
                i += 2;
            }
            else
            {
                return 0;
            }
        }
        return dots is 1 or 2 ? dots : 0;
    }

    /// <summary>True when some round of decoding, reading <c>\</c> as <c>/</c>, turns the segment into one holding a
    /// <c>.</c> or <c>..</c> segment.</summary>
    private static bool HidesDotSegment(string segment)
    {
        var text = segment;
        for (var round = 0; round < DecodeRounds && text.Contains('%'); round++)
        {
            text = Decode(text, keepSlash: false);
            foreach (var piece in text.Split('/', '\\'))
            {
                if (piece is "." or "..")
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>
    /// The path without a route's prefix (<c>stripPrefix</c>), still encoded as sent; always starting with <c>/</c>.
    /// <paramref name="prefix"/> matched <see cref="RoutePath"/>, the decoded form, so when the encoded path does not
    /// start with it literally, the cut is where the decoded prefix ends.
    /// </summary>
    public string WithoutPrefix(string prefix)
    {
        var cut = -1;
        if (Path.StartsWith(prefix, StringComparison.Ordinal))
        {
            cut = prefix.Length;
        }
        else
        {
            for (var end = 1; end <= Path.Length && cut < 0; end++)
            {
                if (RouteForm(Path[..end]) == prefix)
                {
                    cut = end;
                }
            }
        }
        var rest = cut < 0 ? Path : Path[cut..];
        return rest.StartsWith('/') ? rest : "/" + rest;
    }

    /// <summary>
    /// The path as Kestrel gives it in <c>Request.Path</c>: percent-escapes decoded as UTF-8, except <c>%2F</c>, which
    /// stays encoded so it cannot be confused with a separator (Kestrel's UrlDecoder.DecodeRequestLine).
    /// </summary>
    public static string RouteForm(string path) => Decode(path, keepSlash: true);

    /// <summary>Decodes runs of <c>%XX</c> as UTF-8; a run that is not valid UTF-8 is kept as written, as is a
    /// <c>%</c> not followed by two hex digits.</summary>
    private static string Decode(string text, bool keepSlash)
    {
        if (!text.Contains('%'))
        {
            return text;
        }
        var output = new StringBuilder(text.Length);
        var bytes = ArrayPool<byte>.Shared.Rent(text.Length);
        try
        {
            var i = 0;
            while (i < text.Length)
            {
                var runStart = i;
                var count = 0;
                while (i < text.Length && text[i] == '%' && IsEscape(text, i) && !(keepSlash && IsSlashEscape(text, i)))
                {
                    bytes[count++] = (byte)Convert.ToInt32(text.Substring(i + 1, 2), 16);
                    i += 3;
                }
                if (count > 0)
                {
                    AppendUtf8OrRaw(output, bytes.AsSpan(0, count), text.AsSpan(runStart, i - runStart));
                    continue;
                }
                output.Append(text[i]);
                i++;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
        return output.ToString();
    }

    private static bool IsEscape(string text, int i) =>
        i + 2 < text.Length && char.IsAsciiHexDigit(text[i + 1]) && char.IsAsciiHexDigit(text[i + 2]);

    private static bool IsSlashEscape(string text, int i) => text[i + 1] == '2' && (text[i + 2] is 'f' or 'F');

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static void AppendUtf8OrRaw(StringBuilder output, ReadOnlySpan<byte> bytes, ReadOnlySpan<char> raw)
    {
        try
        {
            output.Append(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException)
        {
            output.Append(raw);
        }
    }
}
