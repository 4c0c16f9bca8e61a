using System.Text;
using CorsKit.Cli.Audit;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// Issue 9's fix-closure property for one corpus configuration: the first audit reports exactly the findings the
/// library's matching implies (recall and precision 1.0); applying the fix of each reported finding alone and re-running
/// reports no id the first run did not; applying all of them reports nothing above info and still lets the trusted
/// origin in. The per-stack test classes run it (one class per stack, so xunit runs the stacks in parallel).
/// </summary>
internal static class FixClosure
{
    public static async Task AssertAsync(string name)
    {
        var config = Corpus.Get(name);
        var problems = new StringBuilder();
        var first = await CorpusAudit.RunAsync(config);
        var reported = first.Kinds;
        var expected = config.Expected.ToHashSet();
        if (!reported.SetEquals(expected))
        {
            problems.AppendLine($"first audit of {name} ({config.Written}):");
            problems.AppendLine($"  expected: [{Ids(expected)}]");
            problems.AppendLine($"  reported: [{Ids(reported)}]");
            problems.AppendLine($"  missing:  [{Ids(expected.Except(reported))}]   (derived from {config.Cites})");
            problems.AppendLine($"  extra:    [{Ids(reported.Except(expected))}]");
            foreach (var (kind, severity, detail) in first.Findings)
            {
                problems.AppendLine($"    {kind.Id} ({severity}): {detail}");
            }
        }

        // Each reported finding's fix alone: no id the first run did not report. (With one finding, "alone" is "all".)
        if (reported.Count > 1)
        {
            foreach (var kind in reported)
            {
                var fixedOne = CorpusFixes.Apply(config, kind);
                var rerun = await CorpusAudit.RunAsync(fixedOne);
                var added = rerun.Kinds.Except(reported).ToList();
                if (added.Count > 0)
                {
                    problems.AppendLine($"after fixing only {kind.Id}: new ids [{Ids(added)}]; {Describe(rerun, added)}");
                }
            }
        }

        // Every reported finding's fix together: nothing above info, nothing new, the front end still allowed.
        var allFixed = CorpusFixes.ApplyAll(config, reported);
        var closed = await CorpusAudit.RunAsync(allFixed);
        var above = closed.Findings.Where(f => f.Severity != "info").Select(f => f.Kind).ToList();
        if (above.Count > 0)
        {
            problems.AppendLine($"after fixing all of [{Ids(reported)}]: still above info [{Ids(above)}]; {Describe(closed, above)}");
        }

        var newIds = closed.Kinds.Except(reported).ToList();
        if (newIds.Count > 0)
        {
            problems.AppendLine($"after fixing all: new ids [{Ids(newIds)}]; {Describe(closed, newIds)}");
        }

        if (!closed.Trusted)
        {
            problems.AppendLine($"after fixing all: the trusted origin {Corpus.Trusted} no longer passes (corpus fix error)");
        }

        Assert.True(problems.Length == 0, problems.ToString());
    }

    private static string Ids(IEnumerable<FindingKind> kinds) => string.Join(", ", kinds.Select(k => k.Id).Order(StringComparer.Ordinal));

    private static string Describe(CorpusAudit audit, IEnumerable<FindingKind> kinds)
        => string.Join("; ", audit.Findings.Where(f => kinds.Contains(f.Kind)).Select(f => $"{f.Kind.Id}: {f.Detail}"));
}
