using System.Globalization;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>Go net/http + github.com/rs/cors 1.7 (apps/go/corpusserver), built once per test run, offline, from Debian's
/// /usr/share/gocode with GO111MODULE=off (no module proxy). Matching: cors.go (*Cors).isOriginAllowed.</summary>
internal static class GoRsCorsStack
{
    private static readonly Lazy<Task<string>> Binary = new(BuildAsync);

    public static async Task<CorpusServer> StartAsync(CorpusConfig config)
    {
        var binary = await Binary.Value;
        var origin = config.Origin;
        return await CorpusPaths.InWorkDirectoryAsync(async work =>
        {
            var port = CorpusPaths.FreePort();
            var spec = CorpusSpec.Write(work, new
            {
                origins = origin.Kind switch
                {
                    MatcherKind.List => origin.Origins,
                    MatcherKind.Wildcard => ["*"],
                    MatcherKind.Pattern when origin.Style == PatternStyle.Glob => [origin.RequiredPattern.ToGlob()],
                    _ => null,
                },
                predicate = origin.Kind switch
                {
                    MatcherKind.Reflect => [new OriginTest("true", "")],
                    MatcherKind.Pattern when origin.Style != PatternStyle.Glob => origin.RequiredPattern.ToPredicate(),
                    MatcherKind.Default or MatcherKind.Fixed => throw new InvalidOperationException($"rs/cors corpus has no {origin.Kind} origin"),
                    _ => null,
                },
                credentials = config.Credentials,
            });
            var process = await CorpusProcess.StartAsync(binary, [spec, port.ToString(CultureInfo.InvariantCulture)], port, "the Go corpus server did not build");
            return new CorpusServer(new Uri($"http://127.0.0.1:{port}"), [process], work);
        });
    }

    private static async Task<string> BuildAsync()
    {
        const string rsCors = "/usr/share/gocode/src/github.com/rs/cors/cors.go";
        if (!File.Exists(rsCors))
        {
            throw new InvalidOperationException($"{rsCors} is missing: install golang-github-rs-cors-dev (test.sh does when run as root).");
        }

        // One fixed directory, rebuilt each run: the Go build cache in it makes later builds take well under a second.
        var output = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "corskit-corpus-go")).FullName;
        var binary = Path.Combine(output, "corpusserver");
        var info = new System.Diagnostics.ProcessStartInfo("go", ["build", "-o", binary, "./corpusserver"])
        {
            WorkingDirectory = Path.Combine(CorpusPaths.Apps, "go"),
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.Environment["GO111MODULE"] = "off";
        info.Environment["GOPATH"] = Path.Combine(output, "gopath") + ":/usr/share/gocode";
        info.Environment["GOCACHE"] = Path.Combine(output, "cache");
        info.Environment["GOFLAGS"] = "";
        info.Environment["GOPROXY"] = "off";
        System.Diagnostics.Process process;
        try
        {
            process = System.Diagnostics.Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"go cannot be run ({ex.Message}): install golang-go (test.sh does when run as root).", ex);
        }

        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? binary : throw new InvalidOperationException($"go build failed:\n{await stderr}");
    }
}
