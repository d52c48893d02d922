using System.Buffers;
using System.Net;
using Signing.Checksums;
using Signing.Internal;

namespace Signing.Streaming;

/// <summary>How the chunks of an <see cref="AwsChunkedContent"/> are signed.</summary>
public enum ChunkedPayload
{
    /// <summary><c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c> (or <c>-TRAILER</c> with a trailer): every chunk and the trailer signed.</summary>
    SignedChunks = 0,

    /// <summary><c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>: plain chunks and an unsigned checksum trailer.</summary>
    UnsignedChunksWithTrailer = 1,
}

/// <summary>
/// A request body encoded as <c>aws-chunked</c> while it is sent, from pooled buffers: the source
/// is never buffered whole and nothing is allocated per chunk. With a known length it announces
/// <c>Content-Length</c> (the encoded length) and <c>x-amz-decoded-content-length</c>; with an
/// unknown one HttpClient sends it with <c>Transfer-Encoding: chunked</c>.
/// </summary>
/// <remarks>
/// Use: set it as the request's content, sign the request's headers with
/// <see cref="PayloadHash"/>, then give the seed to <see cref="Sign"/> before sending:
/// <code>
/// var content = new AwsChunkedContent(stream, stream.Length, trailer: ChecksumAlgorithm.Crc32C);
/// request.Content = content;
/// var seed = AwsSigningHandler.SignInPlace(request, signer, content.PayloadHash);
/// content.Sign(signer.CreateChunkSigner(seed.Signature, seed.Timestamp));
/// </code>
/// </remarks>
public sealed class AwsChunkedContent : HttpContent
{
    private readonly Stream _source;
    private readonly long? _decodedLength;
    private readonly int _chunkSize;
    private readonly ChecksumAlgorithm? _trailer;
    private readonly ChunkedPayload _mode;
    private ChunkSigner? _signer;

    /// <summary>Creates the content.</summary>
    /// <param name="source">The body; read once, from its current position.</param>
    /// <param name="decodedLength">The body's length when known (it must then be exact), else null.</param>
    /// <param name="chunkSize">The chunk size: at least 8 KiB; default 64 KiB.</param>
    /// <param name="trailer">A checksum sent as a trailer after the last chunk, or null.</param>
    /// <param name="mode">Signed chunks (default) or unsigned chunks with a trailer.</param>
    public AwsChunkedContent(Stream source, long? decodedLength, int chunkSize = AwsChunkedEncoding.DefaultChunkSize, ChecksumAlgorithm? trailer = null, ChunkedPayload mode = ChunkedPayload.SignedChunks)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (chunkSize < AwsChunkedEncoding.MinimumChunkSize)
        {
            ThrowHelper.OutOfRange(nameof(chunkSize), chunkSize, $"chunkSize {chunkSize} is out of range: S3 needs chunks of at least {AwsChunkedEncoding.MinimumChunkSize} bytes (8 KiB) but the last.");
        }

        if (decodedLength is < 0)
        {
            ThrowHelper.OutOfRange(nameof(decodedLength), decodedLength, $"decodedLength {decodedLength} is negative: pass the body's length, or null when unknown.");
        }

        if (mode == ChunkedPayload.UnsignedChunksWithTrailer && trailer is null)
        {
            ThrowHelper.Argument(nameof(trailer), "trailer is null: unsigned chunks need a checksum trailer (STREAMING-UNSIGNED-PAYLOAD-TRAILER); pass one such as ChecksumAlgorithm.Crc32C.");
        }

        _source = source;
        _decodedLength = decodedLength;
        _chunkSize = chunkSize;
        _trailer = trailer;
        _mode = mode;
        Headers.TryAddWithoutValidation("Content-Encoding", "aws-chunked");
        if (decodedLength is { } length)
        {
            Headers.TryAddWithoutValidation("x-amz-decoded-content-length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (trailer is { } t)
        {
            Headers.TryAddWithoutValidation("x-amz-trailer", PayloadChecksum.HeaderName(t));
        }
    }

    /// <summary>The payload hash to sign the headers with (the <c>x-amz-content-sha256</c> value).</summary>
    public string PayloadHash => _mode == ChunkedPayload.UnsignedChunksWithTrailer
        ? AwsChunkedEncoding.StreamingUnsignedPayloadTrailer
        : _trailer is null ? AwsChunkedEncoding.StreamingPayload : AwsChunkedEncoding.StreamingPayloadTrailer;

    /// <summary>The checksum trailer's value once the body has been sent, else null.</summary>
    public string? TrailerValue { get; private set; }

    /// <summary>Gives the chunk signer, created from the seed signature of the headers. Required for signed chunks.</summary>
    /// <param name="signer">The chunk signer.</param>
    public void Sign(ChunkSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        _signer = signer;
    }

    /// <inheritdoc/>
    protected override bool TryComputeLength(out long length)
    {
        if (_decodedLength is not { } decoded)
        {
            length = 0;
            return false;
        }

        bool signed = _mode == ChunkedPayload.SignedChunks;
        (string, int)[] trailers = _trailer is { } t ? [(PayloadChecksum.HeaderName(t), PayloadChecksum.Base64Length(t))] : [];
        length = AwsChunkedEncoding.EncodedLength(decoded, _chunkSize, signed, trailers, signedTrailer: signed && trailers.Length > 0);
        return true;
    }

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc/>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        bool signed = _mode == ChunkedPayload.SignedChunks;
        if (signed && _signer is null)
        {
            throw new InvalidOperationException("AwsChunkedContent has no chunk signer: call Sign(signer.CreateChunkSigner(seedSignature, timestamp)) after signing the request's headers.");
        }

        byte[] data = ArrayPool<byte>.Shared.Rent(_chunkSize);
        byte[] line = ArrayPool<byte>.Shared.Rent(256);
        using var checksum = _trailer is { } algorithm ? PayloadChecksum.Create(algorithm) : null;
        try
        {
            long total = 0;
            while (true)
            {
                int n = await _source.ReadAtLeastAsync(data.AsMemory(0, _chunkSize), _chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
                total += n;
                checksum?.Append(data.AsSpan(0, n));
                int headerLength = WriteChunkHeader(data.AsSpan(0, n), line, signed);
                await stream.WriteAsync(line.AsMemory(0, headerLength), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    break; // the final, empty chunk
                }

                await stream.WriteAsync(data.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                await stream.WriteAsync(Crlf, cancellationToken).ConfigureAwait(false);
                if (n < _chunkSize)
                {
                    // Short read at end of stream: the final chunk follows.
                    headerLength = WriteChunkHeader(default, line, signed);
                    await stream.WriteAsync(line.AsMemory(0, headerLength), cancellationToken).ConfigureAwait(false);
                    break;
                }
            }

            if (_decodedLength is { } expected && total != expected)
            {
                throw new InvalidOperationException($"The body had {total} bytes but decodedLength {expected} was announced: pass the exact length, or null when unknown.");
            }

            if (checksum is not null)
            {
                TrailerValue = checksum.GetBase64();
                string trailerLines = $"{PayloadChecksum.HeaderName(checksum.Algorithm)}:{TrailerValue}\r\n";
                if (signed)
                {
                    trailerLines += $"x-amz-trailer-signature:{_signer!.SignTrailer([new HttpHeader(PayloadChecksum.HeaderName(checksum.Algorithm), TrailerValue)])}\r\n";
                }

                await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(trailerLines), cancellationToken).ConfigureAwait(false);
            }

            await stream.WriteAsync(Crlf, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(data);
            ArrayPool<byte>.Shared.Return(line);
        }
    }

    private static ReadOnlyMemory<byte> Crlf { get; } = "\r\n"u8.ToArray();

    private int WriteChunkHeader(ReadOnlySpan<byte> chunk, byte[] line, bool signed)
    {
        Span<byte> signature = stackalloc byte[AwsChunkedEncoding.SignatureLength];
        if (signed)
        {
            _signer!.SignChunk(chunk, signature);
        }

        AwsChunkedEncoding.TryWriteChunkHeader(chunk.Length, signed ? signature : default, line, out int written);
        return written;
    }
}
