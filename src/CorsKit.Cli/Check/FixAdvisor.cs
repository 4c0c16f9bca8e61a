using System.Text;
using CorsKit.Fetch;
using CorsKit.Model;
using CorsKit.Origins;

namespace CorsKit.Cli.Check;

/// <summary>A configuration snippet for one server stack.</summary>
/// <param name="Stack">The stack's name as people know it.</param>
/// <param name="Language">The snippet's language (for fenced code blocks).</param>
/// <param name="Code">The snippet.</param>
internal sealed record FixSnippet(string Stack, string Language, string Code);

/// <summary>What the server must send for the request to pass, and how to say it in common stacks.</summary>
internal sealed record FixAdvice
{
    /// <summary>The URL whose response failed (the last hop the browser reached).</summary>
    public required string Url { get; init; }

    /// <summary>The origin the server must allow (<c>null</c> after a cross-origin redirect).</summary>
    public required string Origin { get; init; }

    /// <summary>True when the request carries credentials, so the server must send <c>Access-Control-Allow-Credentials: true</c>
    /// and may not use <c>*</c>.</summary>
    public required bool Credentials { get; init; }

    /// <summary>True when the browser preflights the request.</summary>
    public required bool Preflight { get; init; }

    /// <summary>The request method (what the server's CORS configuration must accept).</summary>
    public required string Method { get; init; }

    /// <summary>The request headers the server must allow (lowercase, sorted).</summary>
    public required IReadOnlyList<string> Headers { get; init; }

    /// <summary>Header lines the <c>OPTIONS</c> (preflight) response must carry, with a 2xx status; empty when no preflight.</summary>
    public required IReadOnlyList<HttpHeader> PreflightResponseHeaders { get; init; }

    /// <summary>Header lines the actual response must carry.</summary>
    public required IReadOnlyList<HttpHeader> ActualResponseHeaders { get; init; }

    /// <summary>Extra remarks (redirect taint, preflight status) in plain words.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    /// <summary>Configuration snippets, one per stack.</summary>
    public required IReadOnlyList<FixSnippet> Snippets { get; init; }
}

/// <summary>
/// Works out the server-side fix from what the request needs: the origin the failing hop carried, the method, the
/// CORS-unsafe header names, and the credentials mode (Fetch §4.10 CORS check and CORS-preflight fetch step 7).
/// </summary>
internal static class FixAdvisor
{
    public static FixAdvice Advise(CorsRequest request, RequestClassification classification, CorsVerdict verdict)
    {
        var notes = new List<string>();
        // The origin the failing hop sent: "null" once a cross-origin redirect tainted the request (Fetch §3.1.7
        // "serializing a request origin"), else the page's origin.
        var failing = verdict.Exchanges.Count > 0 ? verdict.Exchanges[^1] : null;
        var sentOrigin = failing?.Request.Headers.FirstOrDefault(h => h.Name.Equals("Origin", StringComparison.OrdinalIgnoreCase)).Value;
        var origin = string.IsNullOrEmpty(sentOrigin) ? request.Origin.Serialized : sentOrigin;
        if (origin == "null" && !request.Origin.IsOpaque)
        {
            notes.Add($"After a cross-origin redirect the browser sends 'Origin: null', so {failing?.Request.Url.GetLeftPart(UriPartial.Authority)} "
                + "would have to allow the origin 'null' (unsafe: every sandboxed page has it). Better: have the page call the final URL directly.");
        }

        var credentials = request.Credentials == CredentialsMode.Include;
        var preflight = classification.NeedsPreflight || request.ForcePreflight;
        var method = classification.Method;
        var headers = classification.UnsafeHeaderNames;
        var safelistedMethod = method is "GET" or "HEAD" or "POST";

        var preflightHeaders = new List<HttpHeader>();
        if (preflight)
        {
            preflightHeaders.Add(new("Access-Control-Allow-Origin", origin));
            if (credentials)
            {
                preflightHeaders.Add(new("Access-Control-Allow-Credentials", "true"));
            }

            if (!safelistedMethod)
            {
                preflightHeaders.Add(new("Access-Control-Allow-Methods", method));
            }

            if (headers.Count > 0)
            {
                preflightHeaders.Add(new("Access-Control-Allow-Headers", string.Join(", ", headers)));
            }

            preflightHeaders.Add(new("Vary", "Origin"));
            if (verdict.Failure?.Code == ChromiumCorsError.PreflightInvalidStatus)
            {
                notes.Add("Answer the OPTIONS preflight with a 2xx status (204 No Content is usual); other statuses fail even with the right headers.");
            }
            else if (verdict.Failure?.Code == ChromiumCorsError.PreflightDisallowedRedirect)
            {
                notes.Add("Answer the OPTIONS preflight directly: browsers never follow a redirect on a preflight.");
            }
        }

        var actualHeaders = new List<HttpHeader> { new("Access-Control-Allow-Origin", origin) };
        if (credentials)
        {
            actualHeaders.Add(new("Access-Control-Allow-Credentials", "true"));
        }

        actualHeaders.Add(new("Vary", "Origin"));

        var need = new Need(origin, credentials, preflight, method, headers);
        return new FixAdvice
        {
            Url = (failing?.Request.Url ?? request.Url).AbsoluteUri,
            Origin = origin,
            Credentials = credentials,
            Preflight = preflight,
            Method = method,
            Headers = headers,
            PreflightResponseHeaders = preflightHeaders,
            ActualResponseHeaders = actualHeaders,
            Notes = notes,
            Snippets = [CorsKitSnippet(need), AspNetCoreSnippet(need), ExpressSnippet(need), NginxSnippet(need), StarletteSnippet(need)],
        };
    }

    private sealed record Need(string Origin, bool Credentials, bool Preflight, string Method, IReadOnlyList<string> Headers);

    // Origins, methods and header names are tokens or serialized origins: they never contain a quote or backslash,
    // so plain double quotes are valid string literals in every language below.
    private static string Q(string s) => $"\"{s}\"";

    private static string List(IEnumerable<string> items) => string.Join(", ", items.Select(Q));

    private static FixSnippet CorsKitSnippet(Need n)
    {
        // CorsKit's policy API (docs/policy.md): CorsPolicyOptions registered with AddCorsKit, applied by UseCorsKit.
        // The using directive: without it the snippet does not compile as pasted (issue 12 item 4).
        var sb = new StringBuilder("using CorsKit.Policy;\n\nbuilder.Services.AddCorsKit(cors => cors.AddDefaultPolicy(new CorsPolicyOptions\n{\n");
        if (n.Origin == "null")
        {
            sb.Append("    // CorsKit does not allow the opaque origin \"null\": have the page call the final URL directly.\n");
        }
        else
        {
            sb.Append($"    Origins = [{Q(n.Origin)}],\n");
        }

        if (n.Method is not ("GET" or "HEAD" or "POST"))
        {
            sb.Append($"    Methods = [{Q(n.Method)}],\n");
        }

        if (n.Headers.Count > 0)
        {
            sb.Append($"    RequestHeaders = [{List(n.Headers)}],\n");
        }

        if (n.Credentials)
        {
            sb.Append("    Credentials = true,\n");
            if (n.Origin.StartsWith("http://", StringComparison.Ordinal) && !(Origin.TryParse(n.Origin, out var page) && page.IsPotentiallyTrustworthy))
            {
                sb.Append("    DangerouslyAllowInsecureOriginsWithCredentials = true, // better: serve the page over https\n");
            }
        }

        sb.Append("}));\n// ...\napp.UseCorsKit(); // after UseRouting, before authentication and the endpoints");
        return new FixSnippet("CorsKit middleware (C#)", "csharp", sb.ToString());
    }

    private static FixSnippet AspNetCoreSnippet(Need n)
    {
        var sb = new StringBuilder();
        sb.Append("builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy\n");
        sb.Append($"    .WithOrigins({Q(n.Origin)})");
        sb.Append($"\n    .WithMethods({Q(n.Method)})");
        if (n.Headers.Count > 0)
        {
            sb.Append($"\n    .WithHeaders({List(n.Headers)})");
        }

        if (n.Credentials)
        {
            sb.Append("\n    .AllowCredentials()");
        }

        sb.Append("));\n// ...\napp.UseCors(); // after UseRouting, before the endpoints");
        return new FixSnippet("ASP.NET Core (Microsoft.AspNetCore.Cors)", "csharp", sb.ToString());
    }

    private static FixSnippet ExpressSnippet(Need n)
    {
        var sb = new StringBuilder("const cors = require('cors');\nconst corsOptions = {\n");
        sb.Append($"  origin: {Q(n.Origin)},\n");
        sb.Append($"  methods: [{Q(n.Method)}],\n");
        if (n.Headers.Count > 0)
        {
            sb.Append($"  allowedHeaders: [{List(n.Headers)}],\n");
        }

        if (n.Credentials)
        {
            sb.Append("  credentials: true,\n");
        }

        sb.Append("};\n");
        // cors() answers OPTIONS itself when mounted with app.use (preflightContinue defaults to false).
        sb.Append("app.use(cors(corsOptions));");
        return new FixSnippet("Express (cors package)", "js", sb.ToString());
    }

    private static FixSnippet NginxSnippet(Need n)
    {
        var sb = new StringBuilder("location / {\n");
        if (n.Preflight)
        {
            sb.Append("    if ($request_method = OPTIONS) {\n");
            sb.Append($"        add_header Access-Control-Allow-Origin {Q(n.Origin)} always;\n");
            if (n.Credentials)
            {
                sb.Append("        add_header Access-Control-Allow-Credentials \"true\" always;\n");
            }

            sb.Append($"        add_header Access-Control-Allow-Methods {Q(n.Method)} always;\n");
            if (n.Headers.Count > 0)
            {
                sb.Append($"        add_header Access-Control-Allow-Headers {Q(string.Join(", ", n.Headers))} always;\n");
            }

            sb.Append("        add_header Access-Control-Max-Age 7200 always;\n");
            sb.Append("        add_header Vary Origin always;\n");
            sb.Append("        return 204;\n    }\n");
        }

        sb.Append($"    add_header Access-Control-Allow-Origin {Q(n.Origin)} always;\n");
        if (n.Credentials)
        {
            sb.Append("    add_header Access-Control-Allow-Credentials \"true\" always;\n");
        }

        sb.Append("    add_header Vary Origin always;\n    # proxy_pass / root ...\n}");
        return new FixSnippet("nginx", "nginx", sb.ToString());
    }

    private static FixSnippet StarletteSnippet(Need n)
    {
        var sb = new StringBuilder("from fastapi.middleware.cors import CORSMiddleware  # starlette.middleware.cors\n\n");
        sb.Append("app.add_middleware(\n    CORSMiddleware,\n");
        sb.Append($"    allow_origins=[{Q(n.Origin)}],\n");
        // Starlette rejects a preflight whose method is not in allow_methods (default ["GET"]), safelisted or not.
        sb.Append($"    allow_methods=[{Q(n.Method)}],\n");
        if (n.Headers.Count > 0)
        {
            sb.Append($"    allow_headers=[{List(n.Headers)}],\n");
        }

        if (n.Credentials)
        {
            sb.Append("    allow_credentials=True,\n");
        }

        sb.Append(')');
        return new FixSnippet("FastAPI / Starlette", "python", sb.ToString());
    }
}
