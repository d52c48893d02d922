namespace Signing.Cli;

/// <summary>
/// A read-only view of a stream (standard input) whose reads end when their cancellation token
/// does, even while the inner read still waits for data: a pipe kept open must not hold up a
/// SIGTERM or Ctrl+C. An abandoned read is left to finish on its own; the stream is not read again.
/// </summary>
internal sealed class CancellableReadStream(Stream inner) : ForwardStream
{
    public override bool CanRead => true;

    public override bool CanWrite => false;

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!cancellationToken.CanBeCanceled)
        {
            return await inner.ReadAsync(buffer, CancellationToken.None).ConfigureAwait(false);
        }

        // The inner read gets no token: console and pipe streams may ignore it and block anyway.
        return await inner.ReadAsync(buffer, CancellationToken.None).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Flush()
    {
    }

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}

/// <summary>A stream that only goes forward: no length, position or seeking.</summary>
internal abstract class ForwardStream : Stream
{
    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
