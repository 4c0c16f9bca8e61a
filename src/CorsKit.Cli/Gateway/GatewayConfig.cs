using System.Net;
using System.Text.Json;
using CorsKit.Cli.Input;
using CorsKit.Origins;
using CorsKit.Policy;

namespace CorsKit.Cli.Gateway;

/// <summary>A validated gateway: where to listen, the compiled policies by name, the routes, and the upstream timeouts.</summary>
internal sealed record GatewayConfig(IPEndPoint Listen, IReadOnlyDictionary<string, GatewayPolicy> Policies, IReadOnlyList<GatewayRoute> Routes)
{
    /// <summary>How long to wait for an upstream; <see cref="GatewayTimeouts.Default"/> unless the config or flags say otherwise.</summary>
    public GatewayTimeouts Timeouts { get; init; } = GatewayTimeouts.Default;

    /// <summary>What clients may hold: connections, keep-alive and header timeouts; <see cref="GatewayLimits.Default"/> unless set.</summary>
    public GatewayLimits Limits { get; init; } = GatewayLimits.Default;

    /// <summary>The policy name <c>corskit proxy</c> gives its one policy.</summary>
    public const string ProxyPolicyName = "proxy";

    /// <summary><c>corskit proxy</c>'s config: every path to one upstream under one policy.</summary>
    public static GatewayConfig SingleUpstream(IPEndPoint listen, Uri upstream, CorsPolicyOptions options, CorsPolicy compiled) =>
        new(listen,
            new Dictionary<string, GatewayPolicy>(StringComparer.OrdinalIgnoreCase) { [ProxyPolicyName] = new GatewayPolicy(ProxyPolicyName, options, compiled) },
            [new GatewayRoute("/", upstream, ProxyPolicyName)]);

    /// <summary>The route whose path is the longest prefix of <paramref name="path"/>, or null (the gateway answers 404).</summary>
    public GatewayRoute? Match(string path)
    {
        GatewayRoute? best = null;
        foreach (var route in Routes)
        {
            // Ordinal and case-sensitive: RFC 3986 §6.2.2.1 leaves path comparison to the origin server, and the
            // upstreams behind a gateway are usually case-sensitive.
            if (path.StartsWith(route.Path, StringComparison.Ordinal) && (best is null || route.Path.Length > best.Path.Length))
            {
                best = route;
            }
        }
        return best;
    }
}

/// <summary>A named policy: the options (each route carries them to CorsKit.Gateway, which compiles what it serves) and
/// the compiled form the reader validated them with.</summary>
internal sealed record GatewayPolicy(string Name, CorsPolicyOptions Options, CorsPolicy Compiled);

/// <summary>
/// One route: a path prefix, the upstreams it forwards to (several: load-balanced by <see cref="LoadBalancing"/>), and
/// the policy name (null: no CORS on this route).
/// </summary>
internal sealed record GatewayRoute(string Path, IReadOnlyList<Uri> Destinations, string? Policy)
{
    public GatewayRoute(string path, Uri to, string? policy) : this(path, [to], policy)
    {
    }

    /// <summary>The first upstream (the only one on most routes).</summary>
    public Uri To => Destinations[0];

    /// <summary>Remove the route's path prefix before forwarding (<c>/api/orders</c> → <c>/orders</c>).</summary>
    public bool StripPrefix { get; init; }

    /// <summary>How a request picks one of several destinations.</summary>
    public GatewayLoadBalancing LoadBalancing { get; init; } = GatewayLoadBalancing.PowerOfTwoChoices;

    /// <summary>Accept any TLS certificate from the upstream (a self-signed one on a development machine).</summary>
    public bool DangerouslyAcceptAnyServerCertificate { get; init; }

    /// <summary>Speak HTTP/2 to the upstream (h2c with prior knowledge for http://, ALPN for https://), not HTTP/1.1.</summary>
    public bool Http2 { get; init; }
}

/// <summary>
/// Upstream timeouts: <paramref name="Connect"/> to open the TCP connection, <paramref name="Response"/> from sending
/// the request until the upstream's response headers arrive. The defaults are YARP's (15 s, from
/// <c>ForwarderHttpClientFactory</c>) and HttpClient's (100 s, <c>HttpClient.Timeout</c>; YARP's
/// <c>ForwarderRequestConfig.ActivityTimeout</c> has the same default, though activity resets it).
/// </summary>
internal sealed record GatewayTimeouts(TimeSpan Connect, TimeSpan Response)
{
    /// <summary>The longest wait for the next bytes of the upstream's response body; null (the default): no limit, so
    /// a quiet stream (server-sent events, long polling) is never cut.</summary>
    public TimeSpan? Idle { get; init; }

    /// <summary>The largest value accepted: an hour. A longer wait is a hung upstream, not a slow one.</summary>
    public const double MaxSeconds = Input.NumericFlag.MaxSeconds;

    public static GatewayTimeouts Default { get; } = new(TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(100));

    /// <summary>Parses a number of seconds (fractions allowed, invariant culture) in (0, <see cref="MaxSeconds"/>]:
    /// the rule every command's numeric flags share (<see cref="Input.NumericFlag"/>).</summary>
    public static bool TryParseSeconds(string text, out TimeSpan value) => Input.NumericFlag.TryParseSeconds(text, MaxSeconds, out value);

    public static bool TryFromSeconds(double seconds, out TimeSpan value) => Input.NumericFlag.TryFromSeconds(seconds, MaxSeconds, out value);

    public static string Problem(string text) => $"'{text}' must be a number of seconds greater than 0 and at most {MaxSeconds:0}.";

    /// <summary>Seconds as written back in messages: "1", "0.5", "100".</summary>
    public static string Format(TimeSpan value) => value.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// Reads and validates a gateway config file. Every problem is collected and reported at once, as
/// <see cref="CorsPolicy.Validate"/> does for a policy, so one run shows everything to fix.
/// </summary>
internal static class GatewayConfigReader
{
    /// <summary>The address used when a config or <c>--listen</c> names none.</summary>
    public const string DefaultListen = "127.0.0.1:8080";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>Parses <paramref name="json"/>; returns the config, or null with every error in <paramref name="errors"/>.</summary>
    public static GatewayConfig? Read(string json, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        errors = found;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException ex)
        {
            // 1-based line and column, as the policy file's errors (JsonSyntaxError), not the reader's 0-based figures.
            found.Add("the file is not valid JSON" + CorsKit.Policy.Infrastructure.JsonSyntaxError.Describe(json, ex));
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                found.Add("the file must hold a JSON object with \"listen\", \"policies\" and \"routes\".");
                return null;
            }

            // JSON's grammar lets a string escape a lone surrogate ("\udc00"), which is no text (RFC 8259 §8.2): JsonDocument
            // throws when asked for such a string. Checked once here, so the readers below never meet one.
            if (HasUnpairedSurrogate(root))
            {
                found.Add("the file holds an escaped unpaired surrogate (such as \\udc00) in a name or string; a config must be valid Unicode text (RFC 8259 §8.2).");
                return null;
            }

            // A repeated name is an error at every level, never a silent merge (issue 10 item 16): JsonDocument keeps
            // both, and the reader below would take the first, the last or both. Reported first, in document order.
            ReportRepeatedNames(root, "", found);

            IPEndPoint? listen = null;
            var policies = new Dictionary<string, GatewayPolicy>(StringComparer.OrdinalIgnoreCase);
            var routes = new List<GatewayRoute>();
            // Every route's path and policy name as written, valid or not, so the cross-checks below see them all.
            var declared = new List<(string Path, string? Policy)>();
            var sawListen = false;
            var sawRoutes = false;
            var timeouts = GatewayTimeouts.Default;
            var limits = GatewayLimits.Default;
            foreach (var property in root.EnumerateObject())
            {
                // Case-insensitive names, as in a policy file (docs/policy.md).
                switch (property.Name.ToLowerInvariant())
                {
                    case "listen":
                        sawListen = true;
                        listen = ReadListen(property.Value, found);
                        break;
                    case "policies":
                        ReadPolicies(property.Value, policies, found);
                        break;
                    case "routes":
                        sawRoutes = true;
                        ReadRoutes(property.Value, routes, declared, found);
                        break;
                    case "connecttimeout":
                        timeouts = timeouts with { Connect = ReadSeconds(property, timeouts.Connect, found) };
                        break;
                    case "timeout":
                        timeouts = timeouts with { Response = ReadSeconds(property, timeouts.Response, found) };
                        break;
                    case "idletimeout":
                        timeouts = timeouts with { Idle = ReadSeconds(property, TimeSpan.Zero, found) };
                        break;
                    case "maxconnections":
                        limits = limits with { MaxConnections = ReadConnections(property, limits.MaxConnections, found) };
                        break;
                    case "keepalivetimeout":
                        limits = limits with { KeepAlive = ReadSeconds(property, limits.KeepAlive, found) };
                        break;
                    case "requestheaderstimeout":
                        limits = limits with { RequestHeaders = ReadSeconds(property, limits.RequestHeaders, found) };
                        break;
                    default:
                        found.Add($"unknown property '{property.Name}' (expected {KnownProperties}).");
                        break;
                }
            }

            if (!sawListen)
            {
                ListenAddress.TryParse(DefaultListen, out listen!);
            }
            if (!sawRoutes || routes.Count == 0 && !found.Any(e => e.StartsWith("routes", StringComparison.Ordinal)))
            {
                found.Add("routes: at least one route is required.");
            }

            // Cross-checks that need both sections: a route's policy must be defined (YARP's CorsPolicyValidator
            // makes the same check: "CORS policy '{name}' not found for route").
            foreach (var (path, policy) in declared)
            {
                if (policy is not null && !policies.ContainsKey(policy) && !PolicyWasInvalid(policy, found))
                {
                    found.Add($"routes '{path}': policy '{policy}' is not defined in \"policies\".");
                }
            }
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (path, _) in declared)
            {
                if (!seen.Add(path))
                {
                    found.Add($"routes '{path}': the path is listed more than once.");
                }
            }

            return found.Count == 0 && listen is not null ? new GatewayConfig(listen, policies, routes) { Timeouts = timeouts, Limits = limits } : null;
        }
    }

    /// <summary>"{lead} N error(s){tail}" and one indented line per error, as printed at start-up and on reload.</summary>
    public static string ErrorBlock(string lead, IReadOnlyList<string> errors, string tail)
    {
        var text = new System.Text.StringBuilder($"{lead} {Output.Counted.Of(errors.Count, "error")}{tail}");
        foreach (var error in errors)
        {
            text.Append("\n  ").Append(error);
        }
        return text.ToString();
    }

    // An invalid policy is reported once, under its own name, not again for every route that uses it.
    private static bool PolicyWasInvalid(string name, List<string> found) =>
        found.Any(e => e.StartsWith($"policies.{name}:", StringComparison.OrdinalIgnoreCase));

    private static IPEndPoint? ReadListen(JsonElement value, List<string> found)
    {
        if (value.ValueKind == JsonValueKind.String && ListenAddress.TryParse(value.GetString()!, out var endpoint))
        {
            return endpoint;
        }
        found.Add($"listen: {ListenAddress.Problem(value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText())}");
        return null;
    }

    /// <summary>The top-level properties, as listed in an "unknown property" message.</summary>
    private const string KnownProperties = "listen, connectTimeout, timeout, idleTimeout, maxConnections, keepAliveTimeout, requestHeadersTimeout, policies, routes";

    private static long ReadConnections(JsonProperty property, long fallback, List<string> found)
    {
        if (property.Value.ValueKind == JsonValueKind.Number && GatewayLimits.TryParseConnections(property.Value.GetRawText(), out var value))
        {
            return value;
        }
        found.Add($"{property.Name}: {GatewayLimits.ConnectionsProblem(property.Value.GetRawText())}");
        return fallback;
    }

    private static TimeSpan ReadSeconds(JsonProperty property, TimeSpan fallback, List<string> found)
    {
        if (property.Value.ValueKind == JsonValueKind.Number && property.Value.TryGetDouble(out var seconds) && GatewayTimeouts.TryFromSeconds(seconds, out var value))
        {
            return value;
        }
        found.Add($"{property.Name}: {GatewayTimeouts.Problem(property.Value.GetRawText())}");
        return fallback;
    }

    private static void ReadPolicies(JsonElement value, Dictionary<string, GatewayPolicy> policies, List<string> found)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            found.Add("policies: must be an object mapping policy names to policies.");
            return;
        }
        foreach (var property in value.EnumerateObject())
        {
            var name = property.Name;
            if (name.Length == 0)
            {
                found.Add("policies: a policy name must not be empty.");
                continue;
            }
            if (policies.ContainsKey(name))
            {
                continue; // reported by ReportRepeatedNames
            }
            // The policy file format and its messages are CorsKit's own (CorsPolicyOptions.FromJson, CorsPolicy.Validate).
            CorsPolicyOptions options;
            try
            {
                options = CorsPolicyOptions.FromJson(property.Value.GetRawText());
            }
            catch (CorsPolicyValidationException ex)
            {
                found.AddRange(ex.Errors.Select(e => $"policies.{name}: {e.Message}"));
                continue;
            }
            if (CorsPolicy.TryBuild(options, out var compiled, out var policyErrors))
            {
                policies[name] = new GatewayPolicy(name, options, compiled);
            }
            else
            {
                found.AddRange(policyErrors.Select(e => $"policies.{name}: {e}"));
            }
        }
    }

    /// <summary>
    /// Why a route path can never match, or null. Requests are routed on <see cref="GatewayTarget.RoutePath"/> (dot
    /// segments removed, escapes other than <c>%2F</c> decoded, backslashes refused), so a route path must already be
    /// in that form. The value is quoted as JSON (<paramref name="json"/>) when it holds a control character, so the
    /// message cannot carry one to a terminal.
    /// </summary>
    private static string? RoutePathProblem(string path, string json)
    {
        if (path.Any(char.IsControl))
        {
            return $"{json} contains a control character, which no request path the gateway routes can hold.";
        }
        if (path.Contains('\\'))
        {
            return $"'{path}' contains a backslash, which the gateway refuses in request paths.";
        }
        if (!GatewayTarget.TryParse(path, out var target, out var refused))
        {
            return $"'{path}' can never match: {refused}";
        }
        if (target.RoutePath.Any(char.IsControl))
        {
            return $"'{path}' decodes to a control character, which no request path the gateway routes can hold.";
        }
        return target.RoutePath == path
            ? null
            : $"'{path}' can never match: requests are routed on their path with dot segments removed and escapes other than %2F decoded; write '{target.RoutePath}'.";
    }

    /// <summary>Adds an error for every name an object repeats (case-insensitively, as names are read), at any depth.</summary>
    /// <summary>True when a name or string value anywhere in <paramref name="element"/> cannot be read as text.</summary>
    private static bool HasUnpairedSurrogate(JsonElement element)
    {
        try
        {
            Visit(element);
            return false;
        }
        catch (InvalidOperationException)
        {
            return true;
        }

        // Depth is bounded by JsonDocumentOptions.MaxDepth.
        static void Visit(JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.String:
                    _ = value.GetString();
                    break;
                case JsonValueKind.Object:
                    foreach (var property in value.EnumerateObject())
                    {
                        _ = property.Name;
                        Visit(property.Value);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var item in value.EnumerateArray())
                    {
                        Visit(item);
                    }

                    break;
            }
        }
    }

    private static void ReportRepeatedNames(JsonElement element, string at, List<string> found)
    {
        if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                ReportRepeatedNames(item, $"{at}[{index++}]", found);
            }
            return;
        }
        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                found.Add($"{(at.Length == 0 ? "" : at + ": ")}\"{property.Name}\" is given more than once.");
            }
            ReportRepeatedNames(property.Value, at.Length == 0 ? property.Name : $"{at}.{property.Name}", found);
        }
    }

    private static void ReadRoutes(JsonElement value, List<GatewayRoute> routes, List<(string Path, string? Policy)> declared, List<string> found)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            found.Add("routes: must be an array of {\"path\", \"to\", \"policy\"} objects.");
            return;
        }
        var index = 0;
        foreach (var element in value.EnumerateArray())
        {
            var at = $"routes[{index++}]";
            if (element.ValueKind != JsonValueKind.Object)
            {
                found.Add($"{at}: must be an object with \"path\", \"to\" and optionally \"policy\".");
                continue;
            }
            string? path = null, policy = null;
            List<Uri>? to = null;
            var strip = false;
            var http2 = false;
            var anyCertificate = false;
            var balancing = GatewayLoadBalancing.PowerOfTwoChoices;
            var ok = true;
            foreach (var property in element.EnumerateObject())
            {
                var text = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
                switch (property.Name.ToLowerInvariant())
                {
                    case "path":
                        path = text;
                        if (text is null || !text.StartsWith('/') || text.Contains('?') || text.Contains('#'))
                        {
                            found.Add($"{at}.path: '{text ?? property.Value.GetRawText()}' must be a path prefix starting with '/' (no query or fragment).");
                            ok = false;
                        }
                        else if (RoutePathProblem(text, property.Value.GetRawText()) is { } problem)
                        {
                            found.Add($"{at}.path: {problem}");
                            ok = false;
                        }
                        break;
                    case "to":
                        to = ReadDestinations(property.Value, $"{at}.to", found);
                        ok &= to is not null;
                        break;
                    case "stripprefix":
                        ok &= ReadBool(property, at, found, out strip);
                        break;
                    case "http2":
                        ok &= ReadBool(property, at, found, out http2);
                        break;
                    case "dangerouslyacceptanyservercertificate":
                        ok &= ReadBool(property, at, found, out anyCertificate);
                        break;
                    case "loadbalancing":
                        if (text is null || !Enum.TryParse(text, ignoreCase: true, out balancing) || !Enum.IsDefined(balancing) || text.Any(char.IsDigit))
                        {
                            found.Add($"{at}.loadBalancing: {property.Value.GetRawText()} is not one of {string.Join(", ", Enum.GetNames<GatewayLoadBalancing>())}.");
                            ok = false;
                        }
                        break;
                    case "policy":
                        if (property.Value.ValueKind == JsonValueKind.Null)
                        {
                            break;
                        }
                        policy = text;
                        if (string.IsNullOrEmpty(text))
                        {
                            found.Add($"{at}.policy: must be a policy name (leave it out for a route without CORS).");
                            ok = false;
                        }
                        break;
                    default:
                        found.Add($"{at}: unknown property '{property.Name}' (expected {RouteProperties}).");
                        ok = false;
                        break;
                }
            }
            if (path is null && !element.EnumerateObject().Any(p => p.Name.Equals("path", StringComparison.OrdinalIgnoreCase)))
            {
                found.Add($"{at}: \"path\" is required.");
                ok = false;
            }
            if (to is null && !element.EnumerateObject().Any(p => p.Name.Equals("to", StringComparison.OrdinalIgnoreCase)))
            {
                found.Add($"{at}: \"to\" is required.");
                ok = false;
            }
            if (path is not null)
            {
                declared.Add((path, string.IsNullOrEmpty(policy) ? null : policy));
            }
            if (ok && path is not null && to is not null)
            {
                routes.Add(new GatewayRoute(path, to, policy)
                {
                    StripPrefix = strip,
                    Http2 = http2,
                    DangerouslyAcceptAnyServerCertificate = anyCertificate,
                    LoadBalancing = balancing,
                });
            }
        }
    }

    /// <summary>A route's properties, as listed in an "unknown property" message.</summary>
    private const string RouteProperties = "path, to, policy, stripPrefix, loadBalancing, http2, dangerouslyAcceptAnyServerCertificate";

    /// <summary>"to": one upstream URL, or an array of them (load-balanced), each checked like <c>--to</c>.</summary>
    private static List<Uri>? ReadDestinations(JsonElement value, string at, List<string> found)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            if (Upstream.TryParse(value.GetString()!, out var single, out var problem))
            {
                return [single];
            }
            found.Add($"{at}: {problem}");
            return null;
        }
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            found.Add($"{at}: {value.GetRawText()} is not a URL string or a non-empty array of them.");
            return null;
        }
        var destinations = new List<Uri>();
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            var itemAt = $"{at}[{index++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                found.Add($"{itemAt}: {item.GetRawText()} is not a URL string.");
            }
            else if (!Upstream.TryParse(item.GetString()!, out var uri, out var problem))
            {
                found.Add($"{itemAt}: {problem}");
            }
            else if (destinations.Contains(uri))
            {
                found.Add($"{itemAt}: '{item.GetString()}' is listed more than once.");
            }
            else
            {
                destinations.Add(uri);
            }
        }
        return destinations.Count == index ? destinations : null;
    }

    private static bool ReadBool(JsonProperty property, string at, List<string> found, out bool value)
    {
        value = property.Value.ValueKind == JsonValueKind.True;
        if (property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return true;
        }
        found.Add($"{at}.{property.Name}: {property.Value.GetRawText()} must be true or false.");
        return false;
    }
}

/// <summary>Parses <c>host:port</c> listen addresses (an IP address, or <c>localhost</c> meaning 127.0.0.1).</summary>
internal static class ListenAddress
{
    public static bool TryParse(string text, out IPEndPoint endpoint)
    {
        endpoint = null!;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, null, out var port) || port > 65535)
        {
            return false;
        }
        var host = text[..colon];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            endpoint = new IPEndPoint(IPAddress.Loopback, port);
            return true;
        }
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        else if (host.Contains(':'))
        {
            return false; // an IPv6 address needs brackets, or the port is ambiguous (RFC 3986 §3.2.2)
        }
        if (!IPAddress.TryParse(host, out var address))
        {
            return false;
        }
        endpoint = new IPEndPoint(address, port);
        return true;
    }

    public static string Problem(string text) =>
        $"'{text}' is not an address and port such as 127.0.0.1:8080, [::1]:8080 or localhost:8080.";
}

/// <summary>Checks an upstream URL: absolute http(s), no user info, query or fragment.</summary>
internal static class Upstream
{
    public static bool TryParse(string text, out Uri uri, out string problem)
    {
        problem = "";
        if (!HttpUrl.TryParse(text, out var parsed))
        {
            uri = null!;
            problem = $"'{text}' is not an http:// or https:// URL.";
            return false;
        }

        uri = parsed;
        if (uri.UserInfo.Length != 0 || uri.Query.Length != 0 || uri.Fragment.Length != 0)
        {
            problem = $"'{text}' must be a scheme, host, port and optional path (no user info, query or fragment).";
            return false;
        }
        return true;
    }
}
