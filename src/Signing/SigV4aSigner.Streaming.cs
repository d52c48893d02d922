using Signing.Internal;
using Signing.Streaming;

namespace Signing;

public sealed partial class SigV4aSigner
{
    /// <summary>
    /// Creates the signer of an <c>aws-chunked</c> body's chunks, chained from the seed signature
    /// of the request's headers (signed at <paramref name="timestamp"/> with the payload hash
    /// <c>STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD</c>, or <c>-TRAILER</c> with a signed trailer).
    /// </summary>
    /// <param name="seedSignature">The hex signature of the request's headers (<see cref="SignedRequest.Signature"/>).</param>
    /// <param name="timestamp">The time the headers were signed at.</param>
    /// <returns>A chunk signer for one body.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="seedSignature"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="seedSignature"/> is not a lower-case hex SigV4a signature.</exception>
    public SigV4aChunkSigner CreateChunkSigner(string seedSignature, DateTimeOffset timestamp)
    {
        ThrowHelper.IfNull(seedSignature);

        Span<char> amzDate = stackalloc char[AmzDate.Length];
        Span<char> scope = stackalloc char[_core.ScopeLength];
        var parts = _core.MakeParts(timestamp, amzDate, scope, presign: false, expiresSeconds: 0);
        return new SigV4aChunkSigner(_core, parts.AmzDate, parts.Scope, seedSignature);
    }
}
