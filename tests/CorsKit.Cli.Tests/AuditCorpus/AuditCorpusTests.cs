using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>The corpus's shape (issue 9): at least 35 configurations, all seven stacks, a correct one on each.</summary>
public sealed class AuditCorpusTests
{
    [Fact]
    public void Corpus_has_at_least_35_configurations_across_7_stacks_each_with_a_correct_one()
    {
        Assert.True(Corpus.All.Count >= 35, $"{Corpus.All.Count} configurations");
        Assert.Equal(Enum.GetValues<CorpusStack>().Length, Corpus.All.Select(c => c.Stack).Distinct().Count());
        Assert.Equal(Corpus.All.Count, Corpus.All.Select(c => c.Name).Distinct().Count());
        foreach (var stack in Enum.GetValues<CorpusStack>())
        {
            Assert.Contains(Corpus.All, c => c.Stack == stack && c.Expected.All(k => k.SeverityFor(true) == Severity.Info));
        }
    }
}
