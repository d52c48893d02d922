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

    [ThreadStatic]
    private static IncrementalHash? t_hmac;

    [ThreadStatic]
    private static byte[]? t_hmacKey;

    /// <summary>SHA-256 of the empty string, hex: the payload hash of a request without a body.</summary>
    public const string EmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
    }

    /// <summary>
    /// HMAC-SHA256 with a long-lived key (a cached signing key): the keyed instance is kept per thread
    /// while the same key array is used, so the key pads are not derived again.
    /// </summary>
    public static void HmacSha256Reused(byte[] key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hmac = t_hmac;
        // Keyed on the key's bytes, not the array: a cache may re-derive into the same array.
        if (hmac is null || t_hmacKey is null || !t_hmacKey.AsSpan().SequenceEqual(key))
        {
            hmac?.Dispose();
            hmac = t_hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
            t_hmacKey = (byte[])key.Clone();
        }

        hmac.AppendData(data);
        hmac.GetHashAndReset(destination);
    }

    /// <summary>One-shot HMAC-SHA256 (key derivation steps, where the key changes each call).</summary>
    public static void HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) =>
        HMACSHA256.HashData(key, data, destination);
}
