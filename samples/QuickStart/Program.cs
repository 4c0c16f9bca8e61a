using CorsKit.Policy;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddCorsKit(o => o.AddDefaultPolicy(new CorsPolicyOptions
{
    Origins = ["https://app.example.com", "https://*.tenant.example.com"],
    Methods = ["PUT"],
    RequestHeaders = ["Content-Type"], // a JSON PUT sends Content-Type: application/json, which the preflight asks for
    Credentials = true,
}));

var app = builder.Build();
app.UseRouting();
app.UseCorsKit();
app.MapPut("/orders/{id}", (int id, Order order) => Results.Ok(order with { Id = id })).RequireCorsKit("default");
app.Run();

internal sealed record Order(int Id, int Quantity);
