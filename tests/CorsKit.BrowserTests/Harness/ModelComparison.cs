using System.Text;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.BrowserTests.Harness;

/// <summary>One field on which the model and a browser disagree for one scenario.</summary>
public sealed record Disagreement(Scenario Scenario, string Field, string Browser, string Model);

/// <summary>
/// Runs the model on a scenario with a transport that answers through the same pure
/// <see cref="ScenarioServer.Respond"/> the real server used, then compares the verdict with the browser's
/// observation field by field.
/// </summary>
public static class ModelComparison
{
    /// <summary>The request the page script made, as the model's input.</summary>
    public static CorsRequest ToRequest(Topology topology, string run, Scenario s, ScenarioRequest step) => new()
    {
        Origin = Origin.Parse(topology.PageOrigin),
        Url = new Uri(topology.UrlOf(run, s, 0)),
        Method = step.Method,
        Headers = step.Headers.Select(h => new HttpHeader(h.Name, h.Value)).ToList(),
        // The runner appends to a Headers object unless the scenario passes a sequence of pairs.
        HeadersObject = step.Api == "fetch" && !step.Sequence,
        Credentials = step.Credentials switch
        {
            "omit" => CredentialsMode.Omit,
            "include" => CredentialsMode.Include,
            _ => CredentialsMode.SameOrigin,
        },
        Body = step.Body,
        Initiator = step.Api == "xhr" ? Initiator.XmlHttpRequest : Initiator.Fetch,
        // XHR with an upload listener and a body sets the use-CORS-preflight flag (XHR §send step 4, Fetch §2.2.5).
        // An upload listener is what the script did; each profile decides what it implies (Firefox preflights even
        // without a body). ForcePreflight stays the XHR send() step 4 flag (listener and body).
        ForcePreflight = step.Api == "xhr" && step.Upload && step.Body is not null,
        UploadListener = step.Api == "xhr" && step.Upload,
    };

    /// <summary>A transport that answers exactly as the scenario server does.</summary>
    public static CorsTransport Transport(Topology topology, string run, Scenario s) => (request, _) =>
    {
        WireResponse r = ScenarioServer.Respond(topology, run, s, request.Method, request.Url.AbsolutePath,
            request.Headers.Select(h => new KeyValuePair<string, string>(h.Name, h.Value)));
        return Task.FromResult(new IncomingResponse
        {
            Status = r.Status,
            Headers = r.Headers.Select(l => new HttpHeader(l.Name, l.Value)).ToList(),
        });
    };

    /// <summary>Runs a fresh model of <paramref name="profile"/> on the scenario: one verdict per step, all steps
    /// through the same model (so its preflight cache carries over, as the browser's does).</summary>
    public static async Task<IReadOnlyList<CorsVerdict>> RunModelAsync(BrowserProfile profile, Topology topology, string run, Scenario s)
    {
        var model = new BrowserModel(profile);
        var verdicts = new List<CorsVerdict>();
        foreach (ScenarioRequest step in s.Steps)
        {
            verdicts.Add(await model.RunAsync(ToRequest(topology, run, s, step), Transport(topology, run, s)));
        }
        return verdicts;
    }

    /// <summary>Every field on which the model's <paramref name="verdicts"/> (one per step) differ from
    /// <paramref name="o"/>.</summary>
    public static List<Disagreement> Compare(BrowserObservation o, IReadOnlyList<CorsVerdict> verdicts, Topology topology, string run, bool chromium)
    {
        // Single-step scenarios compare one verdict; for steps the last verdict stands for the page's final view, the
        // first preflight and the first failure for the browser's first ones, and the trace covers every step.
        CorsVerdict verdict = verdicts[^1];
        var exchanges = verdicts.SelectMany(v => v.Exchanges).ToList();
        CorsFailure? failure = verdicts.Select(v => v.Failure).FirstOrDefault(f => f?.Code is not null) ?? verdict.Failure;
        CorsVerdict? firstPreflight = verdicts.FirstOrDefault(v => v.PreflightRequestMethod is not null);
        var list = new List<Disagreement>();
        void Check(string field, string? browser, string? model)
        {
            if (!string.Equals(browser ?? "", model ?? "", StringComparison.Ordinal))
            {
                list.Add(new Disagreement(o.Scenario, field, browser ?? "(none)", model ?? "(none)"));
            }
        }

        Scenario s = o.Scenario;
        Check("allowed", o.Page.Ok.ToString(), verdict.Allowed.ToString());
        if (verdicts.Count > 1)
        {
            Check("steps allowed", string.Join(",", o.Page.Steps), string.Join(",", verdicts.Select(v => v.Allowed)));
        }
        Check("preflight sent", o.PreflightSent.ToString(), exchanges.Any(e => e.Kind == ExchangeKind.Preflight).ToString());
        Check("ACRM", o.PreflightRequestMethod, firstPreflight?.PreflightRequestMethod);
        Check("ACRH", o.PreflightRequestHeaders, firstPreflight?.PreflightRequestHeaders);
        Check("actual sent", o.ActualSent.ToString(), verdicts.Any(v => v.ActualSent).ToString());
        Check("trace", string.Join(" | ", o.Requests.Select(r => Trace(s, r.Preflight, r.Hop, r.Method, r.Origin, r.RequestMethod, r.RequestHeaders, r.Cookie))),
            string.Join(" | ", ModelTrace(s, exchanges)));
        string read = s.ReadHeader.ToLowerInvariant();
        Check("readable " + read, (o.Page.Ok && o.Page.Readable).ToString(), (verdict.Allowed && verdict.ReadableHeaders.Contains(read)).ToString());
        if (o.Page.Ok && verdict.Allowed)
        {
            // Compare exposure over the names the final response really carried (Kestrel's Date is not Respond's).
            var universe = FinalResponseNames(topology, run, s, o);
            Check("readable names", string.Join(",", o.Page.Keys.Where(universe.Contains).Order(StringComparer.Ordinal)),
                string.Join(",", verdict.ReadableHeaders.Select(n => n.ToLowerInvariant()).Where(universe.Contains).Order(StringComparer.Ordinal)));
        }
        if (chromium)
        {
            Check("CorsError", o.CorsError, failure?.Code?.ToString());
            if (o.CorsError is not null || failure?.Code is not null)
            {
                Check("failedParameter", o.FailedParameter, failure?.FailedParameter);
                Check("console", o.ConsoleMessage, failure?.ChromiumMessage);
            }
        }
        return list;
    }

    /// <summary>Runs the model on every observation and collects all disagreements (model exceptions included).</summary>
    public static async Task<List<Disagreement>> CompareAllAsync(IEnumerable<BrowserObservation> observations,
        BrowserProfile profile, Topology topology, string run, bool chromium)
    {
        var all = new List<Disagreement>();
        foreach (BrowserObservation o in observations)
        {
            try
            {
                var verdicts = await RunModelAsync(profile, topology, run, o.Scenario);
                all.AddRange(Compare(o, verdicts, topology, run, chromium));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                all.Add(new Disagreement(o.Scenario, "model threw", "-", $"{e.GetType().Name}: {e.Message}"));
            }
        }
        return all;
    }

    /// <summary>A readable failure: counts per field, then the first <paramref name="max"/> disagreements with the
    /// scenario JSON.</summary>
    public static string Table(IReadOnlyList<Disagreement> all, string browser, int seed, int scenarioCount, int max = 30)
    {
        var sb = new StringBuilder();
        int scenarios = all.Select(d => d.Scenario.Id).Distinct().Count();
        sb.AppendLine($"{browser}: model disagrees with the browser on {scenarios} of {scenarioCount} scenarios ({all.Count} fields); seed {seed} (set CORSKIT_SEED={seed} to reproduce).");
        sb.AppendLine("By field: " + string.Join(", ", all.GroupBy(d => d.Field).OrderByDescending(g => g.Count()).Select(g => $"{g.Key}={g.Count()}")));
        sb.AppendLine();
        sb.AppendLine("| scenario | field | browser | model |");
        sb.AppendLine("|---|---|---|---|");
        foreach (Disagreement d in all.Take(max))
        {
            sb.AppendLine($"| #{d.Scenario.Id} {d.Scenario.Name} | {d.Field} | {Cell(d.Browser)} | {Cell(d.Model)} |");
        }
        sb.AppendLine();
        foreach (Scenario s in all.Take(max).Select(d => d.Scenario).DistinctBy(s => s.Id))
        {
            sb.AppendLine($"#{s.Id}: {s.ToJson()}");
        }
        return sb.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    private static HashSet<string> FinalResponseNames(Topology topology, string run, Scenario s, BrowserObservation o)
    {
        Recorded? last = o.Requests.LastOrDefault(r => !r.Preflight);
        if (last is null)
        {
            return [];
        }
        WireResponse r = ScenarioServer.Respond(topology, run, s, last.Method, Topology.PathOf(run, s.Id, last.Hop), []);
        return r.Headers.Select(h => h.Name.ToLowerInvariant()).ToHashSet();
    }

    private static IEnumerable<string> ModelTrace(Scenario s, IEnumerable<Exchange> exchanges)
    {
        foreach (Exchange e in exchanges)
        {
            Topology.TryParseUrl(e.Request.Url.AbsoluteUri, out _, out _, out int hop);
            string? H(string name) => e.Request.Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                .Select(h => h.Value).FirstOrDefault();
            yield return Trace(s, e.Kind == ExchangeKind.Preflight, hop, e.Request.Method, H("Origin"),
                H("Access-Control-Request-Method"), H("Access-Control-Request-Headers"), e.Request.IncludeCredentials);
        }
    }

    /// <summary>One request as a trace item. The cookie flag is only shown where it is observable: hops on
    /// 127.0.0.1 (where the runner set its cookie) reached without leaving 127.0.0.1, so SameSite cannot interfere.</summary>
    private static string Trace(Scenario s, bool preflight, int hop, string method, string? origin, string? acrm, string? acrh, bool cookie)
    {
        bool observable = hop >= 0 && hop < s.Hops.Count && s.Hops.Take(hop + 1).All(h => h.Site != Site.ApiLocalhost);
        return $"{(preflight ? "P" : "A")}{hop} {method} o={origin ?? "-"} m={acrm ?? "-"} h={acrh ?? "-"} c={(observable ? (cookie ? "1" : "0") : "?")}";
    }
}
