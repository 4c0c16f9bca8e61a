using System.Globalization;
using System.Text;
using CorsKit.Cli.Output;

namespace CorsKit.Cli.Audit.Output;

/// <summary>The human report (a table per host, ANSI colour when writing to a terminal) and <c>--format markdown</c>.</summary>
internal static class TextReport
{
    public static string Human(AuditReport report, Severity failOn, bool colour)
    {
        var sb = new StringBuilder();
        string Paint(string text, string code) => colour ? $"\u001b[{code}m{text}\u001b[0m" : text;
        sb.AppendLine(Paint("corskit audit", "1") + ": " + Summary(report));
        foreach (var host in report.Targets.GroupBy(t => t.Url.Authority, StringComparer.OrdinalIgnoreCase))
        {
            sb.AppendLine();
            sb.AppendLine(Paint(T(host.Key), "1;4"));
            foreach (var target in host)
            {
                var trusted = target.TrustedOrigins.Count == 0 ? "none found" : T(string.Join(", ", target.TrustedOrigins));
                sb.AppendLine($"  {Paint(T(target.Url.AbsoluteUri), "1")}  (trusted: {trusted})");
                if (target.Error is not null)
                {
                    sb.AppendLine("    " + Paint("error", "31") + ": " + T(target.Error));
                    continue;
                }

                if (target.Findings.Count == 0)
                {
                    sb.AppendLine("    " + Paint("no findings", "32"));
                    continue;
                }

                var idWidth = Math.Max(2, target.Findings.Max(f => f.Kind.Id.Length));
                var originWidth = Math.Max(6, target.Findings.Max(f => T(f.Origin ?? "-").Length));
                sb.AppendLine("    " + Paint($"{"SEVERITY",-9} {"ID".PadRight(idWidth)} {"ORIGIN".PadRight(originWidth)} CREDENTIALS", "2"));
                foreach (var f in target.Findings)
                {
                    var severity = Paint($"{f.Severity.Name().ToUpperInvariant(),-9}", Colour(f.Severity));
                    sb.AppendLine($"    {severity} {f.Kind.Id.PadRight(idWidth)} {T(f.Origin ?? "-").PadRight(originWidth)} {(f.Credentials ? "yes" : "no")}");
                }

                foreach (var f in target.Findings)
                {
                    sb.AppendLine();
                    sb.AppendLine($"    {Paint(f.Kind.Id, Colour(f.Severity))}: {f.Kind.Title}");
                    sb.AppendLine($"      {T(f.Detail)}");
                    if (f.Evidence.Count > 0)
                    {
                        sb.AppendLine($"      evidence: {T(Compact(f.Evidence[0]))}");
                        if (f.Evidence.Count > 1)
                        {
                            sb.AppendLine($"      (+{Counted.Of(f.Evidence.Count - 1, "related probe")} in --format json)");
                        }
                    }

                    sb.AppendLine($"      fix: {f.Kind.Fix}");
                }
            }
        }

        sb.AppendLine();
        sb.AppendLine(Verdict(report, failOn));
        return sb.ToString();
    }

    public static string Markdown(AuditReport report, Severity failOn)
    {
        var sb = new StringBuilder();
        sb.AppendLine("# CorsKit audit");
        sb.AppendLine();
        sb.AppendLine(Summary(report) + ".");
        foreach (var host in report.Targets.GroupBy(t => t.Url.Authority, StringComparer.OrdinalIgnoreCase))
        {
            sb.AppendLine();
            sb.AppendLine($"## {T(host.Key)}");
            foreach (var target in host)
            {
                sb.AppendLine();
                sb.AppendLine($"### {T(target.Url.AbsoluteUri)}");
                sb.AppendLine();
                sb.AppendLine($"Trusted origins: {(target.TrustedOrigins.Count == 0 ? "none found" : string.Join(", ", target.TrustedOrigins.Select(o => $"`{T(o)}`")))}");
                sb.AppendLine();
                if (target.Error is not null)
                {
                    sb.AppendLine($"**Error:** {Escape(target.Error)}");
                    continue;
                }

                if (target.Findings.Count == 0)
                {
                    sb.AppendLine("No findings.");
                    continue;
                }

                sb.AppendLine("| Severity | Id | Origin | Credentials | Detail | Fix |");
                sb.AppendLine("|---|---|---|---|---|---|");
                foreach (var f in target.Findings)
                {
                    sb.AppendLine($"| {f.Severity.Name()} | `{f.Kind.Id}` | {(f.Origin is null ? "" : $"`{Escape(f.Origin)}`")} | {(f.Credentials ? "yes" : "no")} | {Escape(f.Detail)} | {Escape(f.Kind.Fix)} |");
                }

                foreach (var f in target.Findings.Where(f => f.Evidence.Count > 0))
                {
                    sb.AppendLine();
                    sb.AppendLine($"<details><summary><code>{f.Kind.Id}</code> evidence</summary>");
                    sb.AppendLine();
                    sb.AppendLine("```http");
                    var observation = f.Evidence[0].Observation;
                    sb.AppendLine(T($"{observation.Request.Method} {observation.Request.Url.PathAndQuery}"));
                    foreach (var header in observation.Request.Headers)
                    {
                        sb.AppendLine(T($"{header.Name}: {header.Value}"));
                    }

                    sb.AppendLine();
                    if (observation.Response is { } response)
                    {
                        sb.AppendLine($"HTTP {response.Status}");
                        foreach (var header in response.Headers)
                        {
                            sb.AppendLine(T($"{header.Name}: {header.Value}"));
                        }
                    }
                    else
                    {
                        sb.AppendLine(T($"(no response: {observation.Error})"));
                    }

                    sb.AppendLine("```");
                    sb.AppendLine();
                    sb.AppendLine("</details>");
                }
            }
        }

        sb.AppendLine();
        sb.AppendLine(Verdict(report, failOn));
        return sb.ToString();
    }

    /// <summary>
    /// The report's last line: why the exit code is what it is (<see cref="AuditReport.ExitCode"/>), so that it never
    /// reads "no finding" above four findings (<c>--fail-on none</c>) or above an unreachable target (exit 2).
    /// </summary>
    public static string Verdict(AuditReport report, Severity failOn)
    {
        var failing = report.Failing(failOn);
        var unreachable = report.Unreachable;
        var exit = $"exit code {report.ExitCode(failOn)}";
        if (failing > 0)
        {
            return $"{Counted.Of(failing, "finding")} at or above {failOn.Name()} (--fail-on): {exit}.";
        }

        var findings = failOn > Severity.Critical
            ? "--fail-on none: findings do not change the exit code"
            : $"No finding at or above {failOn.Name()} (--fail-on)";
        return unreachable == 0
            ? $"{findings}: {exit}."
            : $"{findings}, but {Counted.Of(unreachable, "target")} could not be reached, so nothing was judged there: {exit}.";
    }

    public static string Summary(AuditReport report)
    {
        var counts = string.Join(", ", Enum.GetValues<Severity>().Reverse().Select(s => $"{report.Count(s)} {s.Name()}"));
        var total = report.AllFindings.Count();
        return string.Create(CultureInfo.InvariantCulture,
            $"{Counted.Of(report.Targets.Count, "target")}, {Counted.Of(total, "finding")} ({counts}){(report.Unreachable > 0 ? $", {report.Unreachable} unreachable" : "")}; {Counted.Of(report.Requests, "request")} in {report.Duration.TotalSeconds:0.0} s");
    }

    private static string Compact(Evidence evidence)
    {
        var o = evidence.Observation;
        var request = $"{o.Request.Method} {o.Request.Url.PathAndQuery} (Origin: {o.SentOrigin})";
        if (o.Response is null)
        {
            return $"{request} → {o.Error}";
        }

        var cors = o.Response.Headers
            .Where(h => h.Name.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase) || h.Name.Equals("Vary", StringComparison.OrdinalIgnoreCase))
            .Select(h => $"{h.Name}: {h.Value}")
            .ToList();
        return $"{request} → {o.Response.Status}; {(cors.Count == 0 ? "no CORS headers" : string.Join("; ", cors))}";
    }

    public static string Colour(Severity severity) => severity switch
    {
        Severity.Critical => "1;31",
        Severity.High => "31",
        Severity.Medium => "33",
        Severity.Low => "36",
        _ => "2",
    };

    private static string Escape(string text) => MarkdownText.Cell(text);

    /// <summary>A value we did not write (server bytes, a target URL), made safe for the terminal.</summary>
    private static string T(string? text) => TerminalText.Escape(text);
}
