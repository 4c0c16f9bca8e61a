using System.Text.Encodings.Web;
using System.Text.Json;
using CorsKit.Fetch;

namespace CorsKit.Cli.Audit.Output;

/// <summary><c>--format json</c>: <c>{"targets": [{"url", "findings": [...]}], "summary": {...}}</c>.</summary>
internal static class JsonReport
{
    public static string Render(AuditReport report, Severity failOn)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteStartArray("targets");
            foreach (var target in report.Targets)
            {
                w.WriteStartObject();
                w.WriteString("url", target.Url.AbsoluteUri);
                w.WriteStartArray("trustedOrigins");
                foreach (var origin in target.TrustedOrigins)
                {
                    w.WriteStringValue(origin);
                }

                w.WriteEndArray();
                if (!target.TrustedGiven)
                {
                    // No -t: the candidates derived from the target's host that were tried (issue 9 item 4).
                    w.WriteStartArray("candidatesTried");
                    foreach (var origin in target.Candidates)
                    {
                        w.WriteStringValue(origin);
                    }

                    w.WriteEndArray();
                }

                if (target.Error is not null)
                {
                    w.WriteString("error", target.Error);
                }

                w.WriteStartArray("findings");
                foreach (var finding in target.Findings)
                {
                    WriteFinding(w, finding);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("summary");
            w.WriteNumber("targets", report.Targets.Count);
            w.WriteNumber("targetsWithErrors", report.Targets.Count(t => t.Error is not null));
            w.WriteNumber("findings", report.AllFindings.Count());
            w.WriteStartObject("bySeverity");
            foreach (var severity in Enum.GetValues<Severity>().Reverse())
            {
                w.WriteNumber(severity.Name(), report.Count(severity));
            }

            w.WriteEndObject();
            w.WriteStartObject("byId");
            foreach (var group in report.AllFindings.GroupBy(f => f.Kind.Id).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                w.WriteNumber(group.Key, group.Count());
            }

            w.WriteEndObject();
            w.WriteString("failOn", failOn.Name());
            w.WriteBoolean("failed", report.AllFindings.Any(f => f.Severity >= failOn));
            w.WriteNumber("requests", report.Requests);
            w.WriteNumber("durationMs", (long)report.Duration.TotalMilliseconds);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray()) + Environment.NewLine;
    }

    private static void WriteFinding(Utf8JsonWriter w, Finding finding)
    {
        w.WriteStartObject();
        w.WriteString("id", finding.Kind.Id);
        w.WriteString("severity", finding.Severity.Name());
        w.WriteString("title", finding.Kind.Title);
        if (finding.Origin is null)
        {
            w.WriteNull("origin");
        }
        else
        {
            w.WriteString("origin", finding.Origin);
        }

        w.WriteBoolean("credentials", finding.Credentials);
        w.WriteString("detail", finding.Detail);
        w.WriteStartObject("evidence");
        if (finding.Evidence.Count > 0)
        {
            WriteExchange(w, finding.Evidence[0]);
        }

        w.WriteStartArray("related");
        foreach (var evidence in finding.Evidence.Skip(1))
        {
            w.WriteStartObject();
            WriteExchange(w, evidence);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteString("fix", finding.Kind.Fix);
        w.WriteEndObject();
    }

    private static void WriteExchange(Utf8JsonWriter w, Evidence evidence)
    {
        w.WriteString("note", evidence.Note);
        var request = evidence.Observation.Request;
        w.WriteStartObject("request");
        w.WriteString("method", request.Method);
        w.WriteString("url", request.Url.AbsoluteUri);
        WriteHeaders(w, request.Headers);
        w.WriteEndObject();
        if (evidence.Observation.Response is { } response)
        {
            w.WriteStartObject("response");
            w.WriteNumber("status", response.Status);
            WriteHeaders(w, response.Headers);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("response");
            w.WriteString("error", evidence.Observation.Error);
        }
    }

    private static void WriteHeaders(Utf8JsonWriter w, IReadOnlyList<HttpHeader> headers)
    {
        w.WriteStartArray("headers");
        foreach (var header in headers)
        {
            w.WriteStringValue($"{header.Name}: {header.Value}");
        }

        w.WriteEndArray();
    }
}
