namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>
/// Fix closure (<see cref="FixClosure"/>) on each configuration of one stack. One test class per stack
/// (<see cref="CorpusStackTests"/>) so that xunit runs the stacks in parallel.
/// </summary>
/// <typeparam name="TSelf">The per-stack class, which names its stack.</typeparam>
public abstract class StackCorpusTests<TSelf>
    where TSelf : IStackCorpus
{
    public static TheoryData<string> Configurations() => Corpus.Names(c => c.Stack == TSelf.Stack);

    [Theory]
    [MemberData(nameof(Configurations))]
    public Task Fix_closure(string name) => FixClosure.AssertAsync(name);
}
