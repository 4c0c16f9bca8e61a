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
        foreach (CookieScenario s in engines[0].Observations.Select(o => o.Scenario))
        {
            sb.Append("| ").Append(s.Key).Append(" | `").Append(s.SetCookie.Replace(s.CookiePair, "…", StringComparison.Ordinal)).Append("` |");
            foreach (var (_, observations) in engines)
            {
                CookieObservation o = observations.First(x => x.Scenario.Id == s.Id);
                sb.Append(' ').Append(Cell(o.ReadReached, o.Sent, o.ReadCookie)).Append(" | ").Append(Cell(o.ProbeReached, o.StoredFirstParty, o.ProbeCookie)).Append(" |");
            }
            sb.AppendLine();
        }
        return sb.ToString();
    }

    /// <summary><c>sent</c>, <c>—</c> (no Cookie header), <c>other: …</c> (a header without this cookie) or
    /// <c>not reached</c>.</summary>
    public static string Cell(bool reached, bool contains, string? header) =>
        !reached ? "not reached" : contains ? "sent" : header is null ? "—" : "other: " + header;
}
