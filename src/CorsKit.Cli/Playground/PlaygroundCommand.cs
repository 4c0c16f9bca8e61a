using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using CorsKit.Cli.Gateway;
using CorsKit.Origins;

namespace CorsKit.Cli.Playground;

/// <summary><c>corskit playground</c>: the page of src/CorsKit.Playground, served from this assembly, with live mode and
/// check-a-URL (<see cref="PlaygroundServer"/>; docs/playground.md).</summary>
internal static class PlaygroundCommand
{
    /// <summary>Port 0: the system picks a free port, and the URL is printed.</summary>
    public const string DefaultListen = "127.0.0.1:0";

    public static Command Create()
    {
        var listen = new Option<string>("--listen") { Description = "The loopback address and port to serve the page on (port 0 picks a free one).", DefaultValueFactory = _ => DefaultListen, HelpName = "ip:port" };
        var open = new Option<bool>("--open") { Description = "Open the page in the default browser." };
        var remote = new Option<bool>("--allow-remote-check") { Description = "Let the page's check-a-URL reach non-loopback hosts (by default it checks only loopback URLs)." };
        var command = new Command("playground", "Serve the CorsKit playground on loopback: describe a request and a server, see what each browser does and why, run it live in your browser, or check a URL.")
        {
            listen, open, remote,
        };

        command.SetAction(async (parse, ct) =>
        {
            var listenText = parse.GetValue(listen)!;
            if (!ListenAddress.TryParse(listenText, out var endpoint))
            {
                throw new UsageException("--listen " + ListenAddress.Problem(listenText));
            }

            // The page's API runs checks and serves live scenarios: reachable from another machine, it would let anyone
            // there use this machine's loopback. Only loopback addresses (127.0.0.0/8, ::1) are listened on.
            if (AddressSpaces.RangeOf(endpoint.Address) != AddressRange.Loopback)
            {
                throw new UsageException($"--listen {listenText}: the playground listens only on a loopback address such as 127.0.0.1 or [::1], since its API would let other machines use this one.");
            }

            var opener = parse.GetValue(open) ? BrowserOpener.Find() ?? throw new UsageException("--open: no program to open a browser was found (xdg-open on Linux); open the printed URL yourself.") : null;
            var output = parse.InvocationConfiguration.Output;
            var assets = PlaygroundAssets.Load(typeof(PlaygroundCommand).Assembly);
            PlaygroundServer server;
            try
            {
                server = await PlaygroundServer.StartAsync(assets, endpoint, parse.GetValue(remote), ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                // Kestrel reports an address in use as an IOException; bind(2) refusals are SocketExceptions.
                throw new UsageException($"cannot listen on {listenText}: {ex.Message.TrimEnd('.')}.");
            }

            await using (server.ConfigureAwait(false))
            {
                await output.WriteLineAsync($"corskit playground: {server.Address}").ConfigureAwait(false);
                await output.WriteLineAsync($"  live mode: the scenario's server on {server.ApiOrigin} (redirects to {server.OtherOrigin}); check-a-URL: {(parse.GetValue(remote) ? "any URL" : "loopback URLs only")}. Ctrl+C stops.").ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
                if (opener is not null && await BrowserOpener.OpenAsync(opener, server.Address, ct).ConfigureAwait(false) is { } failure)
                {
                    throw new UsageException("--open: " + failure);
                }

                try
                {
                    await Task.Delay(Timeout.Infinite, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C is how a server is meant to stop: a normal exit.
                }
            }

            return 0;
        });
        return command;
    }
}
