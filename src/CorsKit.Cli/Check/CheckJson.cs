using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CorsKit.Cli.Input;
using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

/// <summary>
/// The JSON form of a <see cref="CheckResult"/> (schema in docs/check.md; field names are stable, camelCase) and the
/// JSONL batch input reader. Written with <see cref="Utf8JsonWriter"/> so the field order is fixed and no reflection
/// is involved.
/// </summary>
internal static class CheckJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions PairOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    /// <summary>The result as one JSON document (indented) or one JSONL line (compact, no line break).</summary>
    public static string Serialize(CheckResult result, bool indented) => ToText(w => Write(w, result), indented);

    /// <summary>What <paramref name="write"/> writes, as text: indented, or compact for one JSONL line. Shared by the
    /// other commands' JSON forms (ExplainJson) so every one escapes and lays out the same way.</summary>
    internal static string ToText(Action<Utf8JsonWriter> write, bool indented)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Writes the result object.</summary>
    public static void Write(Utf8JsonWriter w, CheckResult r)
    {
        w.WriteStartObject();
        if (r.Line is { } line)
        {
            w.WriteNumber("line", line);
        }

        if (r.Id is { } id)
        {
            w.WriteString("id", id);
        }

        w.WriteString("url", r.Url);
        w.WriteString("origin", r.Origin);
        w.WriteString("browser", r.Browser);
        w.WriteString("method", r.Method);
        w.WriteString("credentials", r.Credentials);
        w.WritePropertyName("headers");
        WriteHeaders(w, r.Headers);
        w.WriteBoolean("allowed", r.Allowed);
        w.WritePropertyName("preflight");
        WriteExchange(w, r.Preflight, withKind: false);
        w.WritePropertyName("actual");
        WriteExchange(w, r.Actual, withKind: false);
        w.WriteStartArray("redirects");
        foreach (var hop in r.Redirects)
        {
            WriteExchange(w, hop, withKind: true);
        }

        w.WriteEndArray();
        w.WritePropertyName("error");
        WriteError(w, r.Error);
        WriteStrings(w, "readableHeaders", r.ReadableHeaders);
        WriteStrings(w, "droppedHeaders", r.DroppedHeaders);
        WriteStrings(w, "warnings", r.Warnings);
        WriteStrings(w, "notes", r.Notes);
        CheckCookieJson.Write(w, r.Cookies);
        WriteNullableString(w, "fix", r.Fix);
        w.WritePropertyName("fixHeaders");
        if (r.Advice is { } advice)
        {
            w.WriteStartObject();
            w.WritePropertyName("preflight");
            WriteHeaders(w, advice.PreflightResponseHeaders);
            w.WritePropertyName("actual");
            WriteHeaders(w, advice.ActualResponseHeaders);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }

        WriteNullableString(w, "stack", r.Advice?.DetectedStack is { } stack ? StackDetector.Name(stack) : null);
        w.WriteStartArray("fixSnippets");
        foreach (var snippet in r.Advice?.Snippets ?? [])
        {
            w.WriteStartObject();
            w.WriteString("stack", StackDetector.Name(snippet.Stack));
            w.WriteString("title", snippet.Title);
            w.WriteString("language", snippet.Language);
            w.WriteString("code", snippet.Code);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WritePropertyName("diagnosis");
        WriteDiagnosis(w, r.Diagnosis);
        w.WriteNumber("exitCode", r.ExitCode);
        w.WriteEndObject();
    }

    // CorsKit's extra probes are marked "sentBy": "corskit" one by one: a browser never sends them.
    private static void WriteDiagnosis(Utf8JsonWriter w, CheckDiagnosis? d)
    {
        if (d is null)
        {
            w.WriteNullValue();
            return;
        }

        var refusal = d.Found.Refusal;
        w.WriteStartObject();
        w.WriteNumber("status", refusal.Status);
        WriteNullableString(w, "body", refusal.Body);
        w.WriteBoolean("originRefused", refusal.OriginRefused);
        WriteNullableString(w, "refusedMethod", refusal.RefusedMethod);
        WriteStrings(w, "refusedHeaders", refusal.RefusedHeaders);
        WriteStrings(w, "allowedHeaders", refusal.AllowedHeaders);
        WriteStrings(w, "allowedMethods", refusal.AllowedMethods);
        w.WriteStartArray("probes");
        for (var i = 0; i < d.Transcript.Count; i++)
        {
            var probe = d.Found.Probes[i];
            var e = d.Transcript[i];
            w.WriteStartObject();
            w.WriteString("sentBy", "corskit");
            w.WriteString("purpose", probe.Purpose);
            w.WriteBoolean("accepted", probe.Accepted);
            WriteRequestAndResponse(w, e);
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteExchange(Utf8JsonWriter w, CheckExchange? e, bool withKind)
    {
        if (e is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        if (withKind)
        {
            w.WriteString("kind", e.Kind == ExchangeKind.Preflight ? "preflight" : "actual");
        }

        w.WriteBoolean("sent", e.Sent);
        WriteRequestAndResponse(w, e);
        w.WriteEndObject();
    }

    private static void WriteRequestAndResponse(Utf8JsonWriter w, CheckExchange e)
    {
        w.WriteStartObject("request");
        w.WriteString("method", e.Request.Method);
        w.WriteString("url", e.Request.Url);
        w.WritePropertyName("headers");
        WriteHeaders(w, e.Request.Headers);
        w.WriteEndObject();
        w.WritePropertyName("response");
        if (e.Response is { } response)
        {
            w.WriteStartObject();
            w.WriteNumber("status", response.Status);
            w.WritePropertyName("headers");
            WriteHeaders(w, response.Headers);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNullValue();
        }
    }

    private static void WriteError(Utf8JsonWriter w, CheckError? e)
    {
        if (e is null)
        {
            w.WriteNullValue();
            return;
        }

        w.WriteStartObject();
        w.WriteString("kind", e.Kind switch { CheckErrorKind.Cors => "cors", CheckErrorKind.Network => "network", _ => "input" });
        WriteNullableString(w, "code", e.Code);
        w.WriteString("parameter", e.Parameter);
        w.WriteString("message", e.Message);
        WriteNullableString(w, "firefox", e.Firefox);
        w.WriteStartObject("console");
        foreach (var line in e.Consoles)
        {
            w.WriteString(line.Key, line.Text);
        }

        w.WriteEndObject();
        WriteNullableString(w, "network", e.Network);
        WriteNullableString(w, "netError", e.NetError);
        WriteNullableString(w, "explanation", e.Explanation);
        w.WriteEndObject();
    }

    // Header lists are arrays of [name, value] pairs: order and duplicates matter to CORS (two
    // Access-Control-Allow-Origin lines fail where one passes), so an object keyed by name would lose information.
    private static void WriteHeaders(Utf8JsonWriter w, IReadOnlyList<HttpHeader> headers)
    {
        w.WriteStartArray();
        foreach (var h in headers)
        {
            // Each pair stays on one line even in indented output: ["Name","value"].
            w.WriteRawValue(JsonSerializer.Serialize(new[] { h.Name, h.Value }, PairOptions));
        }

        w.WriteEndArray();
    }

    internal static void WriteStrings(Utf8JsonWriter w, string name, IReadOnlyList<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    private static void WriteNullableString(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }

    /// <summary>
    /// Reads one JSONL line: <c>{"url", "origin", "method", "headers": [["Name", "value"], ...], "credentials", "body",
    /// "cookie", "id"}</c>. <c>headers</c> may also be an object (<c>{"Name": "value"}</c>) or a list of <c>"Name: value"</c>
    /// strings. Returns false with one sentence when the line cannot be used.
    /// </summary>
    public static bool TryReadRequest(string line, out CheckRequest? request, out string error)
    {
        try
        {
            return TryReadRequestCore(line, out request, out error);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json parses "\ud800" but cannot turn it into a string: not text (found by tests/CorsKit.Fuzz.Tests).
            request = null;
            error = "a JSON string holds an unpaired surrogate escape such as \\ud800, which is not text.";
            return false;
        }
    }

    private static bool TryReadRequestCore(string line, out CheckRequest? request, out string error)
    {
        request = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            error = $"not valid JSON ({FirstSentence(ex.Message)}).";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "expected a JSON object with \"url\" and \"origin\".";
                return false;
            }

            if (!TryString(root, "url", required: true, out var url, out error)
                || !TryString(root, "origin", required: true, out var origin, out error)
                || !TryString(root, "method", required: false, out var method, out error)
                || !TryString(root, "credentials", required: false, out var credentials, out error)
                || !TryString(root, "body", required: false, out var body, out error)
                || !TryString(root, "cookie", required: false, out var cookie, out error)
                || !TryString(root, "id", required: false, out var id, out error)
                || !TryHeaders(root, out var headers, out error))
            {
                return false;
            }

            request = new CheckRequest
            {
                Id = id,
                Url = url!,
                Origin = origin!,
                Method = method ?? "GET",
                Headers = headers,
                Credentials = credentials ?? "same-origin",
                Body = body,
                Cookie = cookie,
            };
            return true;
        }
    }

    /// <summary>The url/origin/method of a line that failed to parse, when they can be salvaged, for its error result.</summary>
    public static CheckRequest Salvage(string line)
    {
        string Get(JsonElement root, string name, string fallback) =>
            root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : fallback;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                return new CheckRequest { Id = root.TryGetProperty("id", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null, Url = Get(root, "url", ""), Origin = Get(root, "origin", ""), Method = Get(root, "method", "GET"), Credentials = Get(root, "credentials", "same-origin") };
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Unreadable line (or an unpaired surrogate escape): nothing to salvage.
        }

        return new CheckRequest { Url = "", Origin = "" };
    }

    private static bool TryString(JsonElement root, string name, bool required, out string? value, out string error)
    {
        value = null;
        error = "";
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                error = $"\"{name}\" is missing.";
                return false;
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"\"{name}\" must be a string.";
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static bool TryHeaders(JsonElement root, out IReadOnlyList<HttpHeader> headers, out string error)
    {
        var list = new List<HttpHeader>();
        headers = list;
        error = "";
        if (!root.TryGetProperty("headers", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.String)
                {
                    error = $"the value of header \"{property.Name}\" must be a string.";
                    return false;
                }

                if (!HeaderInput.TryMake(property.Name, property.Value.GetString()!, out var header, out error))
                {
                    return false;
                }

                list.Add(header);
            }

            return true;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            error = "\"headers\" must be a list of [\"Name\", \"value\"] pairs.";
            return false;
        }

        foreach (var item in element.EnumerateArray())
        {
            HttpHeader header;
            if (item.ValueKind == JsonValueKind.String)
            {
                if (!HeaderInput.TryParseLine(item.GetString()!, out header, out error))
                {
                    return false;
                }
            }
            else if (item.ValueKind == JsonValueKind.Array && item.GetArrayLength() == 2
                && item[0].ValueKind == JsonValueKind.String && item[1].ValueKind == JsonValueKind.String)
            {
                if (!HeaderInput.TryMake(item[0].GetString()!, item[1].GetString()!, out header, out error))
                {
                    return false;
                }
            }
            else
            {
                error = "each header must be a [\"Name\", \"value\"] pair.";
                return false;
            }

            list.Add(header);
        }

        return true;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.');
    }
}
