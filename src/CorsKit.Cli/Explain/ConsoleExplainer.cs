using CorsKit.Cli.Output;
using CorsKit.Diagnostics;
using CorsKit.Model;

namespace CorsKit.Cli.Explain;

/// <summary>Turns the CORS messages found in pasted console text into explained items: the model's explanation,
/// causes and fix for the code (<see cref="ConsoleMessage.Explain"/>), and the <c>corskit check</c> command that
/// makes the same request live.</summary>
internal static class ConsoleExplainer
{
    public static IReadOnlyList<ExplainItem> Explain(ConsoleParseResult parsed) => [.. parsed.Messages.Select(Item)];

    private static ExplainItem Item(ConsoleMessage m)
    {
        var failure = m.Explain();
        var (check, note) = CheckCommandFor(m);
        return new ExplainItem
        {
            Kind = ExplainInputKind.ConsoleText,
            Line = m.Line,
            Browser = BrowserName(m.Browser),
            Initiator = m.ResourceKind,
            Url = m.Url,
            RedirectedFrom = m.RedirectedFrom,
            Origin = m.Origin,
            Blocked = true,
            Code = m.Code.ToString(),
            Parameter = m.FailedParameter,
            Explanation = failure.Explanation,
            Causes = failure.Causes,
            Fix = failure.Fix,
            Check = check,
            CheckNote = note,
            Source = m.Text,
        };
    }

    private static string BrowserName(BrowserEngine engine) => engine switch
    {
        BrowserEngine.Firefox => BrowserProfile.Firefox.Name,
        BrowserEngine.Safari => BrowserProfile.Safari.Name,
        _ => BrowserProfile.Chromium.Name,
    };

    /// <summary>The method from DevTools' companion line, when it is not check's default GET.</summary>
    private static void AddMethod(List<string> words, string? method)
    {
        if (method is not null and not "GET")
        {
            words.AddRange(["-X", method]);
        }
    }

    /// <summary>The check that repeats the request: the URL the script asked for, the page's origin, and what the
    /// message reveals about the request (credentials for the credentials errors, the refused method or header).</summary>
    private static (string Command, string? Note) CheckCommandFor(ConsoleMessage m)
    {
        var words = new List<string> { "corskit", "check", m.RedirectedFrom ?? m.Url, "--origin", m.Origin };
        string? note = null;
        switch (m.Code)
        {
            case ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed
                or ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials:
                AddMethod(words, m.Method);
                words.AddRange(["--credentials", "include"]);
                break;
            case ChromiumCorsError.MethodDisallowedByPreflightResponse when m.FailedParameter.Length > 0:
                words.AddRange(["-X", m.FailedParameter]);
                note = "Add the headers the script sets (-H 'Name: value'): the message names only the method.";
                break;
            case ChromiumCorsError.HeaderDisallowedByPreflightResponse when m.FailedParameter.Length > 0:
                AddMethod(words, m.Method);
                words.AddRange(["-H", $"{m.FailedParameter}: 1"]);
                note = m.Method is null ? "Put the script's method (-X) and the header's real value in: the message names only the header." : "Put the header's real value in: the message names only its name.";
                break;
            default:
                AddMethod(words, m.Method);
                break;
        }

        if (note is null && m.PreflightFailed)
        {
            note = m.Method is null
                ? "The message does not say why the browser preflighted: add the script's method (-X) and headers (-H), or the check sends a simple GET without a preflight."
                : "Add the headers the script sets (-H 'Name: value'): the console names only the method.";
        }

        var target = m.RedirectedFrom ?? m.Url;
        if (!target.StartsWith("http://", StringComparison.Ordinal) && !target.StartsWith("https://", StringComparison.Ordinal))
        {
            note = "check reaches only http:// and https:// URLs: serve the page and the file from a local web server, then check that URL.";
        }

        return (ShellWords.Join(words), note);
    }
}
