using System.Buffers;
using System.Globalization;
using System.Xml;

namespace Signing.S3.Internal;

/// <summary>
/// Reads a ListObjects (v1 or v2) page: the body is read asynchronously into a pooled buffer (a
/// page is at most 1000 entries, a few hundred KB), then parsed in one pass by
/// <see cref="ListingScanner"/>, or, when the XML is not of the simple kind S3 servers write, by a
/// synchronous <see cref="XmlReader"/>. No string of the whole body and no DOM; and no
/// <see cref="Task"/> per element, which an async XmlReader allocates for every value it reads (it
/// made a page cost four times the allocations of AWSSDK.S3's).
/// </summary>
internal static class ListingReader
{
    /// <summary>The buffer rented when the length is not known; it doubles as needed.</summary>
    private const int DefaultBufferLength = 64 * 1024;

    /// <summary>The longest size, time or storage class read without a string.</summary>
    internal const int ShortTextLength = 64;

    private static readonly string[] StorageClasses =
    [
        "STANDARD", "STANDARD_IA", "ONEZONE_IA", "INTELLIGENT_TIERING", "GLACIER", "GLACIER_IR", "DEEP_ARCHIVE",
        "REDUCED_REDUNDANCY", "EXPRESS_ONEZONE", "OUTPOSTS", "SNOW",
    ];

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    /// <summary>A page is read whole into memory up to this many bytes: 1000 entries with 1024-byte keys, encoded, stay far below it.</summary>
    public const int MaxPageLength = 64 * 1024 * 1024;

    /// <param name="body">The response body.</param>
    /// <param name="length">The Content-Length, if known (sizes the buffer).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async Task<ListingPage> ReadAsync(Stream body, long? length, CancellationToken cancellationToken)
    {
        // One byte more than announced, so that the read that finds the end needs no bigger buffer.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(length is > 0 and < int.MaxValue / 2 ? (int)length + 1 : DefaultBufferLength);
        int filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxPageLength)
                    {
                        throw new InvalidDataException($"A listing page is longer than {MaxPageLength} bytes; no S3 page of 1000 entries comes near that: the server's answer is not a listing.");
                    }

                    byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }

                int read = await body.ReadAsync(buffer.AsMemory(filled), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            cancellationToken.ThrowIfCancellationRequested();
            return ListingScanner.TryRead(buffer.AsSpan(0, filled), out var page) ? page : Parse(buffer, filled, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The general path: any well-formed page, through <see cref="XmlReader"/>.</summary>
    internal static ListingPage Parse(byte[] buffer, int length, CancellationToken cancellationToken)
    {
        var page = new ListingPage();
        char[] scratch = new char[ShortTextLength];
        using var stream = new MemoryStream(buffer, 0, length, writable: false);
        using var reader = XmlReader.Create(stream, Settings);
        reader.MoveToContent();
        if (!reader.Read())
        {
            return page;
        }

        while (!reader.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "Contents":
                    page.Objects.Add(ReadObject(reader, scratch));
                    break;
                case "CommonPrefixes":
                    page.Prefixes.Add(ReadChildText(reader, "Prefix") ?? string.Empty);
                    break;
                case "IsTruncated":
                    page.IsTruncated = string.Equals(reader.ReadElementContentAsString(), "true", StringComparison.OrdinalIgnoreCase);
                    break;
                case "NextContinuationToken":
                    page.NextContinuationToken = reader.ReadElementContentAsString();
                    break;
                case "NextMarker":
                    page.NextMarker = reader.ReadElementContentAsString();
                    break;
                case "EncodingType":
                    page.UrlEncoded = string.Equals(reader.ReadElementContentAsString(), "url", StringComparison.OrdinalIgnoreCase);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return page;
    }

    /// <summary>One <c>Contents</c> entry, its key still in the response's encoding.</summary>
    private static S3Object ReadObject(XmlReader reader, char[] scratch)
    {
        string key = string.Empty;
        long size = 0;
        DateTimeOffset? lastModified = null;
        string? etag = null;
        string? storageClass = null;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return new S3Object(key, size, lastModified, etag, storageClass);
        }

        int depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "Key":
                    key = reader.ReadElementContentAsString();
                    break;
                case "Size":
                    size = long.TryParse(ReadShortText(reader, scratch), NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : 0;
                    break;
                case "LastModified":
                    lastModified = IsoTimestamp.TryParse(ReadShortText(reader, scratch), DateTimeStyles.AssumeUniversal, out var t) ? t : null;
                    break;
                case "ETag":
                    etag = reader.ReadElementContentAsString();
                    break;
                case "StorageClass":
                    storageClass = KnownStorageClass(ReadShortText(reader, scratch));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.Read(); // past </Contents>
        return new S3Object(key, size, lastModified, etag, storageClass);
    }

    /// <summary>
    /// The text of the element the reader is on, read into <paramref name="scratch"/> instead of a
    /// new string (sizes, times, storage classes: a thousand of each per page); the reader ends past
    /// the element. Text longer than the scratch comes back empty (it is no size, time or class).
    /// Like <see cref="XmlReader.ReadElementContentAsString()"/>, a child element is an error.
    /// </summary>
    private static ReadOnlySpan<char> ReadShortText(XmlReader reader, char[] scratch)
    {
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return default;
        }

        int depth = reader.Depth;
        int length = 0;
        bool overflow = false;
        reader.Read();
        while (!(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            switch (reader.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    int read;
                    while (!overflow && (read = reader.ReadValueChunk(scratch, length, scratch.Length - length)) > 0)
                    {
                        length += read;
                        overflow = length == scratch.Length;
                    }

                    break;
                case XmlNodeType.Element:
                    throw new XmlException($"Element {reader.LocalName} inside a text element of the listing.");
                case XmlNodeType.None:
                    throw new XmlException("The listing ends inside an element.");
            }

            reader.Read();
        }

        reader.Read(); // past the end element
        return overflow ? default : scratch.AsSpan(0, length);
    }

    /// <summary>The storage classes S3 defines, so that a page does not hold a thousand copies of "STANDARD".</summary>
    internal static string? KnownStorageClass(ReadOnlySpan<char> text)
    {
        foreach (string known in StorageClasses)
        {
            if (text.SequenceEqual(known))
            {
                return known;
            }
        }

        return text.IsEmpty ? null : text.ToString();
    }

    private static string? ReadChildText(XmlReader reader, string name)
    {
        string? value = null;
        if (reader.IsEmptyElement)
        {
            reader.Read();
            return null;
        }

        int depth = reader.Depth;
        reader.Read();
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == name)
            {
                value = reader.ReadElementContentAsString();
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                reader.Skip();
            }
            else
            {
                reader.Read();
            }
        }

        reader.Read();
        return value;
    }
}

/// <summary>A listing page as read, keys still in the response's encoding.</summary>
internal sealed class ListingPage
{
    public List<S3Object> Objects { get; } = [];

    public List<string> Prefixes { get; } = [];

    public bool IsTruncated { get; set; }

    public string? NextContinuationToken { get; set; }

    public string? NextMarker { get; set; }

    public bool UrlEncoded { get; set; }

    /// <summary>The value decoded when the page is URL-encoded; the same string when there is nothing to decode.</summary>
    public string Decode(string value) =>
        UrlEncoded && value.AsSpan().IndexOfAny('%', '+') >= 0 ? AwsUriEncoding.Decode(value, plusIsSpace: true) : value;
}
