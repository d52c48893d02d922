using System.Globalization;
using System.Xml;

namespace Signing.S3.Internal;

/// <summary>
/// Reads a ListObjects (v1 or v2) page straight from the response stream with an async
/// <see cref="XmlReader"/>: no string of the whole body and no DOM, whatever the page size.
/// </summary>
internal static class ListingReader
{
    private static readonly XmlReaderSettings Settings = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        IgnoreComments = true,
        IgnoreWhitespace = true,
        IgnoreProcessingInstructions = true,
    };

    public static async Task<ListingPage> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        var page = new ListingPage();
        using var reader = XmlReader.Create(body, Settings);
        await reader.MoveToContentAsync().ConfigureAwait(false);
        if (!await reader.ReadAsync().ConfigureAwait(false))
        {
            return page;
        }

        while (!reader.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (reader.NodeType != XmlNodeType.Element || reader.Depth != 1)
            {
                await reader.ReadAsync().ConfigureAwait(false);
                continue;
            }

            switch (reader.LocalName)
            {
                case "Contents":
                    page.Objects.Add(await ReadObjectAsync(reader).ConfigureAwait(false));
                    break;
                case "CommonPrefixes":
                    page.Prefixes.Add(await ReadChildTextAsync(reader, "Prefix").ConfigureAwait(false) ?? string.Empty);
                    break;
                case "IsTruncated":
                    page.IsTruncated = string.Equals(await reader.ReadElementContentAsStringAsync().ConfigureAwait(false), "true", StringComparison.OrdinalIgnoreCase);
                    break;
                case "NextContinuationToken":
                    page.NextContinuationToken = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    break;
                case "NextMarker":
                    page.NextMarker = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    break;
                case "EncodingType":
                    page.UrlEncoded = string.Equals(await reader.ReadElementContentAsStringAsync().ConfigureAwait(false), "url", StringComparison.OrdinalIgnoreCase);
                    break;
                default:
                    await reader.SkipAsync().ConfigureAwait(false);
                    break;
            }
        }

        return page;
    }

    private static async Task<RawObject> ReadObjectAsync(XmlReader reader)
    {
        var o = new RawObject();
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync().ConfigureAwait(false);
            return o;
        }

        int depth = reader.Depth;
        await reader.ReadAsync().ConfigureAwait(false);
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                await reader.ReadAsync().ConfigureAwait(false);
                continue;
            }

            switch (reader.LocalName)
            {
                case "Key":
                    o.Key = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    break;
                case "Size":
                    o.Size = long.TryParse(await reader.ReadElementContentAsStringAsync().ConfigureAwait(false), NumberStyles.None, CultureInfo.InvariantCulture, out long size) ? size : 0;
                    break;
                case "LastModified":
                    o.LastModified = DateTimeOffset.TryParse(await reader.ReadElementContentAsStringAsync().ConfigureAwait(false), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ? t : null;
                    break;
                case "ETag":
                    o.ETag = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    break;
                case "StorageClass":
                    o.StorageClass = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
                    break;
                default:
                    await reader.SkipAsync().ConfigureAwait(false);
                    break;
            }
        }

        await reader.ReadAsync().ConfigureAwait(false); // past </Contents>
        return o;
    }

    private static async Task<string?> ReadChildTextAsync(XmlReader reader, string name)
    {
        string? value = null;
        if (reader.IsEmptyElement)
        {
            await reader.ReadAsync().ConfigureAwait(false);
            return null;
        }

        int depth = reader.Depth;
        await reader.ReadAsync().ConfigureAwait(false);
        while (!reader.EOF && !(reader.NodeType == XmlNodeType.EndElement && reader.Depth == depth))
        {
            if (reader.NodeType == XmlNodeType.Element && reader.LocalName == name)
            {
                value = await reader.ReadElementContentAsStringAsync().ConfigureAwait(false);
            }
            else if (reader.NodeType == XmlNodeType.Element)
            {
                await reader.SkipAsync().ConfigureAwait(false);
            }
            else
            {
                await reader.ReadAsync().ConfigureAwait(false);
            }
        }

        await reader.ReadAsync().ConfigureAwait(false);
        return value;
    }
}

/// <summary>A listing page as read, keys still in the response's encoding.</summary>
internal sealed class ListingPage
{
    public List<RawObject> Objects { get; } = [];

    public List<string> Prefixes { get; } = [];

    public bool IsTruncated { get; set; }

    public string? NextContinuationToken { get; set; }

    public string? NextMarker { get; set; }

    public bool UrlEncoded { get; set; }

    public string Decode(string value) => UrlEncoded ? Signing.Internal.UriEncoding.Decode(value, plusIsSpace: true) : value;
}

/// <summary>One <c>Contents</c> entry as read.</summary>
internal sealed class RawObject
{
    public string Key { get; set; } = string.Empty;

    public long Size { get; set; }

    public DateTimeOffset? LastModified { get; set; }

    public string? ETag { get; set; }

    public string? StorageClass { get; set; }
}
