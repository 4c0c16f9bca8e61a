using System.Text.Json;
using CorsKit.Cli.Tests.RedTeamSupport;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 10 item 4: redirects into private space. Each test runs a real HTTP server and the real <c>corskit</c> inside a
/// network namespace it creates (<c>unshare -n</c>), where 192.0.2.10 (TEST-NET-1, a public address), 10.77.0.1,
/// 10.77.0.2 and 169.254.169.254 are all on the namespace's own loopback interface: no packet can leave it, and no
/// real private address is ever contacted. Needs root (CI runs as root); without unshare the test fails, it never skips.
/// </summary>
public sealed class LocalNetworkNamespaceTests
{
    private const string Public = "http://192.0.2.10:8080";
    private const string Metadata = "http://169.254.169.254:8080/latest/meta-data/";

    // A plain server: /redirect?to=URL answers 302 to URL, everything else 200 with a secret header; both allow any
    // origin with credentials. Each request is logged as JSON with the local address it arrived on.
    private const string Server = """
        import http.server, json, socketserver, sys, urllib.parse
        log = open(sys.argv[2], "a", buffering=1)
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass
            def answer(self):
                log.write(json.dumps({"local": self.connection.getsockname()[0], "method": self.command, "path": self.path,
                                      "cookie": self.headers.get("Cookie"), "authorization": self.headers.get("Authorization")}) + "\n")
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", urllib.parse.parse_qs(url.query)["to"][0])
                else:
                    self.send_response(200)
                    self.send_header("X-Internal", "metadata-secret")
                self.send_header("Access-Control-Allow-Origin", self.headers.get("Origin") or "*")
                self.send_header("Access-Control-Allow-Credentials", "true")
                self.send_header("Vary", "Origin")
                self.send_header("Content-Length", "0")
                self.end_headers()
            do_GET = do_OPTIONS = do_HEAD = answer
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
        server = Server(("0.0.0.0", 8080), Handler)
        open(sys.argv[3], "w").write("ready")
        server.serve_forever()
        """;

    private sealed record Run(int Exit, string Out, string Err);

    /// <summary>Starts the namespace and the server, runs each corskit command line in it, and returns the runs and
    /// the server's request log.</summary>
    private static async Task<(IReadOnlyList<Run> Runs, IReadOnlyList<JsonElement> Seen)> InNamespaceAsync(params string[][] commands)
    {
        var dir = Directory.CreateTempSubdirectory("corskit-netns-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "server.py"), Server);
            var script = new List<string>
            {
                "set -e",
                "ip link set lo up",
                "for a in 192.0.2.10 10.77.0.1 10.77.0.2 169.254.169.254; do ip addr add $a/32 dev lo; done",
                $"python3 {dir}/server.py 8080 {dir}/log {dir}/ready & server=$!",
                $"for i in $(seq 200); do [ -s {dir}/ready ] && break; sleep 0.05; done",
                $"[ -s {dir}/ready ] || {{ echo 'server did not start' >&2; exit 97; }}",
                "set +e",
            };
            for (var i = 0; i < commands.Length; i++)
            {
                var args = string.Join(' ', commands[i].Select(Quote));
                script.Add($"{Quote(CliProcess.Dotnet)} {Quote(CliProcess.CliDll)} {args} >{dir}/out{i} 2>{dir}/err{i}; echo $? >{dir}/rc{i}");
            }

            script.Add("kill $server");
            var outcome = await CliProcess.RunAsync("unshare", ["-n", "sh", "-c", string.Join('\n', script)], TimeSpan.FromSeconds(120), 2L * 1024 * 1024 * 1024);
            Assert.True(outcome.Killed is null && outcome.ExitCode is 0 or 143,
                $"the network namespace could not be set up (unshare -n needs root): exit {outcome.ExitCode} {outcome.Killed}\n{outcome.Err}");

            var runs = new List<Run>();
            for (var i = 0; i < commands.Length; i++)
            {
                runs.Add(new Run(int.Parse(File.ReadAllText($"{dir}/rc{i}").Trim(), System.Globalization.CultureInfo.InvariantCulture),
                    File.ReadAllText($"{dir}/out{i}"), File.ReadAllText($"{dir}/err{i}")));
            }

            var log = File.Exists($"{dir}/log") ? File.ReadAllLines($"{dir}/log") : [];
            return (runs, [.. log.Select(l => JsonDocument.Parse(l).RootElement.Clone())]);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";

    private static string Redirect(string from, string to) => $"{from}/redirect?to={Uri.EscapeDataString(to)}";

    private static bool At(JsonElement seen, string address) => seen.GetProperty("local").GetString() == address;

    [Fact]
    public async Task Check_refuses_a_redirect_from_public_into_private_or_loopback_space_and_says_so()
    {
        var (runs, seen) = await InNamespaceAsync(
            ["check", Redirect(Public, Metadata), "--origin", "https://shop.example", "--format", "json"],
            ["check", Redirect(Public, "http://10.77.0.1:8080/admin"), "--origin", "https://shop.example", "--credentials", "include", "--cookie", "sid=1"],
            ["check", Redirect(Public, "http://127.0.0.1:8080/admin"), "--origin", "https://shop.example", "--format", "json"],
            // Controls: a URL in local space may redirect within it; a page in local space may go anywhere.
            ["check", Redirect("http://10.77.0.1:8080", "http://10.77.0.2:8080/ok"), "--origin", "https://shop.example", "--format", "json"],
            ["check", Redirect(Public, "http://10.77.0.2:8080/from-local-page"), "--origin", "http://10.77.0.1:3000", "--format", "json"],
            // A page that is not a secure context cannot even ask: InsecureLocalNetwork.
            ["check", Redirect(Public, "http://10.77.0.1:8080/admin"), "--origin", "http://shop.example", "--format", "json"],
            // Other spellings of the metadata address (decimal, hex, IPv4-mapped IPv6) and of loopback.
            ["check", Redirect(Public, "http://2852039166:8080/admin"), "--origin", "https://shop.example", "--format", "json"],
            ["check", Redirect(Public, "http://0xa9.0xfe.0xa9.0xfe:8080/admin"), "--origin", "https://shop.example", "--format", "json"],
            ["check", Redirect(Public, "http://[::ffff:a9fe:a9fe]:8080/admin"), "--origin", "https://shop.example", "--format", "json"],
            ["check", Redirect(Public, "http://0.0.0.0:8080/admin"), "--origin", "https://shop.example", "--format", "json"],
            ["check", Redirect(Public, "http://localhost:8080/admin"), "--origin", "https://shop.example", "--format", "json"]);

        // Nothing reached the metadata address, nor the private or loopback ones from the public chain.
        Assert.DoesNotContain(seen, s => At(s, "169.254.169.254"));
        Assert.DoesNotContain(seen, s => s.GetProperty("path").GetString() == "/admin");

        var metadata = JsonDocument.Parse(runs[0].Out).RootElement;
        Assert.Equal(1, runs[0].Exit);
        Assert.False(metadata.GetProperty("allowed").GetBoolean());
        Assert.Equal("LocalNetworkAccessPermissionDenied", metadata.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal($"Access to fetch at '{Metadata}' (redirected from '{Redirect(Public, Metadata)}') from origin 'https://shop.example' has been blocked by CORS policy: "
            + "Permission was denied for this request to access the `local` address space.", metadata.GetProperty("error").GetProperty("message").GetString());
        var hop = Assert.Single(metadata.GetProperty("redirects").EnumerateArray());
        Assert.False(hop.GetProperty("sent").GetBoolean());
        Assert.Equal(JsonValueKind.Null, hop.GetProperty("response").ValueKind);
        Assert.DoesNotContain("metadata-secret", runs[0].Out, StringComparison.Ordinal);

        Assert.Equal(1, runs[1].Exit);
        Assert.Contains("BLOCKED by CORS LocalNetworkAccessPermissionDenied", runs[1].Out, StringComparison.Ordinal);
        Assert.Contains("Redirect 1: GET http://10.77.0.1:8080/admin  (not sent)", runs[1].Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ALLOWED", runs[1].Out, StringComparison.Ordinal);

        Assert.Equal(1, runs[2].Exit);
        Assert.Contains("`loopback` address space", JsonDocument.Parse(runs[2].Out).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);

        Assert.Equal(0, runs[3].Exit);
        Assert.Contains(seen, s => At(s, "10.77.0.2") && s.GetProperty("path").GetString() == "/ok");
        var insecure = JsonDocument.Parse(runs[5].Out).RootElement.GetProperty("error");
        Assert.Equal(1, runs[5].Exit);
        Assert.Equal("InsecureLocalNetwork", insecure.GetProperty("code").GetString());
        Assert.EndsWith("has been blocked by CORS policy: The request client is not a secure context and the resource is in more-private address space `local`.",
            insecure.GetProperty("message").GetString(), StringComparison.Ordinal);

        for (var i = 6; i < runs.Count; i++)
        {
            Assert.True(runs[i].Exit == 1, $"run {i}: {runs[i].Out}{runs[i].Err}");
            Assert.Equal("LocalNetworkAccessPermissionDenied", JsonDocument.Parse(runs[i].Out).RootElement.GetProperty("error").GetProperty("code").GetString());
        }

        Assert.Equal(0, runs[4].Exit);
        Assert.Contains(seen, s => At(s, "10.77.0.2") && s.GetProperty("path").GetString() == "/from-local-page");
    }

    [Fact]
    public async Task Audit_follow_redirects_never_probes_private_space_from_a_public_target()
    {
        var (runs, seen) = await InNamespaceAsync(
            ["audit", Redirect(Public, Metadata), "-t", "https://app.example.com", "--follow-redirects", "--retries", "0", "--format", "json"],
            ["audit", Redirect(Public, "http://127.0.0.1:8080/admin"), "-t", "https://app.example.com", "--follow-redirects", "--retries", "0", "--format", "json"],
            // Control: a target in local space is audited through redirects within it.
            ["audit", Redirect("http://10.77.0.1:8080", "http://10.77.0.2:8080/ok"), "-t", "https://app.example.com", "--follow-redirects", "--retries", "0", "--format", "json"]);

        Assert.DoesNotContain(seen, s => At(s, "169.254.169.254"));
        Assert.DoesNotContain(seen, s => s.GetProperty("path").GetString() == "/admin");
        Assert.Contains(seen, s => At(s, "192.0.2.10")); // the public target itself was probed

        Assert.Equal(2, runs[0].Exit);
        var target = JsonDocument.Parse(runs[0].Out).RootElement.GetProperty("targets")[0];
        Assert.Contains("leads into the local address space", target.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, runs[1].Exit);
        Assert.Contains("leads into the loopback address space", JsonDocument.Parse(runs[1].Out).RootElement.GetProperty("targets")[0].GetProperty("error").GetString(), StringComparison.Ordinal);

        Assert.True(runs[2].Exit is 0 or 1, runs[2].Err);
        Assert.Contains(seen, s => At(s, "10.77.0.2") && s.GetProperty("path").GetString() == "/ok");
    }
}
