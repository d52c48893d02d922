using System.Net;

namespace Signing.Cli;

/// <summary>
/// A request body that reports the bytes it writes (to a <see cref="ProgressBar"/> for
/// <c>sigv curl -T FILE --progress-bar</c>, to the --speed-limit check). It wraps the real content,
/// which still does the writing (a plain stream or <c>aws-chunked</c>), and carries the same headers.
/// </summary>
internal sealed class ProgressContent : HttpContent
{
    private readonly HttpContent _inner;
    private readonly Action<long> _written;

    public ProgressContent(HttpContent inner, Action<long> written)
    {
        _inner = inner;
        _written = written;
        foreach (var h in inner.Headers.NonValidated)
        {
            foreach (string value in h.Value)
            {
                Headers.TryAddWithoutValidation(h.Key, value);
            }
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var counting = new CountingStream(stream, _written);
        await _inner.CopyToAsync(counting, cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _inner.Headers.ContentLength ?? 0;
        return _inner.Headers.ContentLength is not null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A write-through stream that reports what passes.</summary>
    private sealed class CountingStream(Stream inner, Action<long> written) : ForwardStream
    {
        public override bool CanRead => false;

        public override bool CanWrite => true;

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            written(buffer.Length);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            written(buffer.Length);
        }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
