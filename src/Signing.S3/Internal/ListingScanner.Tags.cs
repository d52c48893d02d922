using System.Buffers;
using System.Text;

namespace Signing.S3.Internal;

/// <summary>The markup <see cref="ListingScanner"/> reads: the declaration, tags, names, namespaces, white space.</summary>
internal ref partial struct ListingScanner
{
    /// <summary>The bytes of the names read here after the first (ASCII letters, digits, <c>_ - .</c>).</summary>
    private static readonly SearchValues<byte> NameChars = SearchValues.Create("-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz"u8);

    private static ReadOnlySpan<byte> Space => " \t\n\r"u8;

    /// <summary>
    /// An optional <c>&lt;?xml version="1.0" [encoding="UTF-8"] [standalone="yes|no"]?&gt;</c> at the
    /// very start; any other encoding is refused.
    /// </summary>
    private bool Declaration()
    {
        var rest = _xml[_pos..];
        if (!rest.StartsWith("<?xml"u8) || (rest.Length > 5 && Space.IndexOf(rest[5]) < 0 && rest[5] != '?'))
        {
            return true; // no declaration (a PI named xml-something is read as a PI)
        }

        int end = rest.IndexOf("?>"u8);
        if (end < 0)
        {
            return Fail("an unterminated XML declaration");
        }

        var body = rest[5..end];
        if (!PseudoAttribute(ref body, "version"u8, out var version) || !version.SequenceEqual("1.0"u8))
        {
            return Fail("an XML declaration without version=\"1.0\"");
        }

        var before = body;
        if (PseudoAttribute(ref body, "encoding"u8, out var encoding) && !Ascii.EqualsIgnoreCase(encoding, "UTF-8"u8))
        {
            return Fail("an encoding other than UTF-8 (not read)");
        }

        if (body == before && body.TrimStart(Space).StartsWith("encoding"u8))
        {
            return Fail("a malformed encoding declaration");
        }

        if (PseudoAttribute(ref body, "standalone"u8, out var standalone) && !(standalone.SequenceEqual("yes"u8) || standalone.SequenceEqual("no"u8)))
        {
            return Fail("a malformed standalone declaration");
        }

        if (body.TrimStart(Space).Length > 0)
        {
            return Fail("a malformed XML declaration");
        }

        _pos += end + 2;
        return true;
    }

    /// <summary><c> name="value"</c> (or single quotes) at the start of <paramref name="body"/>, white space first; on a match <paramref name="body"/> moves past it.</summary>
    private static bool PseudoAttribute(ref ReadOnlySpan<byte> body, ReadOnlySpan<byte> name, out ReadOnlySpan<byte> value)
    {
        value = default;
        var rest = body.TrimStart(Space);
        if (rest.Length == body.Length || !rest.StartsWith(name))
        {
            return false;
        }

        rest = rest[name.Length..].TrimStart(Space);
        rest = rest.StartsWith("="u8) ? rest[1..].TrimStart(Space) : default;
        int close = rest.Length > 0 && rest[0] is (byte)'"' or (byte)'\'' ? rest[1..].IndexOf(rest[0]) : -1;
        if (close < 0)
        {
            return false;
        }

        value = rest.Slice(1, close);
        body = rest[(close + 2)..];
        return true;
    }

    /// <summary>
    /// A start tag <c>&lt;name …&gt;</c> or <c>&lt;name …/&gt;</c>: a name with or without a declared
    /// prefix, attributes each once, namespace declarations taken into scope.
    /// </summary>
    private bool StartTag(out ReadOnlySpan<byte> name, out bool empty)
    {
        empty = false;
        name = default;
        if (!At('<'))
        {
            return Fail("expected an element");
        }

        _pos++;
        if (!QName(out name))
        {
            return false;
        }

        if (At('>') && name.IndexOf((byte)':') < 0)
        {
            // Nearly every tag of a page: no attributes, no prefix.
            _pos++;
            _depth++;
            return true;
        }

        int declaredBefore = _namespaceCount;
        int count = 0;
        Span<Range> attributes = stackalloc Range[MaxAttributes];
        while (true)
        {
            int before = _pos;
            SkipSpace();
            if (_pos >= _xml.Length)
            {
                return Fail("the document ends inside a tag");
            }

            if (_xml[_pos] is (byte)'>' or (byte)'/')
            {
                break;
            }

            if (_pos == before)
            {
                return Fail("no white space before an attribute");
            }

            if (count == MaxAttributes)
            {
                return Fail($"more than {MaxAttributes} attributes on one element (not read)");
            }

            int start = _pos;
            if (!QName(out var attribute))
            {
                return false;
            }

            for (int i = 0; i < count; i++)
            {
                if (_xml[attributes[i]].SequenceEqual(attribute))
                {
                    return Fail("an attribute given twice");
                }
            }

            attributes[count++] = start.._pos;
            SkipSpace();
            if (!At('='))
            {
                return Fail("an attribute without '='");
            }

            _pos++;
            SkipSpace();
            if (_pos >= _xml.Length || (_xml[_pos] != '"' && _xml[_pos] != '\''))
            {
                return Fail("an attribute value not in quotes");
            }

            var quote = _xml.Slice(_pos++, 1);
            int value = _pos;
            if (!TextUpTo(value, quote, TextKind.Attribute, keep: false, "an unterminated attribute value") || !Declare(start, attribute, _xml[value.._pos]))
            {
                return false;
            }

            _pos++;
        }

        // Prefixes resolve once every declaration of the tag is read.
        if (!Resolves(name, element: true))
        {
            return false;
        }

        for (int i = 0; i < count; i++)
        {
            if (!Resolves(_xml[attributes[i]], element: false))
            {
                return false;
            }
        }

        empty = At('/');
        _pos += empty ? 1 : 0;
        if (!At('>'))
        {
            return Fail("a malformed tag end");
        }

        // An empty element's declarations leave scope at once; an open one is a level deeper.
        _pos++;
        _namespaceCount = empty ? declaredBefore : _namespaceCount;
        _depth += empty ? 0 : 1;
        return true;
    }

    /// <summary>Takes a namespace declaration (<c>xmlns</c>, <c>xmlns:p</c>) into scope; other attributes pass.</summary>
    private bool Declare(int start, scoped ReadOnlySpan<byte> attribute, scoped ReadOnlySpan<byte> value)
    {
        bool prefixed = attribute.StartsWith("xmlns:"u8);
        if (!prefixed && !attribute.SequenceEqual("xmlns"u8))
        {
            return true;
        }

        if (value.SequenceEqual("http://www.w3.org/XML/1998/namespace"u8) || value.SequenceEqual("http://www.w3.org/2000/xmlns/"u8))
        {
            return Fail("a declaration of a reserved namespace (not read)");
        }

        if (!prefixed)
        {
            return true;
        }

        string? wrong = Ascii.EqualsIgnoreCase(attribute.Slice(6, Math.Min(3, attribute.Length - 6)), "xml"u8) ? "a declaration of a prefix starting with 'xml' (not read)"
            : value.IsEmpty ? "a namespace prefix bound to the empty namespace"
            : _namespaceCount == MaxNamespaces ? $"more than {MaxNamespaces} namespace declarations in scope (not read)"
            : null;
        if (wrong is not null)
        {
            return Fail(wrong);
        }

        _namespaces[_namespaceCount++] = ((start + 6)..(start + attribute.Length), _depth + 1);
        return true;
    }

    /// <summary>Whether a name's prefix, if any, is declared on an open element (<c>xml</c> always is; <c>xmlns</c> only on attributes).</summary>
    private bool Resolves(scoped ReadOnlySpan<byte> name, bool element)
    {
        int colon = name.IndexOf((byte)':');
        if (colon < 0)
        {
            return true;
        }

        var prefix = name[..colon];
        if (prefix.SequenceEqual("xml"u8) || (!element && prefix.SequenceEqual("xmlns"u8)))
        {
            return true;
        }

        for (int i = _namespaceCount - 1; i >= 0; i--)
        {
            if (_xml[_namespaces[i].Prefix].SequenceEqual(prefix))
            {
                return true;
            }
        }

        return Fail("an undeclared namespace prefix");
    }

    /// <summary>The end tag of <paramref name="element"/>: <c>&lt;/name&gt;</c>, white space allowed before the <c>&gt;</c>; its declarations leave scope.</summary>
    private bool EndTag(ReadOnlySpan<byte> element)
    {
        _pos += 2;
        var rest = _xml[_pos..];
        if (!rest.StartsWith(element) || (rest.Length > element.Length && (NameChars.Contains(rest[element.Length]) || rest[element.Length] is (byte)':' or >= 0x80)))
        {
            return Fail("an end tag that does not match its start tag");
        }

        _pos += element.Length;
        SkipSpace();
        if (_pos >= _xml.Length || _xml[_pos++] != '>')
        {
            return Fail("a malformed end tag");
        }

        while (_namespaceCount > 0 && _namespaces[_namespaceCount - 1].Depth == _depth)
        {
            _namespaceCount--;
        }

        _depth--;
        return true;
    }

    private readonly bool AtEndTag() => _pos + 1 < _xml.Length && _xml[_pos] == '<' && _xml[_pos + 1] == '/';

    /// <summary>A name, prefixed (<c>p:local</c>) or not.</summary>
    private bool QName(out ReadOnlySpan<byte> name)
    {
        int start = _pos;
        bool ok = NcName() && (!At(':') || (Advance(1) && NcName() && (!At(':') || Fail("a name with two colons"))));
        name = _xml[start.._pos];
        return ok;
    }

    private readonly bool At(char c) => _pos < _xml.Length && _xml[_pos] == c;

    /// <summary>A name without a colon: an ASCII letter or <c>_</c>, then letters, digits, <c>_ - .</c>.</summary>
    private bool NcName()
    {
        if (_pos >= _xml.Length || !IsNameStart(_xml[_pos]))
        {
            return Fail(_pos < _xml.Length && _xml[_pos] >= 0x80 ? "a non-ASCII name (not read)" : "a malformed name");
        }

        int n = _xml[(_pos + 1)..].IndexOfAnyExcept(NameChars);
        _pos = n < 0 ? _xml.Length : _pos + 1 + n;
        return _pos >= _xml.Length || _xml[_pos] < 0x80 || Fail("a non-ASCII name (not read)");
    }

    /// <summary>The name without its prefix.</summary>
    private static ReadOnlySpan<byte> LocalName(ReadOnlySpan<byte> name) => name[(name.IndexOf((byte)':') + 1)..];

    private void SkipSpace()
    {
        while (_pos < _xml.Length && _xml[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _pos++;
        }
    }

    private static bool IsNameStart(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || b == '_';
}
