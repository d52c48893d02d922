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

    /// <summary>How many chars of <see cref="_chars"/> hold kept text.</summary>
    private int _length;
    private string? _error;

    private ListingScanner(ReadOnlySpan<byte> xml, Span<(Range Prefix, int Depth)> namespaces)
    {
        _xml = xml;
        _namespaces = namespaces;
        _chars = ArrayPool<char>.Shared.Rent(InitialTextLength);
    }

    /// <summary>What the children of an element are to the page, by where the element stands.</summary>
    private enum Level
    {
        /// <summary>The root: the page's fields, <c>Contents</c> and <c>CommonPrefixes</c> entries.</summary>
        Root,

        /// <summary>A <c>Contents</c> entry: the object's fields.</summary>
        Contents,

        /// <summary>A <c>CommonPrefixes</c> entry: its <c>Prefix</c>.</summary>
        CommonPrefixes,

        /// <summary>An element the page does not use: its children are skipped (still checked).</summary>
        Skipped,
    }

    /// <summary>The fields of a <c>Contents</c> entry as read, the key still in the response's encoding; a <c>CommonPrefixes</c> entry's <c>Prefix</c> goes in <see cref="Key"/>.</summary>
    private struct Entry
    {
        public string? Key;
        public long Size;
        public DateTimeOffset? LastModified;
        public string? ETag;
        public string? StorageClass;
    }

    /// <summary>The text kept by the last <see cref="Content"/>.</summary>
    private readonly ReadOnlySpan<char> Kept => _chars.AsSpan(0, _length);

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

        // [declaration] misc* element misc*
        Entry unused = default;
        return Declaration() && Misc() && (_pos < _xml.Length || Fail("no root element"))
            && StartTag(out var root, out bool empty) && Children(root, empty, Level.Root, page, ref unused) && Misc()
            && (_pos == _xml.Length || Fail("content after the root element"));
    }

    /// <summary>
    /// The children of <paramref name="element"/>, up to its end tag: each read into the page (or
    /// into <paramref name="entry"/>, the fields of a <c>Contents</c> or <c>CommonPrefixes</c>
    /// entry) where <paramref name="level"/> has a place for it, else skipped with everything in it.
    /// </summary>
    private bool Children(ReadOnlySpan<byte> element, bool empty, Level level, ListingPage page, ref Entry entry)
    {
        if (empty || _depth > MaxDepth)
        {
            // An empty element has no children; one nested deeper than MaxDepth is refused.
            return empty || Fail($"elements nested deeper than {MaxDepth} levels (not read)");
        }

        while (true)
        {
            if (!NextChild(element, keep: false, out var name, out bool childEmpty, out bool done) || done)
            {
                return done;
            }

            if (!Child(name, childEmpty, level, page, ref entry))
            {
                return false;
            }
        }
    }

    /// <summary>One child of a <paramref name="level"/> element, by its local name; a field given twice counts as last given.</summary>
    private bool Child(ReadOnlySpan<byte> name, bool empty, Level level, ListingPage page, ref Entry entry)
    {
        var local = LocalName(name);
        bool ok;
        string? text;
        switch (level)
        {
            case Level.Root when local.SequenceEqual("Contents"u8):
                Entry o = default;
                ok = Children(name, empty, Level.Contents, page, ref o);
                page.Objects.Add(new S3Object(o.Key ?? string.Empty, o.Size, o.LastModified, o.ETag, o.StorageClass));
                return ok;
            case Level.Root when local.SequenceEqual("CommonPrefixes"u8):
                Entry p = default;
                ok = Children(name, empty, Level.CommonPrefixes, page, ref p);
                page.Prefixes.Add(p.Key ?? string.Empty);
                return ok;
            case Level.Root when local.SequenceEqual("IsTruncated"u8):
                ok = Text(name, empty, out text);
                page.IsTruncated = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
                return ok;
            case Level.Root when local.SequenceEqual("NextContinuationToken"u8):
                return Text(name, empty, out page.NextContinuationToken);
            case Level.Root when local.SequenceEqual("NextMarker"u8):
                return Text(name, empty, out page.NextMarker);
            case Level.Root when local.SequenceEqual("EncodingType"u8):
                ok = Text(name, empty, out text);
                page.UrlEncoded = string.Equals(text, "url", StringComparison.OrdinalIgnoreCase);
                return ok;
            case Level.Contents when local.SequenceEqual("Key"u8):
            case Level.CommonPrefixes when local.SequenceEqual("Prefix"u8):
                return Text(name, empty, out entry.Key);
            case Level.Contents when local.SequenceEqual("ETag"u8):
                return Text(name, empty, out entry.ETag);
            case Level.Contents when local.SequenceEqual("Size"u8):
                ok = Content(name, empty);
                entry.Size = ok && long.TryParse(Kept, NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : 0;
                return ok;
            case Level.Contents when local.SequenceEqual("LastModified"u8):
                ok = Content(name, empty);
                entry.LastModified = ok && IsoTimestamp.TryParse(Kept, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
                return ok;
            case Level.Contents when local.SequenceEqual("StorageClass"u8):
                ok = Content(name, empty);
                entry.StorageClass = ok ? ListingPage.KnownStorageClass(Kept) : null;
                return ok;
            default:
                return Children(name, empty, Level.Skipped, page, ref entry);
        }
    }

    /// <summary>
    /// Moves to the next child element of <paramref name="element"/>, or (<paramref name="done"/>)
    /// past its end tag. Text, CDATA, comments and processing instructions on the way are checked
    /// and dropped; with <paramref name="keep"/> (a text element) its text and CDATA are appended
    /// to <see cref="_chars"/> instead, and a child element is an error. False when the XML is wrong.
    /// </summary>
    private bool NextChild(ReadOnlySpan<byte> element, bool keep, out ReadOnlySpan<byte> name, out bool empty, out bool done)
    {
        name = default;
        empty = false;
        done = false;
        while (true)
        {
            if (!keep)
            {
                SkipSpace();
            }

            if (_pos >= _xml.Length)
            {
                return Fail("the document ends inside an element");
            }

            if (_xml[_pos] != '<')
            {
                if (!TextUpTo(_pos, "<"u8, TextKind.Text, keep, "the document ends inside an element"))
                {
                    return false;
                }
            }
            else if (AtEndTag())
            {
                done = EndTag(element);
                return done;
            }
            else if (!AtMarkup(keep, out bool isMarkup) || !isMarkup)
            {
                // A failed AtMarkup leaves isMarkup true; a start tag is the child.
                return !isMarkup && (keep ? Fail("an element inside a text element") : StartTag(out name, out empty));
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
        string shown = string.Concat(around.Select(c => char.IsControl(c) ? '?' : c));
        return $"{_error ?? "malformed XML"} at byte {at} of {_xml.Length} (near '{shown}')";
    }
}
