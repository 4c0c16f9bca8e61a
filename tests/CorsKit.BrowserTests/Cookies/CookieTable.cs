using System.Text;

namespace CorsKit.BrowserTests.Cookies;

/// <summary>Writes observations as the markdown tables of docs/browser-verification.md and
/// /work/coord/cookie-observations.md.</summary>
public static class CookieTable
{
    /// <summary>One row per scenario, one column pair per engine: <c>read</c> (the Cookie header of the reading fetch)
    /// and <c>1p</c> (the Cookie header of the first-party probe on the setting host).</summary>
    public static string Format(IReadOnlyList<(string Engine, IReadOnlyList<CookieObservation> Observations)> engines)
    {
        var sb = new StringBuilder();
        sb.Append("| scenario | Set-Cookie |");
        foreach (var (engine, _) in engines)
        {
            sb.Append(' ').Append(engine).Append(" read | ").Append(engine).Append(" 1p |");
        }
        sb.AppendLine();
        sb.Append("|---|---|").Append(string.Concat(Enumerable.Repeat("---|---|", engines.Count))).AppendLine();
        foreach (CookieScenario s in CookieScenarios.All)
        {
            sb.Append("| ").Append(s.Key).Append(" | `").Append(s.SetCookie.Replace(s.CookiePair, "…", StringComparison.Ordinal)).Append("` |");
            foreach (var (_, observations) in engines)
            {
                sb.Append(observations.FirstOrDefault(x => x.Scenario.Id == s.Id) is { } o
                    ? $" {Cell(o.ReadReached, o.Sent, o.ReadCookie)} | {Cell(o.ProbeReached, o.StoredFirstParty, o.ProbeCookie)} |"
                    : " not run | not run |");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary><c>sent</c>, <c>—</c> (no Cookie header), <c>other: …</c> (a header without this cookie) or
    /// <c>not reached</c>.</summary>
    public static string Cell(bool reached, bool contains, string? header) =>
        !reached ? "not reached" : contains ? "sent" : header is null ? "—" : "other: " + header;

    /// <summary>The two-character code of an observation: read sent (<c>+</c>/<c>-</c>), then first-party probe
    /// sent.</summary>
    public static string Code(CookieObservation o) => (o.Sent ? "+" : "-") + (o.StoredFirstParty ? "+" : "-");

    /// <summary>The observations as the C# rows of <see cref="CookieExpectations"/> (to refresh the pinned table
    /// from a run of the real engines).</summary>
    public static string ExpectationRows(IReadOnlyList<CookieRunResult> runs)
    {
        var sb = new StringBuilder();
        foreach (CookieScenario s in CookieScenarios.All)
        {
            sb.Append("        [\"").Append(s.Key).Append("\"] = \"");
            // A scenario an engine does not run keeps its pinned cell.
            sb.AppendJoin(' ', CookieExpectations.Columns.Select((b, column) =>
                runs.FirstOrDefault(r => r.Browser == b)?.Observations.FirstOrDefault(o => o.Scenario.Id == s.Id) is { } o
                    ? Code(o) : CookieExpectations.Rows[s.Key].Split(' ')[column]));
            sb.AppendLine("\",");
        }
        return sb.ToString();
    }
}
