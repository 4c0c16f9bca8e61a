using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using CorsKit.Cli.Http;

namespace CorsKit.Cli.Check;

/// <summary>
/// <c>corskit check --input FILE.jsonl</c>: one request a line in, one JSON result a line out, in input order, with at
/// most <c>concurrency</c> checks in flight. A bad line yields an input-error result for that line; the rest continue.
/// </summary>
internal static class CheckBatch
{
    /// <summary>Runs every line of <paramref name="input"/> and writes one JSON result a line to <paramref name="output"/>;
    /// returns the highest exit code among the results (0 when there are none).</summary>
    public static async Task<int> RunAsync(IAsyncEnumerable<string> input, TextWriter output, CheckSettings settings, int concurrency, CancellationToken cancellationToken = default)
    {
        var exit = await RunAsync(input, result => output.WriteLineAsync(CheckJson.Serialize(result, indented: false)), settings, concurrency, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return exit;
    }

    /// <summary>
    /// Runs every line of <paramref name="input"/>, handing each result to <paramref name="emit"/> in input order. The
    /// input is streamed: at most twice <paramref name="concurrency"/> lines are read ahead of the oldest unfinished
    /// check, so a list of any length (or a never-ending pipe) runs in bounded memory and results appear as they come.
    /// </summary>
    public static async Task<int> RunAsync(IAsyncEnumerable<string> input, Func<CheckResult, Task> emit, CheckSettings settings, int concurrency, CancellationToken cancellationToken = default)
    {
        using var owned = settings.Transport is null ? new HttpTransport(settings.Timeout, settings.Insecure, wire: CheckSettings.Wire(settings.Browser)) : null;
        var shared = settings with { Transport = settings.Transport ?? owned };
        var window = Math.Max(1, concurrency) * 2;
        using var gate = new SemaphoreSlim(Math.Max(1, concurrency));

        // The reader runs ahead of the writer by at most `window` checks; results are written as they finish, in order,
        // while later lines are still arriving.
        var queue = Channel.CreateBounded<Task<CheckResult>>(new BoundedChannelOptions(window) { SingleReader = true, SingleWriter = true });
        Exception? failure = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken); // ends the reader if writing fails
        var reader = Task.Run(async () =>
        {
            try
            {
                var number = 0;
                await foreach (var line in input.WithCancellation(stop.Token).ConfigureAwait(false))
                {
                    number++;
                    if (!string.IsNullOrWhiteSpace(line))
                    {
                        await queue.Writer.WriteAsync(RunLineAsync(line, number, shared, gate, cancellationToken), stop.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                // The writer below failed; its exception is the one reported.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                failure = ex; // reported after the results of the lines before it
            }
            finally
            {
                queue.Writer.Complete();
            }
        }, CancellationToken.None);

        var exit = 0;
        try
        {
            await foreach (var pending in queue.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var result = await pending.ConfigureAwait(false);
                await emit(result).ConfigureAwait(false);
                exit = Math.Max(exit, result.ExitCode);
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
        }

        await reader.ConfigureAwait(false);
        if (failure is not null)
        {
            ExceptionDispatchInfo.Throw(failure);
        }

        return exit;
    }

    private static async Task<CheckResult> RunLineAsync(string line, int number, CheckSettings settings, SemaphoreSlim gate, CancellationToken cancellationToken)
    {
        if (!CheckJson.TryReadRequest(line, out var request, out var error))
        {
            return CheckResult.InputError(CheckJson.Salvage(line), settings.Browser.Name, $"line {number}: {error}", number);
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await CheckRunner.RunAsync(request!, settings, cancellationToken).ConfigureAwait(false);
            if (result.Error?.Kind == CheckErrorKind.Input)
            {
                result = result with { Error = result.Error with { Message = $"line {number}: {result.Error.Message}" } };
            }

            return result with { Line = number };
        }
        finally
        {
            gate.Release();
        }
    }
}
