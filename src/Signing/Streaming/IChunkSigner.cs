namespace Signing.Streaming;

/// <summary>What <see cref="AwsChunkedContent"/> needs of a chunk signer: SigV4's <see cref="ChunkSigner"/> or SigV4a's <see cref="SigV4aChunkSigner"/>.</summary>
internal interface IChunkSigner
{
    /// <summary>The fixed width of a signature on the wire, in bytes (64 for SigV4, 144 for SigV4a).</summary>
    int SignatureLength { get; }

    /// <summary>Signs the next chunk and writes its signature as sent (<see cref="SignatureLength"/> bytes).</summary>
    void SignChunk(ReadOnlySpan<byte> chunk, Span<byte> signature);

    /// <summary>Signs the trailers and returns the signature as sent.</summary>
    string SignTrailer(ReadOnlySpan<HttpHeader> trailers);
}
