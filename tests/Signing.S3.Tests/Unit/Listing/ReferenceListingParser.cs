using System.Globalization;
using System.Xml;
using Signing.S3.Internal;

namespace Signing.S3.Tests.Unit.Listing;

/// <summary>
/// The reference the listing scanner is checked against: the BCL's <see cref="XmlReader"/> (no DTD,
/// namespaces on, characters checked), reading the page as the scanner defines it. Elements match
/// by local name at their depth; a text element's value is all its text and CDATA, white space
/// kept, comments and processing instructions dropped, a child element an error; a field given
/// twice counts as last given; <c>CommonPrefixes</c> takes its last <c>Prefix</c>.
/// This was the S3 client's own fallback parser until the scanner read every listing itself.
/// </summary>
internal static class ReferenceListingParser
{
    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        IgnoreWhitespace = false,
    };

    /// <summary>The page, or null when XmlReader finds the document not well-formed.</summary>
    public static ListingPage? TryParse(byte[] xml)
    {
        try
        {
            return Parse(xml);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static ListingPage Parse(byte[] xml)
    {
        var page = new ListingPage();
        using var stream = new MemoryStream(xml, writable: false);
        using var reader = XmlReader.Create(stream, Settings);
        reader.MoveToContent();
        if (!reader.Read())
        {
            return page;
        }

        while (!reader.EOF)
        {
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1)
            {
                reader.Read();
                continue;
            }

            switch (reader.LocalName)
            {
                case "Contents":
                    page.Objects.Add(ReadObject(reader));
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

    private static S3Object ReadObject(XmlReader reader)
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
                    size = long.TryParse(reader.ReadElementContentAsString(), NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : 0;
                    break;
                case "LastModified":
                    lastModified = IsoTimestamp.TryParse(reader.ReadElementContentAsString(), DateTimeStyles.AssumeUniversal, out var t) ? t : null;
                    break;
                case "ETag":
                    etag = reader.ReadElementContentAsString();
                    break;
                case "StorageClass":
                    storageClass = ListingPage.KnownStorageClass(reader.ReadElementContentAsString());
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        reader.Read(); // past </Contents>
        return new S3Object(key, size, lastModified, etag, storageClass);
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
