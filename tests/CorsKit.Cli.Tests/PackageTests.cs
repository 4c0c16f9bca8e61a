using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using CorsKit.AspNetCore.Tests;

namespace CorsKit.Cli.Tests;

/// <summary>
/// Issue 12 items 1 and 2: the three shipping projects pack without a warning into packages with the metadata a
/// registry asks for (license, repository, readme, tags, description, authors), and the tool installs from the local
/// package, as README.md's "Install" says, and runs.
/// </summary>
public sealed class PackageTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("corskit-pack-").FullName;

    private static string Root => RepositoryFiles.Root;

    private static string Configuration => RepositoryFiles.Configuration;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task The_packages_carry_license_repository_readme_and_tags_and_the_tool_installs_and_runs()
    {
        foreach (var project in new[] { "CorsKit", "CorsKit.AspNetCore", "CorsKit.Cli" })
        {
            var pack = await RunAsync("dotnet", ["pack", Path.Combine(Root, "src", project, project + ".csproj"), "-c", Configuration, "--no-build", "-o", _dir, "-nologo"], Root);
            Assert.True(pack.Code == 0, pack.Output);
            Assert.DoesNotContain("warning", pack.Output, StringComparison.OrdinalIgnoreCase);
        }

        foreach (var package in Directory.GetFiles(_dir, "*.nupkg"))
        {
            using var zip = ZipFile.OpenRead(package);
            var nuspecEntry = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            XDocument nuspec;
            using (var stream = nuspecEntry.Open())
            {
                nuspec = XDocument.Load(stream);
            }
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Get(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            var id = Get("id");
            Assert.Equal("MIT", Get("license"));
            Assert.Equal("expression", metadata.Elements().Single(e => e.Name.LocalName == "license").Attribute("type")?.Value);
            Assert.Equal("README.md", Get("readme"));
            Assert.Equal("https://github.com/corskit/corskit", metadata.Elements().Single(e => e.Name.LocalName == "repository").Attribute("url")?.Value);
            Assert.Contains("cors", Get("tags")!.Split(' '));
            Assert.False(string.IsNullOrWhiteSpace(Get("description")), id);
            Assert.Equal("CorsKit contributors", Get("authors"));
            Assert.Contains(zip.Entries, e => e.FullName == "README.md");
            Assert.Contains(zip.Entries, e => e.FullName == "LICENSE");
        }
        Assert.Equal(
            ["CorsKit.0.1.0.nupkg", "CorsKit.AspNetCore.0.1.0.nupkg", "CorsKit.Cli.0.1.0.nupkg"],
            Directory.GetFiles(_dir, "*.nupkg").Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The README's command is `dotnet tool install CorsKit.Cli --tool-path … --add-source <folder>`; here the
        // folder is the only source (a config with <clear/>), so the test sends nothing to any registry.
        var config = Path.Combine(_dir, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{_dir}" /></packageSources></configuration>
            """);
        var tools = Path.Combine(_dir, "tools");
        var install = await RunAsync("dotnet", ["tool", "install", "CorsKit.Cli", "--tool-path", tools, "--configfile", config], _dir);
        Assert.True(install.Code == 0, install.Output);
        Assert.Contains("Tool 'corskit.cli' (version '0.1.0') was successfully installed.", install.Output, StringComparison.Ordinal);

        var corskit = Path.Combine(tools, "corskit");
        var version = await RunAsync(corskit, ["--version"], _dir);
        Assert.Equal(0, version.Code);
        Assert.StartsWith("0.1.0", version.Output.Trim(), StringComparison.Ordinal);

        var demo = await RunAsync(corskit, ["demo"], _dir);
        Assert.True(demo.Code == 0, demo.Output);
        Assert.Contains("CorsKit demo: example APIs on loopback", demo.Output, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, string directory)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
