using System;
using Signing.Checksums;

namespace Signing.Tests.Checksums;

public class ChecksumAllocationTests
{
    public static TheoryData<ChecksumAlgorithm> Algorithms => PayloadChecksumTests.Algorithms;

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void PayloadChecksum_Append_AllocatesNothing(ChecksumAlgorithm algorithm)
    {
        byte[] data = new byte[10_000];
        new System.Random(7).NextBytes(data);
        using var checksum = PayloadChecksum.Create(algorithm);
        Span<char> base64 = stackalloc char[64];

        AppendPieces(checksum, data, base64); // warm-up: static constructors, JIT
        AppendPieces(checksum, data, base64);
        long before = GC.GetAllocatedBytesForCurrentThread();
        AppendPieces(checksum, data, base64);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void Crc_Append_AllocatesNothing()
    {
        byte[] data = new byte[10_000];
        new System.Random(8).NextBytes(data);
        ulong sink = AppendAll(data);
        sink ^= AppendAll(data);
        long before = GC.GetAllocatedBytesForCurrentThread();
        sink ^= AppendAll(data);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        GC.KeepAlive(sink);
    }

    private static void AppendPieces(PayloadChecksum checksum, byte[] data, Span<char> base64)
    {
        checksum.Reset();
        for (int offset = 0, size = 1; offset < data.Length; offset += size, size = (size * 3) + 1)
        {
            checksum.Append(data.AsSpan(offset, Math.Min(size, data.Length - offset)));
        }

        Assert.True(checksum.TryWriteBase64(base64, out _));
    }

    private static ulong AppendAll(byte[] data)
    {
        uint crc32 = 0, crc32c = 0;
        ulong crc64 = 0;
        for (int offset = 0, size = 1; offset < data.Length; offset += size, size = (size * 3) + 1)
        {
            ReadOnlySpan<byte> piece = data.AsSpan(offset, Math.Min(size, data.Length - offset));
            crc32 = Crc32.Append(crc32, piece);
            crc32c = Crc32C.Append(crc32c, piece);
            crc64 = Crc64Nvme.Append(crc64, piece);
        }

        return crc32 ^ crc32c ^ crc64;
    }
}
