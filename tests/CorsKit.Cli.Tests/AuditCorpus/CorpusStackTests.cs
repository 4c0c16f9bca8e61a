namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>The per-stack fix-closure classes.</summary>
public static class CorpusStackTests
{
    public sealed class Nginx : StackCorpusTests<Nginx>, IStackCorpus
    {
        static CorpusStack IStackCorpus.Stack => CorpusStack.Nginx;
    }

    public sealed class Express : StackCorpusTests<Express>, IStackCorpus
    {
        static CorpusStack IStackCorpus.Stack => CorpusStack.Express;
    }

    public sealed class AspNetCore : StackCorpusTests<AspNetCore>, IStackCorpus
    {
        static CorpusStack IStackCorpus.Stack => CorpusStack.AspNetCore;
    }

    public sealed class Starlette : StackCorpusTests<Starlette>, IStackCorpus
    {
        static CorpusStack IStackCorpus.Stack => CorpusStack.Starlette;
    }

    public sealed class FlaskCors : StackCorpusTests<FlaskCors>, IStackCorpus
    {
        static CorpusStack IStackCorpus.Stack => CorpusStack.FlaskCors;
    }

    public sealed class DjangoCorsHeaders : StackCorpusTests<DjangoCorsHeaders>, IStackCorpus
    {
        static CorpusStack IStackCorpus.Stack => CorpusStack.DjangoCorsHeaders;
    }

    public sealed class GoRsCors : StackCorpusTests<GoRsCors>, IStackCorpus
    {
        static CorpusStack IStackCorpus.Stack => CorpusStack.GoRsCors;
    }
}
