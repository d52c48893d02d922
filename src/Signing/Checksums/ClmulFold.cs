using System;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Signing.Checksums;

/// <summary>
/// Carry-less multiplication "folding" (x86 PCLMULQDQ) for any reflected CRC of width 32 or 64.
/// It shrinks a long message to one 128-bit value with the same remainder modulo the CRC
/// polynomial; the caller finishes that value and the short tail with its scalar code.
/// </summary>
/// <remarks>
/// <para>Why this is correct (the constants are derived here, not copied). Load 16 bytes
/// little-endian: bit i of the 128-bit lane is the coefficient of x^(127 - i), because in a
/// reflected CRC the first bit of the stream is the highest power. So a lane is
/// X = H·x^64 + L, with H the low qword and L the high qword. A message X followed by D more
/// bits equals X·x^D + rest, and X·x^D = H·x^(D+64) + L·x^D.</para>
/// <para>CLMUL of two reflected 64-bit values (bit j = x^(63 - j)) gives bit i + j = x^(126 - i - j),
/// which read as a reflected 128-bit lane is the true product times x. Hence with
/// k_hi = x^(D+63) mod P and k_lo = x^(D-1) mod P, the lane
/// clmul(H, k_hi) ^ clmul(L, k_lo) is congruent to X·x^D modulo P and has at most 128 bits,
/// so it can be XORed into the lane D bits further on. A CRC only depends on the message modulo
/// P, so the folded message gives the same CRC (starting from register 0) as the original.</para>
/// <para>The initial register value is XORed into the first bytes of the message: for a
/// reflected CRC of width W, starting with register s equals starting with 0 after XORing s
/// into the first W bits.</para>
/// </remarks>
internal static class ClmulFold
{
    /// <summary>Smallest input <see cref="Fold"/> accepts: four 16-byte lanes.</summary>
    internal const int MinimumLength = 64;

    /// <summary>
    /// Fold constants for shifting a 128-bit lane <paramref name="distanceBits"/> bits forward:
    /// element 0 multiplies the low qword, element 1 the high qword.
    /// </summary>
    internal static Vector128<ulong> Constants(ulong reflectedPolynomial, int width, int distanceBits) =>
        Vector128.Create(
            XPowModP(reflectedPolynomial, width, distanceBits + 63),
            XPowModP(reflectedPolynomial, width, distanceBits - 1));

    /// <summary>
    /// x^exponent mod P as a reflected 64-bit CLMUL operand (bit j is the coefficient of
    /// x^(63 - j)); for width 32 that is the 32-bit reflected remainder shifted up by 32.
    /// </summary>
    internal static ulong XPowModP(ulong reflectedPolynomial, int width, int exponent)
    {
        // Reflected register of the given width: bit i is x^(width - 1 - i); x^0 is the top bit.
        // Multiplying by x shifts right, and x^width (bit -1) reduces to the polynomial.
        ulong r = 1UL << (width - 1);
        for (int e = 0; e < exponent; e++)
        {
            r = (r & 1) != 0 ? (r >> 1) ^ reflectedPolynomial : r >> 1;
        }

        return width == 64 ? r : r << (64 - width);
    }

    /// <summary>
    /// Folds the longest multiple-of-16-byte prefix of <paramref name="data"/> into one lane,
    /// after XORing <paramref name="state"/> into its first bytes, and advances
    /// <paramref name="data"/> past it (fewer than 16 bytes remain).
    /// </summary>
    /// <param name="state">Raw CRC register (32-bit CRCs use the low 32 bits).</param>
    /// <param name="data">At least <see cref="MinimumLength"/> bytes; the unconsumed tail on return.</param>
    /// <param name="fold512">Constants for a distance of 512 bits (four lanes).</param>
    /// <param name="fold128">Constants for a distance of 128 bits (one lane).</param>
    /// <returns>A lane whose 16 little-endian bytes, run through the CRC from register 0,
    /// give the register for the consumed prefix.</returns>
    internal static Vector128<ulong> Fold(
        ulong state, ref ReadOnlySpan<byte> data, Vector128<ulong> fold512, Vector128<ulong> fold128)
    {
        ReadOnlySpan<byte> input = data;
        Vector128<ulong> x0 = Load(input, 0) ^ Vector128.CreateScalar(state);
        Vector128<ulong> x1 = Load(input, 16);
        Vector128<ulong> x2 = Load(input, 32);
        Vector128<ulong> x3 = Load(input, 48);
        int offset = 64;

        // Four independent chains hide the multiplier latency.
        while (input.Length - offset >= 64)
        {
            x0 = Shift(x0, fold512) ^ Load(input, offset);
            x1 = Shift(x1, fold512) ^ Load(input, offset + 16);
            x2 = Shift(x2, fold512) ^ Load(input, offset + 32);
            x3 = Shift(x3, fold512) ^ Load(input, offset + 48);
            offset += 64;
        }

        x1 ^= Shift(x0, fold128);
        x2 ^= Shift(x1, fold128);
        x3 ^= Shift(x2, fold128);

        while (input.Length - offset >= 16)
        {
            x3 = Shift(x3, fold128) ^ Load(input, offset);
            offset += 16;
        }

        data = input.Slice(offset);
        return x3;
    }

    private static Vector128<ulong> Shift(Vector128<ulong> lane, Vector128<ulong> constants) =>
        Pclmulqdq.CarrylessMultiply(lane, constants, 0x00) ^ Pclmulqdq.CarrylessMultiply(lane, constants, 0x11);

    private static Vector128<ulong> Load(ReadOnlySpan<byte> input, int offset) =>
        MemoryMarshal.Read<Vector128<ulong>>(input.Slice(offset, 16));
}
