namespace Signing.S3.Internal;

/// <summary>
/// A read-only, seekable window of <c>length</c> bytes from <c>offset</c> in a seekable stream, so a
/// request body can be read again on every attempt without disposing or copying the source.
/// </summary>
internal sealed class SubStream : Stream
{
    private readonly Stream _inner;
    private readonly long _offset;
    private readonly long _length;
    private readonly bool _leaveOpen;
    private long _position;

    public SubStream(Stream inner, long offset, long length, bool leaveOpen)
    {
        _inner = inner;
        _offset = offset;
        _length = length;
        _leaveOpen = leaveOpen;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int want = Window(buffer.Length);
        int n = want == 0 ? 0 : _inner.Read(buffer[..want]);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int want = Window(buffer.Length);
        int n = want == 0 ? 0 : await _inner.ReadAsync(buffer[..want], cancellationToken).ConfigureAwait(false);
        _position += n;
        return n;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    /// <summary>How many of <paramref name="count"/> bytes the window still has; when some, the inner stream is put at them.</summary>
    private int Window(int count)
    {
        int want = (int)Math.Clamp(_length - _position, 0, count);
        if (want > 0)
        {
            _inner.Position = _offset + _position;
        }

        return want;
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_leaveOpen)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
