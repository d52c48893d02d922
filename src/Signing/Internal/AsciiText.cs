using System.Runtime.CompilerServices;

namespace Signing.Internal;

/// <summary>ASCII helpers: case folding, hex, ordinal comparison of lower-cased names.</summary>
internal static class AsciiText
{
    public static ReadOnlySpan<byte> HexUpper => "0123456789ABCDEF"u8;

    public static ReadOnlySpan<byte> HexLower => "0123456789abcdef"u8;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static char ToLower(char c) => (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;

    /// <summary>Compares two ASCII names as if both were lower-cased (ordinal, the SigV4 header order).</summary>
    public static int CompareLower(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        int n = Math.Min(a.Length, b.Length);

        // Names often share a prefix exactly (x-amz-...): skip it vectorized, then fold case.
        for (int i = a.CommonPrefixLength(b); i < n; i++)
        {
            int d = ToLower(a[i]) - ToLower(b[i]);
            if (d != 0)
            {
                return d;
            }
        }

        return a.Length - b.Length;
    }

    /// <summary>
    /// Where the first char outside <c>'!'..'~'</c> (a space, tab, control or non-ASCII char) is, or -1.
    /// Over the chars as numbers: the char overload boxes its bounds in unoptimized (tier-0) code.
    /// </summary>
    public static int IndexOfNotVisible(ReadOnlySpan<char> text) =>
        System.Runtime.InteropServices.MemoryMarshal.Cast<char, ushort>(text).IndexOfAnyExceptInRange((ushort)'!', (ushort)'~');

    /// <summary>True when <paramref name="a"/> equals the lower-case ASCII <paramref name="lowerB"/> ignoring ASCII case.</summary>
    public static bool EqualsLower(ReadOnlySpan<char> a, ReadOnlySpan<char> lowerB) =>
        a.Length == lowerB.Length && System.Text.Ascii.EqualsIgnoreCase(a, lowerB);

    /// <summary>Writes bytes as lower-case hex chars; destination must hold 2 chars per byte.</summary>
    public static void ToHexLower(ReadOnlySpan<byte> bytes, Span<char> destination)
    {
#if NET9_0_OR_GREATER
        if (Convert.TryToHexStringLower(bytes, destination, out _))
        {
            return; // vectorized
        }
#endif
        for (int i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = (char)HexLower[bytes[i] >> 4];
            destination[(2 * i) + 1] = (char)HexLower[bytes[i] & 0xF];
        }
    }

    /// <summary>Writes bytes as lower-case hex ASCII bytes; destination must hold 2 bytes per byte.</summary>
    public static void ToHexLower(ReadOnlySpan<byte> bytes, Span<byte> destination)
    {
#if NET10_0_OR_GREATER
        if (Convert.TryToHexStringLower(bytes, destination, out _))
        {
            return; // vectorized
        }
#endif
        for (int i = 0; i < bytes.Length; i++)
        {
            destination[2 * i] = HexLower[bytes[i] >> 4];
            destination[(2 * i) + 1] = HexLower[bytes[i] & 0xF];
        }
    }

    /// <summary>Lower-case hex string of <paramref name="bytes"/> (Convert.ToHexStringLower is .NET 9+).</summary>
    public static string ToHexLowerString(ReadOnlySpan<byte> bytes)
    {
        Span<char> chars = bytes.Length <= 64 ? stackalloc char[128] : new char[bytes.Length * 2];
        ToHexLower(bytes, chars);
        return chars[..(bytes.Length * 2)].ToString();
    }

    public static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
