using System.Globalization;

namespace Signing.S3.Internal;

/// <summary>
/// The fast path of <see cref="ListingReader"/>: reads a ListObjects page from its UTF-8 bytes in one
/// forward pass, for the XML S3 servers write. It knows elements, attributes on the root element,
/// white space between elements, and printable ASCII text with the five predefined entities (a
/// URL-encoded listing is all of that). On anything else it gives up and the page is parsed with
/// <see cref="System.Xml.XmlReader"/>, which then returns the same page or reports the error:
/// comments, CDATA, DOCTYPE, processing instructions, prefixed names, an encoding other than
/// UTF-8, carriage returns, non-ASCII or control characters, character references, white-space-only
/// text, malformed or mismatched tags.
/// </summary>
internal ref partial struct ListingScanner
{
    /// <summary>Deeper than this (in skipped elements) is left to XmlReader.</summary>
    private const int MaxDepth = 32;

    private readonly ReadOnlySpan<byte> _xml;
    private int _pos;

    private ListingScanner(ReadOnlySpan<byte> xml)
    {
        _xml = xml;
        _pos = 0;
    }

    /// <summary>Reads the page; false when the XML is not of the simple kind this reads (then parse it with XmlReader).</summary>
    public static bool TryRead(ReadOnlySpan<byte> xml, out ListingPage page)
    {
        var scanner = new ListingScanner(xml);
        page = new ListingPage();
        return scanner.Document(page);
    }

    private bool Document(ListingPage page)
    {
        if (_xml.StartsWith("\uFEFF"u8))
        {
            _pos = 3;
        }

        if (!Declaration())
        {
            return false;
        }

        SkipSpace();
        if (!StartTag(out var root, out bool empty, attributes: true))
        {
            return false;
        }

        if (!empty && !Children(page, root))
        {
            return false;
        }

        SkipSpace();
        return _pos == _xml.Length;
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
            if (name.SequenceEqual("Contents"u8))
            {
                ok = Object(name, empty, out var o);
                page.Objects.Add(o);
            }
            else if (name.SequenceEqual("CommonPrefixes"u8))
            {
                ok = Prefix(name, empty, out text);
                page.Prefixes.Add(text ?? string.Empty);
            }
            else if (name.SequenceEqual("IsTruncated"u8))
            {
                ok = Text(name, empty, out text);
                page.IsTruncated = string.Equals(text, "true", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.SequenceEqual("NextContinuationToken"u8))
            {
                ok = Text(name, empty, out text);
                page.NextContinuationToken = text;
            }
            else if (name.SequenceEqual("NextMarker"u8))
            {
                ok = Text(name, empty, out text);
                page.NextMarker = text;
            }
            else if (name.SequenceEqual("EncodingType"u8))
            {
                ok = Text(name, empty, out text);
                page.UrlEncoded = string.Equals(text, "url", StringComparison.OrdinalIgnoreCase);
            }
            else
            {
                ok = Skip(name, empty, 1);
            }

            if (!ok)
            {
                return false;
            }
        }
    }

    /// <summary>One <c>Contents</c> entry, as <see cref="ListingReader"/> reads it.</summary>
    private bool Object(ReadOnlySpan<byte> element, bool empty, out S3Object o)
    {
        string key = string.Empty;
        long size = 0;
        DateTimeOffset? lastModified = null;
        string? etag = null;
        string? storageClass = null;
        if (empty)
        {
            o = new S3Object(key, size, lastModified, etag, storageClass);
            return true;
        }

        o = null!;

        Span<char> chars = stackalloc char[ListingReader.ShortTextLength];
        while (true)
        {
            if (!NextChild(element, out var name, out bool childEmpty, out bool done) || done)
            {
                o = new S3Object(key, size, lastModified, etag, storageClass);
                return done;
            }

            bool ok;
            int length;
            if (name.SequenceEqual("Key"u8))
            {
                ok = Text(name, childEmpty, out string? k);
                key = k ?? string.Empty;
            }
            else if (name.SequenceEqual("ETag"u8))
            {
                ok = Text(name, childEmpty, out etag);
            }
            else if (name.SequenceEqual("Size"u8))
            {
                ok = ShortText(name, childEmpty, chars, out length);
                size = long.TryParse(chars[..length], NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : 0;
            }
            else if (name.SequenceEqual("LastModified"u8))
            {
                ok = ShortText(name, childEmpty, chars, out length);
                lastModified = IsoTimestamp.TryParse(chars[..length], DateTimeStyles.AssumeUniversal, out var t) ? t : null;
            }
            else if (name.SequenceEqual("StorageClass"u8))
            {
                ok = ShortText(name, childEmpty, chars, out length);
                storageClass = ListingReader.KnownStorageClass(chars[..length]);
            }
            else
            {
                ok = Skip(name, childEmpty, 2);
            }

            if (!ok)
            {
                return false;
            }
        }
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

            if (!(name.SequenceEqual("Prefix"u8) ? Text(name, childEmpty, out prefix) : Skip(name, childEmpty, 2)))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Moves to the next child element of <paramref name="element"/>, past white space: its start tag
    /// read, or (<paramref name="done"/>) the element's end tag. False, and not done, when neither is
    /// there or a tag is malformed.
    /// </summary>
    private bool NextChild(ReadOnlySpan<byte> element, out ReadOnlySpan<byte> name, out bool empty, out bool done)
    {
        name = default;
        empty = false;
        SkipSpace();
        if (AtEndTag())
        {
            done = EndTag(element);
            return done;
        }

        done = false;
        return StartTag(out name, out empty, attributes: false);
    }

    /// <summary>Skips an element the page does not use, and everything in it.</summary>
    private bool Skip(ReadOnlySpan<byte> element, bool empty, int depth)
    {
        if (empty)
        {
            return true;
        }

        if (depth > MaxDepth)
        {
            return false;
        }

        while (true)
        {
            SkipSpace();
            if (AtEndTag())
            {
                return EndTag(element);
            }

            if (_pos < _xml.Length && _xml[_pos] != '<')
            {
                // Text in the skipped element: it must still be text this scanner accepts.
                if (!RawText(out var raw, out bool entities) || (entities && !KnownEntities(raw)))
                {
                    return false;
                }

                continue;
            }

            if (!StartTag(out var name, out bool childEmpty, attributes: false) || !Skip(name, childEmpty, depth + 1))
            {
                return false;
            }
        }
    }
}
