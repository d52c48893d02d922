using Signing.Internal;

namespace Signing.Streaming;

/// <summary>
/// Signs the chunks of a SigV4a <c>aws-chunked</c> body (<c>STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD</c>
/// and <c>-TRAILER</c>), each signature chained to the one before it, starting from the seed
/// signature of the request's headers:
/// <code>
/// ChunkStringToSign   = "AWS4-ECDSA-P256-SHA256-PAYLOAD" \n AmzDate \n yyyyMMdd/service/aws4_request \n Previous \n Hex(SHA256("")) \n Hex(SHA256(chunk))
/// TrailerStringToSign = "AWS4-ECDSA-P256-SHA256-TRAILER" \n AmzDate \n yyyyMMdd/service/aws4_request \n Previous \n Hex(SHA256(trailer lines))
/// Signature           = Hex(DER(ECDSA-P256-Sign(PrivateKey, SHA256(StringToSign))))
/// </code>
/// A DER signature is 140 to 144 hex chars; on the wire each is padded with <c>*</c> to
/// <see cref="SignatureLength"/> (144), as aws-c-auth sends them, so the encoded body's length is
/// known up front. <c>Previous</c> is the previous signature without the padding. Not thread-safe:
/// one instance per body, used in order. The key pair comes from the signer's <see cref="ISigningKeyCache"/>.
/// </summary>
public sealed class SigV4aChunkSigner : IChunkSigner
{
    /// <summary>The width of a signature as sent: hex DER padded with <c>*</c> (the longest DER signature is 72 bytes).</summary>
    public const int SignatureLength = 2 * SigV4Core.MaxSignatureLength;

    /// <summary>The padding byte after a shorter signature.</summary>
    public const char Padding = '*';

    private readonly ChunkChain _chain;

    internal SigV4aChunkSigner(SigV4Core signer, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope, ReadOnlySpan<char> seedSignature)
    {
        var seed = seedSignature.TrimEnd(Padding);
        if (seed.Length is < 16 or > SignatureLength || (seed.Length & 1) != 0 || seed.ContainsAnyExcept(ChunkChain.LowerHex))
        {
            ThrowHelper.Argument(nameof(seedSignature), $"seedSignature has {seedSignature.Length} chars: pass the lower-case hex SigV4a signature of the request's headers (SignedRequest.Signature).");
        }

        _chain = new ChunkChain(signer, "AWS4-ECDSA-P256-SHA256-PAYLOAD", "AWS4-ECDSA-P256-SHA256-TRAILER", amzDate, scope, seed, SignatureLength);
    }

    /// <summary>The last signature produced (at first, the seed), as lower-case hex without padding.</summary>
    public string PreviousSignature => _chain.PreviousSignature;

    /// <inheritdoc/>
    int IChunkSigner.SignatureLength => SignatureLength;

    /// <summary>Signs the next chunk (the final one is empty) and writes its signature as sent: hex, padded with <c>*</c> to 144 bytes.</summary>
    /// <param name="chunk">The chunk's data.</param>
    /// <param name="signature">Receives 144 ASCII bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is shorter than 144 bytes.</exception>
    public void SignChunk(ReadOnlySpan<byte> chunk, Span<byte> signature) => _chain.SignChunk(chunk, signature);

    /// <summary>Signs the chunk and returns its signature as sent (padded with <c>*</c> to 144 chars).</summary>
    /// <param name="chunk">The chunk's data.</param>
    /// <returns>The padded hex signature.</returns>
    public string SignChunk(ReadOnlySpan<byte> chunk) => _chain.SignChunk(chunk);

    /// <summary>
    /// Signs the trailing headers, after the final chunk: the hash covers each trailer as
    /// <c>name:value\n</c>, in the order sent.
    /// </summary>
    /// <param name="trailers">The trailers, such as <c>x-amz-checksum-crc32c</c>.</param>
    /// <returns>The trailer signature as sent (<c>x-amz-trailer-signature</c>), padded with <c>*</c> to 144 chars.</returns>
    /// <exception cref="ArgumentException">A trailer's name or value cannot be sent.</exception>
    public string SignTrailer(ReadOnlySpan<HttpHeader> trailers) => _chain.SignTrailer(trailers);

    /// <summary>Shows nothing secret.</summary>
    /// <returns><c>SigV4aChunkSigner</c>.</returns>
    public override string ToString() => "SigV4aChunkSigner";
}
