using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Diagnostics.Fixes;

/// <summary>
/// Names the server stack from what its responses show: bodies the CORS layers write when they refuse, the
/// <c>Server</c> and <c>X-Powered-By</c> headers their defaults send, and their default error pages. A guess, shown as
/// one: <c>--stack NAME</c> overrides it.
/// </summary>
internal static class StackDetector
{
    /// <summary>The stack's name on the command line and in JSON.</summary>
    public static string Name(ServerStack stack) => stack switch
    {
        ServerStack.AspNetCore => "aspnetcore",
        ServerStack.CorsKit => "corskit",
        ServerStack.Express => "express",
        ServerStack.Nginx => "nginx",
        ServerStack.Flask => "flask",
        ServerStack.Django => "django",
        ServerStack.Starlette => "starlette",
        ServerStack.Go => "go",
        ServerStack.Spring => "spring",
        _ => throw new ArgumentOutOfRangeException(nameof(stack)),
    };

    /// <summary>Every stack name, for help and error messages.</summary>
    public static string Names => string.Join(", ", Enum.GetValues<ServerStack>().Select(Name));

    /// <summary>The stack named <paramref name="name"/> (case-insensitive; <c>fastapi</c> is Starlette, <c>kestrel</c> ASP.NET Core).</summary>
    public static bool TryParse(string name, out ServerStack stack)
    {
        var lower = name.Trim().ToLowerInvariant();
        lower = lower switch { "fastapi" => "starlette", "kestrel" or "asp.net" => "aspnetcore", "node" => "express", "golang" => "go", _ => lower };
        foreach (var candidate in Enum.GetValues<ServerStack>())
        {
            if (Name(candidate) == lower)
            {
                stack = candidate;
                return true;
            }
        }

        stack = default;
        return false;
    }

    /// <summary>The stack the responses point to, or null when none is recognised. The first clear sign wins, the
    /// responses taken in order.</summary>
    public static ServerStack? Detect(IEnumerable<IncomingResponse> responses)
    {
        ServerStack? weak = null;
        foreach (var r in responses)
        {
            if (Strong(r) is { } stack)
            {
                return stack;
            }

            weak ??= Weak(r);
        }

        return weak;
    }

    private static ServerStack? Strong(IncomingResponse r)
    {
        var body = r.Body ?? "";
        var server = HeaderValues.Get(r.Headers, "Server") ?? "";
        var poweredBy = HeaderValues.Get(r.Headers, "X-Powered-By") ?? "";
        // starlette/middleware/cors.py preflight_response: "Disallowed CORS origin, method, headers" (the failures joined).
        if (body.StartsWith("Disallowed CORS ", StringComparison.Ordinal))
        {
            return ServerStack.Starlette;
        }

        // CorsKit's middleware denies a preflight with 403, no CORS header and its own preflight Vary line
        // (CorsPolicy.VaryPreflight, in that order); Microsoft's CORS middleware answers every preflight with 204.
        if (r.Status == 403 && HeaderValues.Get(r.Headers, "Access-Control-Allow-Origin") is null
            && (HeaderValues.Get(r.Headers, "Vary") ?? "").StartsWith("Origin, Access-Control-Request-Method, Access-Control-Request-Headers", StringComparison.Ordinal))
        {
            return ServerStack.CorsKit;
        }

        // Spring DefaultCorsProcessor.rejectRequest writes "Invalid CORS request".
        if (body.StartsWith("Invalid CORS request", StringComparison.Ordinal))
        {
            return ServerStack.Spring;
        }

        // The servers' default Server headers: uvicorn and hypercorn (which serve Starlette and FastAPI), Kestrel
        // (KestrelServerOptions.AddServerHeader), nginx/OpenResty, Werkzeug (`flask run`), wsgiref's WSGIServer
        // (Django's runserver); express/lib/application.js enables `X-Powered-By: Express` by default.
        return server switch
        {
            _ when Starts(server, "uvicorn") || Starts(server, "hypercorn") => ServerStack.Starlette,
            _ when server.Equals("Kestrel", StringComparison.OrdinalIgnoreCase) => ServerStack.AspNetCore,
            _ when Starts(poweredBy, "Express") => ServerStack.Express,
            _ when Starts(server, "nginx") || Starts(server, "openresty") => ServerStack.Nginx,
            _ when Starts(server, "Werkzeug") => ServerStack.Flask,
            _ when Starts(server, "WSGIServer") => ServerStack.Django,
            _ when poweredBy.Contains("ASP.NET", StringComparison.OrdinalIgnoreCase) => ServerStack.AspNetCore,
            _ => null,
        };

        static bool Starts(string value, string prefix) => value.StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }

    private static ServerStack? Weak(IncomingResponse r)
    {
        var body = r.Body ?? "";
        // Spring Boot's default error body (DefaultErrorAttributes): {"timestamp":…,"status":…,"error":…,"path":…}.
        if (body.Contains("\"timestamp\"", StringComparison.Ordinal) && body.Contains("\"path\"", StringComparison.Ordinal) && body.Contains("\"error\"", StringComparison.Ordinal))
        {
            return ServerStack.Spring;
        }

        // Go net/http's http.Error and default pages ("404 page not found"): no Server header, text/plain;
        // charset=utf-8 and X-Content-Type-Options: nosniff (net/http/server.go Error).
        if (HeaderValues.Get(r.Headers, "Server") is null && HeaderValues.Get(r.Headers, "X-Content-Type-Options") == "nosniff"
            && (HeaderValues.Get(r.Headers, "Content-Type") ?? "").Equals("text/plain; charset=utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return ServerStack.Go;
        }

        return null;
    }
}
