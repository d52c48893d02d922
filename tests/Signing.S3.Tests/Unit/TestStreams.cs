namespace Signing.S3.Tests.Unit;

/// <summary>The read-only, non-seekable Stream boilerplate the test streams share; each overrides only how it reads.</summary>
public abstract class ReadOnlyTestStream : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("each test stream says how it reads");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>A non-seekable stream that hands out at most 64 KiB per read, like a pipe; optionally it breaks after <c>failAfter</c> bytes.</summary>
public sealed class PipeStream(byte[] data, int failAfter = int.MaxValue) : ReadOnlyTestStream
{
    private int _at;

    /// <summary>How far it has been read (a pipe cannot be positioned).</summary>
    public override long Position { get => _at; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_at >= failAfter)
        {
            throw new IOException("pipe broke");
        }

        int n = Math.Min(Math.Min(count, 64 * 1024), Math.Min(data.Length, failAfter) - _at);
        Array.Copy(data, _at, buffer, offset, n);
        _at += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        byte[] scratch = new byte[buffer.Length];
        int n = Read(scratch, 0, scratch.Length);
        scratch.AsMemory(0, n).CopyTo(buffer);
        return ValueTask.FromResult(n);
    }
}

/// <summary>Sends a prefix, then nothing until the reader's token is cancelled (a stalled server).</summary>
public sealed class StallingStream(byte[] prefix) : ReadOnlyTestStream
{
    private int _at;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_at < prefix.Length)
        {
            int n = Math.Min(buffer.Length, prefix.Length - _at);
            prefix.AsMemory(_at, n).CopyTo(buffer);
            _at += n;
            return n;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
        return 0;
    }
}

/// <summary>One byte every <c>gap</c>, <c>total</c> bytes in all (a slow but live server).</summary>
public sealed class TrickleStream(int total, TimeSpan gap) : ReadOnlyTestStream
{
    private int _sent;

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_sent == total)
        {
            return 0;
        }

        await Task.Delay(gap, cancellationToken);
        buffer.Span[0] = (byte)'t';
        _sent++;
        return 1;
    }
}
