using System.Text;
using System.Text.Json.Nodes;
using CorsKit.Cli.Gateway;

namespace CorsKit.Cli.Tests;

/// <summary>
/// The gateway's parsers take arbitrary input (a config file someone edited, a flag someone typed): they answer with
/// errors, never an exception. Seeded random inputs, so a failure reproduces; the seed is in the assertion message.
/// </summary>
public sealed class GatewayHostileInputTests
{
    private const int Seed = 20261122;

    private static readonly string[] Keys =
        ["listen", "policies", "routes", "timeout", "connectTimeout", "idleTimeout", "maxConnections", "keepAliveTimeout", "requestHeadersTimeout", "path", "to", "policy", "origins",
         "credentials", "methods", "requestHeaders", "exposeHeaders", "maxAge", "LISTEN", "extra", ""];

    private static readonly string[] Atoms =
        ["", "/", "/api/", "http://127.0.0.1:5000", "https://app.example.com", "*", "null", "file://", "127.0.0.1:8080",
         "[::1]:0", "localhost:65536", "http://user:pw@x", "http://x/?q#f", "0", "-1", "1e308", "NaN", "3600.0001",
         "web", "\u0000", "\r\n", "\uFFFD", "ünïcödé", new string('a', 5000)];

    [Fact]
    public void Config_reader_never_throws_and_every_failure_has_one_line_errors()
    {
        // CORSKIT_FUZZ_GATEWAY_CONFIGS sets the count for a long run (docs/gateway.md gives the figures of 1,000,000).
        var count = int.TryParse(Environment.GetEnvironmentVariable("CORSKIT_FUZZ_GATEWAY_CONFIGS"), out var n) && n > 0 ? n : 3000;
        var random = new Random(Seed);
        var accepted = 0;
        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        for (var i = 0; i < count; i++)
        {
            var text = (i % 3) switch
            {
                0 => RandomText(random),
                1 => RandomJson(random, depth: 0)?.ToJsonString() ?? "null",
                _ => MutatedValidConfig(random),
            };
            GatewayConfig? config;
            IReadOnlyList<string> errors;
            try
            {
                config = GatewayConfigReader.Read(text, out errors);
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {Seed}, case {i}: {ex.GetType().Name}: {ex.Message}\ninput: {text}");
                return;
            }
            if (config is null)
            {
                Assert.True(errors.Count > 0, $"seed {Seed}, case {i}: null config without an error\ninput: {text}");
                Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e), $"case {i}: empty error"));
            }
            else
            {
                accepted++;
                Assert.Empty(errors);
                Assert.NotEmpty(config.Routes); // a config without routes is an error, so a returned one has routes
            }
        }
        // Both outcomes were exercised: the mutations of a valid file leave many of them valid.
        Assert.InRange(accepted, count / 60, count - count / 30);
        // Nothing is kept from one input to the next.
        var grown = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        Assert.True(grown < 64 * 1024 * 1024, $"the managed heap grew by {grown} bytes over {count} configs");
    }

    /// <summary>A valid config with one value replaced by a random one (often still valid, often not).</summary>
    private static string MutatedValidConfig(Random random)
    {
        var config = new JsonObject
        {
            ["listen"] = "127.0.0.1:0",
            ["timeout"] = 30,
            ["policies"] = new JsonObject { ["web"] = new JsonObject { ["origins"] = new JsonArray("https://app.example.com"), ["credentials"] = true } },
            ["routes"] = new JsonArray(
                new JsonObject { ["path"] = "/api/", ["to"] = "http://127.0.0.1:5000", ["policy"] = "web" },
                new JsonObject { ["path"] = "/health", ["to"] = "http://127.0.0.1:5001" }),
        };
        var targets = new List<(JsonObject Parent, string Key)>();
        Collect(config, targets);
        var (parent, key) = targets[random.Next(targets.Count)];
        if (random.Next(4) != 0)
        {
            parent[key] = RandomJson(random, depth: 2);
        }
        return config.ToJsonString();
    }

    private static void Collect(JsonNode node, List<(JsonObject, string)> targets)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, child) in obj.ToList())
            {
                targets.Add((obj, key));
                if (child is not null)
                {
                    Collect(child, targets);
                }
            }
        }
        else if (node is JsonArray array)
        {
            foreach (var child in array)
            {
                if (child is not null)
                {
                    Collect(child, targets);
                }
            }
        }
    }

    [Fact]
    public void Every_accepted_route_path_can_match_and_every_repeated_name_is_refused()
    {
        // Classes of issue 10 item 16. A route path built from hostile pieces is either refused or matchable: the
        // request whose target is that path is routed on exactly that path. A name repeated anywhere (in any case)
        // is always an error.
        var random = new Random(Seed + 2);
        string[] pieces = ["/", "..", ".", "%2e", "%2E%2e", "%2F", "%2f", "%5C", "\\", "a", "api", "%41", "%C3%A9", "é", "%", "%zz", "%00", "\u0000", "\u001b", ";", "//"];
        var accepted = 0;
        for (var i = 0; i < 2000; i++)
        {
            var path = "/" + string.Concat(Enumerable.Range(0, random.Next(1, 6)).Select(_ => pieces[random.Next(pieces.Length)]));
            var json = $$"""{ "routes": [ { "path": {{System.Text.Json.JsonSerializer.Serialize(path)}}, "to": "http://127.0.0.1:5000" } ] }""";
            var config = GatewayConfigReader.Read(json, out var errors);
            if (config is null)
            {
                Assert.True(errors.Count > 0, $"seed {Seed + 2}, case {i}: {path}");
                Assert.All(errors, e => Assert.False(e.Any(char.IsControl), $"seed {Seed + 2}, case {i}: a control character in: {e}"));
                continue;
            }
            accepted++;
            Assert.True(GatewayTarget.TryParse(path, out var target, out _), $"seed {Seed + 2}, case {i}: accepted {path}, which requests cannot carry");
            Assert.True(target.RoutePath == path && config.Match(target.RoutePath) is not null, $"seed {Seed + 2}, case {i}: accepted {path}, routed as {target.RoutePath}");
        }
        Assert.InRange(accepted, 100, 1900);

        for (var i = 0; i < 500; i++)
        {
            var valid = new JsonObject
            {
                ["listen"] = "127.0.0.1:0",
                ["policies"] = new JsonObject { ["web"] = new JsonObject { ["origins"] = new JsonArray("https://app.example.com") } },
                ["routes"] = new JsonArray(new JsonObject { ["path"] = "/api/", ["to"] = "http://127.0.0.1:5000", ["policy"] = "web" }),
            }.ToJsonString();
            // Repeat one "name": at a random place, in a random case.
            var names = System.Text.RegularExpressions.Regex.Matches(valid, "\"([A-Za-z]+)\":").ToList();
            var pick = names[random.Next(names.Count)];
            var name = pick.Groups[1].Value;
            var cased = random.Next(2) == 0 ? name : name.ToUpperInvariant();
            var text = valid.Insert(pick.Index, $"\"{cased}\": {(name is "policies" or "web" ? "{}" : name == "routes" || name == "origins" ? "[]" : "\"x\"")}, ");

            Assert.Null(GatewayConfigReader.Read(text, out var errors));
            Assert.Contains(errors, e => e.EndsWith($"\"{name}\" is given more than once.", StringComparison.Ordinal) || e.EndsWith($"\"{cased}\" is given more than once.", StringComparison.Ordinal));
        }
    }

    // JSON lets a string escape a lone surrogate; JsonDocument throws when such a string is read (found by the fuzz
    // harness: a stack trace and exit 134 from `corskit gateway --config`). In a name, a value, or deep in a route.
    [Theory]
    [InlineData("{\"listen\":\"127.0.0.1:0\",\"policies\":{},\"routes\":[{\"path\":\"/p\",\"to\":\"http://127\\udc00.0.0.1:9/x\"}]}")]
    [InlineData("{\"listen\":\"127.0.0.1:0\\ud800\",\"policies\":{},\"routes\":[]}")]
    [InlineData("{\"li\\udfffsten\":\"127.0.0.1:0\",\"policies\":{},\"routes\":[]}")]
    [InlineData("{\"listen\":\"127.0.0.1:0\",\"policies\":{\"p\":{\"origins\":[\"https://a\\ud83d.example\"]}},\"routes\":[]}")]
    public void A_lone_surrogate_escape_is_one_error(string json)
    {
        Assert.Null(GatewayConfigReader.Read(json, out var errors));
        Assert.Contains(errors, e => e.Contains("unpaired surrogate", StringComparison.Ordinal));
    }

    [Fact]
    public void The_input_that_crashes_Uri_TryCreate_is_an_upstream_error()
    {
        // .NET 10's Uri.TryCreate throws IndexOutOfRangeException on it (CorsKit.Tests, HttpUrlTests).
        Assert.False(Upstream.TryParse("///////\u200e/1/1/1/1/1/1\u0001/1/1\t/", out _, out var problem));
        Assert.Contains("is not an http:// or https:// URL", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Flag_parsers_never_throw_on_arbitrary_text()
    {
        var random = new Random(Seed + 1);
        for (var i = 0; i < 5000; i++)
        {
            var noise = RandomText(random);
            var text = i % 2 == 0 ? noise : Atoms[random.Next(Atoms.Length)] + noise[..Math.Min(noise.Length, random.Next(4))];
            var ex = Record.Exception(() =>
            {
                if (Upstream.TryParse(text, out var uri, out var problem))
                {
                    Assert.True(uri.Scheme is "http" or "https", text);
                }
                else
                {
                    Assert.False(string.IsNullOrEmpty(problem), text);
                }
                ListenAddress.TryParse(text, out _);
                if (GatewayTimeouts.TryParseSeconds(text, out var seconds))
                {
                    Assert.InRange(seconds.TotalSeconds, double.Epsilon, GatewayTimeouts.MaxSeconds);
                }
            });
            Assert.True(ex is null, $"seed {Seed + 1}, case {i}: {ex}\ninput: {text}");
        }
    }

    private static string RandomText(Random random)
    {
        var length = random.Next(0, 80);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            builder.Append(random.Next(10) switch
            {
                < 6 => (char)random.Next(0x20, 0x7F),
                < 8 => "{}[]\":,/\\"[random.Next(9)],
                9 => (char)random.Next(0, 0x20),
                _ => (char)random.Next(0x80, 0xD800),
            });
        }
        return builder.ToString();
    }

    private static JsonNode? RandomJson(Random random, int depth)
    {
        switch (depth > 3 ? random.Next(4) : random.Next(7))
        {
            case 0:
                return JsonValue.Create(Atoms[random.Next(Atoms.Length)]);
            case 1:
                return JsonValue.Create(random.Next(3) switch { 0 => random.Next(-5, 70000), 1 => random.NextDouble() * 1e6, _ => 0.25 });
            case 2:
                return random.Next(2) == 0 ? JsonValue.Create(random.Next(2) == 0) : null;
            case 3:
                return JsonValue.Create(RandomText(random));
            case 4:
            {
                var array = new JsonArray();
                for (var i = random.Next(4); i > 0; i--)
                {
                    array.Add(RandomJson(random, depth + 1));
                }
                return array;
            }
            default:
            {
                var obj = new JsonObject();
                for (var i = random.Next(5); i > 0; i--)
                {
                    obj[Keys[random.Next(Keys.Length)]] = RandomJson(random, depth + 1);
                }
                return obj;
            }
        }
    }
}
