using System.Diagnostics;
using System.Text.Json;

namespace CorsKit.Relay.Tests;

/// <summary>
/// The real <c>corskit relay</c> against private, link-local, carrier-grade NAT, unique-local, multicast and metadata
/// addresses: ONLY inside a network namespace (and a mount namespace, for its own /etc/hosts) that the test creates with
/// <c>unshare -rmn</c>, where all of these addresses sit on the namespace's own loopback interface. No packet can leave
/// it. 192.0.2.10 (TEST-NET-1) plays a public server. Works as root and, through the user namespace (-r), as a normal
/// user; without unshare the test fails, it never skips.
/// </summary>
public sealed class RelayNamespaceTests
{
    // Dual-stack server on [::]:8080 (IPv4 arrives as ::ffff:a.b.c.d): logs the local address and path of each request;
    // /redirect?to=URL answers 302 to URL, everything else 200 with a secret.
    private const string Server = """
        import http.server, json, socket, socketserver, sys, urllib.parse
        log = open(sys.argv[1], "a", buffering=1)
        class Handler(http.server.BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass
            def do_GET(self):
                local = self.connection.getsockname()[0]
                log.write(json.dumps({"local": local[7:] if local.startswith("::ffff:") else local, "path": self.path}) + "\n")
                url = urllib.parse.urlsplit(self.path)
                if url.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", urllib.parse.parse_qs(url.query)["to"][0])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = b"secret"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            address_family = socket.AF_INET6
        server = Server(("::", 8080), Handler)
        open(sys.argv[2], "w").write("ready")
        server.serve_forever()
        """;

    private const string Hosts = """
        127.0.0.1 localhost
        10.77.0.1 internal.test
        169.254.169.254 metadata.test
        127.0.0.1 sneaky.test
        192.0.2.10 public.test
        192.0.2.10 mixed.test
        10.77.0.1 mixed.test
        """;

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "CorsKit.Cli.dll");

    private static string Quote(string s) => "'" + s.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";

    private sealed record Answer(int Status, string Headers, string Body);

    /// <summary>Runs two relays in the namespace (8081: defaults with any target; 8082: 10.0.0.0/8 opted in) and
    /// sends each (port, target) through curl; returns the answers and what the server saw.</summary>
    private static async Task<(IReadOnlyList<Answer> Answers, IReadOnlyList<(string Local, string Path)> Seen)> InNamespaceAsync(
        IReadOnlyList<(int Port, string Target)> requests)
    {
        var dir = Directory.CreateTempSubdirectory("corskit-relay-netns-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "server.py"), Server);
            await File.WriteAllTextAsync(Path.Combine(dir, "hosts"), Hosts + "\n");
            var relay = $"dotnet {Quote(CliDll)} relay --allow-origin https://app.example --dangerously-allow-any-target --rate-limit 0 --quiet";
            var script = new List<string>
            {
                "set -e",
                "ip link set lo up",
                "for a in 192.0.2.10 10.77.0.1 169.254.169.254 100.64.0.1 172.16.0.1 192.168.1.1; do ip addr add $a/32 dev lo; done",
                "ip addr add fd00::1/128 dev lo",
                // The namespace's own /etc/hosts (a private mount namespace: the machine's file is untouched).
                $"mount --bind {dir}/hosts /etc/hosts",
                $"python3 {dir}/server.py {dir}/log {dir}/ready & server=$!",
                $"{relay} --listen 127.0.0.1:8081 >{dir}/relay1.out 2>&1 & r1=$!",
                $"{relay} --listen 127.0.0.1:8082 --allow-private-target 10.0.0.0/8 >{dir}/relay2.out 2>&1 & r2=$!",
                "for p in 8081 8082; do for i in $(seq 300); do curl -s -o /dev/null http://127.0.0.1:$p/ && break; sleep 0.1; done; done",
                $"[ -s {dir}/ready ] || {{ echo 'server did not start' >&2; exit 97; }}",
                "set +e",
            };
            for (var i = 0; i < requests.Count; i++)
            {
                var url = $"http://127.0.0.1:{requests[i].Port}/{requests[i].Target}";
                script.Add($"curl -sg -o {dir}/body{i} -D {dir}/head{i} -w '%{{http_code}}' -H 'Origin: https://app.example' {Quote(url)} >{dir}/code{i}");
            }

            script.Add("kill $r1 $r2 $server");
            var info = new ProcessStartInfo("unshare", ["-rmn", "sh", "-c", string.Join('\n', script)])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(info)!;
            var stderr = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(180));
            await process.WaitForExitAsync(limit.Token);
            Assert.True(process.ExitCode == 0, $"the network namespace could not be set up (unshare -rmn): exit {process.ExitCode}\n{await stderr}\n"
                + (File.Exists($"{dir}/relay1.out") ? File.ReadAllText($"{dir}/relay1.out") : ""));

            var answers = new List<Answer>();
            for (var i = 0; i < requests.Count; i++)
            {
                answers.Add(new Answer(int.Parse(File.ReadAllText($"{dir}/code{i}"), System.Globalization.CultureInfo.InvariantCulture),
                    File.Exists($"{dir}/head{i}") ? File.ReadAllText($"{dir}/head{i}") : "",
                    File.Exists($"{dir}/body{i}") ? File.ReadAllText($"{dir}/body{i}") : ""));
            }

            var seen = File.Exists($"{dir}/log")
                ? File.ReadAllLines($"{dir}/log").Select(l => JsonDocument.Parse(l).RootElement).Select(e => (e.GetProperty("local").GetString()!, e.GetProperty("path").GetString()!)).ToList()
                : [];
            return (answers, seen);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Refuses_every_non_public_address_and_encoding_and_reaches_public_and_opted_in_ones()
    {
        (string Target, string Reason)[] refused =
        [
            ("http://10.77.0.1:8080/admin", "10.77.0.1 is a private address (RFC 1918)"),
            ("http://172.16.0.1:8080/admin", "172.16.0.1 is a private address"),
            ("http://192.168.1.1:8080/admin", "192.168.1.1 is a private address"),
            ("http://100.64.0.1:8080/admin", "100.64.0.1 is a carrier-grade NAT address"),
            ("http://169.254.169.254:8080/latest/meta-data/", "169.254.169.254 is a link-local address"),
            ("http://2852039166:8080/latest/meta-data/", "169.254.169.254 is a link-local address"),
            ("http://0xa9.0xfe.0xa9.0xfe:8080/latest/meta-data/", "169.254.169.254 is a link-local address"),
            ("http://0251.0376.0251.0376:8080/latest/meta-data/", "169.254.169.254 is a link-local address"),
            ("http://169.254.43518:8080/latest/meta-data/", "169.254.169.254 is a link-local address"),
            ("http://[::ffff:169.254.169.254]:8080/latest/meta-data/", "::ffff:169.254.169.254 is a link-local address"),
            ("http://[::ffff:a9fe:a9fe]:8080/latest/meta-data/", "::ffff:169.254.169.254 is a link-local address"),
            ("http://[64:ff9b::a9fe:a9fe]:8080/latest/meta-data/", "64:ff9b::a9fe:a9fe carries 169.254.169.254, a link-local address"),
            ("http://[::a9fe:a9fe]:8080/latest/meta-data/", "::169.254.169.254 carries 169.254.169.254"),
            ("http://[2002:a9fe:a9fe::1]:8080/latest/meta-data/", "2002:a9fe:a9fe::1 carries 169.254.169.254"),
            ("http://[fd00::1]:8080/admin", "fd00::1 is a unique-local IPv6 address"),
            ("http://[fe80::1]:8080/admin", "fe80::1 is a link-local address"),
            ("http://224.0.0.1:8080/admin", "224.0.0.1 is a multicast address"),
            ("http://[ff02::1]:8080/admin", "ff02::1 is a multicast address"),
            ("http://255.255.255.255:8080/admin", "255.255.255.255 is the broadcast address"),
            ("http://240.0.0.1:8080/admin", "240.0.0.1 is a reserved address"),
            ("http://internal.test:8080/admin", "internal.test resolves to no public address: 10.77.0.1 is a private address"),
            ("http://metadata.test:8080/latest/meta-data/", "metadata.test resolves to no public address: 169.254.169.254 is a link-local"),
            ("http://sneaky.test:8080/admin", "sneaky.test resolves to no public address: 127.0.0.1 is a loopback address"),
            ("http://192.0.2.10:8080/redirect?to=http%3A%2F%2F169.254.169.254%3A8080%2Flatest%2Fmeta-data%2F", "redirect 1 to http://169.254.169.254:8080/latest/meta-data/: 169.254.169.254 is a link-local address"),
            ("http://192.0.2.10:8080/redirect?to=http%3A%2F%2Finternal.test%3A8080%2Fadmin", "redirect 1 to http://internal.test:8080/admin: internal.test resolves to no public address"),
        ];
        (int Port, string Target)[] requests =
        [
            .. refused.Select(r => (8081, r.Target)),
            (8081, "http://192.0.2.10:8080/public"),
            (8081, "http://public.test:8080/public-by-name"),
            (8081, "http://mixed.test:8080/mixed"),
            (8082, "http://10.77.0.1:8080/opted-in"),
            (8082, "http://internal.test:8080/opted-in-by-name"),
            (8082, "http://169.254.169.254:8080/latest/meta-data/"),
        ];

        var (answers, seen) = await InNamespaceAsync(requests);

        for (var i = 0; i < refused.Length; i++)
        {
            var answer = answers[i];
            Assert.True(answer.Status == 403, $"{refused[i].Target}: {answer.Status} {answer.Body}");
            Assert.StartsWith("corskit relay refused this request (non-public-address): ", answer.Body, StringComparison.Ordinal);
            Assert.Contains(refused[i].Reason, answer.Body, StringComparison.Ordinal);
            Assert.Contains("access-control-allow-origin: https://app.example", answer.Headers, StringComparison.OrdinalIgnoreCase);
        }

        // The controls: a public address and a public name are reached; a name with a public and a private address is
        // reached on the public one only; the opted-in range is reached, and only that range.
        Assert.Equal(200, answers[refused.Length].Status);
        Assert.Equal("secret", answers[refused.Length].Body);
        Assert.Equal(200, answers[refused.Length + 1].Status);
        Assert.Equal(200, answers[refused.Length + 2].Status);
        Assert.Equal(200, answers[refused.Length + 3].Status);
        Assert.Equal(200, answers[refused.Length + 4].Status);
        Assert.Equal(403, answers[refused.Length + 5].Status);
        Assert.Contains(seen, s => s == ("192.0.2.10", "/public"));
        Assert.Contains(seen, s => s == ("192.0.2.10", "/public-by-name"));
        Assert.Contains(seen, s => s == ("192.0.2.10", "/mixed"));
        Assert.Contains(seen, s => s == ("10.77.0.1", "/opted-in"));
        Assert.Contains(seen, s => s == ("10.77.0.1", "/opted-in-by-name"));

        // Nothing else reached the server: only the two public redirects' first hops and the controls.
        Assert.All(seen, s => Assert.True(s.Local is "192.0.2.10" || s.Path.StartsWith("/opted-in", StringComparison.Ordinal), $"{s.Local} {s.Path}"));
        Assert.DoesNotContain(seen, s => s.Path.StartsWith("/latest/meta-data", StringComparison.Ordinal) || s.Path == "/admin");
    }
}
