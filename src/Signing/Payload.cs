using Signing.Checksums;
using Signing.Internal;
using Signing.Streaming;

namespace Signing;

// "Unsigned" names the payload (UNSIGNED-PAYLOAD), not a CLR type.
#pragma warning disable CA1720

/// <summary>What a payload is signed as.</summary>
public enum PayloadKind
{
    /// <summary>The SHA-256 of the body, worked out from the request's content when it is signed.</summary>
    HashedBody = 0,

    /// <summary>A SHA-256 the caller already has (<see cref="Payload.Sha256(string)"/>), or that of an empty body.</summary>
    Sha256 = 1,

    /// <summary><c>UNSIGNED-PAYLOAD</c>: the body is not part of the signature (S3 over HTTPS, presigned URLs).</summary>
    Unsigned = 2,

    /// <summary>The body sent as <c>aws-chunked</c>, every chunk (and the trailer, if any) signed.</summary>
    StreamingSigned = 3,

    /// <summary>The body sent as <c>aws-chunked</c> with plain chunks and an unsigned checksum trailer.</summary>
    StreamingUnsignedTrailer = 4,
}

/// <summary>
/// How a request's body is stated in its signature: the one payload description of the library,
/// taken by <see cref="HttpRequestSigner"/>, <see cref="AwsSigningHandler"/>, the S3 client and the
/// command line. Immutable; the instances are shared.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><see cref="HashBody"/>: hash the content (SHA-256) before signing: the default.</item>
/// <item><see cref="Empty"/>, <see cref="Sha256(string)"/>: a hash already known.</item>
/// <item><see cref="Unsigned"/>: <c>UNSIGNED-PAYLOAD</c>.</item>
/// <item><see cref="Streaming"/>, <see cref="StreamingUnsigned"/>: <c>aws-chunked</c>; the signer
/// replaces the request's content by its encoding and arms the chunk signer in the same call.</item>
/// </list>
/// </remarks>
public sealed class Payload
{
    /// <summary>The smallest chunk S3 accepts, except the last: 8 KiB.</summary>
    public const int MinimumChunkSize = AwsChunkedEncoding.MinimumChunkSize;

    /// <summary>The default chunk size: 64 KiB.</summary>
    public const int DefaultChunkSize = AwsChunkedEncoding.DefaultChunkSize;

    private Payload(PayloadKind kind, string? hash, ChecksumAlgorithm? trailer = null, int chunkSize = 0)
    {
        Kind = kind;
        Hash = hash;
        Trailer = trailer;
        ChunkSize = chunkSize;
    }

    /// <summary>Hash the request's content with SHA-256 when signing (no content: the empty body's hash).</summary>
    public static Payload HashBody { get; } = new(PayloadKind.HashedBody, null);

    /// <summary>An empty body: <c>e3b0c442…b855</c>, the SHA-256 of nothing.</summary>
    public static Payload Empty { get; } = new(PayloadKind.Sha256, Hashing.EmptySha256Hex);

    /// <summary><c>UNSIGNED-PAYLOAD</c>: the body is not signed (S3 over HTTPS; presigned URLs).</summary>
    public static Payload Unsigned { get; } = new(PayloadKind.Unsigned, SigV4Constants.UnsignedPayload);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    private static readonly Payload StreamingDefault = new(PayloadKind.StreamingSigned, AwsChunkedEncoding.StreamingPayload, null, DefaultChunkSize);

    /// <summary>What this payload is signed as.</summary>
    public PayloadKind Kind { get; }

    /// <summary>
    /// The value signed as the payload hash (and sent as <c>x-amz-content-sha256</c> where the
    /// service wants it): hex SHA-256, <c>UNSIGNED-PAYLOAD</c> or a <c>STREAMING-…</c> value; null
    /// for <see cref="HashBody"/>, whose hash is known only once the content is read.
    /// </summary>
    public string? Hash { get; }

    /// <summary>The checksum sent as a trailer after the last chunk (streaming only), or null.</summary>
    public ChecksumAlgorithm? Trailer { get; }

    /// <summary>The chunk size in bytes (streaming only; else 0).</summary>
    public int ChunkSize { get; }

    /// <summary>Whether the body is sent as <c>aws-chunked</c>.</summary>
    public bool IsStreaming => Kind is PayloadKind.StreamingSigned or PayloadKind.StreamingUnsignedTrailer;

    /// <summary>A SHA-256 already computed, as 64 hex digits.</summary>
    /// <param name="hexHash">The body's SHA-256, 64 hex digits (either case; signed lower-case).</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="hexHash"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="hexHash"/> is not 64 hex digits.</exception>
    public static Payload Sha256(string hexHash)
    {
        ThrowHelper.IfNull(hexHash);

        if (hexHash.Length != 64 || hexHash.AsSpan().IndexOfAnyExcept(HexDigits) >= 0)
        {
            ThrowHelper.Argument(nameof(hexHash), $"hexHash {ThrowHelper.Show(hexHash)} is not a SHA-256: pass the body's hash as 64 hex digits, or use Payload.HashBody to have it computed.");
        }

        return string.Equals(hexHash, Hashing.EmptySha256Hex, StringComparison.OrdinalIgnoreCase) ? Empty : new(PayloadKind.Sha256, hexHash.AsSpan().IndexOfAnyInRange('A', 'F') < 0 ? hexHash : hexHash.ToLowerInvariant());
    }

    /// <summary>The SHA-256 of <paramref name="body"/>.</summary>
    /// <param name="body">The body's bytes.</param>
    /// <returns>The payload.</returns>
    public static Payload Sha256Of(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return Empty;
        }

        Span<byte> hash = stackalloc byte[Hashing.Sha256Length];
        Hashing.Sha256(body, hash);
        return new(PayloadKind.Sha256, AsciiText.ToHexLowerString(hash));
    }

    /// <summary>
    /// The body sent as <c>aws-chunked</c> with every chunk signed
    /// (<c>STREAMING-AWS4-HMAC-SHA256-PAYLOAD</c>), and with a <paramref name="trailer"/> the
    /// checksum sent after the last chunk and signed too (<c>…-PAYLOAD-TRAILER</c>). One pass over
    /// the body, nothing buffered. SigV4 only.
    /// </summary>
    /// <param name="trailer">A checksum to send as a trailer, or null.</param>
    /// <param name="chunkSize">The chunk size: at least <see cref="MinimumChunkSize"/>; default <see cref="DefaultChunkSize"/>.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 8 KiB, or <paramref name="trailer"/> is not a defined algorithm.</exception>
    public static Payload Streaming(ChecksumAlgorithm? trailer = null, int chunkSize = DefaultChunkSize)
    {
        CheckStreaming(trailer, chunkSize);
        return trailer is null && chunkSize == DefaultChunkSize
            ? StreamingDefault
            : new(PayloadKind.StreamingSigned, trailer is null ? AwsChunkedEncoding.StreamingPayload : AwsChunkedEncoding.StreamingPayloadTrailer, trailer, chunkSize);
    }

    /// <summary>
    /// The body sent as <c>aws-chunked</c> with plain chunks and an unsigned checksum trailer
    /// (<c>STREAMING-UNSIGNED-PAYLOAD-TRAILER</c>), as the AWS SDKs send uploads by default. SigV4 only.
    /// </summary>
    /// <param name="trailer">The checksum sent after the last chunk.</param>
    /// <param name="chunkSize">The chunk size: at least <see cref="MinimumChunkSize"/>; default <see cref="DefaultChunkSize"/>.</param>
    /// <returns>The payload.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is below 8 KiB, or <paramref name="trailer"/> is not a defined algorithm.</exception>
    public static Payload StreamingUnsigned(ChecksumAlgorithm trailer, int chunkSize = DefaultChunkSize)
    {
        CheckStreaming(trailer, chunkSize);
        return new(PayloadKind.StreamingUnsignedTrailer, AwsChunkedEncoding.StreamingUnsignedPayloadTrailer, trailer, chunkSize);
    }

    /// <summary>Shows the kind and what is signed.</summary>
    /// <returns>A one-line description.</returns>
    public override string ToString() => IsStreaming
        ? $"Payload {{ {Kind}, {Hash}, ChunkSize = {ChunkSize}{(Trailer is { } t ? $", Trailer = {t}" : string.Empty)} }}"
        : $"Payload {{ {Kind}{(Hash is null ? string.Empty : ", " + Hash)} }}";

    private static void CheckStreaming(ChecksumAlgorithm? trailer, int chunkSize)
    {
        if (chunkSize < MinimumChunkSize)
        {
            ThrowHelper.OutOfRange(nameof(chunkSize), chunkSize, $"chunkSize {chunkSize} is out of range: S3 needs chunks of at least {MinimumChunkSize} bytes (8 KiB) but the last.");
        }

        if (trailer is { } t && !Enum.IsDefined(t))
        {
            ThrowHelper.OutOfRange(nameof(trailer), t, $"trailer {(int)t} is not a checksum algorithm: pass one such as ChecksumAlgorithm.Crc32C.");
        }
    }
}
