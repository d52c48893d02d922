using System.Buffers;
using System.Globalization;

namespace Signing.S3.Internal;

/// <summary>
/// The listing parser: reads a ListObjects (v1 or v2) page from its UTF-8 bytes in one forward
/// pass, checking that the document is well-formed XML as it goes. It reads what XML allows in a
/// listing: the declaration, comments and processing instructions, elements with or without a
/// namespace prefix, attributes on any element, namespace declarations, UTF-8 text, the five
/// predefined entities, character references, CDATA sections, carriage returns (normalized to
/// line feeds). A text element's value is all its text, white space kept, comments dropped.
/// <para>
/// It refuses, with a message naming what and where, anything not well-formed and a few legal
/// things no S3 server writes: a DOCTYPE (no DTD is ever processed), an encoding other than
/// UTF-8, non-ASCII element or attribute names, more than <see cref="MaxAttributes"/> attributes on
/// an element or <see cref="MaxNamespaces"/> namespace declarations in scope, nesting deeper than
/// <see cref="MaxDepth"/>, and declaring the reserved <c>xml</c>/<c>xmlns</c> prefixes.
/// The test project keeps an <c>XmlReader</c> reference parser and checks both agree.
/// </para>
/// </summary>
internal ref partial struct ListingScanner
{
    private const int MaxDepth = 64;
    private const int MaxAttributes = 16;
    private const int MaxNamespaces = 16;

    /// <summary>The chars a decoded text starts with; it grows (pooled) for longer ones.</summary>
    private const int InitialTextLength = 256;

    private readonly ReadOnlySpan<byte> _xml;

    /// <summary>The namespace prefixes declared on the open elements, each with the depth of its element.</summary>
    private readonly Span<(Range Prefix, int Depth)> _namespaces;
    private int _namespaceCount;
    private int _pos;
    private int _depth;
    private char[] _chars;
    private string? _error;

    private ListingScanner(ReadOnlySpan<byte> xml, Span<(Range Prefix, int Depth)> namespaces)
    {
        _xml = xml;
        _namespaces = namespaces;
        _chars = ArrayPool<char>.Shared.Rent(InitialTextLength);
    }

    /// <summary>Reads the page; false, with what is wrong and where, when the bytes are not a listing this reads.</summary>
    public static bool TryRead(ReadOnlySpan<byte> xml, out ListingPage page, out string? error)
    {
        Span<(Range, int)> namespaces = stackalloc (Range, int)[MaxNamespaces];
        var scanner = new ListingScanner(xml, namespaces);
        page = new ListingPage();
        try
        {
            error = scanner.Document(page) ? null : scanner.DescribeError();
            return error is null;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scanner._chars);
        }
    }

    private bool Document(ListingPage page)
    {
        if (_xml.StartsWith("\uFEFF"u8))
        {
            _pos = 3;
        }

        if (!Declaration() || !Misc())
        {
            return false;
        }

        if (_pos == _xml.Length)
        {
            return Fail("no root element");
        }

        if (!StartTag(out var root, out bool empty) || (!empty && !Children(page, root)) || !Misc())
        {
            return false;
        }

        return _pos == _xml.Length || Fail("content after the root element");
    }

    /// <summary>The root's children: the page's elements, read or skipped.</summary>
    private bool Children(ListingPage page, ReadOnlySpan<byte> root)
    {
        while (true)
        {
            if (!NextChild(root, out var name, out bool empty, out bool done) || done)
            {
                return done;
            }

            bool ok;
            string? text;
            var local = LocalName(name);
            if (local.SequenceEqual("Contents"u8))
            {
                ok = Object(name, empty, out var o);
                page.Objects.Add(o);
            }
            else if (local.SequenceEqual("CommonPrefixes"u8))
            {
                ok = Prefix(name, empty, out text);
                page.Prefixes.Add(text ?? string.Empty);
            }
            else if (local.SequenceEqual("IsTruncated"u8))
            {
                ok = Text(name, empty, out text);
                page.IsTruncated = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
            }
            else if (local.SequenceEqual("NextContinuationToken"u8))
            {
                ok = Text(name, empty, out text);
                page.NextContinuationToken = text;
            }
            else if (local.SequenceEqual("NextMarker"u8))
            {
                ok = Text(name, empty, out text);
                page.NextMarker = text;
            }
            else if (local.SequenceEqual("EncodingType"u8))
            {
                ok = Text(name, empty, out text);
                page.UrlEncoded = string.Equals(text, "url", StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                ok = Skip(name, empty);
            }

            if (!ok)
            {
                return false;
            }
        }
    }

    /// <summary>One <c>Contents</c> entry, its key still in the response's encoding; a field given twice counts as last given.</summary>
    private bool Object(ReadOnlySpan<byte> element, bool empty, out S3Object o)
    {
        string key = string.Empty;
        long size = 0;
        DateTimeOffset? lastModified = null;
        string? etag = null;
        string? storageClass = null;
        bool ok = true;
        bool done = empty;
        while (ok && !done)
        {
            ok = NextChild(element, out var name, out bool childEmpty, out done);
            if (!ok || done)
            {
                break;
            }

            var local = LocalName(name);
            if (local.SequenceEqual("Key"u8))
            {
                ok = Text(name, childEmpty, out string? k);
                key = k ?? string.Empty;
            }
            else if (local.SequenceEqual("ETag"u8))
            {
                ok = Text(name, childEmpty, out etag);
            }
            else if (local.SequenceEqual("Size"u8))
            {
                ok = Content(name, childEmpty, out int n);
                size = ok && long.TryParse(_chars.AsSpan(0, n), NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : 0;
            }
            else if (local.SequenceEqual("LastModified"u8))
            {
                ok = Content(name, childEmpty, out int n);
                lastModified = ok && IsoTimestamp.TryParse(_chars.AsSpan(0, n), DateTimeStyles.AssumeUniversal, out var t) ? t : null;
            }
            else if (local.SequenceEqual("StorageClass"u8))
            {
                ok = Content(name, childEmpty, out int n);
                storageClass = ok ? ListingPage.KnownStorageClass(_chars.AsSpan(0, n)) : null;
            }
            else
            {
                ok = Skip(name, childEmpty);
            }
        }

        o = new S3Object(key, size, lastModified, etag, storageClass);
        return ok;
    }

    /// <summary>A <c>CommonPrefixes</c> entry: the text of its (last) <c>Prefix</c> child.</summary>
    private bool Prefix(ReadOnlySpan<byte> element, bool empty, out string? prefix)
    {
        prefix = null;
        if (empty)
        {
            return true;
        }

        while (true)
        {
            if (!NextChild(element, out var name, out bool childEmpty, out bool done) || done)
            {
                return done;
            }

            if (!(LocalName(name).SequenceEqual("Prefix"u8) ? Text(name, childEmpty, out prefix) : Skip(name, childEmpty)))
            {
                return false;
            }
        }
    }

    /// <summary>Skips an element the page does not use, and everything in it (still checked).</summary>
    private bool Skip(ReadOnlySpan<byte> element, bool empty)
    {
        if (empty)
        {
            return true;
        }

        if (_depth > MaxDepth)
        {
            return Fail($"elements nested deeper than {MaxDepth} levels (not read)");
        }

        while (true)
        {
            if (!NextChild(element, out var name, out bool childEmpty, out bool done) || done)
            {
                return done;
            }

            if (!Skip(name, childEmpty))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Moves to the next child element of <paramref name="element"/>, past text, comments, CDATA
    /// and processing instructions (checked, then dropped): its start tag read, or
    /// (<paramref name="done"/>) the element's end tag. False when the XML is wrong.
    /// </summary>
    private bool NextChild(ReadOnlySpan<byte> element, out ReadOnlySpan<byte> name, out bool empty, out bool done)
    {
        name = default;
        empty = false;
        done = false;
        while (true)
        {
            SkipSpace();
            if (_pos >= _xml.Length)
            {
                return Fail("the document ends inside an element");
            }

            if (_xml[_pos] != '<')
            {
                int ignored = 0;
                if (!TextRun(keep: false, ref ignored))
                {
                    return false;
                }

                continue;
            }

            if (AtEndTag())
            {
                done = EndTag(element);
                return done;
            }

            if (!AtMarkup(out bool isMarkup))
            {
                return false;
            }

            if (!isMarkup)
            {
                return StartTag(out name, out empty);
            }
        }
    }

    private bool Fail(string what)
    {
        _error ??= what;
        return false;
    }

    /// <summary>What went wrong, at which byte, with the bytes around it.</summary>
    private readonly string DescribeError()
    {
        int at = Math.Min(_pos, _xml.Length);
        int from = Math.Max(0, at - 24);
        var around = System.Text.Encoding.UTF8.GetString(_xml[from..Math.Min(_xml.Length, at + 24)]);
        var shown = string.Create(around.Length, around, static (dest, s) =>
        {
            for (int i = 0; i < s.Length; i++)
            {
                dest[i] = char.IsControl(s[i]) ? '?' : s[i];
            }
        });
        return $"{_error ?? "malformed XML"} at byte {at} of {_xml.Length} (near '{shown}')";
    }
}
