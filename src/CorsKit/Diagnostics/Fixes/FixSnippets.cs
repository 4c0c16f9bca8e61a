using System.Text;
using CorsKit.Origins;

namespace CorsKit.Diagnostics.Fixes;

/// <summary>
/// The configuration that allows a <see cref="FixNeed"/>, in each stack's own CORS library. Lists name what the server
/// allows now plus what the request needs, so pasting the snippet changes the configuration without dropping anything.
/// The origin is always one exact origin or <c>*</c> without credentials: never an echoed Origin, never <c>null</c>.
/// </summary>
internal static class FixSnippets
{
    public static FixSnippet For(ServerStack stack, FixNeed n) => stack switch
    {
        ServerStack.CorsKit => new(stack, "CorsKit middleware (C#)", "csharp", CorsKit(n)),
        ServerStack.AspNetCore => new(stack, "ASP.NET Core (Microsoft.AspNetCore.Cors)", "csharp", AspNetCore(n)),
        ServerStack.Express => new(stack, "Express (cors package)", "js", Express(n)),
        ServerStack.Nginx => new(stack, "nginx", "nginx", Nginx(n)),
        ServerStack.Flask => new(stack, "Flask (Flask-CORS)", "python", Flask(n)),
        ServerStack.Django => new(stack, "Django (django-cors-headers)", "python", Django(n)),
        ServerStack.Starlette => new(stack, "FastAPI / Starlette (CORSMiddleware)", "python", Starlette(n)),
        ServerStack.Go => new(stack, "Go (github.com/rs/cors)", "go", Go(n)),
        ServerStack.Spring => new(stack, "Spring (WebMvcConfigurer)", "java", Spring(n)),
        _ => throw new ArgumentOutOfRangeException(nameof(stack)),
    };

    // Origins, methods and header names are tokens or serialized origins: they never contain a quote or backslash,
    // so plain double quotes are valid string literals in every language below.
    private static string Q(string s) => $"\"{s}\"";

    private static string List(IEnumerable<string> items) => string.Join(", ", items.Select(Q));

    private static IReadOnlyList<string> Methods(FixNeed n) => n.Methods.Count > 0 ? n.Methods : [n.Method];

    private static string CorsKit(FixNeed n)
    {
        // CorsKit's policy API (docs/policy.md): CorsPolicyOptions registered with AddCorsKit, applied by UseCorsKit.
        // The using directive: without it the snippet does not compile as pasted (issue 12 item 4).
        var sb = new StringBuilder("using CorsKit.Policy;\n\nbuilder.Services.AddCorsKit(cors => cors.AddDefaultPolicy(new CorsPolicyOptions\n{\n");
        sb.Append($"    Origins = [{Q(n.Origin!)}],\n");
        if (n.Methods.Count > 0)
        {
            sb.Append($"    Methods = [{List(n.Methods)}],\n");
        }

        if (n.Headers.Count > 0)
        {
            sb.Append($"    RequestHeaders = [{List(n.Headers)}],\n");
        }

        if (n.Credentials)
        {
            sb.Append("    Credentials = true,\n");
            if (n.Origin!.StartsWith("http://", StringComparison.Ordinal) && !(Origin.TryParse(n.Origin, out var page) && page.IsPotentiallyTrustworthy))
            {
                sb.Append("    DangerouslyAllowInsecureOriginsWithCredentials = true, // better: serve the page over https\n");
            }
        }

        sb.Append("}));\n// ...\napp.UseCorsKit(); // after UseRouting, before authentication and the endpoints");
        return sb.ToString();
    }

    private static string AspNetCore(FixNeed n)
    {
        var sb = new StringBuilder("builder.Services.AddCors(options => options.AddDefaultPolicy(policy => policy\n");
        sb.Append(n.Origin == "*" ? "    .AllowAnyOrigin()" : $"    .WithOrigins({Q(n.Origin!)})");
        sb.Append($"\n    .WithMethods({List(Methods(n))})");
        if (n.Headers.Count > 0)
        {
            sb.Append($"\n    .WithHeaders({List(n.Headers)})");
        }

        if (n.Credentials)
        {
            sb.Append("\n    .AllowCredentials()");
        }

        sb.Append("));\n// ...\napp.UseCors(); // after UseRouting, before the endpoints");
        return sb.ToString();
    }

    private static string Express(FixNeed n)
    {
        var sb = new StringBuilder("const cors = require('cors');\nconst corsOptions = {\n");
        sb.Append($"  origin: {Q(n.Origin!)},\n  methods: [{List(Methods(n))}],\n");
        if (n.Headers.Count > 0)
        {
            sb.Append($"  allowedHeaders: [{List(n.Headers)}],\n");
        }

        if (n.Credentials)
        {
            sb.Append("  credentials: true,\n");
        }

        // cors() answers OPTIONS itself when mounted with app.use (preflightContinue defaults to false).
        sb.Append("};\napp.use(cors(corsOptions));");
        return sb.ToString();
    }

    private static string Nginx(FixNeed n)
    {
        var sb = new StringBuilder("location / {\n");
        if (n.Preflight)
        {
            sb.Append("    if ($request_method = OPTIONS) {\n");
            sb.Append($"        add_header Access-Control-Allow-Origin {Q(n.Origin!)} always;\n");
            if (n.Credentials)
            {
                sb.Append("        add_header Access-Control-Allow-Credentials \"true\" always;\n");
            }

            sb.Append($"        add_header Access-Control-Allow-Methods {Q(string.Join(", ", Methods(n)))} always;\n");
            if (n.Headers.Count > 0)
            {
                sb.Append($"        add_header Access-Control-Allow-Headers {Q(string.Join(", ", n.Headers))} always;\n");
            }

            sb.Append("        add_header Access-Control-Max-Age 7200 always;\n        add_header Vary Origin always;\n        return 204;\n    }\n");
        }

        sb.Append($"    add_header Access-Control-Allow-Origin {Q(n.Origin!)} always;\n");
        if (n.Credentials)
        {
            sb.Append("    add_header Access-Control-Allow-Credentials \"true\" always;\n");
        }

        sb.Append("    add_header Vary Origin always;\n    # proxy_pass / root ...\n}");
        return sb.ToString();
    }

    private static string Flask(FixNeed n)
    {
        // flask_cors CORS(app, origins=..., methods=..., allow_headers=..., supports_credentials=...).
        var sb = new StringBuilder("from flask_cors import CORS\n\nCORS(\n    app,\n");
        sb.Append($"    origins=[{Q(n.Origin!)}],\n    methods=[{List(Methods(n))}],\n");
        if (n.Headers.Count > 0)
        {
            sb.Append($"    allow_headers=[{List(n.Headers)}],\n");
        }

        if (n.Credentials)
        {
            sb.Append("    supports_credentials=True,\n");
        }

        sb.Append(')');
        return sb.ToString();
    }

    private static string Django(FixNeed n)
    {
        // django-cors-headers settings (corsheaders/conf.py); default_headers and default_methods are its defaults.
        var sb = new StringBuilder("# settings.py\nfrom corsheaders.defaults import default_headers, default_methods\n\n");
        sb.Append(n.Origin == "*" ? "CORS_ALLOW_ALL_ORIGINS = True\n" : $"CORS_ALLOWED_ORIGINS = [{Q(n.Origin!)}]\n");
        sb.Append($"CORS_ALLOW_METHODS = (*default_methods, {List(Methods(n))})\n");
        if (n.Added.Count > 0)
        {
            sb.Append($"CORS_ALLOW_HEADERS = (*default_headers, {List(n.Added)})\n");
        }

        if (n.Credentials)
        {
            sb.Append("CORS_ALLOW_CREDENTIALS = True\n");
        }

        return sb.ToString().TrimEnd('\n');
    }

    private static string Starlette(FixNeed n)
    {
        var sb = new StringBuilder("from fastapi.middleware.cors import CORSMiddleware  # starlette.middleware.cors\n\n");
        sb.Append($"app.add_middleware(\n    CORSMiddleware,\n    allow_origins=[{Q(n.Origin!)}],\n");
        // Starlette rejects a preflight whose method is not in allow_methods (default ["GET"]), safelisted or not.
        sb.Append($"    allow_methods=[{List(Methods(n))}],\n");
        if (n.Headers.Count > 0)
        {
            sb.Append($"    allow_headers=[{List(n.Headers)}],\n");
        }

        if (n.Credentials)
        {
            sb.Append("    allow_credentials=True,\n");
        }

        sb.Append(')');
        return sb.ToString();
    }

    private static string Go(FixNeed n)
    {
        // github.com/rs/cors Options (cors.go).
        var sb = new StringBuilder("c := cors.New(cors.Options{\n");
        sb.Append($"\tAllowedOrigins: []string{{{Q(n.Origin!)}}},\n\tAllowedMethods: []string{{{List(Methods(n))}}},\n");
        if (n.Headers.Count > 0)
        {
            sb.Append($"\tAllowedHeaders: []string{{{List(n.Headers)}}},\n");
        }

        if (n.Credentials)
        {
            sb.Append("\tAllowCredentials: true,\n");
        }

        sb.Append("})\nhandler := c.Handler(mux)");
        return sb.ToString();
    }

    private static string Spring(FixNeed n)
    {
        // Spring MVC CorsRegistry (WebMvcConfigurer.addCorsMappings).
        var sb = new StringBuilder("@Override\npublic void addCorsMappings(CorsRegistry registry) {\n    registry.addMapping(\"/**\")\n");
        sb.Append($"        .allowedOrigins({Q(n.Origin!)})\n        .allowedMethods({List(Methods(n))})");
        if (n.Headers.Count > 0)
        {
            sb.Append($"\n        .allowedHeaders({List(n.Headers)})");
        }

        if (n.Credentials)
        {
            sb.Append("\n        .allowCredentials(true)");
        }

        sb.Append(";\n}");
        return sb.ToString();
    }
}
