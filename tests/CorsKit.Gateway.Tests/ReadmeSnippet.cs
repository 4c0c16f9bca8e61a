namespace CorsKit.Gateway.Tests;

/// <summary>The snippet docs/gateway.md shows, compiled and run by <see cref="CorsKitReverseProxyTests"/>.</summary>
internal static class ReadmeSnippet
{
    public static WebApplication Build(WebApplicationBuilder builder)
    {
        #region yarp-with-corskit
        builder.Services.AddReverseProxy()
            .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
            .AddCorsKit();

        var app = builder.Build();
        app.MapReverseProxy().WithCorsKit();
        #endregion
        return app;
    }
}
