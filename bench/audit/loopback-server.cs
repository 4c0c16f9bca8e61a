#:sdk Microsoft.NET.Sdk.Web
#:property PublishAot=false
// Load target for `corskit audit` speed measurements (bench/audit/run.sh): N endpoints on a few loopback ports, each
// endpoint with one of seven CORS configurations (the six misconfigurations of `corskit demo` and one correct one).
// Usage: dotnet run bench/audit/loopback-server.cs -- [endpoints=1000] [ports=4]
// Prints one URL per line, then "ready", and serves until stdin closes.
using System.Net;
using System.Text.RegularExpressions;

var endpoints = args.Length > 0 ? int.Parse(args[0]) : 1000;
var portCount = args.Length > 1 ? int.Parse(args[1]) : 4;
const string Trusted = "https://app.example.com";
var unanchored = new Regex(@"https://app\.example\.com", RegexOptions.Compiled);

// (allow, vary, headers on errors) for configuration i % 7.
(Func<string?, string?> Allow, bool Vary, bool OnErrors)[] configs =
[
    (o => o, true, true),                                                     // reflected origin
    (o => o is Trusted or "null" ? o : null, true, true),                     // trusted null
    (o => o is not null && unanchored.IsMatch(o) ? o : null, true, true),     // unanchored regex
    (_ => "*", false, true),                                                  // '*' with credentials
    (o => o is Trusted or "https://admin.example.com" ? o : null, false, true), // list without Vary
    (o => o == Trusted ? o : null, true, false),                              // headers lost on errors
    (o => o == Trusted ? o : null, true, true),                               // correct
];

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    for (var i = 0; i < portCount; i++)
    {
        k.Listen(IPAddress.Loopback, 0);
    }
});
var app = builder.Build();
app.Run(async context =>
{
    var path = context.Request.Path.Value ?? "";
    var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
    // /e/{i}/data exists; any other /e/{i}/… is a 404 with endpoint i's configuration (its CORS layer still runs).
    var found = segments is ["e", var n, "data"] && int.TryParse(n, out var index) && index < endpoints;
    var config = configs[(segments.Length > 1 && int.TryParse(segments[1], out var k) ? k : 0) % configs.Length];
    var origin = context.Request.Headers.Origin.Count > 0 ? context.Request.Headers.Origin.ToString() : null;
    var preflight = HttpMethods.IsOptions(context.Request.Method) && context.Request.Headers.ContainsKey("Access-Control-Request-Method");
    var status = preflight ? 204 : found ? 200 : 404;
    if (config.OnErrors || status < 400)
    {
        if (config.Vary)
        {
            context.Response.Headers.Vary = "Origin";
        }

        if (config.Allow(origin) is { } allowed)
        {
            context.Response.Headers.AccessControlAllowOrigin = allowed;
            context.Response.Headers.AccessControlAllowCredentials = "true";
            if (preflight)
            {
                context.Response.Headers.AccessControlAllowMethods = "GET, POST";
                context.Response.Headers.AccessControlAllowHeaders = "Content-Type";
                context.Response.Headers.AccessControlMaxAge = "600";
            }
        }
    }

    context.Response.StatusCode = status;
    if (status == 200)
    {
        await context.Response.WriteAsync("{\"ok\":true}");
    }
});
await app.StartAsync();
var addresses = app.Urls.ToList();
for (var i = 0; i < endpoints; i++)
{
    Console.WriteLine($"{addresses[i % addresses.Count]}/e/{i}/data");
}

Console.WriteLine("ready");
await Console.In.ReadToEndAsync();
await app.StopAsync();
