using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace CorsKit.Cli.Demo;

/// <summary>
/// One built-in example API: a hand-written CORS layer the way everyday CORS articles show it (not CorsKit's policy
/// engine), serving <c>GET /api/account</c> with a secret and 404 for everything else.
/// </summary>
/// <param name="Name">Short name shown in the report.</param>
/// <param name="Description">The configuration in one line, as an article would show it.</param>
/// <param name="Expected">The finding id the audit should report, or null for the correct configuration.</param>
/// <param name="Handler">The request handler (CORS layer and endpoints).</param>
internal sealed record DemoApi(string Name, string Description, string? Expected, RequestDelegate Handler);

/// <summary>The example APIs: six everyday misconfigurations next to one correct configuration.</summary>
internal static partial class DemoApis
{
    /// <summary>The front end every example API is meant to serve.</summary>
    public const string TrustedOrigin = "https://app.example.com";

    public const string DataPath = "/api/account";

    public static IReadOnlyList<DemoApi> All { get; } =
    [
        new("reflect-origin", "res.setHeader('Access-Control-Allow-Origin', req.headers.origin) + Allow-Credentials: true",
            "origin-reflected",
            Api(origin => origin, credentials: true, vary: true, onErrors: true)),
        new("trusted-null", "allow-list ['https://app.example.com', 'null'] + Allow-Credentials: true",
            "null-origin-allowed",
            Api(origin => origin is TrustedOrigin or "null" ? origin : null, credentials: true, vary: true, onErrors: true)),
        new("unanchored-regex", "/https:\\/\\/app\\.example\\.com/.test(origin) (no ^…$) + Allow-Credentials: true",
            "prefix-match",
            Api(origin => origin is not null && Unanchored().IsMatch(origin) ? origin : null, credentials: true, vary: true, onErrors: true)),
        new("wildcard-credentials", "Access-Control-Allow-Origin: * + Access-Control-Allow-Credentials: true",
            "wildcard-with-credentials",
            Api(_ => "*", credentials: true, vary: false, onErrors: true)),
        new("missing-vary", "allow-list ['https://app.example.com', 'https://admin.example.com'] echoed without Vary: Origin",
            "missing-vary-origin",
            Api(origin => origin is TrustedOrigin or "https://admin.example.com" ? origin : null, credentials: true, vary: false, onErrors: true)),
        new("lost-on-errors", "allow-list, but the CORS headers are added only to 2xx responses (nginx add_header without 'always')",
            "cors-missing-on-error",
            Api(origin => origin == TrustedOrigin ? origin : null, credentials: true, vary: true, onErrors: false)),
        new("correct", "exact allow-list ['https://app.example.com'], Vary: Origin, credentials, headers on errors, fixed preflight lists",
            null,
            Api(origin => origin == TrustedOrigin ? origin : null, credentials: true, vary: true, onErrors: true)),
    ];

    // The classic unanchored pattern: matches anywhere in the Origin, so https://app.example.com.attacker.net passes.
    [GeneratedRegex(@"https://app\.example\.com")]
    private static partial Regex Unanchored();

    /// <summary>A handler whose CORS layer answers <paramref name="allow"/>(origin) as Access-Control-Allow-Origin.</summary>
    private static RequestDelegate Api(Func<string?, string?> allow, bool credentials, bool vary, bool onErrors) => async context =>
    {
        var request = context.Request;
        var response = context.Response;
        var origin = request.Headers.Origin.Count > 0 ? request.Headers.Origin.ToString() : null;
        var isPreflight = HttpMethods.IsOptions(request.Method) && request.Headers.ContainsKey("Access-Control-Request-Method");
        var found = request.Path.Equals(DataPath, StringComparison.Ordinal);
        var status = isPreflight ? 204 : found ? 200 : 404;

        if (onErrors || status < 400)
        {
            if (vary)
            {
                response.Headers.Vary = "Origin";
            }

            if (allow(origin) is { } allowed)
            {
                response.Headers.AccessControlAllowOrigin = allowed;
                if (credentials)
                {
                    response.Headers.AccessControlAllowCredentials = "true";
                }

                if (isPreflight)
                {
                    response.Headers.AccessControlAllowMethods = "GET, POST";
                    response.Headers.AccessControlAllowHeaders = "Content-Type";
                    response.Headers.AccessControlMaxAge = "600";
                }
            }
        }

        response.StatusCode = status;
        if (status == 200)
        {
            response.ContentType = "application/json";
            await response.WriteAsync("{\"user\":\"alice\",\"apiKey\":\"demo-secret-123\"}").ConfigureAwait(false);
        }
        else if (status == 404)
        {
            response.ContentType = "application/json";
            await response.WriteAsync("{\"error\":\"not found\"}").ConfigureAwait(false);
        }
    };
}
