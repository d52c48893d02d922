using System;
using System.Security.Cryptography;

namespace Signing.Checksums;

/// <summary>Names, sizes, parsing and one-shot computation for each <see cref="ChecksumAlgorithm"/>.</summary>
public sealed partial class PayloadChecksum
{
    private const string AllowedNames = "CRC32, CRC32C, CRC64NVME, SHA1, SHA256";

    // Indexed by ChecksumAlgorithm value.
    private static readonly string[] Names = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];
    private static readonly string[] HeaderNames =
        ["x-amz-checksum-crc32", "x-amz-checksum-crc32c", "x-amz-checksum-crc64nvme", "x-amz-checksum-sha1", "x-amz-checksum-sha256"];

    private static readonly int[] ByteLengths = [4, 4, 8, 20, 32];

    /// <summary>The lower-case S3 header (and trailer) name carrying the checksum.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>For example <c>x-amz-checksum-crc32c</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    public static string HeaderName(ChecksumAlgorithm algorithm) => HeaderNames[Index(algorithm)];

    /// <summary>
    /// The algorithm's S3 name, as used in <c>x-amz-checksum-algorithm</c>,
    /// <c>x-amz-sdk-checksum-algorithm</c> and <c>ChecksumAlgorithm</c> request elements.
    /// </summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>One of <c>CRC32</c>, <c>CRC32C</c>, <c>CRC64NVME</c>, <c>SHA1</c>, <c>SHA256</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    public static string AlgorithmName(ChecksumAlgorithm algorithm) => Names[Index(algorithm)];

    /// <summary>Length in bytes of the raw checksum: 4 (CRC32, CRC32C), 8 (CRC64NVME), 20 (SHA1), 32 (SHA256).</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The length of the big-endian CRC or of the digest.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    public static int ByteLength(ChecksumAlgorithm algorithm) => ByteLengths[Index(algorithm)];

    /// <summary>Length of the base64 value (with padding): 8, 8, 12, 28 or 44 characters.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <returns>The exact number of characters <see cref="TryWriteBase64(Span{char}, out int)"/> writes.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    public static int Base64Length(ChecksumAlgorithm algorithm) => (ByteLength(algorithm) + 2) / 3 * 4;

    /// <summary>Parses an S3 algorithm name such as <c>CRC32C</c> or <c>crc64nvme</c> (case-insensitive).</summary>
    /// <param name="name">One of <c>CRC32</c>, <c>CRC32C</c>, <c>CRC64NVME</c>, <c>SHA1</c>, <c>SHA256</c>, in any case.</param>
    /// <returns>The algorithm.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="name"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not one of the names above.</exception>
    public static ChecksumAlgorithm ParseAlgorithm(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (TryParseAlgorithm(name, out ChecksumAlgorithm algorithm))
        {
            return algorithm;
        }

        throw new ArgumentException(
            $"Unknown checksum algorithm '{name}'. Use one of {AllowedNames} (case-insensitive, no spaces or dashes).",
            nameof(name));
    }

    /// <summary>Parses an S3 algorithm name (case-insensitive) without throwing.</summary>
    /// <param name="name">One of <c>CRC32</c>, <c>CRC32C</c>, <c>CRC64NVME</c>, <c>SHA1</c>, <c>SHA256</c>, in any case.</param>
    /// <param name="algorithm">The algorithm, or <see cref="ChecksumAlgorithm.Crc32"/> when parsing fails.</param>
    /// <returns><see langword="true"/> if <paramref name="name"/> is a known name.</returns>
    public static bool TryParseAlgorithm(ReadOnlySpan<char> name, out ChecksumAlgorithm algorithm)
    {
        for (var candidate = ChecksumAlgorithm.Crc32; candidate <= ChecksumAlgorithm.Sha256; candidate++)
        {
            if (name.Equals(AlgorithmName(candidate), StringComparison.OrdinalIgnoreCase))
            {
                algorithm = candidate;
                return true;
            }
        }

        algorithm = default;
        return false;
    }

    /// <summary>One-shot base64 checksum of a whole payload, as S3 expects it.</summary>
    /// <param name="algorithm">The algorithm.</param>
    /// <param name="data">The whole payload.</param>
    /// <returns>The header value, e.g. <c>sOO8/Q==</c>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="algorithm"/> is not a defined value.</exception>
    public static string ComputeBase64(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        Index(algorithm);
        Span<byte> raw = stackalloc byte[MaxByteLength];
        int length = algorithm switch
        {
#pragma warning disable CA5350 // SHA-1 is one of S3's checksum algorithms; it is not used for security here.
            ChecksumAlgorithm.Sha1 => SHA1.HashData(data, raw),
#pragma warning restore CA5350
            ChecksumAlgorithm.Sha256 => SHA256.HashData(data, raw),
            _ => WriteCrc(algorithm, UpdateCrc(algorithm, InitialState(algorithm), data), raw),
        };
        return Convert.ToBase64String(raw.Slice(0, length));
    }

    /// <summary>The algorithm as an index into the tables above; throws for a value that is not defined.</summary>
    private static int Index(ChecksumAlgorithm algorithm) =>
        (uint)algorithm <= (uint)ChecksumAlgorithm.Sha256
            ? (int)algorithm
            : throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm,
                $"Undefined ChecksumAlgorithm value {(int)algorithm}. Use one of Crc32, Crc32C, Crc64Nvme, Sha1, Sha256 " +
                $"(use {nameof(ParseAlgorithm)} to convert an S3 name such as \"CRC32C\").");
}
