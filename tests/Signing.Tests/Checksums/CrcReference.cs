using System;

namespace Signing.Tests.Checksums;

/// <summary>
/// Test oracle: the textbook CRC of the Rocksoft/reveng parameter model, bit at a time, in
/// "normal" (most significant bit first) orientation with explicit reflection of input bytes and
/// output. It deliberately shares nothing with the library's right-shifting tables or folding.
/// </summary>
internal static class CrcReference
{
    /// <summary>CRC-32/ISO-HDLC normal polynomial (reveng catalogue).</summary>
    internal const ulong Crc32Poly = 0x04C11DB7;

    /// <summary>CRC-32/ISCSI (Castagnoli) normal polynomial (reveng catalogue).</summary>
    internal const ulong Crc32CPoly = 0x1EDC6F41;

    /// <summary>CRC-64/NVME normal polynomial (reveng catalogue; reflected form 0x9A6C9329AC4BC9B5).</summary>
    internal const ulong Crc64NvmePoly = 0xAD93D23594C93659;

    /// <summary>A reflected-in, reflected-out CRC with the given parameters.</summary>
    internal static ulong Compute(ulong normalPoly, int width, ulong init, ulong xorOut, ReadOnlySpan<byte> data)
    {
        ulong mask = width == 64 ? ulong.MaxValue : (1UL << width) - 1;
        ulong top = 1UL << (width - 1);
        ulong register = init & mask;
        foreach (byte b in data)
        {
            register ^= Reflect(b, 8) << (width - 8);
            for (int i = 0; i < 8; i++)
            {
                register = (register & top) != 0 ? (register << 1) ^ normalPoly : register << 1;
                register &= mask;
            }
        }

        return (Reflect(register, width) ^ xorOut) & mask;
    }

    /// <summary>
    /// What a library update function does to a raw (reflected) register <paramref name="state"/>:
    /// a model with init = reflect(state) and no final XOR.
    /// </summary>
    internal static ulong UpdateRaw(ulong normalPoly, int width, ulong state, ReadOnlySpan<byte> data) =>
        Compute(normalPoly, width, Reflect(state, width), 0, data);

    internal static uint Crc32(ReadOnlySpan<byte> data) => (uint)Compute(Crc32Poly, 32, uint.MaxValue, uint.MaxValue, data);

    internal static uint Crc32C(ReadOnlySpan<byte> data) => (uint)Compute(Crc32CPoly, 32, uint.MaxValue, uint.MaxValue, data);

    internal static ulong Crc64Nvme(ReadOnlySpan<byte> data) => Compute(Crc64NvmePoly, 64, ulong.MaxValue, ulong.MaxValue, data);

    internal static ulong Reflect(ulong value, int width)
    {
        ulong result = 0;
        for (int i = 0; i < width; i++)
        {
            if ((value & (1UL << i)) != 0)
            {
                result |= 1UL << (width - 1 - i);
            }
        }

        return result;
    }
}
