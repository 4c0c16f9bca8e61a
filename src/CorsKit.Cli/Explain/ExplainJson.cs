using System.Text.Json;
using CorsKit.Cli.Check;

namespace CorsKit.Cli.Explain;

/// <summary>The JSON form of an <see cref="ExplainItem"/> (docs/explain.md): one compact object a line, fixed field
/// order, written by <see cref="CheckJson.ToText"/> as check's JSONL lines are.</summary>
internal static class ExplainJson
{
    public static string Serialize(ExplainItem item) => CheckJson.ToText(w => Write(w, item), indented: false);

    private static void Write(Utf8JsonWriter w, ExplainItem item)
    {
        w.WriteStartObject();
        w.WriteString("kind", ExplainInput.Name(item.Kind));
        if (item.Line is { } line)
        {
            w.WriteNumber("line", line);
        }

        if (item.Entry is { } entry)
        {
            w.WriteNumber("entry", entry);
        }

        w.WriteString("browser", item.Browser);
        w.WriteString("initiator", item.Initiator);
        if (item.Kind != ExplainInputKind.ConsoleText)
        {
            w.WriteString("method", item.Method);
            w.WriteString("credentials", item.Credentials);
        }

        w.WriteString("url", item.Url);
        w.WriteString("redirectedFrom", item.RedirectedFrom);
        w.WriteString("origin", item.Origin);
        w.WriteBoolean("blocked", item.Blocked);
        w.WriteString("verdict", Verdict(item.Verdict));
        if (item.Outcomes.Count > 0)
        {
            w.WriteStartArray("outcomes");
            foreach (var o in item.Outcomes)
            {
                w.WriteStartObject();
                w.WriteString("credentials", o.Credentials);
                w.WriteBoolean("blocked", o.Blocked);
                w.WriteString("code", o.Code);
                w.WriteString("parameter", o.Parameter);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        w.WriteString("code", item.Code);
        w.WriteString("parameter", item.Parameter);
        CheckJson.WriteStrings(w, "candidates", item.Candidates);
        w.WriteString("reason", item.Reason);
        w.WriteString("explanation", item.Explanation);
        CheckJson.WriteStrings(w, "causes", item.Causes);
        w.WriteString("fix", item.Fix);
        w.WriteString("check", item.Check);
        w.WriteString("checkNote", item.CheckNote);
        if (item.Notes.Count > 0)
        {
            CheckJson.WriteStrings(w, "notes", item.Notes);
        }

        w.WriteString("source", item.Source);
        w.WriteStartObject("console");
        foreach (var console in item.Consoles)
        {
            w.WriteString(console.Key, console.Text);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static string Verdict(ExplainVerdict verdict) => verdict switch
    {
        ExplainVerdict.Allowed => "allowed",
        ExplainVerdict.Unknown => "unknown",
        ExplainVerdict.Predicted => "predicted",
        _ => "blocked",
    };
}
