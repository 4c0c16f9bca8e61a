using CorsKit.Policy;

var policy = CorsPolicy.Build(new CorsPolicyOptions
{
    Origins = ["https://app.example.com", "https://*.tenant.example.com", "http://localhost:*"],
    Methods = ["PUT", "DELETE"],
    RequestHeaders = ["Content-Type", "X-Api-Key"],
    ExposeHeaders = ["X-Request-Id"],
    Credentials = true,
    MaxAge = 600,
});

CorsResult r = policy.EvaluatePreflight("https://app.example.com", "PUT", "content-type,x-api-key");
Console.WriteLine($"{r.AllowOrigin} {r.AllowMethods} {r.EchoRequestHeaders} {r.MaxAge}");
// https://app.example.com PUT True 600
