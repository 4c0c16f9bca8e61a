using CorsKit.Cli.Audit;
using CorsKit.Cli.Demo;
using Microsoft.AspNetCore.Http;

namespace CorsKit.Cli.Tests;

/// <summary>How a test server's hand-written CORS layer behaves. Every field mirrors a way real servers are configured.</summary>
public sealed record CorsBehaviour
{
    /// <summary>The Access-Control-Allow-Origin value for a request Origin (null: no header).</summary>
    public Func<string?, string?> Allow { get; init; } = _ => null;

    public bool Credentials { get; init; } = true;

    public bool Vary { get; init; } = true;

    /// <summary>Add the CORS headers to 4xx responses too.</summary>
    public bool OnErrors { get; init; } = true;

    /// <summary>Access-Control-Allow-Methods for a preflight, given the requested method.</summary>
    public Func<string, string?> AllowMethods { get; init; } = _ => "GET, POST";

    /// <summary>Access-Control-Allow-Headers for a preflight, given the requested headers.</summary>
    public Func<string?, string?> AllowHeaders { get; init; } = _ => "Content-Type";

    /// <summary>Preflight status when the origin is allowed (and 403 when it is not).</summary>
    public Func<string, string?, int> PreflightStatus { get; init; } = (_, _) => 204;

    public string? MaxAge { get; init; } = "600";

    /// <summary>Answer Access-Control-Request-Private-Network with Access-Control-Allow-Private-Network: true.</summary>
    public bool PrivateNetwork { get; init; }

    /// <summary>Send Access-Control-Allow-Origin this many times (2 = a proxy and the app both add it).</summary>
    public int AcaoCopies { get; init; } = 1;

    /// <summary>Statuses whose responses lose the CORS headers even when <see cref="OnErrors"/> is true (nginx add_header
    /// without 'always' on 404, Microsoft's middleware on an unhandled exception's 500, …).</summary>
    public Func<int, bool> DropCorsOn { get; init; } = _ => false;

    /// <summary>The data route takes POST with a JSON body (malformed JSON: 400); otherwise POST gets 405.</summary>
    public bool AcceptsPost { get; init; } = true;

    /// <summary>Answer a request without Origin with no CORS headers and no Vary (Starlette, ASP.NET Core: the CORS
    /// layer skips requests that carry no Origin).</summary>
    public bool SkipWithoutOrigin { get; init; }

    /// <summary>Change the value per request (Starlette: echo the origin only when a cookie is present).</summary>
    public Func<HttpRequest, string?, string?>? Adjust { get; init; }
}

internal static class AuditTestServer
{
    public const string Trusted = "https://app.example.com";

    public const string Path = "/api/data";

    /// <summary>A route that throws: 500.</summary>
    public const string FailingPath = "/api/boom";

    public static Task<LoopbackServer> StartAsync(CorsBehaviour behaviour) => LoopbackServer.StartAsync(async context =>
    {
        var request = context.Request;
        var response = context.Response;
        var origin = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null;
        var requestedMethod = request.Headers["Access-Control-Request-Method"].ToString();
        var isPreflight = HttpMethods.IsOptions(request.Method) && requestedMethod.Length > 0;
        var allowed = behaviour.Allow(origin);
        if (behaviour.Adjust is { } adjust)
        {
            allowed = adjust(request, allowed);
        }

        var requestedHeaders = request.Headers["Access-Control-Request-Headers"].Count > 0 ? request.Headers["Access-Control-Request-Headers"].ToString() : null;
        var status = isPreflight ? (allowed is null ? 403 : behaviour.PreflightStatus(requestedMethod, requestedHeaders))
            : request.Path.Equals(FailingPath, StringComparison.Ordinal) ? 500
            : !request.Path.Equals(Path, StringComparison.Ordinal) ? 404
            : HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) ? 200
            : HttpMethods.IsPost(request.Method) && behaviour.AcceptsPost ? (await IsJsonAsync(request) ? 200 : 400)
            : 405;
        if (status == 405)
        {
            // RFC 9110 §15.5.6: a 405 response carries Allow.
            response.Headers.Allow = behaviour.AcceptsPost ? "GET, HEAD, POST" : "GET, HEAD";
        }

        var skip = behaviour.SkipWithoutOrigin && origin is null;
        if ((behaviour.OnErrors || status < 400 || isPreflight) && !behaviour.DropCorsOn(status) && !skip)
        {
            if (behaviour.Vary)
            {
                response.Headers.Append("Vary", "Origin");
            }

            if (allowed is not null)
            {
                for (var i = 0; i < behaviour.AcaoCopies; i++)
                {
                    response.Headers.Append("Access-Control-Allow-Origin", allowed);
                }

                if (behaviour.Credentials)
                {
                    response.Headers.AccessControlAllowCredentials = "true";
                }

                if (isPreflight)
                {
                    if (behaviour.AllowMethods(requestedMethod) is { } methods)
                    {
                        response.Headers.AccessControlAllowMethods = methods;
                    }

                    if (behaviour.AllowHeaders(requestedHeaders) is { } headers)
                    {
                        response.Headers.AccessControlAllowHeaders = headers;
                    }

                    if (behaviour.MaxAge is { } maxAge)
                    {
                        response.Headers.AccessControlMaxAge = maxAge;
                    }

                    if (behaviour.PrivateNetwork && request.Headers["Access-Control-Request-Private-Network"] == "true")
                    {
                        response.Headers["Access-Control-Allow-Private-Network"] = "true";
                    }
                }
            }
        }

        response.StatusCode = status;
        if (status == 200)
        {
            await response.WriteAsync("{\"secret\":1}");
        }
    });

    private static async Task<bool> IsJsonAsync(HttpRequest request)
    {
        try
        {
            using var document = await System.Text.Json.JsonDocument.ParseAsync(request.Body);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>Audits the test server's data path with <see cref="Trusted"/> as the trusted origin.</summary>
    public static async Task<TargetResult> AuditAsync(CorsBehaviour behaviour, params string[] trusted)
        => Assert.Single(await AuditPathsAsync(behaviour, [Path], trusted));

    /// <summary>Audits several paths of one test server in one run (the targets a user lists together).</summary>
    public static async Task<IReadOnlyList<TargetResult>> AuditPathsAsync(CorsBehaviour behaviour, string[] paths, params string[] trusted)
    {
        await using var server = await StartAsync(behaviour);
        var report = await AuditRunner.RunAsync(new AuditSettings
        {
            Targets = paths.Select(p => new Uri(server.BaseAddress, p.TrimStart('/'))).ToList(),
            TrustedOrigins = trusted.Length == 0 ? [Trusted] : trusted,
            Timeout = TimeSpan.FromSeconds(10),
        });
        return report.Targets;
    }

    public static IReadOnlyList<string> Ids(this TargetResult result) => result.Findings.Select(f => f.Kind.Id).ToList();

    public static Finding Single(this TargetResult result, string id) => Assert.Single(result.Findings, f => f.Kind.Id == id);

    /// <summary>Only these ids, whatever their severity (info findings included).</summary>
    public static void HasExactly(this TargetResult result, params string[] ids)
    {
        Assert.Null(result.Error);
        Assert.Equal(ids.OrderBy(i => i, StringComparer.Ordinal), result.Ids().OrderBy(i => i, StringComparer.Ordinal));
    }
}
