using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CorsKit.Cli.Tests.AuditCorpus;

/// <summary>A server process the corpus started: its output is kept for failure messages, and disposing it kills it
/// (by its own id, with its children).</summary>
internal sealed class CorpusProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private CorpusProcess(Process process) => _process = process;

    public string Output => string.Join('\n', _output.TakeLast(40));

    /// <summary>Starts <paramref name="file"/> and waits until it accepts connections on <paramref name="port"/>.</summary>
    /// <param name="missing">What to tell the user when the program is not installed.</param>
    public static async Task<CorpusProcess> StartAsync(string file, IEnumerable<string> args, int port, string missing,
        string? workingDirectory = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException($"{file} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException($"{file} cannot be run ({ex.Message}): {missing}", ex);
        }

        var started = new CorpusProcess(process);
        process.OutputDataReceived += (_, e) => started.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => started.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await started.WaitForPortAsync(file, port);
        return started;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200)
        {
            _output.TryDequeue(out _);
        }
    }

    private async Task WaitForPortAsync(string file, int port)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{file} exited with {_process.ExitCode} before listening on {port}:\n{Output}");
            }

            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        await DisposeAsync();
        throw new TimeoutException($"{file} did not listen on {port} within 30 s:\n{Output}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
