using System.Diagnostics.CodeAnalysis;

namespace CorsKit.Origins;

/// <summary>
/// An http:// or https:// URL the user typed (an audit target, <c>--proxy</c>, a gateway upstream), parsed as a browser
/// parses it (<see cref="WhatwgUrl"/>) before <see cref="Uri"/> sees it. <see cref="Uri.TryCreate(string, UriKind, out Uri)"/>
/// is not safe on arbitrary text: in .NET 10.0 an input such as <c>"///////\u200e/1/1/1/1/1/1\u0001/1/1\t/"</c> throws
/// <see cref="IndexOutOfRangeException"/> from inside TryCreate (found by the fuzz harness); the serialised href of a
/// URL the URL Standard accepts is plain ASCII that Uri reads without surprises.
/// </summary>
internal static class HttpUrl
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out Uri? uri)
    {
        uri = null;
        if (!WhatwgUrl.TryParse(text, out var parsed, out _) || parsed.Scheme is not ("http" or "https") || parsed.Host.Length == 0)
        {
            return false;
        }

        // The href of "http://host:8080" is "http://host:8080/"; without a typed path the Uri keeps the typed form as
        // its OriginalString (what the proxy and gateway print), and means the same URL.
        var href = parsed.Href;
        if (parsed.PathAndQuery == "/" && parsed.Fragment is null && !text!.TrimEnd().EndsWith('/'))
        {
            href = href[..^1];
        }

        return Uri.TryCreate(href, UriKind.Absolute, out uri);
    }

    /// <summary>
    /// For text typed without a scheme (<c>example.com/api</c>, <c>localhost:5000</c>, which the URL parser reads as
    /// the scheme <c>localhost:</c>): the URL that was probably meant, or null. https:// for a host name, http:// for
    /// localhost and loopback addresses, where development servers usually speak plain HTTP.
    /// </summary>
    public static string? Meant(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Contains("://", StringComparison.Ordinal) || !TryParse("https://" + text.Trim(), out var guess))
        {
            return null;
        }

        var local = guess.IsLoopback || guess.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || guess.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        return (local ? "http://" : "https://") + text.Trim();
    }

    /// <summary>" (did you mean http://localhost:5000?)" for text <see cref="Meant"/> can complete, else empty.</summary>
    public static string DidYouMean(string? text) => Meant(text) is { } meant ? $" (did you mean {meant}?)" : "";
}
