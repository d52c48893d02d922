using System.Globalization;
using System.Runtime.CompilerServices;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>A page is read whole into memory up to this many bytes: 1000 entries with 1024-byte keys, encoded, stay far below it.</summary>
    private const int MaxPageLength = 64 * 1024 * 1024;

    private static readonly string PageTooLong = $"A listing page is longer than {MaxPageLength} bytes; no S3 page of 1000 entries comes near that: the server's answer is not a listing.";

    /// <summary>
    /// Lists one page of objects (ListObjectsV2). Keys are requested URL-encoded
    /// (<c>encoding-type=url</c>) so any key survives the XML, and returned decoded.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="options">Prefix, delimiter, start-after, max-keys, continuation token.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<ListObjectsResult> ListObjectsV2Async(string bucket, ListObjectsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Get, CheckBucket(bucket)).AddQuery("list-type", "2").AddQuery("encoding-type", "url");
        request.AddQueryIfSet("prefix", options?.Prefix)
            .AddQueryIfSet("delimiter", options?.Delimiter)
            .AddQueryIfSet("start-after", options?.StartAfter)
            .AddQueryIfSet("max-keys", options?.MaxKeys?.ToString(CultureInfo.InvariantCulture))
            .AddQueryIfSet("continuation-token", options?.ContinuationToken);
        var raw = await SendForListingAsync(request, cancellationToken).ConfigureAwait(false);
        return ToResult(raw) with { NextContinuationToken = raw.NextContinuationToken };
    }

    /// <summary>Lists one page of objects with the older ListObjects (V1, <c>marker</c>), for servers without V2.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="options">Prefix, delimiter, marker, max-keys.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The page; <see cref="ListObjectsResult.NextMarker"/> continues it.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<ListObjectsResult> ListObjectsV1Async(string bucket, ListObjectsOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Get, CheckBucket(bucket)).AddQuery("encoding-type", "url");
        request.AddQueryIfSet("prefix", options?.Prefix)
            .AddQueryIfSet("delimiter", options?.Delimiter)
            .AddQueryIfSet("marker", options?.Marker)
            .AddQueryIfSet("max-keys", options?.MaxKeys?.ToString(CultureInfo.InvariantCulture));
        var raw = await SendForListingAsync(request, cancellationToken).ConfigureAwait(false);
        var page = ToResult(raw);
        string? next = raw.NextMarker is { Length: > 0 } m ? raw.Decode(m) : null;
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
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
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

    /// <summary>
    /// Sends a listing request and reads the page inside the attempt: the body is read into a pooled
    /// buffer (a page is at most 1000 entries, a few hundred KB), then parsed in one pass by
    /// <see cref="ListingScanner"/>: no string of the whole body, no DOM, and no <see cref="Task"/>
    /// per element (which an async XmlReader allocates for every value it reads). A page cut off or
    /// stalled midway is asked again; a page that is not a listing (not well-formed XML, or XML
    /// this client does not read) is refused with code <c>InvalidResponse</c>, not retried.
    /// </summary>
    private Task<ListingPage> SendForListingAsync(S3Request request, CancellationToken cancellationToken)
    {
        return SendAsync(request, async (response, scope) =>
        {
            using (response)
            {
                long? length = response.Content.Headers.ContentLength;
                var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
                using var body = new WatchedReadStream(stream, scope, length, request, ownsScope: false);
                var (buffer, n) = await ReadAllAsync(body, length, MaxPageLength, PageTooLong, scope.Token).ConfigureAwait(false);
                try
                {
                    return ListingScanner.TryRead(buffer.AsSpan(0, n), out var page, out string? error)
                        ? page
                        : throw ResponseCheck.Refuse(response, request, $"the answer is not a listing: {error}");
                }
                finally
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                }
            }
        }, cancellationToken);
    }

    private static ListObjectsResult ToResult(ListingPage raw)
    {
        var objects = raw.Objects;
        var prefixes = raw.Prefixes;
        if (raw.UrlEncoded)
        {
            // Decoded in place: an entry is copied only when its key had something to decode.
            for (int i = 0; i < objects.Count; i++)
            {
                string key = raw.Decode(objects[i].Key);
                if (!ReferenceEquals(key, objects[i].Key))
                {
                    objects[i] = objects[i] with { Key = key };
                }
            }

            for (int i = 0; i < prefixes.Count; i++)
            {
                prefixes[i] = raw.Decode(prefixes[i]);
            }
        }

        return new ListObjectsResult { Objects = objects, CommonPrefixes = prefixes, IsTruncated = raw.IsTruncated };
    }
}
