using System.Net;

namespace Signing.S3.Internal;

/// <summary>
/// A request body whose writes to the connection are watched by an <see cref="AttemptScope"/>: each
/// write of at most <see cref="Slice"/> bytes must finish within the idle limit, or the attempt is
/// cancelled (a server that stopped reading). Headers are taken over from the wrapped content.
/// </summary>
internal sealed class WatchedContent : HttpContent
{
    /// <summary>Writes are cut to this size so one big in-memory body is still watched as it goes.</summary>
    public const int Slice = 64 * 1024;

    private readonly HttpContent _inner;
    private readonly AttemptScope _scope;

    public WatchedContent(HttpContent inner, AttemptScope scope)
    {
        _inner = inner;
        _scope = scope;
        foreach (var h in inner.Headers.NonValidated)
        {
            Headers.TryAddWithoutValidation(h.Key, h.Value);
        }

        Headers.ContentLength = inner.Headers.ContentLength;
    }

    /// <summary>Writes <paramref name="buffer"/> in slices of at most <see cref="Slice"/> bytes, each under <paramref name="scope"/>'s idle watch (none without a scope).</summary>
    public static async ValueTask WriteWatchedAsync(Stream destination, ReadOnlyMemory<byte> buffer, AttemptScope? scope, CancellationToken cancellationToken)
    {
        if (scope is null)
        {
            await destination.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            return;
        }

        while (!buffer.IsEmpty)
        {
            var slice = buffer.Length > Slice ? buffer[..Slice] : buffer;
            scope.Expect("sending the request body");
            await destination.WriteAsync(slice, cancellationToken).ConfigureAwait(false);
            scope.Rest();
            buffer = buffer[slice.Length..];
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    // Each write rests the idle clock once done; a failed write leaves it running, so the scope can tell an idle stall.
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken) =>
        _inner.CopyToAsync(new WriteStream(stream, _scope), cancellationToken);

    protected override bool TryComputeLength(out long length)
    {
        length = Headers.ContentLength ?? 0;
        return Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Forwards writes in slices, each under the idle watch.</summary>
    private sealed class WriteStream(Stream inner, AttemptScope scope) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            WriteWatchedAsync(inner, buffer, scope, cancellationToken);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override async Task FlushAsync(CancellationToken cancellationToken)
        {
            scope.Expect("sending the request body");
            await inner.FlushAsync(cancellationToken).ConfigureAwait(false);
            scope.Rest();
        }

        public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}

/// <summary>
/// A response body read under an <see cref="AttemptScope"/>'s idle watch, counting what it reads:
/// a body that ends before <c>expectedLength</c> bytes (or runs past it) is an
/// <see cref="IOException"/>, a read that waits longer than the idle limit a
/// <see cref="TimeoutException"/>. Disposing it disposes the scope when it owns it.
/// </summary>
internal sealed class WatchedReadStream(Stream inner, AttemptScope scope, long? expectedLength, S3Request request, bool ownsScope) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => expectedLength ?? throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        int n;
        var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.UnsafeRegister(static s => ((AttemptScope)s!).CancelQuietly(), scope)
            : default;
        try
        {
            scope.Expect("reading the response body");
            n = await inner.ReadAsync(buffer, scope.Token).ConfigureAwait(false);
            scope.Rest();
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && scope.IdleExpired)
        {
            throw new TimeoutException($"{request.Describe()}: no byte arrived for {AttemptScope.Seconds(scope.IdleTimeout)} while reading the response body after {_read} byte(s) (IdleTimeout)", e);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            await registration.DisposeAsync().ConfigureAwait(false);
        }

        _read += n;
        if (expectedLength is long expected && (_read > expected || (n == 0 && _read < expected)))
        {
            throw new IOException($"{request.Describe()}: the response body {(n == 0 ? "ended" : "ran on")} after {_read} of the {expected} byte(s) announced.");
        }

        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
            if (ownsScope)
            {
                scope.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
