namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>Starts a configuration on its stack.</summary>
internal static class CorpusStacks
{
    public static Task<CorpusServer> StartAsync(CorpusConfig config) => config.Stack switch
    {
        CorpusStack.Nginx => NginxStack.StartAsync(config),
        CorpusStack.Express => ExpressStack.StartAsync(config),
        CorpusStack.AspNetCore => AspNetCoreStack.StartAsync(config),
        CorpusStack.Starlette => StarletteStack.StartAsync(config),
        CorpusStack.FlaskCors => FlaskCorsStack.StartAsync(config),
        CorpusStack.DjangoCorsHeaders => DjangoCorsHeadersStack.StartAsync(config),
        CorpusStack.GoRsCors => GoRsCorsStack.StartAsync(config),
        _ => throw new ArgumentOutOfRangeException(nameof(config), config.Stack, "unknown stack"),
    };
}
