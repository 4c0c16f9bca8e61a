using CorsKit.Diagnostics;
using CorsKit.Diagnostics.Har;

namespace CorsKit.Playground.Features.Paste;

/// <summary>Explains pasted text with the library's engines: a HAR file (HarReader, HarJudge) or console lines
/// (ConsoleMessageParser), as <c>corskit explain</c> reads them.</summary>
internal static class PasteExplainer
{
    public static (IReadOnlyList<PasteItem> Items, string Summary) Explain(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ([], "Paste a console error or a HAR file (or drop a .har file here) first.");
        }
        if (text.TrimStart().StartsWith('{'))
        {
            if (!HarReader.TryRead(text, out var log, out var error))
            {
                return ([], "This looks like JSON but is not a HAR file: " + error);
            }
            var report = HarJudge.Judge(log);
            var items = report.Findings.Select(f => f.Primary.Verdict.Failure is { } failure
                    ? new PasteItem($"{f.Method} {f.Url}", true, failure.Explanation, failure.Fix, failure.ChromiumMessage)
                    : new PasteItem($"{f.Method} {f.Url}", false, "The browser's checks pass for this request.", "Nothing to fix."))
                .ToList();
            var blocked = items.Count(i => i.Blocked);
            return (items, $"HAR: {report.Findings.Count} cross-origin request(s), {blocked} blocked, {report.NotCrossOrigin} not cross-origin.");
        }
        var parsed = ConsoleMessageParser.Parse(text);
        if (parsed.Messages.Count == 0)
        {
            return ([], "No CORS console message was recognised (Chromium, Firefox and Safari messages are).");
        }
        return ([.. parsed.Messages.Select(m =>
        {
            var failure = m.Explain();
            return new PasteItem($"{m.Browser} console, line {m.Line}: {m.Code}", true, failure.Explanation, failure.Fix);
        })], $"{parsed.Messages.Count} console message(s) explained.");
    }
}
