using System.Security.Cryptography;

namespace Signing.Internal;

/// <summary>
/// Hashes through per-thread reused <see cref="IncrementalHash"/> instances: on Linux each one-shot
/// BCL hash pays OpenSSL set-up that costs more than the hashing (see benchmarks/README.md).
/// </summary>
internal static class Hashing
{
    public const int Sha256Length = 32;

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    /// <summary>
    /// Keyed HMAC instances a thread keeps, most recently used first: enough for a thread that
    /// alternates between a few signing keys (regions, services, credentials, a chunk signer).
    /// </summary>
    private const int KeyedHmacsPerThread = 4;

    [ThreadStatic]
    private static KeyedHmac?[]? t_hmacSha256;

    public const int Sha1Length = 20;

    /// <summary>SHA-256 of the empty string, hex: the payload hash of a request without a body.</summary>
    public const string EmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
    }

    /// <summary>
    /// HMAC-SHA256 with a long-lived key (a cached signing key): the keyed instance is kept per thread,
    /// for the last <see cref="KeyedHmacsPerThread"/> keys, so the key pads are not derived again.
    /// </summary>
    public static void HmacSha256Reused(byte[] key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hmac = Keyed(ref t_hmacSha256, HashAlgorithmName.SHA256, key);
        hmac.AppendData(data);
        hmac.GetHashAndReset(destination);
    }

    /// <summary>One-shot HMAC-SHA256 (key derivation steps, where the key changes each call).</summary>
    public static void HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) =>
        HMACSHA256.HashData(key, data, destination);

    /// <summary>
    /// The thread's HMAC instance keyed with <paramref name="key"/>: found by the key's bytes, not the
    /// array (a cache may re-derive another key into the same array), and moved to the front; on a
    /// miss the least recently used one is replaced.
    /// </summary>
    private static IncrementalHash Keyed(ref KeyedHmac?[]? slots, HashAlgorithmName algorithm, ReadOnlySpan<byte> key)
    {
        slots ??= new KeyedHmac?[KeyedHmacsPerThread];
        int i = 0;
        for (; i < slots.Length && slots[i] is { } slot; i++)
        {
            if (slot.Key.AsSpan().SequenceEqual(key))
            {
                MoveToFront(slots, i);
                return slot.Hmac;
            }
        }

        if (i == slots.Length)
        {
            i--;
            slots[i]!.Hmac.Dispose();
        }

        slots[i] = new KeyedHmac(key.ToArray(), IncrementalHash.CreateHMAC(algorithm, key));
        MoveToFront(slots, i);
        return slots[0]!.Hmac;
    }

    private static void MoveToFront(KeyedHmac?[] slots, int i)
    {
        if (i > 0)
        {
            var slot = slots[i];
            Array.Copy(slots, 0, slots, 1, i);
            slots[0] = slot;
        }
    }

    /// <summary>An HMAC instance and a copy of the key it was created with.</summary>
    private sealed class KeyedHmac(byte[] key, IncrementalHash hmac)
    {
        public byte[] Key { get; } = key;

        public IncrementalHash Hmac { get; } = hmac;
    }
}
