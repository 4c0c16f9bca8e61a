using CorsKit.Cli.Output;
using CorsKit.Cookies;

namespace CorsKit.Cli.Check;

/// <summary>The cookie section of <c>check</c>'s text output: per request, the cookies sent and each one left out with
/// its reason; per response, what its Set-Cookie did.</summary>
internal static class CheckCookieText
{
    public static void Render(CheckResult r, TextWriter o, Ansi a)
    {
        if (r.Cookies is not { } report || (report.Jar.Count == 0 && report.Responses.Count == 0 && report.Requests.All(q => q.Decisions.Count == 0)))
        {
            return;
        }

        o.WriteLine();
        o.WriteLine(a.Bold("Cookies") + a.Dim($" ({report.Behaviour}, third-party cookies: {CheckCookies.Name(report.ThirdParty)})"));
        foreach (var outcome in report.Jar.Where(j => !j.Stored))
        {
            o.WriteLine("  " + a.Yellow("jar line not kept: ") + TerminalText.Escape(outcome.Explanation));
        }

        for (var i = 0; i < report.Requests.Count; i++)
        {
            var request = report.Requests[i];
            var unsent = report.UnsentLast && i == report.Requests.Count - 1;
            o.WriteLine($"  {TerminalText.Escape(request.Url.AbsoluteUri)}{(unsent ? a.Dim(" (not sent)") : "")}: "
                + (request.Header is { } header ? a.Green("Cookie: ") + TerminalText.Escape(header) : a.Yellow("no Cookie header")));
            foreach (var left in request.LeftOut)
            {
                o.WriteLine("    " + a.Red("left out ") + TerminalText.Escape(left.Cookie.Describe()) + ": " + TerminalText.Escape(left.Explanation));
            }
        }

        foreach (var (url, outcome) in report.Responses)
        {
            var name = outcome.Cookie?.Name ?? "";
            var what = outcome.Deleted ? a.Dim("deleted") : outcome.Stored ? a.Green("stored") : a.Red("refused") + ": " + TerminalText.Escape(outcome.Explanation);
            o.WriteLine($"  Set-Cookie {TerminalText.Escape(name)} from {TerminalText.Escape(url.AbsoluteUri)}: {what}");
        }
    }
}
