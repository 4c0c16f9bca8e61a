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
    public static async Task<int> RunAsync(TextReader input, TextWriter output, CheckSettings settings, int concurrency, CancellationToken cancellationToken = default)
    {
        var exit = await RunAsync(input, result => output.WriteLineAsync(CheckJson.Serialize(result, indented: false)), settings, concurrency, cancellationToken).ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return exit;
    }

    /// <summary>Runs every line of <paramref name="input"/>, handing each result to <paramref name="emit"/> in input order.</summary>
    public static async Task<int> RunAsync(TextReader input, Func<CheckResult, Task> emit, CheckSettings settings, int concurrency, CancellationToken cancellationToken = default)
    {
        using var owned = settings.Transport is null ? new HttpTransport(settings.Timeout, settings.Insecure, wire: CheckSettings.Wire(settings.Browser)) : null;
        var shared = settings with { Transport = settings.Transport ?? owned };
        using var gate = new SemaphoreSlim(Math.Max(1, concurrency));

        var pending = new List<Task<CheckResult>>();
        var number = 0;
        while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            pending.Add(RunLineAsync(line, number, shared, gate, cancellationToken));
        }

        // Results are written in input order as soon as each one and all before it are done.
        var exit = 0;
        foreach (var task in pending)
        {
            var result = await task.ConfigureAwait(false);
            await emit(result).ConfigureAwait(false);
            exit = Math.Max(exit, result.ExitCode);
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
