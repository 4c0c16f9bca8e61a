var builder = WebApplication.CreateBuilder(args);

builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddCorsKit();

var app = builder.Build();
app.MapReverseProxy().WithCorsKit();

app.Run();
