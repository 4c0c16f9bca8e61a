using System.Globalization;
using System.Text;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// Debian nginx as a foreground process (<c>daemon off; master_process off</c>) with its own prefix in a temp dir.
/// Semantics used (nginx docs): <c>map</c> compares plain strings case-insensitively and <c>~*</c> entries as
/// case-insensitive PCRE searches (ngx_http_map_module); <c>add_header</c> adds its header only to 200, 201, 204, 206,
/// 301, 302, 303, 304, 307 and 308 responses unless <c>always</c> is given, and not at all when the value is empty
/// (ngx_http_headers_module).
/// </summary>
internal static class NginxStack
{
    public const string Binary = "/usr/sbin/nginx";

    public static Task<CorpusServer> StartAsync(CorpusConfig config) => CorpusPaths.InWorkDirectoryAsync(async work =>
    {
        var parts = new List<IAsyncDisposable>();
        try
        {
            int? backend = null;
            if (config.BehindProxy)
            {
                // The app behind nginx: Express + cors with the same origins and credentials, answering CORS itself.
                backend = CorpusPaths.FreePort();
                var app = config with { AnyHeader = false, ErrorsKeepCors = true };
                Directory.CreateDirectory(Path.Combine(work, "backend"));
                parts.Add(await ExpressStack.StartProcessAsync(app, Path.Combine(work, "backend"), backend.Value));
            }

            var port = CorpusPaths.FreePort();
            Directory.CreateDirectory(Path.Combine(work, "html", "api"));
            Directory.CreateDirectory(Path.Combine(work, "logs"));
            File.WriteAllText(Path.Combine(work, "html", "api", "data"), "{\"secret\":1}\n");
            File.WriteAllText(Path.Combine(work, "nginx.conf"), Render(config, work, port, backend));
            parts.Add(await CorpusProcess.StartAsync(Binary, ["-p", work + "/", "-c", Path.Combine(work, "nginx.conf"), "-e", Path.Combine(work, "logs", "error.log")], port,
                "install Debian's nginx (apt-get install nginx; test.sh does when run as root)"));
            return new CorpusServer(new Uri($"http://127.0.0.1:{port}"), parts, work);
        }
        catch
        {
            foreach (var part in parts)
            {
                await part.DisposeAsync();
            }

            throw;
        }
    });

    public static string Render(CorpusConfig config, string work, int port, int? backend)
    {
        var always = config.ErrorsKeepCors ? " always" : "";
        var conf = new StringBuilder();
        conf.Append(CultureInfo.InvariantCulture, $"""
            daemon off;
            master_process off;
            worker_processes 1;
            pid {work}/logs/nginx.pid;
            error_log {work}/logs/error.log warn;
            events {"{"} worker_connections 256; {"}"}
            http {"{"}
              access_log off;
              default_type application/json;
              client_body_temp_path {work}/logs/body;
              proxy_temp_path {work}/logs/proxy;
              fastcgi_temp_path {work}/logs/fastcgi;
              uwsgi_temp_path {work}/logs/uwsgi;
              scgi_temp_path {work}/logs/scgi;

            """);
        var acao = config.Origin.Kind switch
        {
            MatcherKind.Reflect => "$http_origin",
            MatcherKind.Wildcard => "\"*\"",
            MatcherKind.List or MatcherKind.Pattern => "$cors_origin",
            _ => throw new InvalidOperationException($"nginx has no {config.Origin.Kind} origin"),
        };
        if (acao == "$cors_origin")
        {
            conf.Append("  map $http_origin $cors_origin {\n    default \"\";\n");
            if (config.Origin.Kind == MatcherKind.List)
            {
                foreach (var origin in config.Origin.Origins)
                {
                    conf.Append(CultureInfo.InvariantCulture, $"    \"{origin}\" $http_origin;\n");
                }
            }
            else
            {
                conf.Append(CultureInfo.InvariantCulture, $"    \"~*{config.Origin.RequiredPattern.ToRegex(RegexSemantics.Search)}\" $http_origin;\n");
            }

            conf.Append("  }\n");
        }

        conf.Append(CultureInfo.InvariantCulture, $"  server {{\n    listen 127.0.0.1:{port};\n    root {work}/html;\n");
        if (!config.BehindProxy || config.ProxyAddsCors)
        {
            conf.Append(CultureInfo.InvariantCulture, $"    add_header Access-Control-Allow-Origin {acao}{always};\n");
            if (config.Credentials)
            {
                conf.Append(CultureInfo.InvariantCulture, $"    add_header Access-Control-Allow-Credentials \"true\"{always};\n");
            }

            if (config.AddVary)
            {
                conf.Append(CultureInfo.InvariantCulture, $"    add_header Vary Origin{always};\n");
            }
        }

        if (backend is { } app)
        {
            conf.Append(CultureInfo.InvariantCulture, $"    location / {{ proxy_pass http://127.0.0.1:{app}; }}\n");
        }

        conf.Append("  }\n}\n");
        return conf.ToString();
    }
}
