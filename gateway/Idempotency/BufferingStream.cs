namespace NgheAn.Gateway.Idempotency;

/// <summary>
/// Holds a response back, up to a limit, so its idempotency record is stored before the client sees
/// it: a retry sent the moment the answer arrives finds the record done and is replayed, never
/// refused as in flight. A larger response goes out as it comes (and is not kept).
/// </summary>
internal sealed class BufferingStream(Stream inner, int limit) : Stream
{
    private readonly MemoryStream _buffer = new();

    public bool Overflowed { get; private set; }

    /// <summary>The whole response body, while it has not overflowed.</summary>
    public byte[] Buffered => _buffer.ToArray();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    // While buffering, a flush (YARP flushes every write of an HTTP/2 response) must not reach the client.
    public override void Flush()
    {
        if (Overflowed)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Overflowed ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) =>
        WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!Overflowed && _buffer.Length + buffer.Length > limit)
        {
            Overflowed = true;
            await SendAsync(cancellationToken);
        }

        if (Overflowed)
        {
            await inner.WriteAsync(buffer, cancellationToken);
            return;
        }

        _buffer.Write(buffer.Span);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Passes what is held on to the client (nothing when empty: writing nothing would still start the response).</summary>
    public async Task SendAsync(CancellationToken cancellationToken)
    {
        if (_buffer.Length > 0)
        {
            await inner.WriteAsync(_buffer.GetBuffer().AsMemory(0, (int)_buffer.Length), cancellationToken);
            _buffer.SetLength(0);
        }
    }
}
