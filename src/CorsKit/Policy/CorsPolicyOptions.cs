using System.Text.Json;
using System.Text.Json.Serialization;
using CorsKit.Policy.Infrastructure;

namespace CorsKit.Policy;

/// <summary>
/// The declarative description of a CORS policy: what a policy file or the configuration section
/// <c>CorsKit:Policies:&lt;name&gt;</c> holds. It is only data; <see cref="CorsPolicy.Build(CorsPolicyOptions)"/>
/// validates it (reporting every problem at once) and compiles it into an immutable <see cref="CorsPolicy"/>.
/// </summary>
public sealed record CorsPolicyOptions
{
    /// <summary>
    /// Allowed origins: exact origins (<c>https://app.example.com</c>), subdomain patterns
    /// (<c>https://*.example.com</c>: one or more labels, never the apex), port wildcards (<c>http://localhost:*</c>),
    /// both together (<c>https://*.example.com:*</c>), or <c>*</c> for any origin (only without credentials).
    /// Origins must be written in canonical form (lowercase, no trailing slash or path, no default port).
    /// </summary>
    public IReadOnlyList<string> Origins { get; init; } = [];

    /// <summary>Methods a preflight may ask for (<c>PUT</c>, <c>DELETE</c>, …) or <c>*</c>. <c>GET</c>, <c>HEAD</c> and
    /// <c>POST</c> never need a preflight and are always allowed.</summary>
    public IReadOnlyList<string> Methods { get; init; } = [];

    /// <summary>Request-header names a preflight may ask for, or <c>*</c> (any name except <c>Authorization</c>, as in
    /// the Fetch standard; list <c>Authorization</c> explicitly to allow it).</summary>
    public IReadOnlyList<string> RequestHeaders { get; init; } = [];

    /// <summary>Response-header names exposed to the page (<c>Access-Control-Expose-Headers</c>), or <c>*</c> (only
    /// without credentials).</summary>
    public IReadOnlyList<string> ExposeHeaders { get; init; } = [];

    /// <summary>Allow credentialed requests (cookies, HTTP auth): sends <c>Access-Control-Allow-Credentials: true</c>.</summary>
    public bool Credentials { get; init; }

    /// <summary>Preflight cache lifetime in seconds (<c>Access-Control-Max-Age</c>), 0 to 86400; null omits the header
    /// (browsers then cache for 5 seconds).</summary>
    public int? MaxAge { get; init; }

    /// <summary>Answer Private Network Access preflights (<c>Access-Control-Request-Private-Network: true</c>) with
    /// <c>Access-Control-Allow-Private-Network: true</c>. Off by default.</summary>
    public bool PrivateNetwork { get; init; }

    /// <summary>Status of a successful preflight response: 204 (default) or another 2xx status such as 200.</summary>
    public int PreflightSuccessStatus { get; init; } = 204;

    /// <summary>Evaluate and report (logs, metrics) but enforce nothing: requests pass through untouched and no CORS
    /// header is written.</summary>
    public bool ReportOnly { get; init; }

    /// <summary>Allow plain-<c>http</c> origins other than localhost and loopback together with credentials. An active
    /// network attacker can then impersonate such an origin and read credentialed responses.</summary>
    public bool DangerouslyAllowInsecureOriginsWithCredentials { get; init; }

    /// <summary>Allow subdomain patterns of a public suffix (<c>https://*.github.io</c>) together with credentials,
    /// although anyone can register a domain below a public suffix.</summary>
    public bool DangerouslyAllowPublicSuffixSubdomainsWithCredentials { get; init; }

    // Writing only: PolicyJsonReader reads (it reports every problem, in CorsKit's words).
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Reads a policy file (JSON, the shape of the configuration section; comments and trailing commas allowed,
    /// unknown properties rejected). Throws <see cref="CorsPolicyValidationException"/> listing every problem of the
    /// document at once: a syntax error (<see cref="CorsPolicyErrorKind.InvalidJson"/>, with its 1-based line and
    /// column), unknown properties (<see cref="CorsPolicyErrorKind.UnknownSetting"/>, with the closest setting), values
    /// of the wrong type (<see cref="CorsPolicyErrorKind.InvalidSettingValue"/>). The result
    /// is not validated; pass it to <see cref="CorsPolicy.Build(CorsPolicyOptions)"/>.
    /// </summary>
    public static CorsPolicyOptions FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        var errors = new List<CorsPolicyError>();
        return PolicyJsonReader.Read(json, errors) is { } options && errors.Count == 0
            ? options
            : throw new CorsPolicyValidationException(errors);
    }

    /// <summary>Writes these options as a policy file that <see cref="FromJson(string)"/> reads back.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);
}
