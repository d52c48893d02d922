using System.Buffers;
using System.Globalization;
using System.Text;

namespace Signing.S3.Internal;

/// <summary>The text <see cref="ListingScanner"/> reads: UTF-8 text, references, CDATA, comments, processing instructions.</summary>
internal ref partial struct ListingScanner
{
    /// <summary>The longest entity or character reference read (<c>&amp;#x10FFFF;</c> is 10 bytes; more is leading zeros).</summary>
    private const int MaxReferenceLength = 64;

    /// <summary>Bytes that are text as they are: printable ASCII, tab, line feed and DEL, but <c>&amp; &lt; &gt;</c>.</summary>
    private static readonly SearchValues<byte> Plain = SearchValues.Create("\t\n !\"#$%'()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~\u007F"u8);

    private enum TextKind
    {
        /// <summary>Character data: references replaced, <c>]]&gt;</c> not allowed.</summary>
        Text,

        /// <summary>An attribute value: references replaced, no <c>&lt;</c>.</summary>
        Attribute,

        /// <summary>CDATA, comments, processing instructions: every char as it is.</summary>
        Literal,
    }

    /// <summary>The text of an element as a string (the empty string for an empty element).</summary>
    private bool Text(ReadOnlySpan<byte> element, bool empty, out string? text)
    {
        text = string.Empty;
        if (empty)
        {
            return true;
        }

        // Usually plain ASCII up to the end tag: one vectorized search, one string.
        var rest = _xml[_pos..];
        int i = rest.IndexOfAnyExcept(Plain);
        if (i >= 0 && rest[i] == '<' && i + 1 < rest.Length && rest[i + 1] == '/')
        {
            text = Encoding.ASCII.GetString(rest[..i]);
            _pos += i;
            return EndTag(element);
        }

        bool ok = Content(element, empty: false);
        text = ok ? new string(Kept) : null;
        return ok;
    }

    /// <summary>
    /// The text of an element into <see cref="_chars"/> (<see cref="Kept"/>): all its character data
    /// and CDATA, comments and processing instructions dropped; a child element is an error.
    /// </summary>
    private bool Content(ReadOnlySpan<byte> element, bool empty)
    {
        _length = 0;
        return empty || NextChild(element, keep: true, out _, out _, out _);
    }

    /// <summary>Skips a comment, CDATA section (kept when asked) or processing instruction at a <c>&lt;</c> (<paramref name="isMarkup"/>), or leaves an element's start tag to the caller.</summary>
    private bool AtMarkup(bool keep, out bool isMarkup)
    {
        isMarkup = true;
        var rest = _xml[_pos..];
        if (rest.StartsWith("<!--"u8))
        {
            return TextUpTo(_pos + 4, "--"u8, TextKind.Literal, keep: false, "an unterminated comment")
                && (_pos + 2 < _xml.Length && _xml[_pos + 2] == '>' ? Advance(3) : Fail("'--' inside a comment"));
        }

        if (rest.StartsWith("<![CDATA["u8))
        {
            return TextUpTo(_pos + 9, "]]>"u8, TextKind.Literal, keep, "an unterminated CDATA section") && Advance(3);
        }

        if (rest.StartsWith("<?"u8))
        {
            return ProcessingInstruction();
        }

        if (rest.StartsWith("<!"u8))
        {
            return Fail("a DOCTYPE or markup declaration (no DTD is processed)");
        }

        isMarkup = false;
        return true;
    }

    /// <summary>White space, comments and processing instructions before or after the root element.</summary>
    private bool Misc()
    {
        while (true)
        {
            SkipSpace();
            if (!At('<') || AtEndTag())
            {
                return true;
            }

            if (!AtMarkup(keep: false, out bool isMarkup) || !isMarkup)
            {
                return !isMarkup; // a failed AtMarkup leaves isMarkup true
            }
        }
    }

    private bool ProcessingInstruction()
    {
        _pos += 2;
        int target = _pos;
        if (!NcName())
        {
            return false;
        }

        if (_pos - target == 3 && Ascii.EqualsIgnoreCase(_xml[target.._pos], "xml"u8))
        {
            return Fail("an XML declaration that is not at the start");
        }

        if (_pos < _xml.Length && !_xml[_pos..].StartsWith("?>"u8) && Space.IndexOf(_xml[_pos]) < 0)
        {
            return Fail("a malformed processing instruction");
        }

        return TextUpTo(_pos, "?>"u8, TextKind.Literal, keep: false, "an unterminated processing instruction") && Advance(2);
    }

    private bool Advance(int count)
    {
        _pos += count;
        return true;
    }

    /// <summary>
    /// Text of <paramref name="kind"/> from <paramref name="start"/> up to the next <paramref name="end"/>
    /// (<paramref name="unterminated"/> when there is none), checked and, when kept, appended to
    /// <see cref="_chars"/>: UTF-8 decoded, line ends normalized to <c>\n</c>, references replaced.
    /// Chars XML does not allow are an error. <see cref="_pos"/> stops at <paramref name="end"/>.
    /// </summary>
    private bool TextUpTo(int start, scoped ReadOnlySpan<byte> end, TextKind kind, bool keep, string unterminated)
    {
        int length = end.Length == 1 ? _xml[start..].IndexOf(end[0]) : _xml[start..].IndexOf(end);
        if (length < 0)
        {
            _pos = _xml.Length;
            return Fail(unterminated);
        }

        var raw = _xml.Slice(start, length);
        int i = 0;
        while (true)
        {
            int plain = raw[i..].IndexOfAnyExcept(Plain);
            int run = plain < 0 ? raw.Length - i : plain;
            if (keep && run > 0)
            {
                Ascii.ToUtf16(raw.Slice(i, run), Room(run), out _);
                _length += run;
            }

            i += run;
            if (i == raw.Length)
            {
                _pos = start + length;
                return true;
            }

            byte b = raw[i];
            _pos = start + i; // where an error is reported
            Rune rune;
            int consumed = 1;
            if (b == '&' && kind != TextKind.Literal)
            {
                if (!Reference(raw[i..], out rune, out consumed))
                {
                    return false;
                }
            }
            else if (b == '\r')
            {
                rune = new Rune('\n');
                consumed = i + 1 < raw.Length && raw[i + 1] == '\n' ? 2 : 1;
            }
            else if (b < 0x80 && (b >= 0x20 || b is (byte)'\t' or (byte)'\n'))
            {
                if ((b == '<' && kind != TextKind.Literal) || (b == '>' && kind == TextKind.Text && i >= 2 && raw[i - 1] == ']' && raw[i - 2] == ']'))
                {
                    return Fail(b == '<' ? "'<' in an attribute value" : "']]>' in text");
                }

                rune = new Rune(b);
            }
            else if (b < 0x80)
            {
                return Fail($"the control character U+{b:X4}, which XML does not allow");
            }
            else if (Rune.DecodeFromUtf8(raw[i..], out rune, out consumed) != OperationStatus.Done || rune.Value is 0xFFFE or 0xFFFF)
            {
                return Fail("bytes that are not UTF-8 text XML allows");
            }

            if (keep)
            {
                _length += rune.EncodeToUtf16(Room(2));
            }

            i += consumed;
        }
    }

    /// <summary>One of the five predefined entities or a character reference, at <c>&amp;</c>.</summary>
    private bool Reference(ReadOnlySpan<byte> raw, out Rune rune, out int consumed)
    {
        rune = default;
        int semi = raw[..Math.Min(raw.Length, MaxReferenceLength)].IndexOf((byte)';');
        consumed = semi + 1;
        if (semi < 0)
        {
            return Fail("a '&' that starts no reference");
        }

        var name = raw[1..semi];
        char c = name switch
        {
            _ when name.SequenceEqual("amp"u8) => '&',
            _ when name.SequenceEqual("lt"u8) => '<',
            _ when name.SequenceEqual("gt"u8) => '>',
            _ when name.SequenceEqual("quot"u8) => '"',
            _ when name.SequenceEqual("apos"u8) => '\'',
            _ => '\0',
        };
        if (c != '\0')
        {
            rune = new Rune(c);
            return true;
        }

        if (name.IsEmpty || name[0] != '#')
        {
            return Fail("a reference to an undeclared entity (no DTD is processed)");
        }

        bool hex = name.Length > 1 && name[1] == 'x';
        if (!uint.TryParse(name[(hex ? 2 : 1)..], hex ? NumberStyles.AllowHexSpecifier : NumberStyles.None, CultureInfo.InvariantCulture, out uint value))
        {
            return Fail("a malformed character reference");
        }

        if (value is not (0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF)))
        {
            return Fail("a character reference to a char XML does not allow");
        }

        rune = new Rune((int)value);
        return true;
    }

    /// <summary>Room for <paramref name="count"/> more chars after the kept ones in <see cref="_chars"/>, grown from the pool as needed.</summary>
    private Span<char> Room(int count)
    {
        if (_length + count > _chars.Length)
        {
            char[] bigger = ArrayPool<char>.Shared.Rent(Math.Max(_length + count, _chars.Length * 2));
            _chars.AsSpan(0, _length).CopyTo(bigger);
            ArrayPool<char>.Shared.Return(_chars);
            _chars = bigger;
        }

        return _chars.AsSpan(_length, count);
    }
}
