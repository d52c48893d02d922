using System.Buffers;
using System.Text;

namespace Signing.S3.Internal;

/// <summary>The markup <see cref="ListingScanner"/> reads: the declaration, start and end tags, names, white space.</summary>
internal ref partial struct ListingScanner
{
    /// <summary>The bytes of the element names read here (ASCII letters, digits, <c>_ - .</c>).</summary>
    private static readonly SearchValues<byte> NameChars = SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"u8);

    /// <summary>
    /// An optional <c>&lt;?xml version="1.0" [encoding="UTF-8"] [standalone="yes|no"]?&gt;</c> at the
    /// very start; any other declaration is left to XmlReader.
    /// </summary>
    private bool Declaration()
    {
        var rest = _xml[_pos..];
        if (!rest.StartsWith("<?xml"u8))
        {
            return true;
        }

        int end = rest.IndexOf("?>"u8);
        if (end < 0)
        {
            return false;
        }

        var body = rest[5..end];
        if (!PseudoAttribute(ref body, "version"u8, out var version) || !version.SequenceEqual("1.0"u8))
        {
            return false;
        }

        var before = body;
        if (PseudoAttribute(ref body, "encoding"u8, out var encoding) && !Ascii.EqualsIgnoreCase(encoding, "UTF-8"u8))
        {
            return false;
        }

        if (body == before && body.TrimStart(Space).StartsWith("encoding"u8))
        {
            return false;
        }

        if (PseudoAttribute(ref body, "standalone"u8, out var standalone) && !(standalone.SequenceEqual("yes"u8) || standalone.SequenceEqual("no"u8)))
        {
            return false;
        }

        if (body.TrimStart(Space).Length > 0)
        {
            return false;
        }

        _pos += end + 2;
        return true;
    }

    /// <summary>
    /// <c> name="value"</c> (or single quotes) at the start of <paramref name="body"/>, white space
    /// first; on a match <paramref name="body"/> moves past it.
    /// </summary>
    private static bool PseudoAttribute(ref ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        var rest = body.TrimStart(Space);
        if (rest.Length == body.Length || !rest.StartsWith(name))
        {
            return false;
        }

        rest = rest[name.Length..].TrimStart(Space);
        if (rest.IsEmpty || rest[0] != '=')
        {
            return false;
        }

        rest = rest[1..].TrimStart(Space);
        if (rest.IsEmpty || (rest[0] != '"' && rest[0] != '\''))
        {
            return false;
        }

        int close = rest[1..].IndexOf(rest[0]);
        if (close < 0)
        {
            return false;
        }

        value = rest.Slice(1, close);
        body = rest[(close + 2)..];
        return true;
    }

    /// <summary>
    /// A start tag <c>&lt;name …&gt;</c> or <c>&lt;name …/&gt;</c>: an ASCII name without a prefix, and
    /// attributes only where allowed (the root), each once.
    /// </summary>
    private bool StartTag(out ReadOnlySpan<byte> name, out bool empty, bool attributes)
    {
        empty = false;
        name = default;
        if (_pos + 1 >= _xml.Length || _xml[_pos] != '<' || !IsNameStart(_xml[_pos + 1]))
        {
            return false;
        }

        _pos++;
        name = Name();
        if (!attributes)
        {
            SkipSpace();
            return TagEnd(ref empty);
        }

        int seen = 0;
        Span<Range> names = stackalloc Range[8];
        while (true)
        {
            int before = _pos;
            SkipSpace();
            if (_pos >= _xml.Length)
            {
                return false;
            }

            if (_xml[_pos] is (byte)'>' or (byte)'/')
            {
                return TagEnd(ref empty);
            }

            // An attribute: after white space, at most eight, none twice.
            if (_pos == before || seen == names.Length || !IsNameStart(_xml[_pos]))
            {
                return false;
            }

            int start = _pos;
            while (_pos < _xml.Length && (IsNameChar(_xml[_pos]) || _xml[_pos] == ':'))
            {
                _pos++;
            }

            var attribute = _xml[start.._pos];
            bool declaresNamespace = attribute.StartsWith("xmlns"u8) && (attribute.Length == 5 || attribute[5] == ':');
            if (attribute.IndexOf((byte)':') >= 0 && !(declaresNamespace && IsPlainPrefix(attribute[6..])))
            {
                return false; // a prefixed attribute, or an odd namespace declaration
            }

            for (int i = 0; i < seen; i++)
            {
                if (_xml[names[i]].SequenceEqual(attribute))
                {
                    return false;
                }
            }

            names[seen++] = start.._pos;
            SkipSpace();
            if (_pos >= _xml.Length || _xml[_pos] != '=')
            {
                return false;
            }

            _pos++;
            SkipSpace();
            if (_pos >= _xml.Length || (_xml[_pos] != '"' && _xml[_pos] != '\''))
            {
                return false;
            }

            byte quote = _xml[_pos++];
            int close = _xml[_pos..].IndexOf(quote);
            if (close < 0)
            {
                return false;
            }

            var value = _xml.Slice(_pos, close);
            if (value.IndexOfAny((byte)'<', (byte)'&') >= 0 || value.IndexOfAnyExcept(Printable) >= 0)
            {
                return false;
            }

            // Namespace declarations XmlReader refuses: a prefix bound to nothing, or to a reserved namespace.
            if (declaresNamespace && ((attribute.Length > 5 && value.IsEmpty) || value.IndexOf("www.w3.org/XML/1998/namespace"u8) >= 0 || value.IndexOf("www.w3.org/2000/xmlns"u8) >= 0))
            {
                return false;
            }

            _pos += close + 1;
        }
    }

    /// <summary><c>&gt;</c> or <c>/&gt;</c> (an empty element) closing a start tag.</summary>
    private bool TagEnd(ref bool empty)
    {
        if (_pos < _xml.Length && _xml[_pos] == '/')
        {
            empty = true;
            _pos++;
        }

        return _pos < _xml.Length && _xml[_pos++] == '>';
    }

    /// <summary>The end tag of <paramref name="element"/>: <c>&lt;/name&gt;</c>, white space allowed before the <c>&gt;</c>.</summary>
    private bool EndTag(ReadOnlySpan<byte> element)
    {
        if (!AtEndTag())
        {
            return false;
        }

        _pos += 2;
        if (!_xml[_pos..].StartsWith(element))
        {
            return false;
        }

        _pos += element.Length;
        if (_pos < _xml.Length && IsNameChar(_xml[_pos]))
        {
            return false; // a longer name
        }

        SkipSpace();
        return _pos < _xml.Length && _xml[_pos++] == '>';
    }

    private readonly bool AtEndTag() => _pos + 1 < _xml.Length && _xml[_pos] == '<' && _xml[_pos + 1] == '/';

    /// <summary>An element name from the reader: letters, digits, <c>_ - .</c> (a <c>:</c> ends it, and then the tag fails).</summary>
    private ReadOnlySpan<byte> Name()
    {
        int n = _xml[_pos..].IndexOfAnyExcept(NameChars);
        int start = _pos;
        _pos = n < 0 ? _xml.Length : _pos + n;
        return _xml[start.._pos];
    }

    private void SkipSpace()
    {
        while (_pos < _xml.Length && _xml[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n')
        {
            _pos++;
        }
    }

    private static ReadOnlySpan<byte> Space => " \t\n"u8;

    /// <summary>A namespace prefix: a name without <c>:</c> that does not start with the reserved <c>xml</c>.</summary>
    private static bool IsPlainPrefix(ReadOnlySpan<byte> prefix) =>
        !prefix.IsEmpty && IsNameStart(prefix[0]) && prefix.IndexOf((byte)':') < 0
        && !(prefix.Length >= 3 && Ascii.EqualsIgnoreCase(prefix[..3], "xml"u8));

    private static bool IsNameStart(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == '_';

    private static bool IsNameChar(byte b) => IsNameStart(b) || (uint)(b - '0') <= 9 || b == '-' || b == '.';
}
