using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using CorsKit.Policy;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// Issue 12 item 4: every C# snippet in README.md and docs/*.md is the Program.cs of a project under samples/,
/// verbatim (so it compiles, as part of the solution), and each program is run here: the web apps on real Kestrel
/// with the requests a browser would send.
/// </summary>
public sealed partial class DocSnippetTests
{
    private const string App = "https://app.example.com";

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    private static readonly string[] Samples = ["QuickStart", "Middleware", "PolicyEngine", "Gateway", "DecisionLog", "Explain"];

    private static string Sample(string name) => File.ReadAllText(Path.Combine(RepositoryFiles.Root, "samples", name, "Program.cs")).ReplaceLineEndings("\n");

    [Fact]
    public void Every_csharp_snippet_in_the_docs_is_a_compiled_sample_verbatim()
    {
        var programs = Samples.ToDictionary(Sample, s => s);
        var unmatched = new List<string>();
        var used = new HashSet<string>();
        foreach (var document in RepositoryFiles.Documents())
        {
            var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, document)).ReplaceLineEndings("\n");
            foreach (Match m in CSharpBlock().Matches(text))
            {
                if (programs.TryGetValue(m.Groups["code"].Value, out var sample))
                {
                    used.Add(sample);
                }
                else
                {
                    unmatched.Add($"{document} line {text[..m.Index].Count(c => c == '\n') + 1}");
                }
            }
        }
        Assert.True(unmatched.Count == 0, "C# snippets that are not a samples/*/Program.cs verbatim: " + string.Join(", ", unmatched));
        Assert.Equal(Samples.Order(), used.Order());
    }

    /// <summary>The YARP sample (samples/Gateway) runs in tests/CorsKit.Gateway.Tests as ReadmeSnippet against a real
    /// upstream; its lines there must be the sample's, so the two cannot drift apart.</summary>
    [Fact]
    public void The_gateway_sample_is_the_code_the_gateway_tests_run()
    {
        var tested = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "tests", "CorsKit.Gateway.Tests", "ReadmeSnippet.cs")).ReplaceLineEndings("\n");
        var region = tested[(tested.IndexOf("#region yarp-with-corskit\n", StringComparison.Ordinal) + "#region yarp-with-corskit\n".Length)..tested.IndexOf("#endregion", StringComparison.Ordinal)];
        var lines = region.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        var sample = Sample("Gateway").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        Assert.NotEmpty(lines);
        Assert.True(sample.Count >= lines.Count && Enumerable.Range(0, sample.Count - lines.Count + 1).Any(i => sample.Skip(i).Take(lines.Count).SequenceEqual(lines)),
            "tests/CorsKit.Gateway.Tests/ReadmeSnippet.cs must run the lines of samples/Gateway/Program.cs");
    }

    [Fact]
    public async Task The_readme_app_lets_a_page_PUT_json_through_a_preflight()
    {
        await using var app = await SampleApp.StartAsync("QuickStart");
        using var client = new HttpClient { BaseAddress = app.Address };
        foreach (var origin in new[] { App, "https://eu.tenant.example.com" })
        {
            // fetch(url, { method: "PUT", credentials: "include", headers: { "Content-Type": "application/json" } }):
            // Content-Type application/json is not CORS-safelisted (Fetch §2.2.2), so the browser asks first.
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/orders/7");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "PUT");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            var p = await client.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, p.StatusCode);
            Assert.Equal(origin, p.Header("Access-Control-Allow-Origin"));
            Assert.Equal("true", p.Header("Access-Control-Allow-Credentials"));
            Assert.Equal("PUT", p.Header("Access-Control-Allow-Methods"));
            Assert.Equal("content-type", p.Header("Access-Control-Allow-Headers"));

            using var put = new HttpRequestMessage(HttpMethod.Put, "/orders/7")
            {
                Content = new StringContent("""{"id":0,"quantity":2}""", Encoding.UTF8, "application/json"),
            };
            put.Headers.Add("Origin", origin);
            var r = await client.SendAsync(put);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.Equal(origin, r.Header("Access-Control-Allow-Origin"));
            Assert.Equal("""{"id":7,"quantity":2}""", await r.Content.ReadAsStringAsync());
        }
        // The snippet as it was (no RequestHeaders) refused exactly that preflight (answered so that the browser names
        // the header, issue 12 item 7, but refused).
        var before = CorsPolicy.Build(new CorsPolicyOptions { Origins = [App], Methods = ["PUT"], Credentials = true });
        Assert.Equal(CorsRejection.HeaderNotAllowed, before.EvaluatePreflight(App, "PUT", "content-type").Rejection);
    }

    /// <summary>docs/middleware.md's decision-feature app (samples/DecisionLog): an allowed origin's preflight for a header
    /// the policy lacks is answered 204 (the browser names the header) and the app's own log reads the decision.</summary>
    [Fact]
    public async Task The_decision_feature_sample_logs_a_denied_preflight_with_its_reason()
    {
        await using var app = await SampleApp.StartAsync("DecisionLog");
        using (var client = new HttpClient { BaseAddress = app.Address })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/orders/7");
            preflight.Headers.Add("Origin", App);
            preflight.Headers.Add("Access-Control-Request-Method", "PUT");
            preflight.Headers.Add("Access-Control-Request-Headers", "x-api-key");
            var p = await client.SendAsync(preflight);
            Assert.Equal(HttpStatusCode.NoContent, p.StatusCode);
            Assert.Equal(App, p.Header("Access-Control-Allow-Origin"));
            Assert.Equal("Content-Type", p.Header("Access-Control-Allow-Headers"), ignoreCase: true);
        }
        var output = await app.StopAndReadOutputAsync();
        Assert.Contains("preflight denied: HeaderNotAllowed x-api-key (report-only: False)", output);
    }

    [Fact]
    public async Task The_middleware_doc_app_applies_each_endpoints_policy()
    {
        await using var app = await SampleApp.StartAsync("Middleware");
        using var client = new HttpClient { BaseAddress = app.Address };

        var partner = await Send(client, HttpMethod.Options, "/api/partners/3", ("Origin", "https://partner.example.org"),
            ("Access-Control-Request-Method", "PUT"), ("Access-Control-Request-Headers", "content-type,x-api-key"));
        Assert.Equal(HttpStatusCode.NoContent, partner.StatusCode);
        Assert.Equal("https://partner.example.org", partner.Header("Access-Control-Allow-Origin"));
        Assert.Equal("600", partner.Header("Access-Control-Max-Age"));
        // The default policy does not apply to the partners endpoint.
        var appOnPartners = await Send(client, HttpMethod.Options, "/api/partners/3", ("Origin", App), ("Access-Control-Request-Method", "PUT"));
        Assert.Equal(HttpStatusCode.Forbidden, appOnPartners.StatusCode);

        var items = await Send(client, HttpMethod.Get, "/api/items", ("Origin", App));
        Assert.Equal(App, items.Header("Access-Control-Allow-Origin"));

        var health = await Send(client, HttpMethod.Get, "/health", ("Origin", App));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Null(health.Header("Access-Control-Allow-Origin"));

        var admin = await Send(client, HttpMethod.Get, "/admin/stats", ("Origin", "https://admin.example.com"));
        Assert.Equal("https://admin.example.com", admin.Header("Access-Control-Allow-Origin"));
        Assert.Equal("true", admin.Header("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task The_policy_doc_program_prints_what_its_last_comment_says()
    {
        var psi = new ProcessStartInfo("dotnet", [SampleApp.Dll("PolicyEngine")]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        var comment = Sample("PolicyEngine").TrimEnd().Split('\n')[^1];
        Assert.Equal("// https://app.example.com PUT True 600", comment);
        Assert.Equal(comment[3..], output.Trim());
    }

    /// <summary>docs/explain.md's "From code" program (samples/Explain), run on the console line the doc shows, prints
    /// exactly the output the doc shows: the doc's transcript is a real run, and stays one.</summary>
    [Fact]
    public async Task The_explain_doc_program_prints_the_docs_output()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "explain.md")).ReplaceLineEndings("\n");
        var run = doc[doc.IndexOf("$ cat console.txt\n", StringComparison.Ordinal)..];
        var consoleLine = run.Split('\n')[1];
        var expected = run[(run.IndexOf("$ dotnet run -c Release -- console.txt\n", StringComparison.Ordinal) + "$ dotnet run -c Release -- console.txt\n".Length)..];
        expected = expected[..expected.IndexOf("```", StringComparison.Ordinal)];
        var input = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(input, consoleLine + "\n");
            var psi = new ProcessStartInfo("dotnet", [SampleApp.Dll("Explain"), input]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var process = Process.Start(psi)!;
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.Equal(0, process.ExitCode);
            Assert.StartsWith("Blocked MethodDisallowedByPreflightResponse (PUT)", expected);
            Assert.Equal(expected, output.ReplaceLineEndings("\n"));
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, HttpMethod method, string path, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }
        return await client.SendAsync(request);
    }

    /// <summary>A sample web app run as its own process on 127.0.0.1 (Kestrel picks the port; the app logs it).</summary>
    private sealed class SampleApp : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _seen;
        private readonly Task<string> _rest;

        private SampleApp(Process process, Uri address, StringBuilder seen, Task<string> rest)
        {
            _process = process;
            Address = address;
            _seen = seen;
            _rest = rest;
        }

        /// <summary>Stops the app and returns everything it wrote to standard output.</summary>
        public async Task<string> StopAndReadOutputAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return _seen + await _rest;
        }

        public Uri Address { get; }

        public static string Dll(string name) =>
            Path.Combine(RepositoryFiles.Root, "samples", name, "bin", RepositoryFiles.Configuration, "net10.0", name + ".dll");

        public static async Task<SampleApp> StartAsync(string name)
        {
            var psi = new ProcessStartInfo("dotnet", [Dll(name), "--urls", "http://127.0.0.1:0"])
            {
                WorkingDirectory = Path.Combine(RepositoryFiles.Root, "samples", name),
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            var process = Process.Start(psi)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var seen = new StringBuilder();
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                seen.AppendLine(line);
                var at = line.IndexOf("Now listening on: ", StringComparison.Ordinal);
                if (at >= 0)
                {
                    var rest = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    return new SampleApp(process, new Uri(line[(at + "Now listening on: ".Length)..].Trim()), seen, rest);
                }
            }
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"samples/{name} did not start: {seen}{await process.StandardError.ReadToEndAsync()}");
        }

        public async ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }
    }
}
