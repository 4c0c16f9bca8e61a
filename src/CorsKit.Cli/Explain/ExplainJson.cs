using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CorsKit.Cli.Explain;

/// <summary>The JSON form of an <see cref="ExplainItem"/> (docs/explain.md): one compact object a line, fixed field
/// order, written with <see cref="Utf8JsonWriter"/>.</summary>
internal static class ExplainJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Serialize(ExplainItem item)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var w = new Utf8JsonWriter(buffer, Compact))
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
            w.WriteString("explanation", item.Explanation);
            w.WriteStartArray("causes");
            foreach (var cause in item.Causes)
            {
                w.WriteStringValue(cause);
            }

            w.WriteEndArray();
            w.WriteString("fix", item.Fix);
            w.WriteString("check", item.Check);
            w.WriteString("checkNote", item.CheckNote);
            w.WriteString("source", item.Source);
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
