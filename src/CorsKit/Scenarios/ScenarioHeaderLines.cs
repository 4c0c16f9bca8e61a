using CorsKit.Fetch;

namespace CorsKit.Scenarios;

/// <summary>The header lines a scenario holds as text (<c>Name: value</c>).</summary>
internal static class ScenarioHeaderLines
{
    /// <summary>Splits at the first colon (as curl's <c>-H</c>); the name must be a token (RFC 9110 §5.6.2) and the
    /// value carries no CR, LF or NUL (Fetch §2.2 "header value"); the value is trimmed of HTTP whitespace.</summary>
    public static bool TryParse(string line, out HttpHeader header, out string problem)
    {
        header = default;
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        var name = colon <= 0 ? "" : line[..colon].Trim();
        if (colon <= 0 || !FetchRules.IsToken(name))
        {
            problem = $"The header line '{line}' is not of the form 'Name: value'.";
            return false;
        }
        var value = line[(colon + 1)..].Trim(' ', '\t');
        if (value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
        {
            problem = $"The value of header '{name}' contains a line break or NUL.";
            return false;
        }
        header = new HttpHeader(name, value);
        problem = "";
        return true;
    }

    /// <summary>Every line's value for <paramref name="name"/> (case-insensitive), in order.</summary>
    public static List<string> All(IReadOnlyList<HttpHeader> headers, string name)
    {
        var values = new List<string>();
        foreach (var h in headers)
        {
            if (h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                values.Add(h.Value);
            }
        }
        return values;
    }
}
