using CorsKit.Diagnostics;

namespace CorsKit.Diagnostics.Explain;

/// <summary>
/// The one place that knows the input kinds: how each is recognised from the content, its <c>--kind</c> name, and
/// which reader explains it. A new kind adds its case to <see cref="ExplainInputKind"/> and to the switches here.
/// </summary>
internal static class ExplainInput
{
    /// <summary>The <c>--kind</c> names.</summary>
    public static bool TryParseKind(string? name, out ExplainInputKind kind)
    {
        (var ok, kind) = name switch
        {
            "console" => (true, ExplainInputKind.ConsoleText),
            "har" => (true, ExplainInputKind.Har),
            "curl" => (true, ExplainInputKind.Curl),
            "fetch" => (true, ExplainInputKind.Fetch),
            _ => (false, ExplainInputKind.ConsoleText),
        };
        return ok;
    }

    /// <summary>The name used in JSON (<c>kind</c>) and in <c>--kind</c>.</summary>
    public static string Name(ExplainInputKind kind) => kind switch
    {
        ExplainInputKind.Har => "har",
        ExplainInputKind.Curl => "curl",
        ExplainInputKind.Fetch => "fetch",
        _ => "console",
    };

    /// <summary>Recognises the kind from the content: a JSON object with a <c>log</c> member is a HAR, a text
    /// starting with <c>curl</c> a copied cURL command, one starting with <c>fetch(</c> (or <c>await fetch(</c>) a
    /// copied fetch call; anything else is read as console text.</summary>
    public static ExplainInputKind Detect(string text)
    {
        var start = text.AsSpan().TrimStart();
        if (start.StartsWith("{") && start.Contains("\"log\"", StringComparison.Ordinal))
        {
            return ExplainInputKind.Har;
        }

        if (start.StartsWith("curl ", StringComparison.Ordinal) || start.StartsWith("curl.exe ", StringComparison.Ordinal))
        {
            return ExplainInputKind.Curl;
        }

        if (start.StartsWith("fetch(", StringComparison.Ordinal) || start.StartsWith("await fetch(", StringComparison.Ordinal))
        {
            return ExplainInputKind.Fetch;
        }

        return ExplainInputKind.ConsoleText;
    }

    /// <summary>Explains <paramref name="text"/> read as <paramref name="kind"/>; a <see cref="ExplainInputException"/>
    /// (one sentence) when it holds nothing of that kind. <paramref name="credentials"/> (<c>--credentials</c>) is the
    /// credentials mode of a HAR's requests; <paramref name="origin"/> (<c>--origin</c>) the page of a copied request.</summary>
    public static ExplainResult Explain(ExplainInputKind kind, string text, CorsKit.Model.CredentialsMode? credentials = null, string? origin = null)
    {
        switch (kind)
        {
            case ExplainInputKind.ConsoleText:
                var items = ConsoleExplainer.Explain(ConsoleMessageParser.Parse(text));
                return items.Count > 0 ? new ExplainResult(kind, items) : throw new ExplainInputException(
                    "found no CORS error message in the input: expected browser console text such as \"Access to fetch at 'https://api.example/x' from origin 'https://app.example' has been blocked by CORS policy: ...\".");
            case ExplainInputKind.Har:
                return HarExplainer.Explain(text, credentials);
            case ExplainInputKind.Curl or ExplainInputKind.Fetch:
                return CopiedExplainer.Explain(kind, CopiedExplainer.Parse(text, origin));
            default:
                throw new ExplainInputException($"'{kind}' is not an input kind explain reads.");
        }
    }
}
