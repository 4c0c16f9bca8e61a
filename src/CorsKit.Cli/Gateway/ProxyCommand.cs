using System.CommandLine;
using System.Net.Sockets;
using CorsKit.Policy;

using CorsKit.Cli.Input;

namespace CorsKit.Cli.Gateway;

/// <summary><c>corskit proxy</c>: one upstream behind one CorsKit policy.</summary>
internal static class ProxyCommand
{
    public static Command Create()
    {
        var to = new Option<string?>("--to") { Description = "The upstream API, http://host:port[/path].", HelpName = "url" };
        var origin = new Option<string[]>("--origin") { Description = "An allowed origin or pattern (repeatable; docs/policy.md).", HelpName = "origin" };
        var credentials = new Option<bool>("--credentials") { Description = "Send Access-Control-Allow-Credentials: true." };
        var method = new Option<string[]>("--method") { Description = "A method preflights may ask for, beyond GET, HEAD and POST (repeatable).", HelpName = "method" };
        var requestHeader = new Option<string[]>("--request-header") { Description = "A request header preflights may ask for (repeatable).", HelpName = "name" };
        var exposeHeader = new Option<string[]>("--expose-header") { Description = "A response header pages may read (repeatable).", HelpName = "name" };
        var maxAge = new Option<string?>("--max-age") { Description = "Access-Control-Max-Age: how many seconds a browser may cache the preflight (a whole number).", HelpName = "seconds" };
        var policyFile = new Option<string?>("--policy") { Description = "A policy file (JSON, docs/policy.md) instead of the policy flags.", HelpName = "file" };
        var listen = new Option<string>("--listen") { Description = "The address to listen on.", DefaultValueFactory = _ => GatewayConfigReader.DefaultListen, HelpName = "ip:port" };

        var connectTimeout = new Option<string?>("--connect-timeout") { Description = "Seconds to wait for a connection to the upstream (default 15).", HelpName = "seconds" };
        var timeout = new Option<string?>("--timeout") { Description = "Seconds from sending a request until the upstream's response headers (default 100).", HelpName = "seconds" };
        var idleTimeout = new Option<string?>("--idle-timeout") { Description = "Seconds the upstream may pause while sending a response body (default: no limit).", HelpName = "seconds" };
        var maxConnections = new Option<string?>("--max-connections") { Description = $"The most client connections held at once (default {GatewayLimits.Default.MaxConnections} here: 10000, or fewer under a low open-file limit).", HelpName = "count" };
        var keepAliveTimeout = new Option<string?>("--keep-alive-timeout") { Description = "Seconds an idle client connection is kept open (default 30).", HelpName = "seconds" };
        var requestHeadersTimeout = new Option<string?>("--request-headers-timeout") { Description = "Seconds a client has to send a request's headers (default 10).", HelpName = "seconds" };
        var quiet = GatewayHost.QuietOption();
        var command = new Command("proxy", "Put a correct CORS layer in front of one API: answer CORS with a CorsKit policy and forward everything else.");
        foreach (var option in new Option[] { to, origin, credentials, method, requestHeader, exposeHeader, maxAge, policyFile, listen, connectTimeout, timeout, idleTimeout, maxConnections, keepAliveTimeout, requestHeadersTimeout, quiet })
        {
            command.Options.Add(option);
        }
        command.SetAction(async (parse, ct) =>
        {
            var upstreamText = parse.GetValue(to) ?? throw new UsageException("--to is required: the upstream API to forward to, such as --to http://127.0.0.1:5000.");
            if (!Upstream.TryParse(upstreamText, out var upstream, out var problem))
            {
                throw new UsageException($"--to {problem}");
            }
            var listenText = parse.GetValue(listen)!;
            if (!ListenAddress.TryParse(listenText, out var endpoint))
            {
                throw new UsageException("--listen " + ListenAddress.Problem(listenText));
            }

            var timeouts = new GatewayTimeouts(
                Seconds("--connect-timeout", parse.GetValue(connectTimeout), GatewayTimeouts.Default.Connect),
                Seconds("--timeout", parse.GetValue(timeout), GatewayTimeouts.Default.Response))
            {
                Idle = parse.GetValue(idleTimeout) is { } idle ? Seconds("--idle-timeout", idle, TimeSpan.Zero) : null,
            };

            var defaults = GatewayLimits.Default;
            var limits = new GatewayLimits(
                parse.GetValue(maxConnections) is { } count
                    ? GatewayLimits.TryParseConnections(count, out var parsed) ? parsed : throw new UsageException("--max-connections " + GatewayLimits.ConnectionsProblem(count))
                    : defaults.MaxConnections,
                Seconds("--keep-alive-timeout", parse.GetValue(keepAliveTimeout), defaults.KeepAlive),
                Seconds("--request-headers-timeout", parse.GetValue(requestHeadersTimeout), defaults.RequestHeaders));

            var file = parse.GetValue(policyFile);
            var origins = parse.GetValue(origin) ?? [];
            var flagged = origins.Length != 0 || parse.GetValue(credentials) || (parse.GetValue(method) ?? []).Length != 0
                || (parse.GetValue(requestHeader) ?? []).Length != 0 || (parse.GetValue(exposeHeader) ?? []).Length != 0 || parse.GetValue(maxAge) is not null;
            CorsPolicyOptions options;
            string described;
            if (file is not null)
            {
                if (flagged)
                {
                    throw new UsageException("--policy and the policy flags (--origin, --credentials, --method, --request-header, --expose-header, --max-age) cannot be combined; put everything in the policy file.");
                }
                options = ReadPolicyFile(file);
                described = file;
            }
            else if (origins.Length == 0)
            {
                throw new UsageException("a policy is required: give --origin (repeatable) or --policy FILE.");
            }
            else
            {
                options = new CorsPolicyOptions
                {
                    Origins = origins,
                    Credentials = parse.GetValue(credentials),
                    Methods = parse.GetValue(method) ?? [],
                    RequestHeaders = parse.GetValue(requestHeader) ?? [],
                    ExposeHeaders = parse.GetValue(exposeHeader) ?? [],
                    MaxAge = NumericFlag.WholeSeconds("--max-age", parse.GetValue(maxAge)),
                };
                described = Describe(options);
            }
            if (!CorsPolicy.TryBuild(options, out var compiled, out var errors))
            {
                throw new UsageException("the policy is invalid: " + string.Join(" ", errors.Select(e => e.ToString())));
            }

            var config = GatewayConfig.SingleUpstream(endpoint, upstream, options, compiled) with { Timeouts = timeouts, Limits = limits };
            var output = parse.InvocationConfiguration.Output;
            return await GatewayHost.RunAsync(config, output, parse.GetValue(quiet), server => $"corskit proxy: {server.Address.GetLeftPart(UriPartial.Authority)} -> {upstream.OriginalString}, policy: {described}", ct).ConfigureAwait(false);
        });
        return command;
    }

    private static TimeSpan Seconds(string option, string? text, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }
        return GatewayTimeouts.TryParseSeconds(text, out var value) ? value : throw new UsageException($"{option} {GatewayTimeouts.Problem(text)}");
    }

    private static CorsPolicyOptions ReadPolicyFile(string path)
    {
        string text;
        try
        {
            text = BoundedFile.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"cannot read the policy file '{path}': {ex.Message.TrimEnd('.')}.");
        }
        try
        {
            return CorsPolicyOptions.FromJson(text);
        }
        catch (CorsPolicyValidationException ex)
        {
            throw new UsageException(string.Join(" ", ex.Errors.Select(e => e.Message)));
        }
    }

    /// <summary>A short summary of a flag-built policy for the start line.</summary>
    private static string Describe(CorsPolicyOptions options)
    {
        var parts = new List<string> { "origins " + string.Join(" ", options.Origins) };
        if (options.Credentials)
        {
            parts.Add("credentials");
        }
        if (options.Methods.Count != 0)
        {
            parts.Add("methods " + string.Join(" ", options.Methods));
        }
        if (options.RequestHeaders.Count != 0)
        {
            parts.Add("request headers " + string.Join(" ", options.RequestHeaders));
        }
        if (options.ExposeHeaders.Count != 0)
        {
            parts.Add("exposed " + string.Join(" ", options.ExposeHeaders));
        }
        if (options.MaxAge is { } age)
        {
            parts.Add($"max-age {age}");
        }
        return string.Join(", ", parts);
    }
}

/// <summary>Runs a <see cref="GatewayServer"/> until the command is cancelled (Ctrl+C), then stops it and returns 0.</summary>
internal static class GatewayHost
{
    /// <summary><c>--quiet</c>: no line per request, for when nobody reads them (each line is a synchronous write to
    /// standard output; to a file it costs nothing measurable, see docs/gateway.md "Throughput").</summary>
    public static Option<bool> QuietOption() => new("--quiet") { Description = "Do not print a line per request (only the start-up line, errors and reload lines)." };

    /// <summary>Runs until cancelled. <paramref name="watch"/>, when given, starts something that lives as long as the
    /// server (the gateway's config watcher) after the start-up line is printed.</summary>
    public static async Task<int> RunAsync(GatewayConfig config, TextWriter output, bool quiet, Func<GatewayServer, string> banner, CancellationToken cancellationToken,
        Func<GatewayServer, IDisposable>? watch = null)
    {
        GatewayServer server;
        try
        {
            server = await GatewayServer.StartAsync(config, quiet ? null : output, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            // Kestrel reports an address in use as an IOException.
            throw new UsageException($"cannot listen on {config.Listen}: {ex.Message.TrimEnd('.')}.");
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            // EADDRNOTAVAIL from bind(2): no interface of this machine has that address (issue 10 item 15).
            throw new UsageException($"cannot listen on {config.Listen}: this machine has no such address ({ex.Message.TrimEnd('.')}).");
        }
        catch (SocketException ex)
        {
            // Anything else bind(2) refuses, such as a port below 1024 without the privilege (EACCES).
            throw new UsageException($"cannot listen on {config.Listen}: {ex.Message.TrimEnd('.')}.");
        }
        await using (server.ConfigureAwait(false))
        {
            await output.WriteLineAsync(banner(server)).ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            using var watcher = watch?.Invoke(server);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C is how a server is meant to stop: a normal exit.
            }
        }
        return 0;
    }
}
