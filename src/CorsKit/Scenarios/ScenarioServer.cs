using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Policy;
using CorsKit.Policy.Infrastructure;

namespace CorsKit.Scenarios;

/// <summary>
/// The server a <see cref="Scenario"/> describes, as one pure function: the page's model sends its requests through
/// <see cref="Transport"/>, and the live server of <c>corskit playground</c> answers real browser requests with
/// <see cref="Respond"/>, so the model and the real browser meet the same server.
/// </summary>
public static class ScenarioServer
{
    /// <summary>The body of every response that is not a redirect or a preflight: something a script can read.</summary>
    public const string ActualBody = "{\"from\":\"the scenario server\"}";

    /// <summary>
    /// Answers one request as the described server would. A CORS preflight (Fetch §3.2.2: <c>OPTIONS</c> with
    /// <c>Origin</c> and <c>Access-Control-Request-Method</c>) is answered by the policy (status and headers exactly as
    /// the CorsKit middleware writes them) or by the raw preflight lines. Any other request first meets the redirect
    /// chain (a request for the scenario's URL gets the first hop, one for a hop's target the next), then the
    /// application: the raw actual lines, or under a policy the middleware's headers followed by the application's.
    /// A policy that does not compile answers 500 without CORS headers (the server would not start), and says why in
    /// the body.
    /// </summary>
    /// <param name="scenario">The scenario whose server answers.</param>
    /// <param name="method">The request method.</param>
    /// <param name="url">The absolute request URL.</param>
    /// <param name="headers">The request's header lines.</param>
    public static IncomingResponse Respond(Scenario scenario, string method, Uri url, IReadOnlyList<HttpHeader> headers)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(headers);
        var server = scenario.Server;
        var origins = ScenarioHeaderLines.All(headers, "Origin");
        // Several Origin lines are not something a browser sends: the middleware evaluates them as an origin that
        // matches nothing (CorsKitMiddleware.Invoke).
        string? origin = origins.Count switch { 0 => null, 1 => origins[0], _ => "" };
        var acrm = ScenarioHeaderLines.All(headers, "Access-Control-Request-Method");
        var isPreflight = origin is not null && method == "OPTIONS" && acrm.Count != 0;

        CorsPolicy? policy = null;
        if (server.Kind == ScenarioServerKind.Policy && !TryCompile(server.Policy, out policy, out var errors))
        {
            return new IncomingResponse
            {
                Status = 500,
                Headers = [new HttpHeader("Content-Type", "text/plain; charset=utf-8")],
                Body = "The policy does not compile: " + string.Join(" ", errors) + "\n",
            };
        }

        if (isPreflight && policy is { IsReportOnly: false })
        {
            // Several lines read as one comma-joined value, as the middleware reads StringValues.
            return PolicyPreflight(policy, origin!, string.Join(",", acrm), headers);
        }
        if (isPreflight && server.Kind == ScenarioServerKind.Raw)
        {
            return new IncomingResponse { Status = server.PreflightStatus, Headers = Lines(server.PreflightHeaders, origin) };
        }

        var app = new List<HttpHeader>();
        if (policy is { IsReportOnly: false })
        {
            app.AddRange(ActualHeaders(policy.EvaluateActual(origin)));
        }
        app.AddRange(Lines(server.ActualHeaders, origin));

        if (RedirectFor(scenario, url) is { } hop)
        {
            app.Add(new HttpHeader("Location", hop.Location));
            return new IncomingResponse { Status = hop.Status, Headers = app };
        }
        return new IncomingResponse { Status = server.ActualStatus, Headers = app, Body = ActualBody };
    }

    /// <summary>An in-memory transport over <see cref="Respond"/> for <see cref="BrowserModel.RunAsync(CorsRequest, CorsTransport, CancellationToken)"/>.</summary>
    public static CorsTransport Transport(Scenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        return (request, _) => Task.FromResult(Respond(scenario, request.Method, request.Url, request.Headers));
    }

    /// <summary>What is wrong with the server description (one sentence each; empty when it can answer).</summary>
    public static IReadOnlyList<string> Problems(ScenarioServerDescription server)
    {
        ArgumentNullException.ThrowIfNull(server);
        var problems = new List<string>();
        if (server.Kind == ScenarioServerKind.Policy && !TryCompile(server.Policy, out _, out var errors))
        {
            problems.AddRange(errors.Select(e => "Policy: " + e));
        }
        if (server.Kind == ScenarioServerKind.Raw && server.PreflightStatus is < 100 or > 999)
        {
            problems.Add($"The preflight status {server.PreflightStatus} is not a three-digit HTTP status.");
        }
        if (server.ActualStatus is < 100 or > 999)
        {
            problems.Add($"The actual status {server.ActualStatus} is not a three-digit HTTP status.");
        }
        foreach (var line in server.ActualHeaders.Concat(server.Kind == ScenarioServerKind.Raw ? server.PreflightHeaders : []))
        {
            if (line.Trim().Length > 0 && !ScenarioHeaderLines.TryParse(line, out _, out var problem))
            {
                problems.Add(problem);
            }
        }
        foreach (var hop in server.Redirects)
        {
            if (hop.Status is not (301 or 302 or 303 or 307 or 308))
            {
                problems.Add($"The redirect status {hop.Status} is not one of 301, 302, 303, 307, 308.");
            }
            if (hop.Location.Trim().Length == 0 || hop.Location.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0)
            {
                problems.Add($"The redirect location '{hop.Location}' is empty or contains a line break.");
            }
        }
        return problems;
    }

    /// <summary>Reads and builds the policy without throwing.</summary>
    private static bool TryCompile(string json, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CorsPolicy? policy, out IReadOnlyList<string> errors)
    {
        policy = null;
        var read = new List<CorsPolicyError>();
        var options = PolicyJsonReader.Read(json, read);
        if (options is null || read.Count > 0)
        {
            errors = read.Count > 0 ? [.. read.Select(e => e.ToString())] : ["the policy could not be read."];
            return false;
        }
        if (!CorsPolicy.TryBuild(options, out policy, out var built))
        {
            errors = [.. built.Select(e => e.ToString())];
            return false;
        }
        errors = [];
        return true;
    }

    /// <summary>
    /// The CorsKit middleware's answer to a preflight (CorsKitMiddleware.Preflight and ResponseHeaders.ApplyPreflight
    /// in src/CorsKit.AspNetCore): 403 with only <c>Vary</c> when the origin is refused or the denial cannot be named
    /// (private network, malformed or oversized request headers); otherwise the policy's success status with
    /// Access-Control-Allow-Origin, -Credentials, -Methods, -Headers (its list, or the request's lines echoed),
    /// -Max-Age, -Private-Network and <c>Vary</c>, in that order.
    /// </summary>
    private static IncomingResponse PolicyPreflight(CorsPolicy policy, string origin, string method, IReadOnlyList<HttpHeader> request)
    {
        if (!policy.IsOriginAllowed(origin))
        {
            return new IncomingResponse { Status = 403, Headers = [new HttpHeader("Vary", policy.PreflightVary)] };
        }
        var acrh = ScenarioHeaderLines.All(request, "Access-Control-Request-Headers");
        var pna = ScenarioHeaderLines.All(request, "Access-Control-Request-Private-Network");
        string?[] lines = [.. acrh];
        var result = policy.EvaluateAllowedOriginPreflight(origin, method, lines, pna.Count == 0 ? null : string.Join(",", pna));
        if (result.IsDenied && !result.IsExplainedDenial)
        {
            return new IncomingResponse { Status = 403, Headers = [new HttpHeader("Vary", result.Vary!)] };
        }
        var headers = new List<HttpHeader> { new("Access-Control-Allow-Origin", result.AllowOrigin!) };
        if (result.AllowCredentials)
        {
            headers.Add(new("Access-Control-Allow-Credentials", "true"));
        }
        headers.Add(new("Access-Control-Allow-Methods", result.AllowMethods!));
        if (result.AllowHeaders is not null)
        {
            headers.Add(new("Access-Control-Allow-Headers", result.AllowHeaders));
        }
        else if (result.EchoRequestHeaders)
        {
            headers.AddRange(acrh.Select(v => new HttpHeader("Access-Control-Allow-Headers", v)));
        }
        if (result.MaxAge is not null)
        {
            headers.Add(new("Access-Control-Max-Age", result.MaxAge));
        }
        if (result.AllowPrivateNetwork)
        {
            headers.Add(new("Access-Control-Allow-Private-Network", "true"));
        }
        if (result.Vary is not null)
        {
            headers.Add(new("Vary", result.Vary));
        }
        return new IncomingResponse { Status = policy.PreflightSuccessStatus, Headers = headers };
    }

    /// <summary>The middleware's headers on an actual response (ResponseHeaders.ApplyActual): Access-Control-Allow-Origin,
    /// -Credentials and -Expose-Headers only with an allowed origin; <c>Vary</c> whenever the policy varies.</summary>
    private static List<HttpHeader> ActualHeaders(CorsResult result)
    {
        var headers = new List<HttpHeader>();
        if (result.AllowOrigin is not null)
        {
            headers.Add(new("Access-Control-Allow-Origin", result.AllowOrigin));
            if (result.AllowCredentials)
            {
                headers.Add(new("Access-Control-Allow-Credentials", "true"));
            }
            if (result.ExposeHeaders is not null)
            {
                headers.Add(new("Access-Control-Expose-Headers", result.ExposeHeaders));
            }
        }
        if (result.Vary is not null)
        {
            headers.Add(new("Vary", result.Vary));
        }
        return headers;
    }

    /// <summary>The raw lines, <c>{origin}</c> standing for the request's Origin; unparseable lines are left out
    /// (<see cref="Problems"/> reports them).</summary>
    private static List<HttpHeader> Lines(IReadOnlyList<string> lines, string? origin)
    {
        var headers = new List<HttpHeader>(lines.Count);
        foreach (var line in lines)
        {
            if (!ScenarioHeaderLines.TryParse(line, out var header, out _))
            {
                continue;
            }
            if (header.Value.Contains(OriginPlaceholder, StringComparison.Ordinal))
            {
                if (origin is null)
                {
                    continue;
                }
                header = header with { Value = header.Value.Replace(OriginPlaceholder, origin, StringComparison.Ordinal) };
            }
            headers.Add(header);
        }
        return headers;
    }

    /// <summary>In a raw header value, the request's <c>Origin</c> (a server that reflects it).</summary>
    public const string OriginPlaceholder = "{origin}";

    /// <summary>The hop answering <paramref name="url"/>: the first for the scenario's URL, the next for a hop's target.</summary>
    private static ScenarioRedirect? RedirectFor(Scenario scenario, Uri url)
    {
        var hops = scenario.Server.Redirects;
        if (hops.Count == 0 || !Uri.TryCreate(scenario.Url.Trim(), UriKind.Absolute, out var from))
        {
            return null;
        }
        var asked = Key(url);
        for (var i = 0; i < hops.Count; i++)
        {
            if (Key(from) == asked)
            {
                return hops[i];
            }
            if (!Uri.TryCreate(from, hops[i].Location.Trim(), out var next))
            {
                return null;
            }
            from = next;
        }
        return null;

        // The fragment never reaches a server (Fetch §2.2.5 URL serializer with exclude fragment).
        static string Key(Uri u) => u.GetComponents(UriComponents.HttpRequestUrl, UriFormat.UriEscaped);
    }
}
