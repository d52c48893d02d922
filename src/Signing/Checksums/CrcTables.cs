using System;
using System.Buffers.Binary;

namespace Signing.Checksums;

/// <summary>
/// Slicing-by-8 tables and the portable (table-driven) update loops shared by the reflected
/// 32-bit and 64-bit CRCs. Every CRC here is "reflected": the least significant bit of each
/// byte is the highest-degree coefficient, so the register shifts right.
/// </summary>
/// <remarks>
/// All update functions work on the raw register ("state"): callers apply the algorithm's
/// initial value and final XOR. Table <c>k</c> (0..7) maps a byte to the register contribution
/// of that byte followed by <c>k</c> zero bytes, which lets one step consume 8 bytes with
/// 8 independent lookups instead of 8 dependent ones.
/// </remarks>
internal static class CrcTables
{
    /// <summary>Builds the 8 x 256 slicing table for a reflected 32-bit polynomial.</summary>
    /// <remarks>The 64-bit table of the same polynomial: a register that starts below 2^32 and shifts
    /// right, XORing a polynomial below 2^32, stays below 2^32.</remarks>
    internal static uint[] Build32(uint reflectedPolynomial) => Array.ConvertAll(Build64(reflectedPolynomial), v => (uint)v);

    /// <summary>Builds the 8 x 256 slicing table for a reflected 64-bit polynomial.</summary>
    internal static ulong[] Build64(ulong reflectedPolynomial)
    {
        var table = new ulong[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ reflectedPolynomial : c >> 1;
            }

            table[i] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                ulong previous = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = (previous >> 8) ^ table[(int)(previous & 0xFF)];
            }
        }

        return table;
    }

    /// <summary>Runs the 32-bit register over <paramref name="data"/>, 8 bytes per step.</summary>
    internal static uint Update32(uint[] table, uint state, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<uint> t = table;
        while (data.Length >= 8)
        {
            state = Step32(t, state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data.Slice(8);
        }

        foreach (byte b in data)
        {
            state = (state >> 8) ^ t[(int)((state ^ b) & 0xFF)];
        }

        return state;
    }

    /// <summary>Consumes one little-endian 8-byte word with the 32-bit register.</summary>
    internal static uint Step32(ReadOnlySpan<uint> t, uint state, ulong word)
    {
        // The register lines up with the first 4 bytes of the word; byte j of the word is
        // followed by 7 - j more bytes, so it is looked up in table 7 - j.
        ulong x = word ^ state;
        uint lo = (uint)x;
        uint hi = (uint)(x >> 32);
        return t[(7 * 256) + (int)(lo & 0xFF)]
             ^ t[(6 * 256) + (int)((lo >> 8) & 0xFF)]
             ^ t[(5 * 256) + (int)((lo >> 16) & 0xFF)]
             ^ t[(4 * 256) + (int)(lo >> 24)]
             ^ t[(3 * 256) + (int)(hi & 0xFF)]
             ^ t[(2 * 256) + (int)((hi >> 8) & 0xFF)]
             ^ t[256 + (int)((hi >> 16) & 0xFF)]
             ^ t[(int)(hi >> 24)];
    }

    /// <summary>Runs the 64-bit register over <paramref name="data"/>, 8 bytes per step.</summary>
    internal static ulong Update64(ulong[] table, ulong state, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<ulong> t = table;
        while (data.Length >= 8)
        {
            state = Step64(t, state, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data.Slice(8);
        }

        foreach (byte b in data)
        {
            state = (state >> 8) ^ t[(int)((state ^ b) & 0xFF)];
        }

        return state;
    }

    /// <summary>Consumes one little-endian 8-byte word with the 64-bit register.</summary>
    internal static ulong Step64(ReadOnlySpan<ulong> t, ulong state, ulong word)
    {
        ulong x = word ^ state;
        return t[(7 * 256) + (int)(x & 0xFF)]
             ^ t[(6 * 256) + (int)((x >> 8) & 0xFF)]
             ^ t[(5 * 256) + (int)((x >> 16) & 0xFF)]
             ^ t[(4 * 256) + (int)((x >> 24) & 0xFF)]
             ^ t[(3 * 256) + (int)((x >> 32) & 0xFF)]
             ^ t[(2 * 256) + (int)((x >> 40) & 0xFF)]
             ^ t[256 + (int)((x >> 48) & 0xFF)]
             ^ t[(int)(x >> 56)];
    }
}
