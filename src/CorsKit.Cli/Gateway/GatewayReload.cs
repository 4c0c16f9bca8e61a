using System.Text;
using System.Threading.Channels;
using CorsKit.Cli.Output;

using CorsKit.Cli.Input;

namespace CorsKit.Cli.Gateway;

/// <summary>
/// Watches the gateway's config file and applies each saved change: a valid config replaces the running one
/// (<see cref="GatewayServer.Reload"/>), an invalid one is reported with every error and the running config stays.
/// Changes are debounced: an editor's save is often several events (truncate, write, rename), and only the settled
/// file is read. Identical text is not reloaded again.
/// </summary>
internal sealed class GatewayConfigWatcher : IDisposable
{
    /// <summary>How long the file must be quiet before it is read.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    private readonly string _path;
    private readonly string _name;
    private readonly GatewayServer _server;
    private readonly TextWriter _output;
    private readonly TextWriter _error;
    private readonly FileSystemWatcher _watcher;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private string _applied;

    public GatewayConfigWatcher(string path, string text, GatewayServer server, TextWriter output, TextWriter error)
    {
        _path = Path.GetFullPath(path);
        _name = Path.GetFileName(_path);
        _applied = text;
        _server = server;
        _output = output;
        _error = error;
        // The directory is watched, not the file: editors that save by writing a temporary file and renaming it over
        // the original replace the file the watcher would otherwise be attached to.
        _watcher = new FileSystemWatcher(Path.GetDirectoryName(_path)!, _name)
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.FileName | NotifyFilters.CreationTime,
        };
        _watcher.Changed += (_, _) => Signal();
        _watcher.Created += (_, _) => Signal();
        _watcher.Renamed += (_, _) => Signal();
        // A lost event (buffer overflow) is answered by a read: the text comparison makes a needless one harmless.
        _watcher.Error += (_, _) => Signal();
        _watcher.EnableRaisingEvents = true;
        _loop = Task.Run(LoopAsync);
        // A save between the start-up read and the watcher's start would otherwise wait for the next one.
        Signal();
    }

    private void Signal() => _signals.Writer.TryWrite(true);

    private async Task LoopAsync()
    {
        var reader = _signals.Reader;
        try
        {
            while (await reader.WaitToReadAsync(_stop.Token).ConfigureAwait(false))
            {
                reader.TryRead(out _);
                // Wait until no event has arrived for a whole debounce period.
                do
                {
                    await Task.Delay(Debounce, _stop.Token).ConfigureAwait(false);
                }
                while (reader.TryRead(out _));
                try
                {
                    Apply();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Whatever went wrong, the watcher must live on and the running config stay.
                    Write(_error, $"corskit gateway: reloading {_name} failed ({ex.Message.TrimEnd('.')}); the previous config stays in force.");
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            // Disposed: the gateway is stopping.
        }
    }

    private void Apply()
    {
        string text;
        try
        {
            text = BoundedFile.ReadAllText(_path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Mid-rename the file can be missing for a moment; the Created/Renamed event that follows reads it again.
            Write(_error, $"corskit gateway: cannot read {_name} ({ex.Message.TrimEnd('.')}); the previous config stays in force.");
            return;
        }
        if (text == _applied)
        {
            return;
        }
        _applied = text;
        var config = GatewayConfigReader.Read(text, out var errors);
        if (config is null)
        {
            Write(_error, GatewayConfigReader.ErrorBlock($"corskit gateway: {_name} has", errors, "; the previous config stays in force:"));
            return;
        }
        var running = _server.Config;
        var waiting = _server.Reload(config);
        foreach (var setting in waiting)
        {
            Write(_error, setting switch
            {
                RestartSetting.Listen => $"corskit gateway: listen changed to {config.Listen} in {_name}; restart to apply it (still listening on {_server.Address.GetLeftPart(UriPartial.Authority)}).",
                RestartSetting.ConnectTimeout => $"corskit gateway: connectTimeout changed to {GatewayTimeouts.Format(config.Timeouts.Connect)} s in {_name}; restart to apply it (still {GatewayTimeouts.Format(running.Timeouts.Connect)} s).",
                _ => $"corskit gateway: maxConnections, keepAliveTimeout or requestHeadersTimeout changed in {_name}; restart to apply them (still {Describe(running.Limits)}).",
            });
        }
        // After a "restart to apply it" line, a bare "reloaded" would contradict it: say what was applied.
        Write(_output, waiting.Count == 0
            ? $"corskit gateway: reloaded {_name}, {Output.Counted.Of(config.Routes.Count, "route")}"
            : $"corskit gateway: reloaded the routes and policies of {_name}, {Output.Counted.Of(config.Routes.Count, "route")}; the change named above waits for a restart");
    }

    /// <summary>"10000 connections, keep-alive 30 s, request headers 10 s".</summary>
    public static string Describe(GatewayLimits limits) =>
        $"{limits.MaxConnections} connections, keep-alive {GatewayTimeouts.Format(limits.KeepAlive)} s, request headers {GatewayTimeouts.Format(limits.RequestHeaders)} s";

    private static void Write(TextWriter writer, string text)
    {
        // Error lines quote the file's values: terminal-safe, line structure kept.
        writer.WriteLine(TerminalText.EscapeLines(text));
        writer.Flush();
    }

    public void Dispose()
    {
        _watcher.Dispose();
        _stop.Cancel();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // A reload that failed unexpectedly must not turn a clean stop into a crash.
        }
        _stop.Dispose();
    }
}
