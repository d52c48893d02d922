using System.Text;

namespace Signing.Internal;

/// <summary>
/// RFC 3986 percent-encoding as SigV4 defines it: every byte of the UTF-8 form is encoded as
/// <c>%XY</c> (upper-case hex) except the unreserved characters <c>A-Z a-z 0-9 - . _ ~</c>.
/// </summary>
internal static class UriEncoding
{
    /// <summary><see cref="CharClass"/> bits: encoded as itself; '/', kept when a path keeps its slashes; the query's '&amp;' and '='.</summary>
    private const int Plain = 1;
    private const int PlainOrSlash = Plain | 2;
    private const int Ampersand = 4;
    private const int EqualsSign = 8;

    /// <summary>Per ASCII char: 1 for the unreserved <c>A-Z a-z 0-9 - . _ ~</c>, 2 for '/', 4 for '&amp;', 8 for '=', else 0.</summary>
    private static ReadOnlySpan<byte> CharClass =>
    [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 8, 0, 0,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1,
        0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0,
    ];

    public static bool IsUnreserved(int b) =>
        (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9 || b == '-' || b == '.' || b == '_' || b == '~';

    /// <summary>Worst-case encoded length: 3 UTF-8 bytes per char, 3 chars per byte.</summary>
    public static long MaxEncodedLength(int chars) => chars * 9L;

    /// <summary>
    /// Encodes <paramref name="text"/> as it is: a <c>%</c> becomes <c>%25</c>. Used for the double
    /// encoding of non-S3 paths, whose wire form is already encoded once.
    /// </summary>
    public static void EncodeAsIs(ref Utf8Builder writer, scoped ReadOnlySpan<char> text, bool keepSlash) =>
        Canonicalize(ref writer, text, keepSlash ? PlainOrSlash : Plain, stop: 0, decode: false, plusIsSpace: false);

    /// <summary>
    /// Decodes the wire form (valid <c>%XY</c> escapes; with <paramref name="plusIsSpace"/>, <c>+</c>
    /// as a space) and encodes the bytes again canonically. A decoded <c>/</c> (from <c>%2F</c>) stays encoded.
    /// </summary>
    public static void DecodeAndEncode(ref Utf8Builder writer, scoped ReadOnlySpan<char> text, bool keepSlash, bool plusIsSpace) =>
        Canonicalize(ref writer, text, keepSlash ? PlainOrSlash : Plain, stop: 0, decode: true, plusIsSpace);

    /// <summary>
    /// <see cref="DecodeAndEncode"/> of a query key (<paramref name="key"/>: up to '=' or '&amp;') or
    /// value (up to '&amp;'), '+' read as a space: one pass that also finds where the piece ends.
    /// </summary>
    /// <returns>The chars read: the piece, without the '=' or '&amp;' that ends it.</returns>
    public static int DecodeAndEncodeQueryPiece(ref Utf8Builder writer, scoped ReadOnlySpan<char> text, bool key) =>
        Canonicalize(ref writer, text, Plain, key ? Ampersand | EqualsSign : Ampersand, decode: true, plusIsSpace: true);

    /// <summary>
    /// One pass over the chars (to the first with a <paramref name="stop"/> class), writing straight
    /// into room reserved for the ASCII worst case (3 bytes a char): path segments and query values
    /// are short runs between escapes, where a table lookup a char beats a vectorized search a run.
    /// </summary>
    /// <returns>The chars read.</returns>
    private static int Canonicalize(ref Utf8Builder writer, scoped ReadOnlySpan<char> text, int plain, int stop, bool decode, bool plusIsSpace)
    {
        ReadOnlySpan<byte> classes = CharClass;
        int start = writer.Length;
        var dest = writer.Reserve(3 * text.Length);
        int n = 0;
        int i = 0;
        for (; i < text.Length; i++)
        {
            char c = text[i];
            if (c >= 0x80)
            {
                // Non-ASCII: its UTF-8 bytes, each encoded; then room again for the rest.
                writer.Truncate(start + n);
                i += WriteRune(ref writer, text[i..]) - 1;
                start = writer.Length;
                n = 0;
                dest = writer.Reserve(3 * (text.Length - i - 1));
                continue;
            }

            int kind = classes[c];
            if ((kind & plain) != 0)
            {
                dest[n++] = (byte)c;
                continue;
            }

            if ((kind & stop) != 0)
            {
                break;
            }

            byte b = (byte)c;
            if (decode && c == '%' && i + 2 < text.Length && TryHexByte(text.Slice(i + 1, 2), out byte decoded))
            {
                i += 2;
                if (decoded < 0x80 && (classes[decoded] & Plain) != 0)
                {
                    dest[n++] = decoded;
                    continue;
                }

                b = decoded;
            }
            else if (decode && c == '+' && plusIsSpace)
            {
                b = (byte)' ';
            }

            dest[n + 2] = AsciiText.HexUpper[b & 0xF];
            dest[n + 1] = AsciiText.HexUpper[b >> 4];
            dest[n] = (byte)'%';
            n += 3;
        }

        writer.Truncate(start + n);
        return i;
    }

    /// <summary>Writes the first char (or surrogate pair) of <paramref name="text"/> as encoded UTF-8 (a lone surrogate as U+FFFD); returns the chars read.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static int WriteRune(ref Utf8Builder writer, scoped ReadOnlySpan<char> text)
    {
        Span<byte> utf8 = stackalloc byte[4];
        Rune.DecodeFromUtf16(text, out Rune rune, out int consumed);
        int count = rune.EncodeToUtf8(utf8);
        for (int k = 0; k < count; k++)
        {
            writer.WritePercentEncoded(utf8[k]);
        }

        return consumed;
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

    private static bool TryHexByte(ReadOnlySpan<char> two, out byte value)
    {
        int hi = two.Length >= 2 ? AsciiText.HexValue(two[0]) : -1;
        int lo = hi >= 0 ? AsciiText.HexValue(two[1]) : -1;
        value = (byte)((hi << 4) | lo);
        return hi >= 0 && lo >= 0;
    }
}
