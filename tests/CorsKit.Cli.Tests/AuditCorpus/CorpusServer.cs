namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>A running corpus configuration: the URLs to audit and what to stop afterwards.</summary>
internal sealed class CorpusServer(Uri baseAddress, IReadOnlyList<IAsyncDisposable> parts, string? workDirectory) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = baseAddress;

    public Uri Data => new(BaseAddress, "/api/data");

    public Uri Boom => new(BaseAddress, "/api/boom");

    /// <summary>The server's recent output, for failure messages.</summary>
    public string Output => string.Join('\n', parts.OfType<CorpusProcess>().Select(p => p.Output));

    public async ValueTask DisposeAsync()
    {
        foreach (var part in parts.Reverse())
        {
            await part.DisposeAsync();
        }

        if (workDirectory is not null)
        {
            try
            {
                Directory.Delete(workDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open: the temp directory is cleaned by the OS.
            }
        }
    }
}
