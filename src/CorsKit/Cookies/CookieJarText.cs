using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CorsKit.Cookies;

/// <summary>
/// Reads the cookies a browser holds from text: the Netscape cookie-jar format curl and wget write (seven TAB-separated
/// fields: domain, include-subdomains TRUE/FALSE, path, secure TRUE/FALSE, expiry in Unix seconds with 0 for a session
/// cookie, name, value; curl's lib/cookie.c also accepts six fields with an empty value and marks HttpOnly cookies with
/// a <c>#HttpOnly_</c> domain prefix), or <c>Set-Cookie: …</c> lines as a login answered. Blank lines and other
/// <c>#</c> lines are comments. The two formats may be mixed. Never throws.
/// </summary>
public static class CookieJarText
{
    private const string HttpOnlyPrefix = "#HttpOnly_";
    private const string SetCookiePrefix = "Set-Cookie:";

    /// <summary>Parses <paramref name="text"/>; false with one sentence naming the first bad line otherwise.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IReadOnlyList<CookieJarLine>? lines, out string error)
    {
        lines = null;
        error = "";
        var found = new List<CookieJarLine>();
        var number = 0;
        foreach (var raw in (text ?? "").Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r');
            if (line.StartsWith(SetCookiePrefix, StringComparison.OrdinalIgnoreCase))
            {
                var value = line[SetCookiePrefix.Length..].Trim(' ', '\t');
                if (!SetCookie.TryParse(value, out _, out var rejection))
                {
                    error = $"line {number} is a Set-Cookie line a browser ignores: {CookieReasons.Explain(rejection, "")}";
                    return false;
                }

                found.Add(new CookieJarLine(number, null, value));
                continue;
            }

            var httpOnly = line.StartsWith(HttpOnlyPrefix, StringComparison.Ordinal);
            if (!httpOnly && (line.Trim().Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (!TryNetscape(httpOnly ? line[HttpOnlyPrefix.Length..] : line, httpOnly, out var cookie, out var problem))
            {
                error = $"line {number} is neither a Netscape cookie-jar line nor a Set-Cookie line: {problem}";
                return false;
            }

            found.Add(new CookieJarLine(number, cookie, null));
        }

        lines = found;
        return true;
    }

    private static bool TryNetscape(string line, bool httpOnly, [NotNullWhen(true)] out Cookie? cookie, out string problem)
    {
        cookie = null;
        var fields = line.Split('\t');
        if (fields.Length is not (6 or 7))
        {
            problem = $"it has {fields.Length} TAB-separated field{(fields.Length == 1 ? "" : "s")}, not 7 (domain, subdomains, path, secure, expiry, name, value).";
            return false;
        }

        var domain = fields[0].Trim().ToLowerInvariant();
        var subdomains = Flag(fields[1]);
        var secure = Flag(fields[3]);
        if (domain.TrimStart('.').Length == 0 || domain.Any(c => c <= ' ' || c == 0x7F))
        {
            problem = "the domain field is empty or holds a space or control character.";
            return false;
        }

        if (subdomains is null || secure is null)
        {
            problem = "the include-subdomains and secure fields must be TRUE or FALSE.";
            return false;
        }

        if (!long.TryParse(fields[4].Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var expiry))
        {
            problem = $"the expiry field '{fields[4]}' is not a whole number of Unix seconds.";
            return false;
        }

        var path = fields[2].Trim();
        var name = fields[5];
        var value = fields.Length == 7 ? fields[6] : "";
        if ((name + value).Any(c => (c < ' ' && c != '\t') || c == 0x7F) || (name.Length == 0 && value.Length == 0))
        {
            problem = "the name and value are empty or hold a control character.";
            return false;
        }

        cookie = new Cookie
        {
            Name = name,
            Value = value,
            Domain = domain.TrimStart('.'),
            // curl writes a Domain cookie as ".example.com TRUE" and a host-only one as "example.com FALSE".
            HostOnly = !subdomains.Value,
            Path = path.StartsWith('/') ? path : "/",
            Secure = secure.Value,
            HttpOnly = httpOnly,
            Expires = expiry == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expiry, -62135596800, 253402300799)),
        };
        problem = "";
        return true;
    }

    private static bool? Flag(string text) => text.Trim().ToUpperInvariant() switch
    {
        "TRUE" => true,
        "FALSE" => false,
        _ => null,
    };
}
