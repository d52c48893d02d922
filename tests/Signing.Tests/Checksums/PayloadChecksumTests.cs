using System;
using System.Security.Cryptography;
using System.Text;
using FsCheck.Fluent;
using Signing.Checksums;

namespace Signing.Tests.Checksums;

public class PayloadChecksumTests
{
    public static TheoryData<ChecksumAlgorithm> Algorithms => new()
    {
        ChecksumAlgorithm.Crc32, ChecksumAlgorithm.Crc32C, ChecksumAlgorithm.Crc64Nvme,
        ChecksumAlgorithm.Sha1, ChecksumAlgorithm.Sha256,
    };

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "x-amz-checksum-crc32", "CRC32", 4, 8)]
    [InlineData(ChecksumAlgorithm.Crc32C, "x-amz-checksum-crc32c", "CRC32C", 4, 8)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "x-amz-checksum-crc64nvme", "CRC64NVME", 8, 12)]
    [InlineData(ChecksumAlgorithm.Sha1, "x-amz-checksum-sha1", "SHA1", 20, 28)]
    [InlineData(ChecksumAlgorithm.Sha256, "x-amz-checksum-sha256", "SHA256", 32, 44)]
    public void PayloadChecksum_Names_MatchS3(ChecksumAlgorithm algorithm, string header, string name, int bytes, int base64)
    {
        Assert.Equal(header, PayloadChecksum.HeaderName(algorithm));
        Assert.Equal(name, PayloadChecksum.AlgorithmName(algorithm));
        Assert.Equal(bytes, PayloadChecksum.ByteLength(algorithm));
        Assert.Equal(base64, PayloadChecksum.Base64Length(algorithm));
        Assert.Equal(algorithm, PayloadChecksum.ParseAlgorithm(name));
        Assert.Equal(algorithm, PayloadChecksum.ParseAlgorithm(name.ToLowerInvariant()));
        using var checksum = PayloadChecksum.Create(algorithm);
        Assert.Equal(base64, checksum.GetBase64().Length);
    }

    [Theory]
    [InlineData("crc32c", ChecksumAlgorithm.Crc32C)]
    [InlineData("Crc64Nvme", ChecksumAlgorithm.Crc64Nvme)]
    [InlineData("sha256", ChecksumAlgorithm.Sha256)]
    public void PayloadChecksum_ParseAlgorithm_IgnoresCase(string name, ChecksumAlgorithm expected)
    {
        Assert.Equal(expected, PayloadChecksum.ParseAlgorithm(name));
        Assert.True(PayloadChecksum.TryParseAlgorithm(name, out ChecksumAlgorithm parsed));
        Assert.Equal(expected, parsed);
    }

    [Theory]
    [InlineData("MD5")]
    [InlineData("")]
    [InlineData(" CRC32")]
    [InlineData("SHA-256")]
    [InlineData("x-amz-checksum-crc32")]
    public void PayloadChecksum_ParseAlgorithm_UnknownNameThrowsWithFix(string name)
    {
        var e = Assert.Throws<ArgumentException>(() => PayloadChecksum.ParseAlgorithm(name));
        Assert.Equal("name", e.ParamName);
        Assert.Contains($"'{name}'", e.Message);
        Assert.Contains("CRC32, CRC32C, CRC64NVME, SHA1, SHA256", e.Message);
        Assert.False(PayloadChecksum.TryParseAlgorithm(name, out _));
    }

    [Fact]
    public void PayloadChecksum_ParseAlgorithm_NullThrows()
    {
        var e = Assert.Throws<ArgumentNullException>(() => PayloadChecksum.ParseAlgorithm(null!));
        Assert.Equal("name", e.ParamName);
    }

    [Fact]
    public void PayloadChecksum_Create_UndefinedAlgorithmThrowsWithValue()
    {
        var bad = (ChecksumAlgorithm)42;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => PayloadChecksum.Create(bad));
        Assert.Equal("algorithm", e.ParamName);
        Assert.Equal(bad, e.ActualValue);
        Assert.Contains("42", e.Message);
        Assert.Contains("Crc32, Crc32C, Crc64Nvme, Sha1, Sha256", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => PayloadChecksum.HeaderName(bad));
        Assert.Throws<ArgumentOutOfRangeException>(() => PayloadChecksum.Base64Length(bad));
        Assert.Throws<ArgumentOutOfRangeException>(() => PayloadChecksum.ComputeBase64(bad, default));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void PayloadChecksum_Append_AnySplitEqualsOneShot(ChecksumAlgorithm algorithm)
    {
        using var checksum = PayloadChecksum.Create(algorithm);
        var property = Prop.ForAll(PropertyCheck.Cases(maxLength: 3000), c =>
        {
            checksum.Reset();
            checksum.Append(c.Part1);
            checksum.Append(c.Part2);
            checksum.Append(c.Part3);
            return checksum.GetBase64() == Expected(algorithm, c.Data);
        });

        PropertyCheck.Run(property, seed: 0x5EED_BA5E_0000UL + (ulong)algorithm, maxTest: 150);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void PayloadChecksum_TryWriteBase64_WritesCharsAndUtf8(ChecksumAlgorithm algorithm)
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        using var checksum = PayloadChecksum.Create(algorithm);
        checksum.Append(data);
        string expected = Expected(algorithm, data);
        int length = PayloadChecksum.Base64Length(algorithm);

        Span<char> chars = stackalloc char[64];
        Assert.True(checksum.TryWriteBase64(chars, out int charsWritten));
        Assert.Equal(expected, chars.Slice(0, charsWritten).ToString());

        Span<byte> utf8 = stackalloc byte[length];
        Assert.True(checksum.TryWriteBase64(utf8, out int bytesWritten));
        Assert.Equal(expected, Encoding.ASCII.GetString(utf8.Slice(0, bytesWritten)));

        Assert.False(checksum.TryWriteBase64(chars.Slice(0, length - 1), out charsWritten));
        Assert.Equal(0, charsWritten);
        Assert.False(checksum.TryWriteBase64(utf8.Slice(0, length - 1), out bytesWritten));
        Assert.Equal(0, bytesWritten);

        Span<byte> raw = stackalloc byte[32];
        Assert.True(checksum.TryWriteChecksum(raw, out int rawWritten));
        Assert.Equal(expected, Convert.ToBase64String(raw.Slice(0, rawWritten)));
        Assert.False(checksum.TryWriteChecksum(raw.Slice(0, rawWritten - 1), out rawWritten));
        Assert.Equal(0, rawWritten);

        // Reading does not reset: appending more continues the same payload.
        checksum.Append(data);
        Assert.Equal(Expected(algorithm, Encoding.ASCII.GetBytes("123456789123456789")), checksum.GetBase64());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void PayloadChecksum_Reset_StartsNewPayload(ChecksumAlgorithm algorithm)
    {
        using var checksum = PayloadChecksum.Create(algorithm);
        checksum.Append(Encoding.ASCII.GetBytes("discarded"));
        checksum.Reset();
        checksum.Append(Encoding.ASCII.GetBytes("kept"));
        Assert.Equal(Expected(algorithm, Encoding.ASCII.GetBytes("kept")), checksum.GetBase64());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void PayloadChecksum_Dispose_LaterUseThrows(ChecksumAlgorithm algorithm)
    {
        var checksum = PayloadChecksum.Create(algorithm);
        checksum.Dispose();
        checksum.Dispose();
        Assert.Throws<ObjectDisposedException>(() => checksum.Append(new byte[1]));
        Assert.Throws<ObjectDisposedException>(() => checksum.GetBase64());
        Assert.Throws<ObjectDisposedException>(() => checksum.Reset());
    }

    /// <summary>Independent expectation: the oracle CRCs, or the BCL's one-shot hashes.</summary>
    private static string Expected(ChecksumAlgorithm algorithm, byte[] data)
    {
        byte[] raw = algorithm switch
        {
            ChecksumAlgorithm.Crc32 => BigEndian(CrcReference.Crc32(data), 4),
            ChecksumAlgorithm.Crc32C => BigEndian(CrcReference.Crc32C(data), 4),
            ChecksumAlgorithm.Crc64Nvme => BigEndian(CrcReference.Crc64Nvme(data), 8),
            ChecksumAlgorithm.Sha1 => SHA1.HashData(data),
            _ => SHA256.HashData(data),
        };
        return Convert.ToBase64String(raw);
    }

    private static byte[] BigEndian(ulong value, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(value >> (8 * (length - 1 - i)));
        }

        return bytes;
    }
}
