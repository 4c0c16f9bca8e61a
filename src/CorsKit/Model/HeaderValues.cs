using CorsKit.Fetch;

namespace CorsKit.Model;

/// <summary>Header-list reads (Fetch §2.2 "get"): the one reader for the model, the diagnosis and check.</summary>
internal static class HeaderValues
{
    /// <summary>Fetch "get": null if absent, else every line's value (OWS-trimmed) joined by ", ".</summary>
    public static string? Get(IReadOnlyList<HttpHeader> headers, string name)
    {
        string? result = null;
        foreach (var header in headers)
        {
            if ((header.Name ?? "").Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                var value = HttpChars.TrimHttpWhitespace(header.Value ?? "").ToString();
                result = result is null ? value : result + ", " + value;
            }
        }

        return result;
    }

    /// <summary>How many lines carry <paramref name="name"/>.</summary>
    public static int Count(IReadOnlyList<HttpHeader> headers, string name)
    {
        var count = 0;
        foreach (var header in headers)
        {
            if ((header.Name ?? "").Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                count++;
            }
        }

        return count;
    }
}
