using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CorsKit.Cli.Audit.Output;

/// <summary><c>--format sarif</c>: SARIF 2.1.0 (OASIS), one rule per finding id, one result per finding, the target URL
/// as the artifact location, and GitHub code scanning's <c>security-severity</c> property on each rule.</summary>
internal static class SarifReport
{
    public static string Render(AuditReport report, string version)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
            w.WriteString("version", "2.1.0");
            w.WriteStartArray("runs");
            w.WriteStartObject();
            w.WriteStartObject("tool");
            w.WriteStartObject("driver");
            w.WriteString("name", "corskit");
            w.WriteString("semanticVersion", version);
            w.WriteString("informationUri", "https://github.com/corskit/corskit/blob/main/docs/audit.md");
            w.WriteStartArray("rules");
            foreach (var kind in FindingCatalog.All)
            {
                w.WriteStartObject();
                w.WriteString("id", kind.Id);
                // SARIF §3.49.7: name is "understandable to an end user" and, says Microsoft's validator (SARIF1001),
                // differs from the opaque id: OriginReflected for origin-reflected.
                w.WriteString("name", Name(kind.Id));
                w.WriteStartObject("shortDescription");
                w.WriteString("text", kind.Title);
                w.WriteEndObject();
                w.WriteStartObject("fullDescription");
                w.WriteString("text", kind.Rationale);
                w.WriteEndObject();
                w.WriteStartObject("help");
                w.WriteString("text", kind.Fix);
                w.WriteEndObject();
                w.WriteStartObject("defaultConfiguration");
                w.WriteString("level", Level(kind.WithCredentials));
                w.WriteEndObject();
                w.WriteStartObject("properties");
                w.WriteString("security-severity", Score(kind.WithCredentials));
                w.WriteStartArray("tags");
                w.WriteStringValue("security");
                w.WriteStringValue("cors");
                w.WriteStringValue("external/cwe/cwe-942");
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteStartArray("results");
            foreach (var target in report.Targets)
            {
                foreach (var finding in target.Findings)
                {
                    w.WriteStartObject();
                    w.WriteString("ruleId", finding.Kind.Id);
                    w.WriteNumber("ruleIndex", FindingCatalog.IndexOf(finding.Kind));
                    w.WriteString("level", Level(finding.Severity));
                    w.WriteStartObject("message");
                    w.WriteString("text", $"{finding.Kind.Title}. {finding.Detail} Fix: {finding.Kind.Fix}");
                    w.WriteEndObject();
                    w.WriteStartArray("locations");
                    w.WriteStartObject();
                    w.WriteStartObject("physicalLocation");
                    w.WriteStartObject("artifactLocation");
                    w.WriteString("uri", target.Url.AbsoluteUri);
                    w.WriteEndObject();
                    // The finding is about the whole endpoint, not a line in it; SARIF §3.30 and GitHub code scanning
                    // want a region all the same (region.startLine), and the validator's SARIF2017 accepts this
                    // whole-artifact form for an artifact of one line (the URL).
                    w.WriteStartObject("region");
                    w.WriteNumber("startLine", 1);
                    w.WriteNumber("endLine", 1);
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteStartObject("partialFingerprints");
                    w.WriteString("corskit/v1", $"{finding.Kind.Id}|{target.Url.GetLeftPart(UriPartial.Path)}");
                    w.WriteEndObject();
                    w.WriteStartObject("properties");
                    w.WriteString("severity", finding.Severity.Name());
                    w.WriteString("security-severity", Score(finding.Severity));
                    if (finding.Origin is not null)
                    {
                        w.WriteString("origin", finding.Origin);
                    }

                    w.WriteBoolean("credentials", finding.Credentials);

                    // Every probe that proves the finding or that its cause explains (issue 9 "Also"), so a reviewer
                    // sees why the cause was chosen; the full exchanges are in --format json.
                    w.WriteStartArray("probes");
                    foreach (var evidence in finding.Evidence)
                    {
                        var request = evidence.Observation.Request;
                        w.WriteStartObject();
                        w.WriteString("note", evidence.Note);
                        w.WriteString("method", request.Method);
                        w.WriteString("url", request.Url.AbsoluteUri);
                        w.WriteString("origin", evidence.Observation.SentOrigin);
                        if (evidence.Observation.Response is { } response)
                        {
                            w.WriteNumber("status", response.Status);
                            w.WriteString("accessControlAllowOrigin", evidence.Observation.Header("Access-Control-Allow-Origin"));
                        }

                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
            }

            w.WriteEndArray();
            w.WriteStartArray("invocations");
            w.WriteStartObject();
            w.WriteBoolean("executionSuccessful", report.Targets.All(t => t.Error is null));
            w.WriteStartArray("toolExecutionNotifications");
            foreach (var target in report.Targets.Where(t => t.Error is not null))
            {
                w.WriteStartObject();
                w.WriteString("level", "error");
                w.WriteStartObject("message");
                w.WriteString("text", $"{target.Url.AbsoluteUri}: {target.Error}");
                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    /// <summary>The rule's display name: its id in PascalCase (origin-reflected → OriginReflected).</summary>
    private static string Name(string id) => string.Concat(id.Split('-').Select(part => part.Length == 0 ? part : char.ToUpperInvariant(part[0]) + part[1..]));

    /// <summary>SARIF levels: error for high and critical, warning for medium and low, note for info.</summary>
    public static string Level(Severity severity) => severity switch
    {
        >= Severity.High => "error",
        >= Severity.Low => "warning",
        _ => "note",
    };

    /// <summary>GitHub's security-severity (CVSS-like 0–10) bands: critical ≥ 9, high ≥ 7, medium ≥ 4, low &gt; 0.</summary>
    public static string Score(Severity severity) => (severity switch
    {
        Severity.Critical => 9.5,
        Severity.High => 7.5,
        Severity.Medium => 5.0,
        Severity.Low => 3.0,
        _ => 0.0,
    }).ToString("0.0", CultureInfo.InvariantCulture);
}
