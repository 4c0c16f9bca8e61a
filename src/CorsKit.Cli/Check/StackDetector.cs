using CorsKit.Fetch;
using CorsKit.Model;

namespace CorsKit.Cli.Check;

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
        var server = Get(r, "Server") ?? "";
        var poweredBy = Get(r, "X-Powered-By") ?? "";
        return 0 switch
        {
            // starlette/middleware/cors.py preflight_response: "Disallowed CORS origin, method, headers" (the failures joined).
            _ when body.StartsWith("Disallowed CORS ", StringComparison.Ordinal) => ServerStack.Starlette,
            // Spring DefaultCorsProcessor.rejectRequest writes "Invalid CORS request".
            _ when body.StartsWith("Invalid CORS request", StringComparison.Ordinal) => ServerStack.Spring,
            // uvicorn and hypercorn send their name by default; both serve Starlette and FastAPI.
            _ when server.StartsWith("uvicorn", StringComparison.OrdinalIgnoreCase) || server.StartsWith("hypercorn", StringComparison.OrdinalIgnoreCase) => ServerStack.Starlette,
            // Kestrel's default Server header (KestrelServerOptions.AddServerHeader).
            _ when server.Equals("Kestrel", StringComparison.OrdinalIgnoreCase) => ServerStack.AspNetCore,
            // express/lib/application.js enables 'x-powered-by' by default.
            _ when poweredBy.StartsWith("Express", StringComparison.OrdinalIgnoreCase) => ServerStack.Express,
            _ when server.StartsWith("nginx", StringComparison.OrdinalIgnoreCase) || server.StartsWith("openresty", StringComparison.OrdinalIgnoreCase) => ServerStack.Nginx,
            // Werkzeug's development server, which `flask run` uses.
            _ when server.StartsWith("Werkzeug", StringComparison.OrdinalIgnoreCase) => ServerStack.Flask,
            // Django's runserver is wsgiref's WSGIServer.
            _ when server.StartsWith("WSGIServer", StringComparison.OrdinalIgnoreCase) => ServerStack.Django,
            _ when poweredBy.Contains("ASP.NET", StringComparison.OrdinalIgnoreCase) => ServerStack.AspNetCore,
            _ => null,
        };
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
        if (Get(r, "Server") is null && Get(r, "X-Content-Type-Options") == "nosniff"
            && (Get(r, "Content-Type") ?? "").Equals("text/plain; charset=utf-8", StringComparison.OrdinalIgnoreCase))
        {
            return ServerStack.Go;
        }

        return null;
    }

    private static string? Get(IncomingResponse r, string name)
        => r.Headers.FirstOrDefault(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;
}
