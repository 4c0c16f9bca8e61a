// Kestrel app for bench/e2e.sh: the same endpoint with no CORS, Microsoft.AspNetCore.Cors, or CorsKit.
// Usage: CorsKit.E2EServer <none|headers|microsoft|corskit> <port>
//        CorsKit.E2EServer yarp <port> <upstream>: YARP's direct forwarder (MapForwarder) alone, no CORS and none of the
// gateway's own rules: bench/gateway.sh's floor, what any YARP-based proxy costs on this machine.
// "headers" writes the four response headers an allowed CORS request gets, with no CORS logic: the cost of sending
// them, which any CORS middleware pays, so that "corskit / headers" isolates the middleware itself.
using CorsKit.Policy;

var mode = args.Length > 0 ? args[0] : "none";
var port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5080;
string[] origins = ["https://app.example.com", "https://admin.example.com", "https://other.example.org"];

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
switch (mode)
{
    case "microsoft":
        builder.Services.AddCors(o => o.AddDefaultPolicy(p => p.WithOrigins(origins).WithMethods("PUT").WithHeaders("x-api-key")
            .WithExposedHeaders("X-Request-Id").AllowCredentials()));
        break;
    case "corskit":
        builder.Services.AddCorsKit(o => o.AddDefaultPolicy(new CorsPolicyOptions
        {
            Origins = origins, Methods = ["PUT"], RequestHeaders = ["x-api-key"], ExposeHeaders = ["X-Request-Id"], Credentials = true,
        }));
        break;
    case "yarp":
        builder.Services.AddHttpForwarder();
        break;
    case "none":
    case "headers":
        break;
    default:
        Console.Error.WriteLine("mode must be none, headers, microsoft, corskit or yarp");
        return 2;
}
var app = builder.Build();
app.UseRouting();
if (mode == "microsoft")
{
    app.UseCors();
}
else if (mode == "corskit")
{
    app.UseCorsKit();
}
else if (mode == "headers")
{
    app.Use((context, next) =>
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowOrigin = "https://app.example.com";
        headers.AccessControlAllowCredentials = "true";
        headers.AccessControlExposeHeaders = "X-Request-Id";
        headers.Vary = "Origin";
        return next(context);
    });
}
if (mode == "yarp")
{
    app.MapForwarder("/{**catch-all}", args[2]);
    app.Run();
    return 0;
}
app.MapGet("/api", () => "ok");
// For bench/e2e-alloc.sh: bytes allocated by the whole process so far (every thread), read before and after a load run.
app.MapGet("/_allocated", () => GC.GetTotalAllocatedBytes(precise: true).ToString(System.Globalization.CultureInfo.InvariantCulture));
app.Run();
return 0;
