namespace Signing.Checksums;

/// <summary>
/// The payload checksum algorithms S3 accepts in <c>x-amz-checksum-*</c> headers and
/// aws-chunked trailers. Each value is sent as base64 of the big-endian CRC or of the digest.
/// </summary>
/// <remarks>
/// Names for the <c>x-amz-checksum-algorithm</c> / <c>x-amz-sdk-checksum-algorithm</c> headers
/// come from <see cref="PayloadChecksum.AlgorithmName"/>; header names from
/// <see cref="PayloadChecksum.HeaderName"/>; parse with <see cref="PayloadChecksum.ParseAlgorithm"/>.
/// </remarks>
public enum ChecksumAlgorithm
{
    /// <summary>CRC-32 (ISO-HDLC, as in zlib); header <c>x-amz-checksum-crc32</c>, name <c>CRC32</c>;
    /// 4 bytes, 8 base64 characters. See <see cref="Checksums.Crc32"/>.</summary>
    Crc32 = 0,

    /// <summary>CRC-32C (Castagnoli); header <c>x-amz-checksum-crc32c</c>, name <c>CRC32C</c>;
    /// 4 bytes, 8 base64 characters. See <see cref="Checksums.Crc32C"/>.</summary>
    Crc32C = 1,

    /// <summary>CRC-64/NVME; header <c>x-amz-checksum-crc64nvme</c>, name <c>CRC64NVME</c>;
    /// 8 bytes, 12 base64 characters. S3's default. See <see cref="Checksums.Crc64Nvme"/>.</summary>
    Crc64Nvme = 2,

    /// <summary>SHA-1; header <c>x-amz-checksum-sha1</c>, name <c>SHA1</c>; 20 bytes, 28 base64
    /// characters. Offered because S3 accepts it, not as a security measure.</summary>
    Sha1 = 3,

    /// <summary>SHA-256; header <c>x-amz-checksum-sha256</c>, name <c>SHA256</c>; 32 bytes,
    /// 44 base64 characters.</summary>
    Sha256 = 4,
}
