using CorsKit.Policy;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCorsKit(o =>
{
    o.AddDefaultPolicy(new CorsPolicyOptions { Origins = ["https://app.example.com"], Methods = ["PUT", "DELETE"] });
    o.AddPolicy("partners", CorsPolicyOptions.FromJson(File.ReadAllText("cors/partners.json")));
    o.AddPolicy("admin", new CorsPolicyOptions { Origins = ["https://admin.example.com"], Credentials = true });
});

var app = builder.Build();
app.UseRouting();            // so per-endpoint policies are visible
app.UseCorsKit();            // before authentication/authorization and the endpoints
app.MapGet("/api/items", () => new[] { "apple", "pear" });                     // default policy
app.MapPut("/api/partners/{id}", (int id) => Results.NoContent()).RequireCorsKit("partners");
app.MapGet("/health", () => "ok").DisableCorsKit();
app.MapGroup("/admin").RequireCorsKit("admin").MapGet("/stats", () => "42");   // groups too
app.Run();
