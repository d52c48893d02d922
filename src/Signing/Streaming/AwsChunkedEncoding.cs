using System.Buffers.Text;

namespace Signing.Streaming;

/// <summary>
/// The <c>aws-chunked</c> wire format and its lengths. A signed chunk is
/// <code>
/// hex(size) ";chunk-signature=" signature(64) \r\n data \r\n
/// </code>
/// the final chunk is <c>0;chunk-signature=…\r\n</c>, followed by the trailers
/// (<c>name:value\r\n</c> each, then <c>x-amz-trailer-signature:…\r\n</c> when signed) and a
/// closing <c>\r\n</c>. Unsigned chunks (<c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>) drop the
/// <c>;chunk-signature=…</c> part.
/// </summary>
internal static class AwsChunkedEncoding
{
    /// <summary>The payload hash of signed chunks.</summary>
    public const string StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

    /// <summary>The payload hash of signed chunks with signed trailers.</summary>
    public const string StreamingPayloadTrailer = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";

    /// <summary>The payload hash of SigV4a-signed chunks.</summary>
    public const string StreamingEcdsaPayload = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";

    /// <summary>The payload hash of SigV4a-signed chunks with signed trailers.</summary>
    public const string StreamingEcdsaPayloadTrailer = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER";

    /// <summary>The payload hash of unsigned chunks with trailers.</summary>
    public const string StreamingUnsignedPayloadTrailer = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";

    /// <summary>The smallest chunk S3 accepts, except the last: 8 KiB.</summary>
    public const int MinimumChunkSize = 8 * 1024;

    /// <summary>The default chunk size: 64 KiB.</summary>
    public const int DefaultChunkSize = 64 * 1024;

    /// <summary><c>";chunk-signature="</c>: 17 bytes.</summary>
    public const int ChunkSignatureLabelLength = 17;

    /// <summary>A hex SHA-256 signature: 64 bytes.</summary>
    public const int SignatureLength = 64;

    /// <summary><c>"\r\n"</c>: 2 bytes.</summary>
    public const int CrlfLength = 2;

    /// <summary><c>"x-amz-trailer-signature:"</c>: 24 bytes.</summary>
    public const int TrailerSignatureLabelLength = 24;

    internal static ReadOnlySpan<byte> ChunkSignatureLabel => ";chunk-signature="u8;

    internal static ReadOnlySpan<byte> TrailerSignatureLabel => "x-amz-trailer-signature:"u8;

    /// <summary>Length of a chunk's header line (size, signature when signed, CRLF).</summary>
    /// <param name="size">The chunk's data length.</param>
    /// <param name="signedChunks">Whether chunks carry signatures.</param>
    /// <param name="signatureLength">The width of a signature: 64 (SigV4), 144 (SigV4a, padded).</param>
    /// <returns>The byte length of the header line.</returns>
    public static int ChunkHeaderLength(int size, bool signedChunks, int signatureLength = SignatureLength) =>
        HexDigits(size) + (signedChunks ? ChunkSignatureLabelLength + signatureLength : 0) + CrlfLength;

    /// <summary>The encoded length of a body: what to send as <c>Content-Length</c>.</summary>
    /// <param name="decodedLength">The body's length (<c>x-amz-decoded-content-length</c>).</param>
    /// <param name="chunkSize">The chunk size.</param>
    /// <param name="signedChunks">Whether chunks carry signatures.</param>
    /// <param name="trailers">The trailers as (name, value length) pairs; empty for none.</param>
    /// <param name="signedTrailer">Whether an <c>x-amz-trailer-signature</c> line follows the trailers.</param>
    /// <param name="signatureLength">The width of a signature: 64 (SigV4), 144 (SigV4a, padded).</param>
    /// <returns>The total encoded byte length.</returns>
    public static long EncodedLength(long decodedLength, int chunkSize, bool signedChunks, ReadOnlySpan<(string Name, int ValueLength)> trailers = default, bool signedTrailer = false, int signatureLength = SignatureLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(decodedLength);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        long full = decodedLength / chunkSize;
        int rest = (int)(decodedLength % chunkSize);
        long length = full * (ChunkHeaderLength(chunkSize, signedChunks, signatureLength) + chunkSize + CrlfLength);
        if (rest > 0)
        {
            length += ChunkHeaderLength(rest, signedChunks, signatureLength) + rest + CrlfLength;
        }

        length += ChunkHeaderLength(0, signedChunks, signatureLength);
        foreach (var (name, valueLength) in trailers)
        {
            length += name.Length + 1 + valueLength + CrlfLength;
        }

        if (signedTrailer)
        {
            length += TrailerSignatureLabelLength + signatureLength + CrlfLength;
        }

        return length + CrlfLength;
    }

    /// <summary>Writes a chunk's header line: <c>hex(size)[;chunk-signature=sig]\r\n</c>.</summary>
    /// <param name="size">The chunk's data length.</param>
    /// <param name="signature">The signature as sent (64 hex bytes; SigV4a: 144, padded), or empty for unsigned chunks.</param>
    /// <param name="destination">Receives the line.</param>
    /// <param name="written">The bytes written.</param>
    /// <returns>False when <paramref name="destination"/> is too short.</returns>
    public static bool TryWriteChunkHeader(int size, ReadOnlySpan<byte> signature, Span<byte> destination, out int written)
    {
        written = 0;
        int need = ChunkHeaderLength(size, !signature.IsEmpty, signature.Length);
        if (destination.Length < need || !Utf8Formatter.TryFormat(size, destination, out int n, new System.Buffers.StandardFormat('x')))
        {
            return false;
        }

        if (!signature.IsEmpty)
        {
            ChunkSignatureLabel.CopyTo(destination[n..]);
            n += ChunkSignatureLabelLength;
            signature.CopyTo(destination[n..]);
            n += signature.Length;
        }

        destination[n++] = (byte)'\r';
        destination[n++] = (byte)'\n';
        written = n;
        return true;
    }

    /// <summary>How many hex digits <paramref name="value"/> (not negative) is written with: at least one.</summary>
    private static int HexDigits(int value) => (System.Numerics.BitOperations.Log2((uint)value) / 4) + 1;
}
