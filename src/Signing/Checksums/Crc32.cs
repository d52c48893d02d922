using System;
using System.Buffers.Binary;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ArmCrc = System.Runtime.Intrinsics.Arm.Crc32;

namespace Signing.Checksums;

/// <summary>
/// CRC-32 (ISO-HDLC, the zlib/Ethernet CRC): reflected polynomial 0xEDB88320, initial value and
/// final XOR 0xFFFFFFFF. This is the CRC behind S3's <c>x-amz-checksum-crc32</c>.
/// </summary>
/// <remarks>
/// Parameters from the reveng CRC catalogue, entry "CRC-32/ISO-HDLC" (check value for the ASCII
/// bytes "123456789": 0xCBF43926). Uses PCLMULQDQ folding on x86 for inputs of 64 bytes or more,
/// the ARMv8 CRC32 instructions on Arm64, and slicing-by-8 tables otherwise. All members are
/// thread-safe and allocation-free.
/// </remarks>
internal static class Crc32
{
    private const uint Polynomial = 0xEDB88320;

    private static readonly uint[] Table = CrcTables.Build32(Polynomial);
    private static readonly Vector128<ulong> Fold512 = ClmulFold.Constants(Polynomial, 32, 512);
    private static readonly Vector128<ulong> Fold128 = ClmulFold.Constants(Polynomial, 32, 128);

    /// <summary>Computes the CRC-32 of <paramref name="data"/>.</summary>
    /// <param name="data">The bytes to checksum; may be empty (the CRC of no bytes is 0).</param>
    /// <returns>The CRC value. S3 sends it as base64 of its 4 big-endian bytes.</returns>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>
    /// Continues a CRC-32: <c>Append(Compute(a), b) == Compute(a + b)</c>, and
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
        if (Pclmulqdq.IsSupported && data.Length >= ClmulFold.MinimumLength)
        {
            return UpdatePclmul(state, data);
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

    /// <summary>x86 path: PCLMULQDQ folding, then tables for the last lane and the tail.</summary>
    /// <remarks>Falls back to the tables without PCLMULQDQ or for inputs shorter than 64 bytes.</remarks>
    internal static uint UpdatePclmul(uint state, ReadOnlySpan<byte> data)
    {
        if (!Pclmulqdq.IsSupported || data.Length < ClmulFold.MinimumLength)
        {
            return UpdateTable(state, data);
        }

        Vector128<ulong> lane = ClmulFold.Fold(state, ref data, Fold512, Fold128);
        uint folded = CrcTables.Step32(Table, 0, lane.GetElement(0));
        folded = CrcTables.Step32(Table, folded, lane.GetElement(1));
        return UpdateTable(folded, data);
    }

    /// <summary>Arm64 path: the CRC32X/CRC32B instructions (same polynomial, raw register).</summary>
    internal static uint UpdateArm64(uint state, ReadOnlySpan<byte> data)
    {
        if (!ArmCrc.Arm64.IsSupported)
        {
            return UpdateTable(state, data);
        }

        while (data.Length >= 8)
        {
            state = ArmCrc.Arm64.ComputeCrc32(state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data.Slice(8);
        }

        foreach (byte b in data)
        {
            state = ArmCrc.ComputeCrc32(state, b);
        }

        return state;
    }
}
