using System.Buffers;
using System.Text;

namespace Signing.Internal;

/// <summary>
/// RFC 3986 percent-encoding as SigV4 defines it: every byte of the UTF-8 form is encoded as
/// <c>%XY</c> (upper-case hex) except the unreserved characters <c>A-Z a-z 0-9 - . _ ~</c>.
/// </summary>
internal static class UriEncoding
{
    private static readonly SearchValues<char> Unreserved =
        SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    private static readonly SearchValues<char> UnreservedOrSlash =
        SearchValues.Create("-./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz~");

    public static bool IsUnreserved(int b) =>
        (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == '-' || b == '.' || b == '_' || b == '~';

    /// <summary>Worst-case encoded length: 3 UTF-8 bytes per char, 3 chars per byte.</summary>
    public static long MaxEncodedLength(int chars) => chars * 9L;

    /// <summary>
    /// Encodes <paramref name="text"/> as it is: a <c>%</c> becomes <c>%25</c>. Used for the double
    /// encoding of non-S3 paths, whose wire form is already encoded once.
    /// </summary>
    public static void EncodeAsIs(ref Utf8Builder writer, scoped ReadOnlySpan<char> text, bool keepSlash)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length;)
        {
            i += CopyPlainRun(ref writer, text[i..], keepSlash);
            if (i >= text.Length)
            {
                break;
            }

            char c = text[i];
            if (c < 0x80)
            {
                WriteByte(ref writer, (byte)c, keepSlash);
                i++;
                continue;
            }

            Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed);
            int n = rune.EncodeToUtf8(utf8);
            for (int k = 0; k < n; k++)
            {
                writer.WritePercentEncoded(utf8[k]);
            }

            i += consumed;
        }
    }

    /// <summary>
    /// Decodes the wire form (valid <c>%XY</c> escapes; with <paramref name="plusIsSpace"/>, <c>+</c>
    /// as a space) and encodes the bytes again canonically. A decoded <c>/</c> (from <c>%2F</c>) stays encoded.
    /// </summary>
    public static void DecodeAndEncode(ref Utf8Builder writer, scoped ReadOnlySpan<char> text, bool keepSlash, bool plusIsSpace)
    {
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < text.Length;)
        {
            i += CopyPlainRun(ref writer, text[i..], keepSlash);
            if (i >= text.Length)
            {
                break;
            }

            char c = text[i];
            if (c == '%' && i + 2 < text.Length && TryHexByte(text[(i + 1)..], out byte decoded))
            {
                if (IsUnreserved(decoded))
                {
                    writer.Write(decoded);
                }
                else
                {
                    writer.WritePercentEncoded(decoded);
                }

                i += 3;
            }
            else if (c == '+' && plusIsSpace)
            {
                writer.WritePercentEncoded((byte)' ');
                i++;
            }
            else if (c < 0x80)
            {
                WriteByte(ref writer, (byte)c, keepSlash);
                i++;
            }
            else
            {
                Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed);
                int n = rune.EncodeToUtf8(utf8);
                for (int k = 0; k < n; k++)
                {
                    writer.WritePercentEncoded(utf8[k]);
                }

                i += consumed;
            }
        }
    }

    /// <summary>Decodes valid <c>%XY</c> escapes (and, with <paramref name="plusIsSpace"/>, <c>+</c>) to a string.</summary>
    public static string Decode(ReadOnlySpan<char> text, bool plusIsSpace)
    {
        if (text.IndexOfAny('%', '+') < 0)
        {
            return text.ToString();
        }

        var bytes = new byte[MaxDecodedLength(text.Length)];
        int n = DecodeToUtf8(text, plusIsSpace, bytes);
        return Encoding.UTF8.GetString(bytes, 0, n);
    }

    /// <summary>The most bytes <see cref="DecodeToUtf8"/> writes for <paramref name="chars"/> chars.</summary>
    public static int MaxDecodedLength(int chars) => Encoding.UTF8.GetMaxByteCount(chars);

    /// <summary>
    /// The bytes <see cref="Decode"/> decodes to, before they are read as UTF-8: escapes as their
    /// byte, other text as its UTF-8 (a lone surrogate as U+FFFD). They need not be valid UTF-8.
    /// </summary>
    /// <returns>The number of bytes written; <paramref name="destination"/> holds <see cref="MaxDecodedLength"/>.</returns>
    public static int DecodeToUtf8(ReadOnlySpan<char> text, bool plusIsSpace, Span<byte> destination)
    {
        int n = 0;
        for (int i = 0; i < text.Length;)
        {
            char c = text[i];
            if (c == '%' && i + 2 < text.Length && TryHexByte(text[(i + 1)..], out byte decoded))
            {
                destination[n++] = decoded;
                i += 3;
            }
            else if (c == '+' && plusIsSpace)
            {
                destination[n++] = (byte)' ';
                i++;
            }
            else if (c < 0x80)
            {
                destination[n++] = (byte)c;
                i++;
            }
            else
            {
                Rune.DecodeFromUtf16(text[i..], out Rune rune, out int consumed);
                n += rune.EncodeToUtf8(destination[n..]);
                i += consumed;
            }
        }

        return n;
    }

    /// <summary>Encodes a string canonically (every byte but the unreserved ones); for building URLs.</summary>
    public static string Encode(ReadOnlySpan<char> text, bool keepSlash)
    {
        if (MaxEncodedLength(text.Length) > Array.MaxLength)
        {
            ThrowHelper.Argument(nameof(text), $"A value of {text.Length} chars is too long to encode.");
        }

        var writer = new Utf8Builder(stackalloc byte[Utf8Builder.PieceStackBytes]);
        try
        {
            EncodeAsIs(ref writer, text, keepSlash);
            return Encoding.ASCII.GetString(writer.Written);
        }
        finally
        {
            writer.Dispose();
        }
    }

    /// <summary>Copies the leading run of chars that encode as themselves in one vectorized step; returns its length.</summary>
    private static int CopyPlainRun(ref Utf8Builder writer, scoped ReadOnlySpan<char> text, bool keepSlash)
    {
        int run = text.IndexOfAnyExcept(keepSlash ? UnreservedOrSlash : Unreserved);
        if (run < 0)
        {
            run = text.Length;
        }

        if (run > 0)
        {
            writer.WriteAscii(text[..run]);
        }

        return run;
    }

    private static void WriteByte(ref Utf8Builder writer, byte b, bool keepSlash)
    {
        if (IsUnreserved(b) || (keepSlash && b == '/'))
        {
            writer.Write(b);
        }
        else
        {
            writer.WritePercentEncoded(b);
        }
    }

    private static bool TryHexByte(ReadOnlySpan<char> two, out byte value)
    {
        int hi = two.Length >= 2 ? AsciiText.HexValue(two[0]) : -1;
        int lo = hi >= 0 ? AsciiText.HexValue(two[1]) : -1;
        value = (byte)((hi << 4) | lo);
        return hi >= 0 && lo >= 0;
    }
}
