using Signing.Checksums;

namespace Signing.Tests.Checksums;

/// <summary>
/// Published CRC values. Each case is checked against the library's public entry point and
/// against the independent bit-at-a-time oracle, so a wrong expectation cannot hide.
/// Sources:
///  [reveng]  Greg Cook, "Catalogue of parametrised CRC algorithms" (reveng), entries
///            CRC-32/ISO-HDLC, CRC-32/ISCSI and CRC-64/NVME: check values for "123456789".
///  [rfc3720] RFC 3720 (iSCSI) appendix B.4, CRC32C examples over 32-byte buffers.
///  [aws-c]   awslabs/aws-c-checksums and aws-c-s3 test suites (32 zeros, bytes 0..31, "aaaaaaaaaa").
///  [swift]   awslabs/aws-crt-swift Test/AwsCommonRuntimeKitTests/crt/ChecksumsTests.swift ("Hello").
///  [nvme]    NVM Express NVM Command Set Specification 1.0c, 4 KiB CRC-64 examples, as asserted in
///            SPDK test/unit/lib/util/crc64.c/crc64_ut.c.
///  [crc64fast] awesomized/crc64fast-nvme README ("hello world!").
///  [wiki]    The CRC-32 of "The quick brown fox jumps over the lazy dog", widely published.
/// </summary>
public class CrcPublishedValueTests
{
    [Theory]
    [InlineData("ascii:", 0x00000000u)]                 // empty input: init == xorout
    [InlineData("ascii:123456789", 0xCBF43926u)]        // [reveng]
    [InlineData("zeros:32", 0x190A55ADu)]               // [aws-c]
    [InlineData("inc:32", 0x91267E8Au)]                 // [aws-c]
    [InlineData("ascii:Hello", 4157704578u)]            // [swift]
    [InlineData("ascii:The quick brown fox jumps over the lazy dog", 0x414FA339u)] // [wiki]
    public void Crc32_Compute_PublishedInput(string input, uint expected)
    {
        byte[] data = TestInputs.Build(input);
        Assert.Equal(expected, CrcReference.Crc32(data));
        Assert.Equal(expected, Crc32.Compute(data));
    }

    [Theory]
    [InlineData("ascii:", 0x00000000u)]
    [InlineData("ascii:123456789", 0xE3069283u)]        // [reveng]
    [InlineData("zeros:32", 0x8A9136AAu)]               // [rfc3720] [aws-c]
    [InlineData("ones:32", 0x62A8AB43u)]                // [rfc3720]
    [InlineData("inc:32", 0x46DD794Eu)]                 // [rfc3720] [aws-c]
    [InlineData("dec32:32", 0x113FDB5Cu)]               // [rfc3720]
    [InlineData("ascii:Hello", 2178485787u)]            // [swift]
    public void Crc32C_Compute_PublishedInput(string input, uint expected)
    {
        byte[] data = TestInputs.Build(input);
        Assert.Equal(expected, CrcReference.Crc32C(data));
        Assert.Equal(expected, Crc32C.Compute(data));
    }

    [Theory]
    [InlineData("ascii:", 0x0000000000000000ul)]
    [InlineData("ascii:123456789", 0xAE8B14860A799888ul)] // [reveng]
    [InlineData("zeros:32", 0xCF3473434D4ECF3Bul)]        // [aws-c] [swift]
    [InlineData("inc:32", 0xB9D9D4A8492CBD7Ful)]          // [aws-c] [swift]
    [InlineData("ascii:aaaaaaaaaa", 0x0C1A80036D65C555ul)] // [aws-c] (aws-c-s3 crc64nvme test 1)
    [InlineData("ascii:hello world!", 0xD9160D1FA8E418E3ul)] // [crc64fast]
    [InlineData("zeros:4096", 0x6482D367EB22B64Eul)]      // [nvme]
    [InlineData("ones:4096", 0xC0DDBA7302ECA3ACul)]       // [nvme]
    [InlineData("inc:4096", 0x3E729F5F6750449Cul)]        // [nvme]
    [InlineData("dec:4096", 0x9A2DF64B8E9E517Eul)]        // [nvme]
    public void Crc64Nvme_Compute_PublishedInput(string input, ulong expected)
    {
        byte[] data = TestInputs.Build(input);
        Assert.Equal(expected, CrcReference.Crc64Nvme(data));
        Assert.Equal(expected, Crc64Nvme.Compute(data));
    }

    /// <summary>
    /// AWS S3 API reference, "Signature calculations for trailing headers (chunked uploads)":
    /// the example uploads 65,536 + 1,024 bytes of 'a' and sends the trailer
    /// <c>x-amz-checksum-crc32c:sOO8/Q==</c>.
    /// </summary>
    [Fact]
    public void PayloadChecksum_GetBase64_S3ChunkedTrailerExample()
    {
        byte[] chunk1 = TestInputs.Build("a:65536");
        byte[] chunk2 = TestInputs.Build("a:1024");
        using var checksum = PayloadChecksum.Create(ChecksumAlgorithm.Crc32C);
        checksum.Append(chunk1);
        checksum.Append(chunk2);

        Assert.Equal("sOO8/Q==", checksum.GetBase64());
        Assert.Equal("sOO8/Q==", PayloadChecksum.ComputeBase64(ChecksumAlgorithm.Crc32C, TestInputs.Build("a:66560")));
        Assert.Equal(0xB0E3BCFDu, CrcReference.Crc32C(TestInputs.Build("a:66560")));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "AAAAAA==")]
    [InlineData(ChecksumAlgorithm.Crc32C, "AAAAAA==")]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "AAAAAAAAAAA=")]
    [InlineData(ChecksumAlgorithm.Sha1, "2jmj7l5rSw0yVb/vlWAYkK/YBwk=")]          // SHA-1 of no bytes (FIPS 180)
    [InlineData(ChecksumAlgorithm.Sha256, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")] // SHA-256 of no bytes
    public void PayloadChecksum_GetBase64_EmptyPayload(ChecksumAlgorithm algorithm, string expected)
    {
        using var checksum = PayloadChecksum.Create(algorithm);
        Assert.Equal(expected, checksum.GetBase64());
        Assert.Equal(expected, PayloadChecksum.ComputeBase64(algorithm, default));
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc32, "y/Q5Jg==")]      // 0xCBF43926 big-endian
    [InlineData(ChecksumAlgorithm.Crc32C, "4waSgw==")]     // 0xE3069283 big-endian
    [InlineData(ChecksumAlgorithm.Crc64Nvme, "rosUhgp5mIg=")] // 0xAE8B14860A799888 big-endian
    [InlineData(ChecksumAlgorithm.Sha256, "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU=")] // SHA-256("123456789")
    public void PayloadChecksum_ComputeBase64_CheckInputIsBigEndianBase64(ChecksumAlgorithm algorithm, string expected)
    {
        Assert.Equal(expected, PayloadChecksum.ComputeBase64(algorithm, TestInputs.Build("ascii:123456789")));
    }
}
