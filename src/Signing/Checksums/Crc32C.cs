using System;
using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ArmCrc = System.Runtime.Intrinsics.Arm.Crc32;

namespace Signing.Checksums;

/// <summary>
/// CRC-32C (Castagnoli, iSCSI): reflected polynomial 0x82F63B78, initial value and final XOR
/// 0xFFFFFFFF. This is the CRC behind S3's <c>x-amz-checksum-crc32c</c>.
/// </summary>
/// <remarks>
/// Parameters from the reveng CRC catalogue, entry "CRC-32/ISCSI" (check value 0xE3069283);
/// also RFC 3720 appendix B.4. Uses the SSE4.2 <c>crc32</c> instruction on x86 (with PCLMULQDQ
/// folding for long inputs), the ARMv8 CRC32C instructions on Arm64, and slicing-by-8 tables
/// elsewhere. All members are thread-safe and allocation-free.
/// </remarks>
internal static class Crc32C
{
    /// <summary>
    /// From this length up, PCLMULQDQ folding (four independent lanes) beats the serial
    /// <c>crc32</c> instruction, whose 3-cycle latency limits one stream to about 8 bytes per
    /// 3 cycles. Measured on an AVX-512 Xeon VM: about 6 GB/s for <c>crc32</c> against 10-17 GB/s
    /// for folding from 128 bytes up; at 64 bytes the two are close.
    /// </summary>
    internal const int FoldThreshold = 128;

    private const uint Polynomial = 0x82F63B78;

    private static readonly uint[] Table = CrcTables.Build32(Polynomial);
    private static readonly Vector128<ulong> Fold512 = ClmulFold.Constants(Polynomial, 32, 512);
    private static readonly Vector128<ulong> Fold128 = ClmulFold.Constants(Polynomial, 32, 128);

    /// <summary>Computes the CRC-32C of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to checksum; may be empty (the CRC of no bytes is 0).</param>
    /// <returns>The CRC value. S3 sends it as base64 of its 4 big-endian bytes.</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Continues a CRC-32C: <c>Append(Compute(a), b) == Compute(a + b)</c>, and
    /// <c>Append(0, b) == Compute(b)</c>.
    /// </summary>
    /// <param name="crc">The CRC of the bytes so far (as returned by <see cref="Compute"/> or
    /// <see cref="Append"/>), or 0 to start.</param>
    /// <param name="data">The next bytes.</param>
    /// <returns>The CRC of the earlier bytes followed by <paramref name="data"/>.</returns>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) => ~Update(~crc, data);

    /// <summary>Advances the raw register (no initial value or final XOR) by the fastest path.</summary>
    internal static uint Update(uint state, ReadOnlySpan<byte> data)
    {
        if (Sse42.IsSupported)
        {
            return Pclmulqdq.IsSupported && data.Length >= FoldThreshold
                ? UpdatePclmul(state, data)
                : UpdateSse42(state, data);
        }

        if (ArmCrc.Arm64.IsSupported)
        {
            return UpdateArm64(state, data);
        }

        return UpdateTable(state, data);
    }

    /// <summary>Portable path: slicing-by-8 tables.</summary>
    internal static uint UpdateTable(uint state, ReadOnlySpan<byte> data) =>
        CrcTables.Update32(Table, state, data);

    /// <summary>x86 path: the SSE4.2 <c>crc32</c> instruction, 8 bytes at a time on x64.</summary>
    internal static uint UpdateSse42(uint state, ReadOnlySpan<byte> data)
    {
        if (!Sse42.IsSupported)
        {
            return UpdateTable(state, data);
        }

        if (Sse42.X64.IsSupported)
        {
            ulong wide = state;
            while (data.Length >= 8)
            {
                wide = Sse42.X64.Crc32(wide, BinaryPrimitives.ReadUInt64LittleEndian(data));
                data = data.Slice(8);
            }

            state = (uint)wide;
        }

        while (data.Length >= 4)
        {
            state = Sse42.Crc32(state, BinaryPrimitives.ReadUInt32LittleEndian(data));
            data = data.Slice(4);
        }

        foreach (byte b in data)
        {
            state = Sse42.Crc32(state, b);
        }

        return state;
    }

    /// <summary>
    /// x86 path for long inputs: PCLMULQDQ folding, then <c>crc32</c> (or tables) for the last
    /// lane and the tail.
    /// </summary>
    internal static uint UpdatePclmul(uint state, ReadOnlySpan<byte> data)
    {
        if (!Pclmulqdq.IsSupported || data.Length < ClmulFold.MinimumLength)
        {
            return UpdateSse42(state, data);
        }

        Vector128<ulong> lane = ClmulFold.Fold(state, ref data, Fold512, Fold128);
        uint folded;
        if (Sse42.X64.IsSupported)
        {
            folded = (uint)Sse42.X64.Crc32(Sse42.X64.Crc32(0UL, lane.GetElement(0)), lane.GetElement(1));
        }
        else
        {
            folded = CrcTables.Step32(Table, 0, lane.GetElement(0));
            folded = CrcTables.Step32(Table, folded, lane.GetElement(1));
        }

        return UpdateSse42(folded, data);
    }

    /// <summary>Arm64 path: the CRC32CX/CRC32CB instructions (same polynomial, raw register).</summary>
    internal static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        if (!ArmCrc.Arm64.IsSupported)
        {
            return UpdateTable(state, data);
        }

        while (data.Length >= 8)
        {
            state = ArmCrc.Arm64.ComputeCrc32C(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data.Slice(8);
        }

        foreach (byte b in data)
        {
            state = ArmCrc.ComputeCrc32C(state, b);
        }

        return state;
    }
}
