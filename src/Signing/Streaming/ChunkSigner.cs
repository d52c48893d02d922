using Signing.Internal;

namespace Signing.Streaming;

/// <summary>
/// Signs the chunks of an <c>aws-chunked</c> body (S3 API reference, "Signature calculations for
/// the Authorization header: transferring payload in multiple chunks"), each signature chained to
/// the one before it, starting from the seed signature of the request's headers:
/// <code>
/// ChunkStringToSign   = "AWS4-HMAC-SHA256-PAYLOAD" \n AmzDate \n Scope \n Previous \n Hex(SHA256("")) \n Hex(SHA256(chunk))
/// TrailerStringToSign = "AWS4-HMAC-SHA256-TRAILER" \n AmzDate \n Scope \n Previous \n Hex(SHA256(trailer lines))
/// Signature           = Hex(HMAC-SHA256(kSigning, StringToSign))
/// </code>
/// Not thread-safe: one instance per body, used in order. Signing a chunk allocates nothing.
/// It holds no key material: each signature takes the scope's key from the signer (which remembers
/// the last key of the built-in cache only while that key is alive) or its <see cref="ISigningKeyCache"/>,
/// so clearing the cache mid-body leaves nothing behind (the next chunk derives the key again) and
/// <see cref="SigningKeyCache.None"/> keeps nothing between chunks.
/// </summary>
public sealed class ChunkSigner : IChunkSigner
{
    private readonly ChunkChain _chain;

    internal ChunkSigner(SigV4Core signer, ReadOnlySpan<char> amzDate, ReadOnlySpan<char> scope, ReadOnlySpan<char> seedSignature)
    {
        // Its chars go into every chunk's string to sign: lower-case hex only, as the SigV4a seed.
        if (seedSignature.Length != Hashing.Sha256HexLength || seedSignature.ContainsAnyExcept(ChunkChain.LowerHex))
        {
            ThrowHelper.Argument(nameof(seedSignature), $"seedSignature has {seedSignature.Length} chars{(seedSignature.Length == Hashing.Sha256HexLength ? ", not all lower-case hex" : string.Empty)}: pass the 64-char lower-case hex signature of the request's headers (SignedRequest.Signature).");
        }

        _chain = new ChunkChain(signer, "AWS4-HMAC-SHA256-PAYLOAD", "AWS4-HMAC-SHA256-TRAILER", amzDate, scope, seedSignature, Hashing.Sha256HexLength);
    }

    /// <summary>The last signature produced (at first, the seed), as lower-case hex.</summary>
    public string PreviousSignature => _chain.PreviousSignature;

    /// <summary>Signs the next chunk (the final one is empty) and writes its 64-char hex signature.</summary>
    /// <param name="chunk">The chunk's data.</param>
    /// <param name="signature">Receives 64 lower-case hex chars, as ASCII bytes.</param>
    /// <exception cref="ArgumentException"><paramref name="signature"/> is shorter than 64 bytes.</exception>
    public void SignChunk(ReadOnlySpan<byte> chunk, Span<byte> signature) => _chain.SignChunk(chunk, signature);

    /// <summary>Signs the chunk and returns the signature as a string (allocates it).</summary>
    /// <param name="chunk">The chunk's data.</param>
    /// <returns>The 64-char hex signature.</returns>
    public string SignChunk(ReadOnlySpan<byte> chunk) => _chain.SignChunk(chunk);

    /// <summary>
    /// Signs the trailing headers, after the final chunk: the hash covers each trailer as
    /// <c>name:value\n</c>, in the order sent.
    /// </summary>
    /// <param name="trailers">The trailers, such as <c>x-amz-checksum-crc32c</c>.</param>
    /// <returns>The 64-char hex trailer signature (sent as <c>x-amz-trailer-signature</c>).</returns>
    public string SignTrailer(ReadOnlySpan<HttpHeader> trailers) => _chain.SignTrailer(trailers);

    /// <inheritdoc/>
    int IChunkSigner.SignatureLength => Hashing.Sha256HexLength;

    /// <summary>Shows nothing secret.</summary>
    public override string ToString() => "ChunkSigner";
}
