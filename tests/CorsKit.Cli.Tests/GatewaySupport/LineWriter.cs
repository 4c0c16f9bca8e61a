using System.Text;

namespace CorsKit.Cli.Tests.GatewaySupport;

/// <summary>A thread-safe writer whose text can be read while a server is still writing to it.</summary>
internal sealed class LineWriter : TextWriter
{
    private readonly StringBuilder _text = new();
    private readonly Lock _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            _text.Append(value);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return _text.ToString();
        }
    }

    /// <summary>Waits (bounded) until a complete line starting with <paramref name="prefix"/> has been written.</summary>
    public async Task<string> WaitForLineAsync(string prefix)
    {
        for (var i = 0; i < 600; i++)
        {
            var line = ToString().Split('\n').SkipLast(1).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
            if (line is not null)
            {
                return line.TrimEnd('\r');
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"no line starting with '{prefix}' in: {ToString()}");
    }
}
