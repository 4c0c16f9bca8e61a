namespace CorsKit.Cli.Audit;

/// <summary>One defect of the matcher for one trusted origin.</summary>
internal readonly record struct Cause(string Base, OriginDefect Defect);

/// <summary>
/// Decides which matcher defects the passing probes prove (issue 9 item 1). A defect is proven by a passing probe
/// that no combination of the other defects explains. First every passing probe proves the defects it NEEDS (without
/// which no combination of all other defects, of every trusted origin, accepts it): sound whatever else is present.
/// Then, in a fixed order of probe classes, a passing probe that the proven defects do not explain proves the defect it
/// was designed for. Every passing probe ends up explained by a minimal set of proven defects, which is what the
/// findings show as evidence.
/// </summary>
internal sealed class DefectInference
{
    private readonly IReadOnlyList<MatcherModel> _models;
    private readonly List<Cause> _all;

    public DefectInference(IReadOnlyList<MatcherModel> models)
    {
        _models = models;
        _all = models.SelectMany(m => Enum.GetValues<OriginDefect>()
                .Where(d => d is not (OriginDefect.None or OriginDefect.All) && m.Applicable.HasFlag(d))
                .Select(d => new Cause(m.Trusted, d)))
            .ToList();
    }

    /// <summary>The proven causes, each with the probe that proved it, in the order they were proven.</summary>
    public IReadOnlyList<(Cause Cause, ProbeResult Proof)> Infer(IReadOnlyList<ProbeResult> passing)
    {
        var proven = new List<(Cause Cause, ProbeResult Proof)>();
        var set = new HashSet<Cause>();
        void Prove(Cause cause, ProbeResult proof)
        {
            if (set.Add(cause))
            {
                proven.Add((cause, proof));
            }
        }

        foreach (var probe in passing)
        {
            if (!Explains(probe.Probe.Origin, _all))
            {
                continue;
            }

            foreach (var cause in _all.Where(c => !Explains(probe.Probe.Origin, _all.Where(o => o != c))))
            {
                Prove(cause, probe);
            }
        }

        foreach (var probe in passing.OrderBy(p => Array.IndexOf(ProbePlanner.Order, p.Probe.Kind)))
        {
            if (Explains(probe.Probe.Origin, set))
            {
                continue;
            }

            Cause? designed = probe.Probe.Base is { } b && ProbePlanner.DesignedFor(probe.Probe.Kind) is { } d && d != OriginDefect.None
                && _all.Contains(new Cause(b, d)) ? new Cause(b, d) : null;
            if (designed is { } own && Explains(probe.Probe.Origin, set.Append(own)))
            {
                Prove(own, probe);
                continue;
            }

            // The designed defect alone does not explain it: the smallest set of further defects that does.
            var single = _all.Where(c => !set.Contains(c)).Cast<Cause?>().FirstOrDefault(c => Explains(probe.Probe.Origin, set.Append(c!.Value)));
            if (single is { } one)
            {
                Prove(one, probe);
                continue;
            }

            var pair = _all.Where(c => !set.Contains(c))
                .SelectMany((a, i) => _all.Where(c => !set.Contains(c)).Skip(i + 1).Select(c => (a, c)))
                .Cast<(Cause, Cause)?>()
                .FirstOrDefault(x => Explains(probe.Probe.Origin, set.Append(x!.Value.Item1).Append(x.Value.Item2)));
            if (pair is { } two)
            {
                Prove(two.Item1, probe);
                Prove(two.Item2, probe);
            }
            else if (designed is { } fallback)
            {
                // No combination of modelled defects accepts it (a matcher outside the model): it still passed, so
                // it counts for the class it was designed to detect.
                Prove(fallback, probe);
            }
        }

        return proven;
    }

    /// <summary>A minimal subset of <paramref name="proven"/> that accepts <paramref name="origin"/> (empty when
    /// none does).</summary>
    public IReadOnlyList<Cause> Explanation(string origin, IReadOnlyList<Cause> proven)
    {
        if (!Explains(origin, proven))
        {
            return [];
        }

        var needed = proven.ToList();
        foreach (var cause in proven.Reverse())
        {
            var without = needed.Where(c => c != cause).ToList();
            if (Explains(origin, without))
            {
                needed = without;
            }
        }

        return needed;
    }

    private bool Explains(string origin, IEnumerable<Cause> causes)
    {
        var list = causes as IReadOnlyCollection<Cause> ?? causes.ToList();
        return _models.Any(m => m.Accepts(origin, Mask(list, m.Trusted)));
    }

    private static OriginDefect Mask(IEnumerable<Cause> causes, string trusted)
    {
        var mask = OriginDefect.None;
        foreach (var cause in causes)
        {
            if (cause.Base == trusted)
            {
                mask |= cause.Defect;
            }
        }

        return mask;
    }
}
