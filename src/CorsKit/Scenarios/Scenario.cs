using System.Text.Json;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;
using CorsKit.Policy;
using CorsKit.Policy.Infrastructure;

namespace CorsKit.Scenarios;

/// <summary>
/// A request a page script makes and the server it meets: everything the playground page shows, the fragment of a
/// shared link carries (<see cref="ScenarioLink"/>) and the live server answers (<see cref="ScenarioServer"/>). The
/// fields are kept as the user typed them; <see cref="TryToRequest"/> says what is wrong with them.
/// </summary>
public sealed record Scenario
{
    /// <summary>The page's origin (<c>https://app.example</c>, or <c>null</c> for a sandboxed page).</summary>
    public string PageOrigin { get; init; } = "https://app.example";

    /// <summary>The absolute URL the script fetches.</summary>
    public string Url { get; init; } = "https://api.example/data";

    /// <summary>The method as the script writes it.</summary>
    public string Method { get; init; } = "GET";

    /// <summary>The headers the script sets, one <c>Name: value</c> per entry.</summary>
    public IReadOnlyList<string> Headers { get; init; } = [];

    /// <summary>The request body, or null for none.</summary>
    public string? Body { get; init; }

    /// <summary>The credentials mode (<c>fetch()</c>'s default is <see cref="CredentialsMode.SameOrigin"/>).</summary>
    public CredentialsMode Credentials { get; init; } = CredentialsMode.SameOrigin;

    /// <summary>Which browser judges the request.</summary>
    public ScenarioBrowser Browser { get; init; } = ScenarioBrowser.Chromium;

    /// <summary>The server the request meets.</summary>
    public ScenarioServerDescription Server { get; init; } = new();

    /// <summary>The scenario as JSON (camelCase; enums by name), what <see cref="TryFromJson"/> reads back.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ScenarioJsonContext.Default.Scenario);

    /// <summary>Reads a scenario written by <see cref="ToJson"/>; never throws. Missing fields take their defaults.</summary>
    public static bool TryFromJson(string? json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Scenario? scenario, out string error)
    {
        scenario = null;
        error = "";
        if (string.IsNullOrWhiteSpace(json))
        {
            error = "The scenario is empty.";
            return false;
        }
        try
        {
            scenario = JsonSerializer.Deserialize(json, ScenarioJsonContext.Default.Scenario);
        }
        catch (JsonException ex)
        {
            error = $"The scenario is not valid JSON: {ex.Message}";
            return false;
        }
        catch (NotSupportedException ex)
        {
            error = $"The scenario cannot be read: {ex.Message}";
            return false;
        }
        if (scenario is null)
        {
            error = "The scenario is null.";
            return false;
        }
        // JSON null for a list or the server leaves a null in a non-nullable property: take the defaults instead.
        scenario = scenario.Normalised();
        return true;
    }

    /// <summary>The request the page's script makes, or every problem that stops it (one sentence each).</summary>
    public bool TryToRequest([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CorsRequest? request, out IReadOnlyList<string> problems)
    {
        var found = new List<string>();
        request = null;
        Origin? origin = null;
        if (!Origins.Origin.TryParseSerialized(PageOrigin.Trim(), out origin))
        {
            found.Add($"The page origin '{PageOrigin}' is not an origin such as https://app.example (scheme, host and port only; or null).");
        }
        if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            found.Add($"The URL '{Url}' is not an absolute http or https URL.");
            url = null;
        }
        if (!FetchRules.IsToken(Method))
        {
            found.Add($"The method '{Method}' is not an HTTP token.");
        }
        var headers = new List<HttpHeader>(Headers.Count);
        foreach (var line in Headers)
        {
            if (line.Trim().Length == 0)
            {
                continue;
            }
            if (ScenarioHeaderLines.TryParse(line, out var header, out var problem))
            {
                headers.Add(header);
            }
            else
            {
                found.Add(problem);
            }
        }
        found.AddRange(ScenarioServer.Problems(Server));
        problems = found;
        if (found.Count > 0 || origin is null || url is null)
        {
            return false;
        }
        request = new CorsRequest
        {
            Origin = origin,
            Url = url,
            Method = Method,
            Headers = headers,
            Body = Body,
            Credentials = Credentials,
        };
        return true;
    }

    /// <summary>
    /// The scenario rewritten for live mode, where a real browser on <paramref name="pageOrigin"/> fetches from a
    /// live server answering under <paramref name="apiBase"/>: the page origin becomes <paramref name="pageOrigin"/>
    /// (also where the policy or the raw headers name it), the URL's origin is replaced by <paramref name="apiBase"/>
    /// (its path is kept under the base's path), and each redirect target on another origin moves under
    /// <paramref name="otherBase"/> (on the URL's origin, under <paramref name="apiBase"/>). A <c>null</c> page origin
    /// stays <c>null</c> (the live page then fetches from a sandboxed frame).
    /// </summary>
    /// <param name="pageOrigin">The real page's origin, e.g. <c>http://127.0.0.1:5000</c>.</param>
    /// <param name="apiBase">The live server's base URL, e.g. <c>http://127.0.0.1:5001/s/k3x9</c>.</param>
    /// <param name="otherBase">The second live origin's base URL, e.g. <c>http://127.0.0.1:5002/s/k3x9</c>.</param>
    public Scenario Relocate(string pageOrigin, string apiBase, string otherBase)
    {
        ArgumentNullException.ThrowIfNull(pageOrigin);
        ArgumentNullException.ThrowIfNull(apiBase);
        ArgumentNullException.ThrowIfNull(otherBase);
        var oldPage = PageOrigin.Trim();
        var newPage = oldPage == "null" ? "null" : pageOrigin;
        if (!Uri.TryCreate(Url.Trim(), UriKind.Absolute, out var url))
        {
            return this with { PageOrigin = newPage };
        }
        var apiOrigin = Origins.Origin.FromUri(url).Serialized;

        string Move(Uri target)
        {
            var origin = Origins.Origin.FromUri(target).Serialized;
            var pathAndQuery = target.PathAndQuery;
            return origin == apiOrigin ? apiBase.TrimEnd('/') + pathAndQuery
                : origin == oldPage ? newPage + pathAndQuery
                : otherBase.TrimEnd('/') + pathAndQuery;
        }

        var redirects = new List<ScenarioRedirect>(Server.Redirects.Count);
        var from = url;
        foreach (var hop in Server.Redirects)
        {
            // A relative Location resolves against the URL it answers (RFC 9110 §10.2.2); made absolute first so a
            // path starting with '/' keeps the live base's path prefix.
            if (Uri.TryCreate(from, hop.Location.Trim(), out var target) && target.IsAbsoluteUri
                && (target.Scheme == Uri.UriSchemeHttp || target.Scheme == Uri.UriSchemeHttps))
            {
                redirects.Add(hop with { Location = Move(target) });
                from = target;
            }
            else
            {
                redirects.Add(hop);
            }
        }

        var server = Server with
        {
            Policy = Server.Kind == ScenarioServerKind.Policy ? RelocatePolicy(Server.Policy, oldPage, newPage) : Server.Policy,
            PreflightHeaders = RelocateHeaders(Server.PreflightHeaders, oldPage, newPage),
            ActualHeaders = RelocateHeaders(Server.ActualHeaders, oldPage, newPage),
            Redirects = redirects,
        };
        return this with { PageOrigin = newPage, Url = Move(url), Server = server };
    }

    /// <summary>Header lines whose value is exactly the old page origin (<c>Access-Control-Allow-Origin</c> naming it)
    /// name the new one.</summary>
    private static IReadOnlyList<string> RelocateHeaders(IReadOnlyList<string> lines, string oldPage, string newPage)
    {
        var moved = new List<string>(lines.Count);
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            moved.Add(colon > 0 && line[(colon + 1)..].Trim() == oldPage ? $"{line[..colon]}: {newPage}" : line);
        }
        return moved;
    }

    /// <summary>A policy that allows the old page origin allows the new one too: the new origin replaces an exact
    /// entry, or joins the list when a pattern allowed the old one. Unchanged when the policy does not compile.</summary>
    private static string RelocatePolicy(string json, string oldPage, string newPage)
    {
        var errors = new List<CorsPolicyError>();
        if (PolicyJsonReader.Read(json, errors) is not { } options || errors.Count > 0
            || !CorsPolicy.TryBuild(options, out var policy, out _) || policy.AllowsAnyOrigin || !policy.IsOriginAllowed(oldPage))
        {
            return json;
        }
        var origins = options.Origins.Contains(oldPage)
            ? options.Origins.Select(o => o == oldPage ? newPage : o).ToList()
            : [.. options.Origins, newPage];
        return JsonSerializer.Serialize(options with { Origins = origins }, ScenarioJsonContext.Default.CorsPolicyOptions);
    }

    /// <summary>Nulls a JSON document may put where the record has no null (lists, the server, the strings).</summary>
    private Scenario Normalised()
    {
        var server = Server ?? new ScenarioServerDescription();
        return this with
        {
            PageOrigin = PageOrigin ?? "",
            Url = Url ?? "",
            Method = Method ?? "",
            Headers = Headers ?? [],
            Server = server with
            {
                Policy = server.Policy ?? "",
                PreflightHeaders = server.PreflightHeaders ?? [],
                ActualHeaders = server.ActualHeaders ?? [],
                Redirects = server.Redirects is null ? [] : [.. server.Redirects.Where(r => r is not null).Select(r => r with { Location = r.Location ?? "" })],
            },
        };
    }
}
