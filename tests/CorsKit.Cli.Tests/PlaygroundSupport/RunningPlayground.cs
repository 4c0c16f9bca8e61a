using System.Text.RegularExpressions;
using CorsKit.Cli;

namespace CorsKit.Cli.Tests.PlaygroundSupport;

/// <summary>
/// The real <c>corskit playground</c> command run in-process (<c>Cli.RunAsync</c>, as the installed tool runs it) on an
/// ephemeral loopback port, stopped as Ctrl+C stops it. Shared by CorsKit.Cli.Tests and CorsKit.BrowserTests.
/// </summary>
internal sealed partial class RunningPlayground : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<int> _run;
    private readonly StringWriter _output;
    private readonly StringWriter _error;

    private RunningPlayground(CancellationTokenSource stop, Task<int> run, StringWriter output, StringWriter error, Uri address)
    {
        _stop = stop;
        _run = run;
        _output = output;
        _error = error;
        Address = address;
    }

    /// <summary>The page, <c>http://127.0.0.1:P1/</c>, as the command printed it.</summary>
    public Uri Address { get; }

    /// <summary>The page's origin.</summary>
    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    /// <summary>What the command printed so far.</summary>
    public string Output => _output.ToString();

    /// <summary>Starts <c>corskit playground --listen 127.0.0.1:0</c> plus <paramref name="flags"/>; waits for its URL.</summary>
    public static async Task<RunningPlayground> StartAsync(params string[] flags)
    {
        var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var error = new StringWriter();
        string[] args = ["playground", "--listen", "127.0.0.1:0", .. flags];
        var run = Task.Run(() => Cli.RunAsync(args, TextWriter.Synchronized(output), TextWriter.Synchronized(error), stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (UrlLine().Match(output.ToString()) is { Success: true } match)
            {
                return new RunningPlayground(stop, run, output, error, new Uri(match.Groups[1].Value));
            }

            if (run.IsCompleted)
            {
                throw new InvalidOperationException($"corskit playground exited with {await run} before printing its URL: {error}");
            }

            await Task.Delay(50);
        }

        await stop.CancelAsync();
        throw new TimeoutException("corskit playground did not print its URL within 60 s.");
    }

    /// <summary>Stops it as Ctrl+C does; returns the exit code and what it wrote to standard error.</summary>
    public async Task<(int ExitCode, string Error)> StopAsync()
    {
        await _stop.CancelAsync();
        var code = await _run.WaitAsync(TimeSpan.FromSeconds(30));
        return (code, _error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }

        _stop.Dispose();
    }

    [GeneratedRegex(@"^corskit playground: (http://\S+)$", RegexOptions.Multiline)]
    private static partial Regex UrlLine();
}
