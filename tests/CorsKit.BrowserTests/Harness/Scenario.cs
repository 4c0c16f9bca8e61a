using System.Text.Json;
using System.Text.Json.Serialization;

namespace CorsKit.BrowserTests.Harness;

/// <summary>Which of the three local origins a hop lives on.</summary>
public enum Site
{
    /// <summary>The page's own origin, <c>http://127.0.0.1:P1</c> (same-origin requests).</summary>
    Page = 0,
    /// <summary><c>http://127.0.0.1:P2</c>: cross-origin but same-site with the page.</summary>
    Api = 1,
    /// <summary><c>http://localhost:P3</c>: cross-site.</summary>
    ApiLocalhost = 2,
}

/// <summary>One header line; a scenario keeps lines in order, duplicates and odd casing included.</summary>
public sealed record Line(string Name, string Value)
{
    public override string ToString() => $"{Name}: {Value}";
}

/// <summary>Where a redirect (or a redirected preflight) points: another hop of the same scenario.</summary>
/// <param name="Hop">The index of the hop the Location names.</param>
/// <param name="UserInfo">When true the Location carries <c>user:pass@</c>.</param>
public sealed record LocationSpec(int Hop, bool UserInfo = false);

/// <summary>
/// A canned response. Header values may use the placeholders of <see cref="Topology.Expand"/> (<c>{page}</c>,
/// <c>{api}</c>, <c>{localhost}</c>) so that a scenario is independent of the ports of one run.
/// </summary>
public sealed record ResponseSpec(int Status, IReadOnlyList<Line> Headers, LocationSpec? Location = null);

/// <summary>One URL of a scenario (<c>/s/{run}-{id}/h{index}</c> on <see cref="Site"/>) and how it answers.</summary>
public sealed record Hop(Site Site, ResponseSpec Preflight, ResponseSpec Actual);

/// <summary>The request the page script makes: <c>fetch(hop0, {method, headers, credentials, body})</c>, or with
/// <paramref name="Api"/> <c>xhr</c> an <c>XMLHttpRequest</c> (credentials <c>include</c> = <c>withCredentials</c>;
/// <paramref name="Upload"/> registers an <c>upload.onprogress</c> listener, the Fetch "use-CORS-preflight flag").
/// With <paramref name="Sequence"/> a <c>fetch()</c> passes its headers as an array of pairs instead of a
/// <c>Headers</c> object.</summary>
public sealed record ScenarioRequest(string Method, IReadOnlyList<Line> Headers, string Credentials, string? Body,
    string Api = "fetch", bool Upload = false, bool Sequence = false);

/// <summary>
/// A complete browser experiment: the script's request, the server's answers on every hop, and the response header
/// the script tries to read. The JSON form is what failure tables print and what the runner page receives.
/// </summary>
/// <remarks><see cref="Then"/>, when set, holds further requests the script makes to the same URL one after the other
/// (after the first has settled): the preflight cache cases.</remarks>
public sealed record Scenario(int Id, string? Name, ScenarioRequest Request, IReadOnlyList<Hop> Hops, string ReadHeader,
    IReadOnlyList<ScenarioRequest>? Then = null)
{
    /// <summary>The request and every follow-up, in order.</summary>
    [JsonIgnore]
    public IEnumerable<ScenarioRequest> Steps => Then is null ? [Request] : [Request, .. Then];

    private static readonly JsonSerializerOptions Compact = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The scenario as one JSON line (for failure messages).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Compact);
}
