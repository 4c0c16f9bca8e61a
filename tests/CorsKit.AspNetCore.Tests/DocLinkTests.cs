using System.Text.RegularExpressions;

namespace CorsKit.AspNetCore.Tests;

/// <summary>
/// Issue 12 item 3: every relative link in README.md and docs/*.md resolves inside the repository (file and heading
/// anchor), and no document names a file outside it (the docs once cited <c>shared/reference/…</c>).
/// </summary>
public sealed partial class DocLinkTests
{
    // [text](target): the CommonMark inline link; images (![…](…)) are links too.
    [GeneratedRegex(@"\]\((?<target>[^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6}\s+(?<title>.+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    // A path in code spans that names one of this repository's own folders: it must exist (with or without ".cs").
    [GeneratedRegex(@"`(?<path>(?:src/CorsKit|tests/CorsKit|samples/|bench/|docs/)[^`\s*{}…]*)`")]
    private static partial Regex RepositoryPath();

    public static TheoryData<string> Documents() => [.. RepositoryFiles.Documents()];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Every_relative_link_resolves_to_a_file_and_heading_in_the_repository(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, document));
        var broken = new List<string>();
        foreach (Match m in Link().Matches(text))
        {
            var target = m.Groups["target"].Value;
            if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
            {
                continue;
            }
            var hash = target.IndexOf('#', StringComparison.Ordinal);
            var file = hash < 0 ? target : target[..hash];
            var anchor = hash < 0 ? null : target[(hash + 1)..];
            var path = file.Length == 0
                ? Path.Combine(RepositoryFiles.Root, document)
                : Path.GetFullPath(Path.Combine(RepositoryFiles.Root, Path.GetDirectoryName(document)!, file));
            if (!path.StartsWith(RepositoryFiles.Root, StringComparison.Ordinal) || !(File.Exists(path) || Directory.Exists(path)))
            {
                broken.Add($"{target}: no such file in the repository");
                continue;
            }
            if (anchor is not null && !Anchors(File.ReadAllText(path)).Contains(anchor))
            {
                broken.Add($"{target}: no heading with that anchor");
            }
        }
        Assert.True(broken.Count == 0, $"{document}: " + string.Join("; ", broken));
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void No_document_names_a_file_outside_the_repository(string document)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryFiles.Root, document));
        Assert.DoesNotContain("shared/reference", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/work/", text, StringComparison.Ordinal);
        var missing = RepositoryPath().Matches(text).Select(m => m.Groups["path"].Value.TrimEnd('.', ',', ':', ')'))
            .Where(p => !p.Contains("/bin/", StringComparison.Ordinal)) // build output, named so users find it
            .Where(p => !Exists(p)).Distinct().ToList();
        Assert.True(missing.Count == 0, $"{document} names files that do not exist: " + string.Join(", ", missing));
    }

    private static bool Exists(string path)
    {
        var full = Path.Combine(RepositoryFiles.Root, path);
        return File.Exists(full) || Directory.Exists(full) || File.Exists(full + ".cs");
    }

    /// <summary>GitHub's heading anchors: lowercase, punctuation other than '-' and '_' dropped, spaces as '-'.</summary>
    private static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match m in Heading().Matches(markdown))
        {
            var title = m.Groups["title"].Value.ToLowerInvariant();
            var slug = string.Concat(title.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_' or ' ')).Replace(' ', '-');
            var candidate = slug;
            for (var n = 1; !anchors.Add(candidate); n++)
            {
                candidate = $"{slug}-{n}";
            }
        }
        return anchors;
    }
}
