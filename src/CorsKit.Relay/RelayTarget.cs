using System.Diagnostics.CodeAnalysis;
using CorsKit.Origins;

namespace CorsKit.Relay;

/// <summary>
/// Reads a relay target, the absolute URL after the relay's own <c>/</c>, strictly. The URL Standard's parser repairs
/// what it is given (<c>https:/host</c> and <c>https:\\host</c> both become <c>https://host/</c>, tabs and newlines
/// vanish); a relay that repaired targets would let one string mean two URLs to the allow-list and to the connection,
/// and would hide a front server that merges slashes (cors-anywhere #146, #238). So the text must already be in the
/// form a browser would serialize: <c>http://</c> or <c>https://</c>, no backslash, no white space or control character,
/// no user name or password. The rest (host canonicalisation: <c>0x7f.1</c> is 127.0.0.1, IDN to punycode) is the URL
/// Standard's, through <see cref="WhatwgUrl"/>.
/// </summary>
internal static class RelayTarget
{
    /// <summary>Parses <paramref name="text"/> into the URL to request, or says which rule refuses it.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out Uri? target, [NotNullWhen(false)] out RelayRefusal? refusal)
    {
        target = null;
        if (!StartsWithScheme(text, "https://") && !StartsWithScheme(text, "http://"))
        {
            refusal = Mangled(text.StartsWith("http", StringComparison.OrdinalIgnoreCase)
                ? "the target must start with http:// or https:// with two slashes (a server in front of the relay may have merged them: turn that off, e.g. nginx merge_slashes off)."
                : "the path must be an absolute http:// or https:// URL, such as /https://api.example.com/v1/items.");
            return false;
        }

        foreach (var c in text)
        {
            if (c == '\\')
            {
                refusal = Mangled("the target contains a backslash, which URL parsers read as '/' in some places and not in others; write '/' or %5C.");
                return false;
            }

            if (c <= ' ' || c >= 0x7F)
            {
                refusal = Mangled($"the target contains U+{(int)c:X4}; percent-encode it.");
                return false;
            }
        }

        // Any '@' in the authority is user info, even an empty one (https://@host parses as https://host/): refused
        // rather than dropped, as the URL Standard would.
        var authorityStart = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var authorityEnd = text.IndexOfAny(['/', '?', '#'], authorityStart);
        if (text.AsSpan(authorityStart, (authorityEnd < 0 ? text.Length : authorityEnd) - authorityStart).Contains('@'))
        {
            refusal = new RelayRefusal(RelayRule.CredentialsInTarget, "the target URL carries a user name or password (user info before '@'); the relay does not forward credentials.");
            return false;
        }

        if (!WhatwgUrl.TryParse(text, out var url, out var error))
        {
            refusal = Mangled($"the target is not a valid URL: {error}.");
            return false;
        }

        if (url.Fragment is not null)
        {
            refusal = Mangled("the target has a fragment (#…), which a browser never sends; remove it.");
            return false;
        }

        // WhatwgUrl's href is plain ASCII in canonical form, which Uri reads as the same URL.
        if (!Uri.TryCreate(url.Href, UriKind.Absolute, out target))
        {
            refusal = Mangled("the target is not a URL this relay can request.");
            return false;
        }

        refusal = null;
        return true;
    }

    /// <summary>The target's origin in its canonical serialization (scheme, host, port when not the default).</summary>
    public static string OriginOf(Uri target) => target.GetLeftPart(UriPartial.Authority);

    private static bool StartsWithScheme(string text, string prefix) => text.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);

    private static RelayRefusal Mangled(string reason) => new(RelayRule.MangledTarget, reason);
}
