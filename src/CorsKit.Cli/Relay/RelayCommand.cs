using System.CommandLine;
using System.Net.Sockets;
using CorsKit.Cli.Gateway;
using CorsKit.Cli.Input;
using CorsKit.Relay;

namespace CorsKit.Cli.Relay;

/// <summary><c>corskit relay</c>: a thin host over <see cref="RelayServer"/> (src/CorsKit.Relay; docs/relay.md).</summary>
internal static class RelayCommand
{
    public static Command Create()
    {
        var defaults = new RelayOptions();
        var listen = new Option<string>("--listen") { Description = "The address to listen on.", DefaultValueFactory = _ => "127.0.0.1:8080", HelpName = "ip:port" };
        var origin = new Option<string[]>("--allow-origin") { Description = "An origin or pattern whose pages may use the relay (repeatable, required; docs/policy.md).", HelpName = "origin" };
        var target = new Option<string[]>("--allow-target") { Description = "A target origin or pattern that may be relayed to, such as https://api.example.com or https://*.example.com (repeatable).", HelpName = "origin" };
        var anyTarget = new Option<bool>("--dangerously-allow-any-target") { Description = "Relay to any http(s) target (non-public addresses stay refused)." };
        var privateTarget = new Option<string[]>("--allow-private-target") { Description = "An address range (CIDR) targets may resolve to although it is not public, such as 10.0.0.0/8 (repeatable).", HelpName = "cidr" };
        var forwardHeader = new Option<string[]>("--forward-header") { Description = "Forward this credential header, Cookie or Authorization, which is dropped otherwise (repeatable).", HelpName = "name" };
        var maxRequest = new Option<string?>("--max-request-bytes") { Description = $"The largest request body relayed (default {defaults.MaxRequestBodyBytes}).", HelpName = "bytes" };
        var maxResponse = new Option<string?>("--max-response-bytes") { Description = $"The largest response body relayed (default {defaults.MaxResponseBodyBytes}).", HelpName = "bytes" };
        var maxRedirects = new Option<string?>("--max-redirects") { Description = $"Redirects followed per request, each target checked like the first (default {defaults.MaxRedirects}).", HelpName = "count" };
        var rateLimit = new Option<string?>("--rate-limit") { Description = $"Requests per minute per client address; 0 turns the limit off (default {defaults.RequestsPerMinute}).", HelpName = "count" };
        var connectTimeout = new Option<string?>("--connect-timeout") { Description = "Seconds to wait for a connection to a target (default 10).", HelpName = "seconds" };
        var timeout = new Option<string?>("--timeout") { Description = "Seconds to wait for a target's response headers (default 30).", HelpName = "seconds" };
        var quiet = new Option<bool>("--quiet") { Description = "Do not print a line per request." };
        var command = new Command("relay", "A CORS proxy for third-party APIs: GET /https://api.example.com/v1/items answers what the API answers, with CORS headers; safe by default (docs/relay.md).");
        foreach (var option in new Option[] { listen, origin, target, anyTarget, privateTarget, forwardHeader, maxRequest, maxResponse, maxRedirects, rateLimit, connectTimeout, timeout, quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var listenText = parse.GetValue(listen)!;
            if (!ListenAddress.TryParse(listenText, out var endpoint))
            {
                throw new UsageException("--listen " + ListenAddress.Problem(listenText));
            }

            var options = new RelayOptions
            {
                Listen = endpoint,
                AllowedOrigins = parse.GetValue(origin) ?? [],
                AllowedTargets = parse.GetValue(target) ?? [],
                DangerouslyAllowAnyTarget = parse.GetValue(anyTarget),
                AllowedPrivateTargets = parse.GetValue(privateTarget) ?? [],
                ForwardedCredentials = [.. (parse.GetValue(forwardHeader) ?? []).Select(CredentialHeader)],
                MaxRequestBodyBytes = NumericFlag.Integer("--max-request-bytes", parse.GetValue(maxRequest), (int)defaults.MaxRequestBodyBytes, 1, int.MaxValue),
                MaxResponseBodyBytes = NumericFlag.Integer("--max-response-bytes", parse.GetValue(maxResponse), (int)defaults.MaxResponseBodyBytes, 1, int.MaxValue),
                MaxRedirects = NumericFlag.Integer("--max-redirects", parse.GetValue(maxRedirects), defaults.MaxRedirects, 0, 20),
                RequestsPerMinute = NumericFlag.Integer("--rate-limit", parse.GetValue(rateLimit), defaults.RequestsPerMinute, 0, int.MaxValue),
                ConnectTimeout = NumericFlag.Seconds("--connect-timeout", parse.GetValue(connectTimeout), defaults.ConnectTimeout.TotalSeconds),
                ResponseTimeout = NumericFlag.Seconds("--timeout", parse.GetValue(timeout), defaults.ResponseTimeout.TotalSeconds),
            };

            var output = parse.InvocationConfiguration.Output;
            RelayServer server;
            try
            {
                server = await RelayServer.StartAsync(options, parse.GetValue(quiet) ? null : output, ct).ConfigureAwait(false);
            }
            catch (RelayOptionsException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (Exception ex) when (ex is IOException or SocketException)
            {
                // Kestrel reports an address in use as an IOException; bind(2) refusals are SocketExceptions.
                throw new UsageException($"cannot listen on {listenText}: {ex.Message.TrimEnd('.')}.");
            }

            await using (server.ConfigureAwait(false))
            {
                var targets = options.DangerouslyAllowAnyTarget ? "any public target (--dangerously-allow-any-target)" : string.Join(" ", options.AllowedTargets);
                await output.WriteLineAsync($"corskit relay: {server.Address.GetLeftPart(UriPartial.Authority)}/<target URL>, targets: {targets}, origins: {string.Join(" ", options.AllowedOrigins)}").ConfigureAwait(false);
                await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
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

    private static RelayCredentialHeader CredentialHeader(string name)
    {
        foreach (var header in Enum.GetValues<RelayCredentialHeader>())
        {
            if (header.ToString().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return header;
            }
        }

        throw new UsageException($"--forward-header '{name}': only the credential headers Cookie and Authorization are dropped, so only they can be named (every other header is forwarded already).");
    }
}
