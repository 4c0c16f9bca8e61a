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

        w.WriteString("browser", item.Browser);
        w.WriteString("initiator", item.Initiator);
        w.WriteString("url", item.Url);
        w.WriteString("redirectedFrom", item.RedirectedFrom);
        w.WriteString("origin", item.Origin);
        w.WriteBoolean("blocked", item.Blocked);
        w.WriteString("code", item.Code);
        w.WriteString("parameter", item.Parameter);
        CheckJson.WriteStrings(w, "candidates", item.Candidates);
        w.WriteString("reason", item.Reason);
        w.WriteString("explanation", item.Explanation);
        CheckJson.WriteStrings(w, "causes", item.Causes);
        w.WriteString("fix", item.Fix);
        w.WriteString("check", item.Check);
        w.WriteString("checkNote", item.CheckNote);
        w.WriteString("source", item.Source);
        w.WriteStartObject("console");
        foreach (var console in item.Consoles)
        {
            w.WriteString(console.Key, console.Text);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }
}
