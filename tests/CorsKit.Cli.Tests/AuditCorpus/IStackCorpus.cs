namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>A per-stack corpus test class names its stack.</summary>
public interface IStackCorpus
{
    internal static abstract CorpusStack Stack { get; }
}
