using System.Security.Cryptography;

namespace Signing.Internal;

/// <summary>
/// A P-256 key pair and the <see cref="ECDsa"/> instances that sign with it, owned together and
/// disposed together, as <see cref="KeyedHmacPool"/> does for HMAC keys: an instance is taken out
/// of a slot for one signature and put back, so threads never share one; at most
/// <see cref="KeyedHmacPool.SlotCount"/> are kept. <see cref="Dispose"/> zeroes the private key
/// and disposes the kept instances; a signature under way finishes and disposes its instance on
/// return, and one that starts after it fails (<see cref="TrySign"/> returns false).
/// </summary>
internal sealed class EcdsaKeyPool : IDisposable
{
    /// <summary>The longest DER encoding of a P-256 ECDSA signature: SEQUENCE of two INTEGERs of up to 33 bytes.</summary>
    public const int MaxDerLength = 72;

    /// <summary>The private key, owned; zeroed on dispose. Also the lock that orders making an instance before zeroing.</summary>
    private readonly byte[] _d;

    private readonly ECDsa?[] _slots = new ECDsa?[KeyedHmacPool.SlotCount];
    private volatile bool _disposed;

    /// <summary>Creates the pool from a private key it takes over (not copied); works out the public key.</summary>
    public EcdsaKeyPool(byte[] privateKey)
    {
        _d = privateKey;
        var first = ECDsa.Create(new ECParameters { Curve = SigV4aKeyDerivation.Curve, D = _d });
        var parameters = first.ExportParameters(includePrivateParameters: false);
        PublicX = parameters.Q.X!;
        PublicY = parameters.Q.Y!;
        _slots[0] = first;
    }

    /// <summary>The public key's X coordinate, 32 bytes big-endian.</summary>
    public byte[] PublicX { get; }

    /// <summary>The public key's Y coordinate, 32 bytes big-endian.</summary>
    public byte[] PublicY { get; }

    public bool IsDisposed => _disposed;

    /// <summary>
    /// Writes the DER (RFC 3279) ECDSA signature of SHA-256(<paramref name="data"/>); false, with
    /// nothing written, once disposed. <paramref name="destination"/> holds at least 72 bytes.
    /// </summary>
    public bool TrySign(ReadOnlySpan<byte> data, Span<byte> destination, out int written)
    {
        written = 0;
        if (_disposed)
        {
            return false;
        }

        var slots = _slots;
        int home = Environment.CurrentManagedThreadId & (slots.Length - 1);
        var ecdsa = Interlocked.Exchange(ref slots[home], null) ?? TakeOrCreate(home);
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
            if (Interlocked.CompareExchange(ref slots[home], ecdsa, null) is not null)
            {
                PutBackElsewhere(ecdsa, home);
            }

            // Dispose sets the flag before it empties the slots, and we read it after putting back:
            // either it empties our slot or we see the flag and empty it ourselves.
            if (_disposed)
            {
                Drain();
            }
        }

        if (!signed)
        {
            ThrowHelper.Argument(nameof(destination), $"destination holds {destination.Length} bytes: a DER P-256 signature needs up to {MaxDerLength}.");
        }

        return true;
    }

    /// <summary>Zeroes the private key and disposes the kept instances. Idempotent; safe while other threads sign.</summary>
    public void Dispose()
    {
        lock (_d)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            CryptographicOperations.ZeroMemory(_d);
        }

        Drain();
    }

    /// <summary>Shows nothing of the key.</summary>
    public override string ToString() => "EcdsaKeyPool";

    /// <summary>Another slot's instance, else a new one from the key pair; null once disposed.</summary>
    private ECDsa? TakeOrCreate(int home)
    {
        var slots = _slots;
        for (int i = 1; i < slots.Length; i++)
        {
            if (Interlocked.Exchange(ref slots[(home + i) & (slots.Length - 1)], null) is { } taken)
            {
                return taken;
            }
        }

        lock (_d)
        {
            return _disposed
                ? null
                : ECDsa.Create(new ECParameters { Curve = SigV4aKeyDerivation.Curve, D = _d, Q = new ECPoint { X = PublicX, Y = PublicY } });
        }
    }

    private void PutBackElsewhere(ECDsa ecdsa, int home)
    {
        var slots = _slots;
        for (int i = 1; i < slots.Length; i++)
        {
            if (Interlocked.CompareExchange(ref slots[(home + i) & (slots.Length - 1)], ecdsa, null) is null)
            {
                return;
            }
        }

        ecdsa.Dispose();
    }

    private void Drain()
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            Interlocked.Exchange(ref slots[i], null)?.Dispose();
        }
    }
}
