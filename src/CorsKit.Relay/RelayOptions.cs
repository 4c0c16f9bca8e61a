using System.Net;

namespace CorsKit.Relay;

/// <summary>
/// What a <see cref="RelayServer"/> relays and for whom. Safe by default: a target allow-list is required, user
/// credentials are not forwarded, bodies and request rates are limited, and addresses that are not public are refused
/// whatever the allow-lists say (see docs/relay.md for every rule). Validated by <see cref="RelayServer.StartAsync"/>.
/// </summary>
public sealed record RelayOptions
{
    /// <summary>The address to listen on.</summary>
    /// <value>The default value is 127.0.0.1:8080.</value>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 8080);

    /// <summary>
    /// The origins pages may use the relay from: exact origins or CorsKit origin patterns (<c>https://*.example.com</c>,
    /// <c>http://localhost:*</c>; docs/policy.md). Checked by the CorsKit policy engine; a request from any other origin,
    /// or without an <c>Origin</c> header, is refused.
    /// </summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>
    /// The targets that may be relayed to, as origins or origin patterns: <c>https://api.example.com</c>,
    /// <c>https://*.example.com</c> (subdomains), <c>http://127.0.0.1:*</c> (any port). Required unless
    /// <see cref="DangerouslyAllowAnyTarget"/>.
    /// </summary>
    public IReadOnlyList<string> AllowedTargets { get; init; } = [];

    /// <summary>Relay to any http(s) target. The address rules still apply: non-public addresses stay refused.</summary>
    public bool DangerouslyAllowAnyTarget { get; init; }

    /// <summary>
    /// Address ranges (CIDR, <c>10.0.0.0/8</c>, <c>::1/128</c>) a target may resolve to although they are not public
    /// (loopback, private, link-local …). The target allow-list still applies.
    /// </summary>
    public IReadOnlyList<string> AllowedPrivateTargets { get; init; } = [];

    /// <summary>The credential headers forwarded to targets; none by default (Cookie and Authorization are dropped).</summary>
    public IReadOnlyList<RelayCredentialHeader> ForwardedCredentials { get; init; } = [];

    /// <summary>The largest request body relayed, in bytes; a larger one is refused with 413.</summary>
    /// <value>The default value is 1 MiB.</value>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>The largest response body relayed, in bytes; a larger one is refused with 502 (or cut off, when it
    /// announced no length).</summary>
    /// <value>The default value is 16 MiB.</value>
    public long MaxResponseBodyBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>Redirects followed by the relay for one request, each target checked like the first.</summary>
    /// <value>The default value is 5.</value>
    public int MaxRedirects { get; init; } = 5;

    /// <summary>Requests each client address may make per minute (a token bucket refilled every second); 0 turns the
    /// limit off.</summary>
    /// <value>The default value is 120.</value>
    public int RequestsPerMinute { get; init; } = 120;

    /// <summary>How long to wait for a connection to a target.</summary>
    /// <value>The default value is 10 seconds.</value>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait for a target's response headers (each hop).</summary>
    /// <value>The default value is 30 seconds.</value>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
