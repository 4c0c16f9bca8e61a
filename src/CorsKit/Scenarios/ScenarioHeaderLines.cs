using CorsKit.Diagnostics.Explain;
using CorsKit.Fetch;

namespace CorsKit.Scenarios;

/// <summary>The header lines a scenario holds as text (<c>Name: value</c>).</summary>
internal static class ScenarioHeaderLines
{
    /// <summary>One <c>Name: value</c> line, by the rule every typed header follows (<see cref="HeaderInput"/>: split at
    /// the first colon, the name a token, the value without CR, LF or NUL); the problem is one sentence.</summary>
    public static bool TryParse(string line, out HttpHeader header, out string problem)
    {
        if (HeaderInput.TryParseLine(line.Trim(), out header, out var error))
        {
            problem = "";
            return true;
        }
        problem = "Header line: " + error;
        return false;
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
