namespace CorsKit.AspNetCore.Tests;

/// <summary>Finds the repository's files from the test's output directory (the folder holding CorsKit.slnx).</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration the tests were built with (Release under ./test.sh); the samples share it.</summary>
    public static string Configuration { get; } =
        new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // …/bin/<Configuration>/net10.0/

    /// <summary>README.md and every docs/*.md, as repository-relative paths.</summary>
    public static IEnumerable<string> Documents() =>
        new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md").Order(StringComparer.Ordinal)
            .Select(p => Path.GetRelativePath(Root, p)));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CorsKit.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("CorsKit.slnx not found above " + AppContext.BaseDirectory);
    }
}
