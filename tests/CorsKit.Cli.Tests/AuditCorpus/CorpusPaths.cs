using System.Net;
using System.Net.Sockets;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>Where the corpus apps live and where their temporary files go.</summary>
internal static class CorpusPaths
{
    /// <summary>tests/CorsKit.Cli.Tests/AuditCorpus/apps in the checkout the tests were built from.</summary>
    public static string Apps { get; } = Path.Combine(FindCheckout(), "tests", "CorsKit.Cli.Tests", "AuditCorpus", "apps");

    /// <summary>tests/CorsKit.Cli.Tests/SarifValidator, where test.sh installs Microsoft's SARIF validator.</summary>
    public static string SarifValidator { get; } = Path.Combine(FindCheckout(), "tests", "CorsKit.Cli.Tests", "SarifValidator");

    /// <summary>Debian's interpreter, which has the python3-* packages (not a pyenv one on PATH).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs <paramref name="start"/> with a new temporary directory, which the returned server deletes when
    /// disposed; if starting fails, the directory is deleted here.</summary>
    public static async Task<CorpusServer> InWorkDirectoryAsync(Func<string, Task<CorpusServer>> start)
    {
        var work = Directory.CreateTempSubdirectory("corskit-corpus-").FullName;
        try
        {
            return await start(work);
        }
        catch
        {
            Directory.Delete(work, recursive: true);
            throw;
        }
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindCheckout()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CorsKit.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the checkout (CorsKit.slnx) above " + AppContext.BaseDirectory);
    }
}
