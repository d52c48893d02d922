using System.Buffers;
using System.Net;
using Signing.Checksums;
using Signing.Internal;

namespace Signing.Streaming;

/// <summary>
/// A request body encoded as <c>aws-chunked</c> while it is sent, from pooled buffers: the source
/// is never buffered whole and nothing is allocated per chunk. With a known length it announces
/// <c>Content-Length</c> (the encoded length) and <c>x-amz-decoded-content-length</c>; with an
/// unknown one HttpClient sends it with <c>Transfer-Encoding: chunked</c>.
/// </summary>
/// <remarks>Made by <see cref="HttpRequestSigner"/> for a streaming <see cref="Payload"/>, which also arms its chunk signer.</remarks>
internal sealed class AwsChunkedContent : HttpContent
{
    private readonly Stream? _source;
    private readonly HttpContent? _inner;
    private readonly long? _decodedLength;
    private readonly int _chunkSize;
    private readonly ChecksumAlgorithm? _trailer;
    private readonly bool _signed;
    private readonly int _signatureLength;
    private IChunkSigner? _signer;

    /// <summary>Encodes <paramref name="source"/>.</summary>
    /// <param name="source">The body; read once, from its current position.</param>
    /// <param name="decodedLength">The body's length when known (it must then be exact), else null.</param>
    /// <param name="payload">A streaming payload: chunk size, trailer, signed or not.</param>
    /// <param name="signatureLength">The width of a chunk signature: 64 (SigV4), 144 (SigV4a).</param>
    internal AwsChunkedContent(Stream source, long? decodedLength, Payload payload, int signatureLength = AwsChunkedEncoding.SignatureLength)
        : this(decodedLength, payload, signatureLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
    }

    /// <summary>
    /// Encodes the body of <paramref name="inner"/> (read through <see cref="HttpContent.ReadAsStreamAsync(CancellationToken)"/>
    /// when sent) and takes over its headers but <c>Content-Length</c>; its <c>Content-Encoding</c>
    /// values follow <c>aws-chunked</c>.
    /// </summary>
    internal AwsChunkedContent(HttpContent inner, long? decodedLength, Payload payload, int signatureLength = AwsChunkedEncoding.SignatureLength)
        : this(decodedLength, payload, signatureLength)
    {
        _inner = inner;
        foreach (var h in inner.Headers.NonValidated)
        {
            if (string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (string value in h.Value)
            {
                Headers.TryAddWithoutValidation(h.Key, value);
            }
        }
    }

    private AwsChunkedContent(long? decodedLength, Payload payload, int signatureLength)
    {
        if (!payload.IsStreaming)
        {
            ThrowHelper.Argument(nameof(payload), $"payload {payload.Kind} is not a streaming payload: pass Payload.Streaming() or Payload.StreamingUnsigned(trailer).");
        }

        if (decodedLength is < 0)
        {
            ThrowHelper.OutOfRange(nameof(decodedLength), decodedLength, $"decodedLength {decodedLength} is negative: pass the body's length, or null when unknown.");
        }

        _decodedLength = decodedLength;
        _chunkSize = payload.ChunkSize;
        _trailer = payload.Trailer;
        _signed = payload.Kind == PayloadKind.StreamingSigned;
        _signatureLength = signatureLength;
        PayloadHash = payload.Hash!;
        Headers.TryAddWithoutValidation("Content-Encoding", "aws-chunked");
        if (decodedLength is { } length)
        {
            Headers.TryAddWithoutValidation("x-amz-decoded-content-length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (_trailer is { } t)
        {
            Headers.TryAddWithoutValidation("x-amz-trailer", PayloadChecksum.HeaderName(t));
        }
    }

    /// <summary>The payload hash to sign the headers with (the <c>x-amz-content-sha256</c> value).</summary>
    public string PayloadHash { get; }

    /// <summary>The checksum trailer's value once the body has been sent, else null.</summary>
    public string? TrailerValue { get; private set; }

    /// <summary>Gives the chunk signer, created from the seed signature of the headers. Required for signed chunks.</summary>
    /// <param name="signer">The chunk signer (SigV4 or SigV4a, as the content was made for).</param>
    internal void Sign(IChunkSigner signer)
    {
        ArgumentNullException.ThrowIfNull(signer);
        if (signer.SignatureLength != _signatureLength)
        {
            throw new InvalidOperationException($"The chunk signer writes {signer.SignatureLength}-byte signatures but the content was made for {_signatureLength}: make the content with the signer's signature length.");
        }

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

        bool signed = _signed;
        (string, int)[] trailers = _trailer is { } t ? [(PayloadChecksum.HeaderName(t), PayloadChecksum.Base64Length(t))] : [];
        length = AwsChunkedEncoding.EncodedLength(decoded, _chunkSize, signed, trailers, signedTrailer: signed && trailers.Length > 0, _signatureLength);
        return true;
    }

    /// <inheritdoc/>
    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    /// <inheritdoc/>
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        bool signed = _signed;
        if (signed && _signer is null)
        {
            throw new InvalidOperationException("The aws-chunked body has no chunk signer: sign the request with HttpRequestSigner, which arms it.");
        }

        var source = _source ?? await _inner!.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

        byte[] data = ArrayPool<byte>.Shared.Rent(_chunkSize);
        byte[] line = ArrayPool<byte>.Shared.Rent(256);
        using var checksum = _trailer is { } algorithm ? PayloadChecksum.Create(algorithm) : null;
        try
        {
            long total = 0;
            while (true)
            {
                int n = await source.ReadAtLeastAsync(data.AsMemory(0, _chunkSize), _chunkSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
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

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner?.Dispose();
        }

        base.Dispose(disposing);
    }

    private static ReadOnlyMemory<byte> Crlf { get; } = "\r\n"u8.ToArray();

    private int WriteChunkHeader(ReadOnlySpan<byte> chunk, byte[] line, bool signed)
    {
        Span<byte> signature = stackalloc byte[_signatureLength];
        if (signed)
        {
            _signer!.SignChunk(chunk, signature);
        }

        AwsChunkedEncoding.TryWriteChunkHeader(chunk.Length, signed ? signature : default, line, out int written);
        return written;
    }
}
