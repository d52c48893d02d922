using System.Buffers;
using System.Text;

namespace Signing.S3.Internal;

/// <summary>The text <see cref="ListingScanner"/> reads: printable ASCII and the five predefined entities.</summary>
internal ref partial struct ListingScanner
{
    /// <summary>Printable ASCII, tab and line feed: the only bytes of text and attribute values read here.</summary>
    private static readonly SearchValues<byte> Printable = SearchValues.Create("\t\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>Text bytes that need no attention: printable ASCII but white space, <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>.</summary>
    private static readonly SearchValues<byte> Plain = SearchValues.Create("!\"#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"u8);

    /// <summary>The text of an element as a string (the empty string for an empty element).</summary>
    private bool Text(ReadOnlySpan<byte> element, bool empty, out string? text)
    {
        text = string.Empty;
        if (empty)
        {
            return true;
        }

        if (!RawText(out var raw, out bool entities) || !EndTag(element))
        {
            return false;
        }

        if (!entities)
        {
            text = Encoding.ASCII.GetString(raw);
            return true;
        }

        // Decoding only shortens: the raw length bounds the text (an ETag is &quot;…&quot; in every entry).
        char[]? rented = null;
        Span<char> buffer = raw.Length <= 256 ? stackalloc char[256] : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            int n = Unescape(raw, buffer);
            text = n < 0 ? null : new string(buffer[..n]);
            return n >= 0;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// A short text (size, time, storage class) into <paramref name="chars"/>, without a string, its
    /// length in <paramref name="length"/>; as <see cref="ListingReader"/> reads it, a text that fills
    /// the buffer comes back empty.
    /// </summary>
    private bool ShortText(ReadOnlySpan<byte> element, bool empty, scoped Span<char> chars, out int length)
    {
        length = 0;
        if (empty)
        {
            return true;
        }

        if (!RawText(out var raw, out bool entities) || !EndTag(element))
        {
            return false;
        }

        // As XmlReader's path reads it, a text that fills the buffer counts as none.
        if (!entities)
        {
            if (raw.Length < chars.Length)
            {
                length = Encoding.ASCII.GetChars(raw, chars);
            }

            return true;
        }

        if (raw.Length >= chars.Length * 6)
        {
            return true; // even if all entities, too long
        }

        Span<char> decoded = stackalloc char[raw.Length];
        int n = Unescape(raw, decoded);
        if (n < 0)
        {
            return false;
        }

        if (n < chars.Length)
        {
            decoded[..n].CopyTo(chars);
            length = n;
        }

        return true;
    }

    /// <summary>
    /// The text up to the next <c>&lt;</c>: printable ASCII, tab or line feed, not only white space,
    /// no <c>]]&gt;</c>. The reader is left on the <c>&lt;</c>. One scalar pass: the texts are short.
    /// </summary>
    private bool RawText(out ReadOnlySpan<byte> raw, out bool entities)
    {
        raw = default;
        entities = false;
        var rest = _xml[_pos..];

        // Usually the text is plain up to its end tag: one vectorized search finds the '<'.
        int i = rest.IndexOfAnyExcept(Plain);
        if (i < 0)
        {
            return false;
        }

        bool content = i > 0;
        for (; i < rest.Length; i++)
        {
            byte b = rest[i];
            if (b == '<')
            {
                break;
            }

            if (b is > (byte)' ' and <= (byte)'~')
            {
                content = true;
                entities |= b == '&';
                if (b == '>' && i >= 2 && rest[i - 1] == ']' && rest[i - 2] == ']')
                {
                    return false;
                }
            }
            else if (b is not ((byte)' ' or (byte)'\t' or (byte)'\n'))
            {
                return false;
            }
        }

        if (i == rest.Length)
        {
            return false;
        }

        raw = rest[..i];
        _pos += i;
        // A text that is only white space is left to XmlReader (it drops it).
        return i == 0 || content;
    }

    /// <summary>Text with the five predefined entities replaced; -1 for any other <c>&amp;</c>.</summary>
    private static int Unescape(ReadOnlySpan<byte> raw, Span<char> destination)
    {
        int n = 0;
        while (true)
        {
            int amp = raw.IndexOf((byte)'&');
            var plain = amp < 0 ? raw : raw[..amp];
            n += Encoding.ASCII.GetChars(plain, destination[n..]);
            if (amp < 0)
            {
                return n;
            }

            var rest = raw[amp..];
            char c;
            int length;
            if (rest.StartsWith("&quot;"u8))
            {
                (c, length) = ('"', 6);
            }
            else if (rest.StartsWith("&amp;"u8))
            {
                (c, length) = ('&', 5);
            }
            else if (rest.StartsWith("&lt;"u8))
            {
                (c, length) = ('<', 4);
            }
            else if (rest.StartsWith("&gt;"u8))
            {
                (c, length) = ('>', 4);
            }
            else if (rest.StartsWith("&apos;"u8))
            {
                (c, length) = ('\'', 6);
            }
            else
            {
                return -1;
            }

            destination[n++] = c;
            raw = rest[length..];
        }
    }

    /// <summary>Whether every <c>&amp;</c> in <paramref name="raw"/> starts one of the five predefined entities.</summary>
    private static bool KnownEntities(ReadOnlySpan<byte> raw)
    {
        for (int i = raw.IndexOf((byte)'&'); i >= 0; i = raw.IndexOf((byte)'&'))
        {
            raw = raw[i..];
            if (!(raw.StartsWith("&amp;"u8) || raw.StartsWith("&lt;"u8) || raw.StartsWith("&gt;"u8) || raw.StartsWith("&quot;"u8) || raw.StartsWith("&apos;"u8)))
            {
                return false;
            }

            raw = raw[1..];
        }

        return true;
    }
}
