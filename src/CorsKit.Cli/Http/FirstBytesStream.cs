namespace CorsKit.Cli.Http;

/// <summary>
/// Passes a connection through unchanged and keeps the first bytes the server sent, so that a failed TLS handshake
/// can tell a plain-HTTP server (it answers a ClientHello with <c>HTTP/1.1 400 …</c>) from a certificate problem.
/// </summary>
internal sealed class FirstBytesStream(Stream inner) : Stream
{
    private readonly byte[] _first = new byte[8];
    private int _kept;

    /// <summary>True when the server's first bytes were an HTTP/1.x status line rather than a TLS record.</summary>
    public bool SawPlainHttp => _kept >= 5 && _first.AsSpan(0, 5).SequenceEqual("HTTP/"u8);

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Keep(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Keep(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    public override async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }

    private int Keep(ReadOnlySpan<byte> read)
    {
        var take = Math.Min(read.Length, _first.Length - _kept);
        read[..take].CopyTo(_first.AsSpan(_kept));
        _kept += take;
        return read.Length;
    }
}
