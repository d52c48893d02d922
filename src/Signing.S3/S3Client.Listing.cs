using System.Globalization;
using System.Runtime.CompilerServices;
using System.Xml.Linq;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>
    /// Lists one page of objects (ListObjectsV2). Keys are requested URL-encoded
    /// (<c>encoding-type=url</c>) so any key survives the XML, and returned decoded.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="options">Prefix, delimiter, start-after, max-keys, continuation token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    public async Task<ListObjectsResult> ListObjectsV2Async(string bucket, ListObjectsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Get, CheckBucket(bucket)).AddQuery("list-type", "2").AddQuery("encoding-type", "url");
        request.AddQueryIfSet("prefix", options?.Prefix)
            .AddQueryIfSet("delimiter", options?.Delimiter)
            .AddQueryIfSet("start-after", options?.StartAfter)
            .AddQueryIfSet("max-keys", options?.MaxKeys?.ToString(CultureInfo.InvariantCulture))
            .AddQueryIfSet("continuation-token", options?.ContinuationToken);
        var (root, _) = await SendForXmlAsync(request, "ListObjectsV2", cancellationToken).ConfigureAwait(false);
        var page = ParseListing(root);
        return page with { NextContinuationToken = root.Text("NextContinuationToken") };
    }

    /// <summary>Lists one page of objects with the older ListObjects (V1, <c>marker</c>), for servers without V2.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="options">Prefix, delimiter, marker, max-keys.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page; <see cref="ListObjectsResult.NextMarker"/> continues it.</returns>
    public async Task<ListObjectsResult> ListObjectsV1Async(string bucket, ListObjectsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Get, CheckBucket(bucket)).AddQuery("encoding-type", "url");
        request.AddQueryIfSet("prefix", options?.Prefix)
            .AddQueryIfSet("delimiter", options?.Delimiter)
            .AddQueryIfSet("marker", options?.Marker)
            .AddQueryIfSet("max-keys", options?.MaxKeys?.ToString(CultureInfo.InvariantCulture));
        var (root, _) = await SendForXmlAsync(request, "ListObjects", cancellationToken).ConfigureAwait(false);
        var page = ParseListing(root);
        string? next = root.Text("NextMarker") is { Length: > 0 } m ? Decode(root, m) : null;
        if (next is null && page.IsTruncated)
        {
            // Without a delimiter S3 sends no NextMarker: continue after the last key or prefix.
            string? lastKey = page.Objects.Count > 0 ? page.Objects[^1].Key : null;
            string? lastPrefix = page.CommonPrefixes.Count > 0 ? page.CommonPrefixes[^1] : null;
            next = lastPrefix is null || (lastKey is not null && string.CompareOrdinal(lastKey, lastPrefix) > 0) ? lastKey : lastPrefix;
        }

        return page with { NextMarker = next };
    }

    /// <summary>Lists every object under a prefix, page after page (ListObjectsV2 with continuation tokens).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="prefix">Only keys starting with this; null for all.</param>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The objects in key order.</returns>
    public async IAsyncEnumerable<S3Object> ListAllObjectsAsync(string bucket, string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var options = new ListObjectsOptions { Prefix = prefix };
        while (true)
        {
            var page = await ListObjectsV2Async(bucket, options, cancellationToken).ConfigureAwait(false);
            foreach (var o in page.Objects)
            {
                yield return o;
            }

            if (!page.IsTruncated || string.IsNullOrEmpty(page.NextContinuationToken))
            {
                yield break;
            }

            options = options with { ContinuationToken = page.NextContinuationToken };
        }
    }

    private static ListObjectsResult ParseListing(XElement root)
    {
        var objects = root.Children("Contents")
            .Select(c => new S3Object(Decode(root, c.Text("Key") ?? string.Empty), c.Long("Size"), c.Date("LastModified"), c.Text("ETag"), c.Text("StorageClass")))
            .ToList();
        var prefixes = root.Children("CommonPrefixes").Select(p => Decode(root, p.Text("Prefix") ?? string.Empty)).ToList();
        return new ListObjectsResult { Objects = objects, CommonPrefixes = prefixes, IsTruncated = root.Bool("IsTruncated") };
    }

    /// <summary>Decodes a name of a listing sent with <c>encoding-type=url</c> (form encoding: <c>+</c> is a space).</summary>
    private static string Decode(XElement root, string value) =>
        string.Equals(root.Text("EncodingType"), "url", StringComparison.OrdinalIgnoreCase) ? S3Uri.Decode(value, plusIsSpace: true) : value;
}
