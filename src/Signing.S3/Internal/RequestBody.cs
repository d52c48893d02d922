using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Signing.S3.Internal;

/// <summary>
/// A request body that can be opened afresh for every attempt: bytes, a window of a seekable
/// stream, or a window of a file. Its SHA-256 (and MD5 when asked) is computed once and kept.
/// </summary>
internal sealed class RequestBody
{
    private readonly Func<Stream>? _open;
    private readonly ReadOnlyMemory<byte> _bytes;
    private Payload? _sha256;
    private string? _md5Base64;

    private RequestBody(Func<Stream> open, long length)
    {
        _open = open;
        Length = length;
    }

    private RequestBody(ReadOnlyMemory<byte> bytes)
    {
        _bytes = bytes;
        Length = bytes.Length;
    }

    /// <summary>The body's length in bytes.</summary>
    public long Length { get; }

    /// <summary>The Content-Type to send, if any.</summary>
    public string? ContentType { get; init; }

    public static RequestBody FromBytes(ReadOnlyMemory<byte> bytes, string? contentType = null) =>
        new(bytes) { ContentType = contentType };

    /// <summary>
    /// The rest of <paramref name="stream"/> from its current position. A seekable stream is read in
    /// place (and again on a retry); a non-seekable one is copied into memory first.
    /// </summary>
    public static async Task<RequestBody> FromStreamAsync(Stream stream, string? contentType, CancellationToken cancellationToken)
    {
        if (stream.CanSeek)
        {
            long start = stream.Position;
            long length = stream.Length - start;
            return new RequestBody(() => new SubStream(stream, start, length, leaveOpen: true), length) { ContentType = contentType };
        }

        var copy = new MemoryStream();
        await stream.CopyToAsync(copy, cancellationToken).ConfigureAwait(false);
        return FromBytes(copy.GetBuffer().AsMemory(0, (int)copy.Length), contentType);
    }

    /// <summary>A window of a seekable stream (a multipart part).</summary>
    public static RequestBody FromSegment(Stream stream, long offset, long length) =>
        new(() => new SubStream(stream, offset, length, leaveOpen: true), length);

    /// <summary>A window of a file, opened for each attempt (parts upload in parallel, each with its own handle).</summary>
    public static RequestBody FromFile(string path, long offset, long length, string? contentType = null) =>
        new(() => new SubStream(new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.Asynchronous, BufferSize = 0 }), offset, length, leaveOpen: false), length) { ContentType = contentType };

    /// <summary>Opens the body positioned at its start; the caller disposes it.</summary>
    public Stream Open() => _open?.Invoke()
        ?? (MemoryMarshal.TryGetArray(_bytes, out var array)
            ? new MemoryStream(array.Array!, array.Offset, array.Count, writable: false)
            : new MemoryStream(_bytes.ToArray(), writable: false)); // memory of a MemoryManager: copied

    /// <summary>
    /// A fresh content for one attempt, with Content-Length (and Content-Type) set; with a
    /// <paramref name="scope"/>, every write to the connection is under its idle watch.
    /// </summary>
    public HttpContent CreateContent(AttemptScope? scope = null) => new BodyContent(this, scope);

    /// <summary>The body's SHA-256 as the payload to sign, computed on first use and kept for every attempt.</summary>
    public async ValueTask<Payload> Sha256PayloadAsync(CancellationToken cancellationToken)
    {
        if (_sha256 is null && _open is null)
        {
            _sha256 = Payload.Sha256Of(_bytes.Span); // in memory: one pass through the engine's reused SHA-256
        }

        if (_sha256 is null)
        {
            await HashAsync(md5: false, cancellationToken).ConfigureAwait(false);
        }

        return _sha256!;
    }

    /// <summary>Base64 MD5 of the body (the Content-MD5 value), computed on first use.</summary>
    public async ValueTask<string> Md5Base64Async(CancellationToken cancellationToken)
    {
        if (_md5Base64 is null)
        {
            await HashAsync(md5: true, cancellationToken).ConfigureAwait(false);
        }

        return _md5Base64!;
    }

    /// <summary>The base64 <c>x-amz-checksum-*</c> value of the body.</summary>
    public async ValueTask<string> ChecksumAsync(Signing.Checksums.ChecksumAlgorithm algorithm, CancellationToken cancellationToken)
    {
        using var checksum = Signing.Checksums.PayloadChecksum.Create(algorithm);
        await ReadIntoAsync(null, null, checksum, cancellationToken).ConfigureAwait(false);
        return checksum.GetBase64();
    }

    /// <summary>One pass over the body for SHA-256 and, when asked, MD5.</summary>
    private async Task HashAsync(bool md5, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Content-MD5 is S3's integrity header; MD5 is what the protocol defines, not a security choice.
#pragma warning disable CA5351
        using var md = md5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
#pragma warning restore CA5351
        await ReadIntoAsync(sha, md, null, cancellationToken).ConfigureAwait(false);
        _sha256 = Payload.Sha256(Convert.ToHexString(sha.GetHashAndReset()));
        if (md is not null)
        {
            _md5Base64 = Convert.ToBase64String(md.GetHashAndReset());
        }
    }

    /// <summary>Reads the body once through a pooled buffer into each hash given.</summary>
    private async Task ReadIntoAsync(IncrementalHash? sha, IncrementalHash? md5, Signing.Checksums.PayloadChecksum? checksum, CancellationToken cancellationToken)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            using var stream = Open();
            int n;
            while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                sha?.AppendData(buffer, 0, n);
                md5?.AppendData(buffer, 0, n);
                checksum?.Append(buffer.AsSpan(0, n));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// The body on the wire: bytes in memory written as they are, a stream or file copied through a
    /// pooled buffer; Content-Type sent verbatim, as other S3 clients do (S3 stores any value; it
    /// was checked for controls where it entered, see HeaderCheck).
    /// </summary>
    private sealed class BodyContent : HttpContent
    {
        private readonly RequestBody _body;
        private readonly AttemptScope? _scope;

        public BodyContent(RequestBody body, AttemptScope? scope)
        {
            _body = body;
            _scope = scope;
            Headers.ContentLength = body.Length;
            if (body.ContentType is not null)
            {
                Headers.TryAddWithoutValidation("Content-Type", body.ContentType);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken cancellationToken)
        {
            if (_body._open is null)
            {
                await WatchedContent.WriteWatchedAsync(stream, _body._bytes, _scope, cancellationToken).ConfigureAwait(false);
                return;
            }

            using var source = _body.Open();
            byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int n;
                while ((n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    await WatchedContent.WriteWatchedAsync(stream, buffer.AsMemory(0, n), _scope, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }

        /// <summary>The body opened afresh, not buffered: what an aws-chunked encoding reads (HttpContent disposes it).</summary>
        protected override Task<Stream> CreateContentReadStreamAsync() => Task.FromResult(_body.Open());
    }
}
