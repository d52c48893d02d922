using System.Security.Cryptography;

namespace Signing.Internal;

/// <summary>
/// A P-256 key pair and the <see cref="ECDsa"/> instances that sign with it, owned together and
/// disposed together (<see cref="KeyPool{T}"/>, as <see cref="KeyedHmacPool"/> does for HMAC keys):
/// an instance is taken out of a slot for one signature and put back, so threads never share one;
/// at most <see cref="KeyPool.SlotCount"/> are kept. <see cref="KeyPool{T}.Dispose"/> zeroes the
/// private key and disposes the kept instances; a signature under way finishes and disposes its
/// instance on return, and one that starts after it fails (<see cref="TrySign"/> returns false).
/// </summary>
internal sealed class EcdsaKeyPool : KeyPool<ECDsa>
{
    /// <summary>The longest DER encoding of a P-256 ECDSA signature: SEQUENCE of two INTEGERs of up to 33 bytes.</summary>
    public const int MaxDerLength = 72;

    /// <summary>Creates the pool from a private key it takes over (not copied); works out the public key.</summary>
    public EcdsaKeyPool(byte[] privateKey)
        : base(privateKey)
    {
        var first = ECDsa.Create(new ECParameters { Curve = SigV4aKeyDerivation.Curve, D = privateKey });
        var parameters = first.ExportParameters(includePrivateParameters: false);
        PublicX = parameters.Q.X!;
        PublicY = parameters.Q.Y!;
        Keep(first);
    }

    /// <summary>The public key's X coordinate, 32 bytes big-endian.</summary>
    public byte[] PublicX { get; }

    /// <summary>The public key's Y coordinate, 32 bytes big-endian.</summary>
    public byte[] PublicY { get; }

    /// <summary>
    /// Writes the DER (RFC 3279) ECDSA signature of SHA-256(<paramref name="data"/>); false, with
    /// nothing written, once disposed. <paramref name="destination"/> holds at least 72 bytes.
    /// </summary>
    public bool TrySign(ReadOnlySpan<byte> data, Span<byte> destination, out int written)
    {
        written = 0;
        var ecdsa = Rent(out int home);
        if (ecdsa is null)
        {
            return false;
        }

        bool signed;
        try
        {
            signed = ecdsa.TrySignData(data, destination, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence, out written);
        }
        finally
        {
            Return(ecdsa, home);
        }

        if (!signed)
        {
            ThrowHelper.Argument(nameof(destination), $"destination holds {destination.Length} bytes: a DER P-256 signature needs up to {MaxDerLength}.");
        }

        return true;
    }

    protected override ECDsa Create(byte[] key) =>
        ECDsa.Create(new ECParameters { Curve = SigV4aKeyDerivation.Curve, D = key, Q = new ECPoint { X = PublicX, Y = PublicY } });
}
