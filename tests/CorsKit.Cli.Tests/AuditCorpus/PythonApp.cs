using System.Globalization;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>Starts one of the Python corpus apps (apps/python/*.py) with Debian's python3 and a JSON configuration.</summary>
internal static class PythonApp
{
    public static Task<CorpusServer> StartAsync(string script, object spec, string packages) => CorpusPaths.InWorkDirectoryAsync(async work =>
    {
        var port = CorpusPaths.FreePort();
        var file = CorpusSpec.Write(work, spec);
        var process = await CorpusProcess.StartAsync(CorpusPaths.Python, [Path.Combine(CorpusPaths.Apps, "python", script), file, port.ToString(CultureInfo.InvariantCulture)], port,
            $"install {packages} (apt-get; test.sh does when run as root)");
        return new CorpusServer(new Uri($"http://127.0.0.1:{port}"), [process], work);
    });
}
