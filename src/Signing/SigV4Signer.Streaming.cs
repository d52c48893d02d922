using Signing.Internal;
using Signing.Streaming;

namespace Signing;

public sealed partial class SigV4Signer
{
    /// <summary>
    /// Creates the signer of an <c>aws-chunked</c> body's chunks, chained from the seed signature
    /// of the request's headers (signed at <paramref name="timestamp"/> with a streaming payload hash
    /// such as <see cref="AwsChunkedEncoding.StreamingPayload"/>).
    /// </summary>
    /// <param name="seedSignature">The hex signature of the request's headers.</param>
    /// <param name="timestamp">The time the headers were signed at.</param>
    /// <returns>A chunk signer for one body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="seedSignature"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="seedSignature"/> is not a 64-char lower-case hex signature.</exception>
    public ChunkSigner CreateChunkSigner(string seedSignature, DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(seedSignature);
        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[_core.ScopeLength];
        var parts = _core.MakeParts(timestamp, amzDate, scope, presign: false, expiresSeconds: 0);
        return new ChunkSigner(_core, parts.AmzDate, parts.Scope, seedSignature);
    }
}
