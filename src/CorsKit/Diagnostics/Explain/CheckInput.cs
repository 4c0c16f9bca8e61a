using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Diagnostics.Explain;

/// <summary>Parses the user-written parts of a <see cref="CheckRequest"/>; each failure is one sentence.</summary>
internal static class CheckInput
{
    private static bool HasPathOrQuery(string origin)
    {
        var scheme = origin.IndexOf("://", StringComparison.Ordinal);
        return scheme > 0 && origin.AsSpan(scheme + 3).IndexOfAny("/?#") >= 0;
    }

    /// <summary>Builds the model's request, or says in one sentence what is wrong with the input.</summary>
    public static bool TryBuild(CheckRequest input, out CorsRequest? request, out string error)
    {
        request = null;
        // The URL as fetch() parses it (URL Standard basic URL parser, no base): `http:127.0.0.1:8080` and a tab in
        // the host are accepted, `[::1%25lo]` is not. The Uri handed to the model is built from the serialized href.
        // Typed without a scheme (example.com, or localhost:5000, which parses as the scheme "localhost:"): say which URL
        // was probably meant rather than how the parser read it.
        if (HttpUrl.Meant(input.Url) is { } likely)
        {
            error = $"'{input.Url}' is not an absolute http:// or https:// URL (did you mean {likely}?).";
            return false;
        }

        if (!WhatwgUrl.TryParse(input.Url, out var parsed, out var why))
        {
            error = $"'{input.Url}' is not an absolute http:// or https:// URL: {why}.";
            return false;
        }

        if (parsed.Scheme is not "http" and not "https")
        {
            error = $"'{input.Url}' is not an http:// or https:// URL (fetch() from a page only reaches those here).";
            return false;
        }

        // Fetch §5.4 Request constructor: "If parsedURL includes credentials, then throw a TypeError."
        if (parsed.IncludesCredentials)
        {
            error = $"'{input.Url}' includes credentials (user:password@), which fetch() refuses with a TypeError; send them in an Authorization header (-H) instead.";
            return false;
        }

        if (!Uri.TryCreate(parsed.Href, UriKind.Absolute, out var url))
        {
            error = $"'{input.Url}' parses as {parsed.Href}, which check cannot request.";
            return false;
        }

        // An Origin header is scheme://host[:port] and nothing more (RFC 6454 §7, Fetch §3.1.7): `https://a.com/` or a
        // page URL is not what a browser sends, so say what to write instead of guessing.
        if (HasPathOrQuery(input.Origin) && Origin.TryParse(input.Origin, out var meant))
        {
            error = $"'{input.Origin}' is not an origin: an origin has no path, query or trailing slash (did you mean {meant.Serialized}?).";
            return false;
        }

        if (!Origin.TryParse(input.Origin, out var origin))
        {
            error = $"'{input.Origin}' is not a valid origin (expected scheme://host[:port], e.g. https://app.example, or null).";
            return false;
        }

        if (!FetchRules.IsToken(input.Method))
        {
            error = $"'{input.Method}' is not a valid HTTP method.";
            return false;
        }

        if (!TryParseCredentials(input.Credentials, out var credentials))
        {
            error = $"'{input.Credentials}' is not a credentials mode (use omit, same-origin or include).";
            return false;
        }

        foreach (var header in input.Headers)
        {
            if (!HeaderInput.TryMake(header.Name, header.Value, out _, out error))
            {
                return false;
            }
        }

        if (!HeaderInput.TryCookie(input.Cookie, out error))
        {
            return false;
        }

        request = new CorsRequest
        {
            Origin = origin,
            Url = url,
            Method = input.Method,
            Headers = [.. input.Headers.Select(h => new HttpHeader(h.Name, h.Value.Trim(' ', '\t', '\r', '\n')))],
            Credentials = credentials,
            Body = input.Body,
        };
        error = "";
        return true;
    }

    /// <summary>Parses a credentials mode as <c>fetch()</c> spells it.</summary>
    public static bool TryParseCredentials(string? text, out CredentialsMode mode)
    {
        (var ok, mode) = text switch
        {
            "omit" => (true, CredentialsMode.Omit),
            "same-origin" => (true, CredentialsMode.SameOrigin),
            "include" => (true, CredentialsMode.Include),
            _ => (false, CredentialsMode.SameOrigin),
        };
        return ok;
    }

    /// <summary>The <c>fetch()</c> spelling of a credentials mode.</summary>
    public static string Name(CredentialsMode mode) => mode switch
    {
        CredentialsMode.Omit => "omit",
        CredentialsMode.Include => "include",
        _ => "same-origin",
    };
}
