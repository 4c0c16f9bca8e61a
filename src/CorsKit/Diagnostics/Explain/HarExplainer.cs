using CorsKit.Diagnostics.Har;
using CorsKit.Diagnostics.Fixes;
using CorsKit.Model;

namespace CorsKit.Diagnostics.Explain;

/// <summary>Turns a HAR file into explained items: the library re-judges every cross-origin request offline
/// (<see cref="HarJudge"/>); this maps each finding to an item and the check command that repeats it live.</summary>
internal static class HarExplainer
{
    public static ExplainResult Explain(string text, CredentialsMode? credentials)
    {
        if (!HarReader.TryRead(text, out var log, out var error))
        {
            throw new ExplainInputException(error);
        }

        var report = HarJudge.Judge(log, credentials);
        if (report.Findings.Count == 0)
        {
            throw new ExplainInputException($"the HAR file holds no cross-origin request to explain ({log.Entries.Count} entries, none a fetch, XMLHttpRequest or other CORS request to another origin).");
        }

        var notes = new List<string>();
        if (log.Skipped > 0)
        {
            notes.Add($"{log.Skipped} entries without a method or URL were skipped.");
        }

        if (report.NotCrossOrigin > 0)
        {
            notes.Add($"{report.NotCrossOrigin} requests are not cross-origin CORS requests (same-origin, navigations, no-cors loads) and were not judged.");
        }

        if (report.Sanitised)
        {
            notes.Add("The export is sanitised (Cookie or Authorization removed or redacted): the verdicts use the headers the preflights name; put the real values into the check commands.");
        }

        if (credentials is null && report.Findings.Any(f => f.CredentialsSource == HarCredentialsSource.Unknown))
        {
            notes.Add("A HAR does not record fetch()'s credentials mode: requests without a Cookie header show both outcomes (omit, then include); --credentials picks one.");
        }

        return new ExplainResult(ExplainInputKind.Har, [.. report.Findings.Select(Item)]) { RootCauses = report.RootCauses, Notes = notes };
    }

    private static ExplainItem Item(HarFinding f)
    {
        var primary = f.Primary;
        var failure = primary.Verdict.Failure;
        // The URL whose response failed (or the last one the script got), as the file records it.
        var exchange = primary.Blocked ? primary.Verdict.Exchanges.LastOrDefault() : primary.Verdict.Exchanges.LastOrDefault(e => e.Kind == ExchangeKind.Actual);
        var hop = exchange is null ? f.Hops[0] : f.Hops.LastOrDefault(h => h.ParsedUrl?.AbsoluteUri == exchange.Request.Url.AbsoluteUri);
        var url = hop?.Url ?? exchange!.Request.Url.AbsoluteUri;
        var verdict = !primary.Blocked ? ExplainVerdict.Allowed
            // The file lacks the response: the replay's failure is not a network error the browser saw.
            : f.Incomplete is not null && failure?.Code is null && failure?.NetworkError == "net::ERR_FAILED" ? ExplainVerdict.Unknown
            : ExplainVerdict.Blocked;
        var notes = new List<string>();
        if (f.OriginSource != HarOriginSource.OriginHeader)
        {
            notes.Add($"The page's origin is read from {Describe(f.OriginSource)}.");
        }

        if (f.Pairing == HarPreflightPairing.NotRecordedButPassed)
        {
            notes.Add("The file holds no preflight for this request, but the request went out, so its preflight passed (or the preflight cache answered).");
        }

        if (f.CredentialsSource == HarCredentialsSource.CookieHeader)
        {
            notes.Add("Credentials mode include: the request carried a Cookie header, which no other mode sends to another origin.");
        }

        if (f.CredentialsSource == HarCredentialsSource.RecordedOutcome)
        {
            notes.Add($"Credentials mode {CheckInput.Name(primary.Credentials)}: the file records no Cookie header, but only this mode explains the outcome the file records (the request {(primary.Blocked ? "failed" : "succeeded")}).");
        }

        if (f.Sanitised)
        {
            notes.Add("This request was sanitised in the export (Cookie or Authorization removed or redacted).");
        }

        if (f.Incomplete is { } missing)
        {
            notes.Add($"Incomplete: {missing}.");
        }

        var outcomes = f.Outcomes.Count > 1
            ? f.Outcomes.Select(o => new ExplainOutcome(CheckInput.Name(o.Credentials), o.Blocked, o.Code?.ToString(), o.Verdict.Failure?.FailedParameter ?? "")).ToList()
            : [];
        var check = new CheckRequest
        {
            Url = f.Url,
            Origin = f.Origin,
            Method = f.Request.Method,
            Headers = f.Request.Headers,
            Credentials = CheckInput.Name(f.Request.Credentials),
            Body = f.Request.Body,
        };

        return new ExplainItem
        {
            Kind = ExplainInputKind.Har,
            Entry = f.Hops[0].Index,
            Browser = BrowserProfile.Chromium.Name,
            Initiator = f.Hops[0].ResourceType switch { "xhr" => "XMLHttpRequest", "fetch" => "fetch", var other => other },
            Method = f.Method,
            Url = url,
            RedirectedFrom = hop == f.Hops[0] ? null : f.Url,
            Origin = f.Origin,
            Credentials = f.CredentialsSource == HarCredentialsSource.Unknown ? null : CheckInput.Name(primary.Credentials),
            Blocked = verdict == ExplainVerdict.Blocked,
            Verdict = verdict,
            Outcomes = outcomes,
            Code = failure?.Code?.ToString(),
            Parameter = failure?.FailedParameter ?? "",
            Explanation = failure?.Explanation ?? Allowed(primary.Verdict),
            Causes = failure?.Causes ?? [],
            Fix = failure?.Fix ?? "Nothing to fix: the browser lets the script read this response.",
            Check = CheckCommandLine.For(check),
            CheckNote = f.Sanitised ? "The export removed some header values: put the real ones into the command." : null,
            Notes = notes,
            Source = f.Hops.Count > 1 ? $"entries {string.Join(", ", f.Hops.Select(h => h.Index))}" : null,
            Failure = failure,
            Advice = verdict == ExplainVerdict.Blocked && FixAdvisor.Helps(failure?.Code) ? Advise(f, primary) : null,
        };
    }

    /// <summary>The fix for the outcome the file records, from the replayed exchanges (what the server sends now).</summary>
    private static FixAdvice Advise(HarFinding f, HarOutcome primary)
    {
        var request = f.Request with { Credentials = primary.Credentials };
        var classification = primary.Verdict.Classification ?? new BrowserModel(BrowserProfile.Chromium).Classify(request);
        return FixAdvisor.Advise(request, classification, primary.Verdict, null, null, allStacks: true);
    }

    private static string Allowed(CorsVerdict verdict) => verdict.ReadableHeaders.Count == 0
        ? "The browser lets the script read the response."
        : $"The browser lets the script read the response (readable headers: {string.Join(", ", verdict.ReadableHeaders)}).";

    private static string Describe(HarOriginSource source) => source switch
    {
        HarOriginSource.PreflightOrigin => "its preflight's Origin header (the request itself records none)",
        HarOriginSource.Referer => "its Referer header (it records no Origin header)",
        _ => "the page the HAR file records (no Origin or Referer header)",
    };
}
