using System.Security.Cryptography;

namespace Signing.Internal;

/// <summary>
/// SHA-256 through a per-thread reused <see cref="IncrementalHash"/>: on Linux each one-shot BCL
/// hash pays OpenSSL set-up that costs more than the hashing (see benchmarks/README.md). That
/// instance is unkeyed; keyed HMAC instances live with their key (<see cref="KeyedHmacPool"/>,
/// owned by a <see cref="SigningKey"/> or a SigV2 signer), never in thread statics.
/// </summary>
internal static class Hashing
{
    public const int Sha256Length = 32;

    /// <summary>A SHA-256 (or HMAC-SHA256) in lower-case hex: a SigV4 signature, a payload hash.</summary>
    public const int Sha256HexLength = 2 * Sha256Length;

    public const int Sha1Length = 20;

    /// <summary>SHA-256 of the empty string, hex: the payload hash of a request without a body.</summary>
    public const string EmptySha256Hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    [ThreadStatic]
    private static IncrementalHash? t_sha256;

    public static void Sha256(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hash = t_sha256 ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(data);
        hash.GetHashAndReset(destination);
    }

    /// <summary>One-shot HMAC-SHA256 (key derivation steps, single-use keys: the key changes each call).</summary>
    public static void HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination) =>
        HMACSHA256.HashData(key, data, destination);
}
