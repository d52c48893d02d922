using System.Security.Cryptography;

namespace Signing.Internal;

/// <summary>
/// An HMAC key and the keyed <see cref="IncrementalHash"/> instances made from it, owned together
/// and disposed together (<see cref="KeyPool{T}"/>): the holder of a long-lived key (a cached
/// signing key, a SigV2 signer's secret) keeps them here rather than in thread statics, so dropping
/// the key drops them. On Linux a keyed instance saves the OpenSSL set-up each one-shot HMAC pays.
/// A hash that starts after <see cref="KeyPool{T}.Dispose"/> fails (<see cref="TryHash"/> returns
/// false), never hashing with a zeroed key.
/// </summary>
internal sealed class KeyedHmacPool : KeyPool<IncrementalHash>
{
    private readonly HashAlgorithmName _algorithm;

    /// <summary>Creates a pool that owns <paramref name="key"/> (not copied: the caller hands it over).</summary>
    public KeyedHmacPool(HashAlgorithmName algorithm, byte[] key)
        : base(key) => _algorithm = algorithm;

    /// <summary>Writes the HMAC of <paramref name="data"/>; false, with nothing written, once disposed.</summary>
    public bool TryHash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hmac = Rent(out int home);
        if (hmac is null)
        {
            return false;
        }

        hmac.AppendData(data);
        hmac.GetHashAndReset(destination);
        Return(hmac, home);
        return true;
    }

    protected override IncrementalHash Create(byte[] key) => IncrementalHash.CreateHMAC(_algorithm, key);
}
