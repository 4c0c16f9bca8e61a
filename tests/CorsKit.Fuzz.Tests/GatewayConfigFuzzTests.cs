using CorsKit.Cli.Gateway;

namespace CorsKit.Fuzz.Tests;

/// <summary>The gateway's config file reader (<c>corskit gateway --config</c>): every input gives a config or a
/// list of errors, never an exception.</summary>
public sealed class GatewayConfigFuzzTests(ITestOutputHelper output)
{
    internal static readonly string[] Seeds =
    [
        """{"listen":"127.0.0.1:8080","policies":{"api":{"origins":["https://app.example.com"],"methods":["PUT"],"credentials":true}},"routes":[{"path":"/api","to":"http://127.0.0.1:5000","policy":"api"},{"path":"/","to":"http://127.0.0.1:5001/base"}]}""",
        """{"listen":"[::1]:0","policies":{},"routes":[{"path":"/public","to":"http://127.0.0.1:9/x"}],"timeouts":{"connect":5,"response":30,"idle":10}}""",
        """{"listen":"0.0.0.0:80","policies":{"p":{"origins":["*"]}},"routes":[{"path":"/a","to":"https://upstream.example","policy":"p"}],"routes":[]}""",
        """{"listen":"localhost:65536","policies":{"p":{"origin":["*"]}},"routes":[{"path":"/../admin","to":"ftp://x","policy":"q"},{"path":"%2e%2e"}]}""",
    ];

    internal static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ",", ":", "\"", "null", "true", "0", "-1", "1e308", "NaN", "\"listen\"", "\"policies\"", "\"routes\"",
        "\"path\"", "\"to\"", "\"policy\"", "\"timeouts\"", "\"connect\"", "\"response\"", "\"idle\"", "\"/..\"", "%2f", "%5c", "\\\\",
        "\"http://127.0.0.1:1\"", "\"[::1]:8080\"", "\\u0000", "\\ud800", "\\udc00", "/*", "*/", "//",
    ];

    [Fact]
    public void Gateway_config_reader_never_throws() =>
        FuzzRun.Sync(output, "gateway-config", 10_000, Seeds, Tokens, FuzzRun.Documented(), InputSource.File, static input =>
        {
            var config = GatewayConfigReader.Read(input, out var errors);
            if (config is null)
            {
                Assert.NotEmpty(errors);
                Assert.All(errors, static e => Assert.False(string.IsNullOrWhiteSpace(e)));
            }
            else
            {
                Assert.Empty(errors);
                _ = config.Match("/api/x");
            }
        });
}
