using CorsKit.Diagnostics.Fixes;
using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Diagnostics.Explain;

/// <summary>Turns the CORS messages found in pasted console text into explained items: the model's explanation,
/// causes and fix for the code (<see cref="ConsoleMessage.Explain"/>), and the <c>corskit check</c> command that
/// makes the same request live.</summary>
internal static class ConsoleExplainer
{
    public static IReadOnlyList<ExplainItem> Explain(ConsoleParseResult parsed) => [.. parsed.Messages.Select(Item)];

    private static ExplainItem Item(ConsoleMessage m)
    {
        var failure = m.Explain();
        var (request, note) = CheckFor(m);
        return new ExplainItem
        {
            Kind = ExplainInputKind.ConsoleText,
            Line = m.Line,
            Browser = ConsoleLine.Name(m.Browser),
            Initiator = m.ResourceKind.Length == 0 ? null : m.ResourceKind,
            Url = m.Url,
            RedirectedFrom = m.RedirectedFrom,
            Origin = m.Origin,
            Blocked = true,
            Code = m.Code.ToString(),
            Candidates = [.. m.Candidates.Select(c => c.ToString())],
            Reason = m.Reason,
            Parameter = m.FailedParameter,
            Explanation = failure.Explanation,
            Causes = failure.Causes,
            Fix = failure.Fix,
            Check = CheckCommandLine.For(request),
            CheckNote = note,
            Source = m.Text,
            // What each browser's console shows for the same failure, the pasted browser's first.
            Consoles = ConsoleLine.For(failure, m.Browser),
            Failure = failure,
            // The same request the check command sends, so the snippets and the command agree.
            Advice = FixAdvisor.Helps(m.Code) && CheckInput.TryBuild(request, out var cors, out _) ? FixAdvisor.ForRequest(cors!, m.PreflightFailed) : null,
        };
    }

    /// <summary>The request the check repeats: the URL the script asked for, the page's origin, and what the
    /// message reveals about the request (credentials for the credentials errors, the refused method or header, the
    /// method from DevTools' companion line).</summary>
    private static (CheckRequest Request, string? Note) CheckFor(ConsoleMessage m)
    {
        // Firefox's reasons and most WebKit details name no origin (and a lone WebKit detail no URL): the command
        // then holds the placeholders ConsoleMessage explains with, and the note says to fill them in.
        var target = m.RedirectedFrom ?? (m.Url.Length == 0 ? ConsoleMessage.UnknownUrl.AbsoluteUri : m.Url);
        var request = new CheckRequest { Url = target, Origin = m.OriginKnown ? m.Origin : ConsoleMessage.UnknownOrigin.Serialized, Method = m.Method ?? "GET" };
        string? note = null;
        switch (m.Code)
        {
            case ChromiumCorsError.WildcardOriginNotAllowed or ChromiumCorsError.PreflightWildcardOriginNotAllowed
                or ChromiumCorsError.InvalidAllowCredentials or ChromiumCorsError.PreflightInvalidAllowCredentials:
                request = request with { Credentials = "include" };
                break;
            case ChromiumCorsError.MethodDisallowedByPreflightResponse when m.FailedParameter.Length > 0:
                request = request with { Method = m.FailedParameter };
                note = "Add the headers the script sets (-H 'Name: value'): the message names only the method.";
                break;
            case ChromiumCorsError.HeaderDisallowedByPreflightResponse when m.FailedParameter.Length > 0:
                request = request with { Headers = [new HttpHeader(m.FailedParameter, "1")] };
                note = m.Method is null ? "Put the script's method (-X) and the header's real value in: the message names only the header." : "Put the header's real value in: the message names only its name.";
                break;
        }

        if (note is null && m.PreflightFailed)
        {
            note = m.Method is null
                ? "The message does not say why the browser preflighted: add the script's method (-X) and headers (-H), or the check sends a simple GET without a preflight."
                : "Add the headers the script sets (-H 'Name: value'): the console names only the method.";
        }

        if (!m.OriginKnown || m.Url.Length == 0)
        {
            note = $"The {ConsoleLine.Name(m.Browser)} message does not name {(m.OriginKnown ? "the URL" : m.Url.Length == 0 ? "the page's origin or the URL" : "the page's origin")}: put yours in place of the placeholder ({(m.OriginKnown ? ConsoleMessage.UnknownUrl.AbsoluteUri : ConsoleMessage.UnknownOrigin.Serialized)})"
                + (note is null ? "." : "; " + char.ToLowerInvariant(note[0]) + note[1..]);
        }

        if (!target.StartsWith("http://", StringComparison.Ordinal) && !target.StartsWith("https://", StringComparison.Ordinal))
        {
            note = "check reaches only http:// and https:// URLs: serve the page and the file from a local web server, then check that URL.";
        }

        return (request, note);
    }
}
