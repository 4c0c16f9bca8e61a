using System.CommandLine;
using System.Text;

using CorsKit.Cli.Input;

namespace CorsKit.Cli.Gateway;

/// <summary><c>corskit gateway</c>: several upstreams by path prefix, each with its own CorsKit policy or none.</summary>
internal static class GatewayCommand
{
    public static Command Create()
    {
        var configFile = new Option<string?>("--config") { Description = "The gateway config file (JSON: listen, timeouts, connection limits, policies, routes; docs/gateway.md). Reloaded when it changes.", HelpName = "file" };
        var quiet = GatewayHost.QuietOption();
        var command = new Command("gateway", "Route by path prefix to several APIs, each behind its own CorsKit policy.");
        command.Options.Add(configFile);
        command.Options.Add(quiet);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(configFile) ?? throw new UsageException("--config is required: the gateway config file (docs/gateway.md).");
            string text;
            try
            {
                text = BoundedFile.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"cannot read the config file '{path}': {ex.Message.TrimEnd('.')}.");
            }
            var config = GatewayConfigReader.Read(text, out var errors);
            if (config is null)
            {
                throw new UsageException(GatewayConfigReader.ErrorBlock($"the config file '{path}' has", errors, ":"));
            }
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            return await GatewayHost.RunAsync(config, output, parse.GetValue(quiet), server => Banner(server, config), ct,
                server => new GatewayConfigWatcher(path, text, server, output, error)).ConfigureAwait(false);
        });
        return command;
    }

    private static string Banner(GatewayServer server, GatewayConfig config)
    {
        var text = new StringBuilder($"corskit gateway: {server.Address.GetLeftPart(UriPartial.Authority)}, {config.Routes.Count} route{(config.Routes.Count == 1 ? "" : "s")}");
        foreach (var route in config.Routes.OrderByDescending(r => r.Path.Length))
        {
            text.Append($"\n  {route.Path} -> {string.Join(", ", route.Destinations.Select(d => d.OriginalString))}, {(route.Policy is null ? "no CORS" : "policy " + route.Policy)}");
        }
        return text.ToString();
    }
}
