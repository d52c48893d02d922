using System.Globalization;
using Signing.Checksums;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>Uploads an object from memory (PutObject).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key; any characters, sent as written (<c>a/../b</c> stays three segments).</param>
    /// <param name="data">The content.</param>
    /// <param name="options">Content-Type, metadata, ACL, integrity headers.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The ETag and version.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<PutObjectResult> PutObjectAsync(string bucket, string key, ReadOnlyMemory<byte> data, PutObjectOptions? options = null, CancellationToken cancellationToken = default) =>
        PutAsync(bucket, key, RequestBody.FromBytes(data, options?.ContentType), options, cancellationToken);

    /// <summary>
    /// Uploads an object from a stream, from its current position to the end (PutObject). A seekable
    /// stream is read in place (again on a retry); a non-seekable one is copied into memory first.
    /// The stream is not disposed.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="content">The content.</param>
    /// <param name="options">Content-Type, metadata, ACL, integrity headers.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The ETag and version.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<PutObjectResult> PutObjectAsync(string bucket, string key, Stream content, PutObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        CheckObjectOptions(options);
        var body = await RequestBody.FromStreamAsync(content, options?.ContentType, cancellationToken).ConfigureAwait(false);
        return await PutAsync(bucket, key, body, options, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Uploads a file as one object (PutObject); see <see cref="UploadFileAsync"/> for multipart.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="path">The file.</param>
    /// <param name="options">Content-Type, metadata, ACL, integrity headers.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The ETag and version.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<PutObjectResult> PutObjectFromFileAsync(string bucket, string key, string path, PutObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        long length = new FileInfo(path).Length;
        return PutAsync(bucket, key, RequestBody.FromFile(path, 0, length, options?.ContentType), options, cancellationToken);
    }

    /// <summary>
    /// Downloads an object as a stream (GetObject); dispose the answer. The answer is checked
    /// before it is returned: a range must come back as 206 with the <c>Content-Range</c> asked (a
    /// server that ignores <c>Range</c> is refused), and the ETag must equal <c>IfMatch</c>. The
    /// stream throws <see cref="IOException"/> if the body ends before (or runs past) the length
    /// announced, and <see cref="TimeoutException"/> if no byte arrives for
    /// <see cref="S3ClientOptions.IdleTimeout"/>.
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="options">Range and conditions.</param>
    /// <param name="cancellationToken">Cancels the request (and the returned stream's reads if passed to them).</param>
    /// <returns>The headers and the body stream.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key, range or condition value.</exception>
    /// <exception cref="S3Exception">An error answer, or an answer that is not what was asked (code <c>InvalidResponse</c>).</exception>
    public async Task<GetObjectResponse> GetObjectAsync(string bucket, string key, GetObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = GetRequest(bucket, key, options);
        return await SendAsync(request, options, static (options, request, response, scope) => GetObjectResponse.CreateAsync(response, scope, ResponseCheck.Get(response, request, options), request), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Downloads a whole (small) object, or a range of it, into memory. The answer is checked as in
    /// <see cref="GetObjectAsync"/>, and a body cut off or stalled midway is fetched again (within
    /// <see cref="S3ClientOptions.MaxAttempts"/>).
    /// </summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="options">Range and conditions.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The content.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key, range or condition value.</exception>
    /// <exception cref="S3Exception">An error answer, or an answer that is not what was asked (code <c>InvalidResponse</c>).</exception>
    public async Task<byte[]> GetObjectBytesAsync(string bucket, string key, GetObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = GetRequest(bucket, key, options);
        return await SendAsync(request, async (response, scope) =>
        {
            using (response)
            {
                long? expected = ResponseCheck.Get(response, request, options);
                var stream = await response.Content.ReadAsStreamAsync(scope.Token).ConfigureAwait(false);
                using var body = new WatchedReadStream(stream, scope, expected, request, ownsScope: false);
                using var memory = expected is long n && n <= Array.MaxLength ? new MemoryStream((int)n) : new MemoryStream();
                await body.CopyToAsync(memory).ConfigureAwait(false);
                return memory.ToArray();
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A GetObject request with the range and conditions of <paramref name="options"/>, each checked.</summary>
    private S3Request GetRequest(string bucket, string key, GetObjectOptions? options)
    {
        var request = new S3Request(HttpMethod.Get, CheckBucket(bucket), CheckKey(key)) { ObjectData = true };
        if (options is not null)
        {
            if (options.RangeFrom < 0 || options.RangeTo < 0 || options.RangeTo < options.RangeFrom || (options.RangeFrom is null && options.RangeTo == 0))
            {
                throw new ArgumentOutOfRangeException(nameof(options), $"RangeFrom {options.RangeFrom?.ToString(CultureInfo.InvariantCulture) ?? "null"}, RangeTo {options.RangeTo?.ToString(CultureInfo.InvariantCulture) ?? "null"} is not a range: pass 0 <= RangeFrom <= RangeTo (inclusive), RangeFrom alone for the rest, or RangeTo alone (> 0) for the last bytes.");
            }

            request.AddHeaderIfSet("Range", options.RangeHeader, nameof(options))
                .AddHeaderIfSet("If-Match", options.IfMatch, nameof(options))
                .AddHeaderIfSet("If-None-Match", options.IfNoneMatch, nameof(options))
                .AddHeaderIfSet("If-Modified-Since", options.IfModifiedSince?.ToString("r", CultureInfo.InvariantCulture), nameof(options));
        }

        return request;
    }

    /// <summary>Reads an object's metadata (HeadObject); a missing object throws <see cref="S3Exception"/> <c>NoSuchKey</c>.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>Length, type, ETag, metadata and headers.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<S3ObjectMetadata> HeadObjectAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new S3Request(HttpMethod.Head, CheckBucket(bucket), CheckKey(key)), cancellationToken).ConfigureAwait(false);
        return new S3ObjectMetadata(response);
    }

    /// <summary>Deletes an object (DeleteObject); deleting a missing key succeeds, as in S3.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the object is gone.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task DeleteObjectAsync(string bucket, string key, CancellationToken cancellationToken = default) =>
        await SendNoBodyAsync(new S3Request(HttpMethod.Delete, CheckBucket(bucket), CheckKey(key)) { ObjectData = true }, cancellationToken).ConfigureAwait(false);

    /// <summary>Deletes many objects, 1000 per request (DeleteObjects, with Content-MD5 as S3 requires).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="keys">The keys.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The keys deleted and the failures.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<DeleteObjectsResult> DeleteObjectsAsync(string bucket, IEnumerable<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var deleted = new List<string>();
        var errors = new List<S3DeleteError>();
        foreach (var batch in keys.Chunk(1000))
        {
            var xml = S3Xml.Element("Delete", batch.Select(k => S3Xml.Element("Object", S3Xml.Element("Key", k))));
            var request = new S3Request(HttpMethod.Post, CheckBucket(bucket)) { ContentMd5 = true, Body = RequestBody.FromBytes(S3Xml.ToBytes(xml), "application/xml") }.AddQuery("delete");
            var (root, _) = await SendForXmlAsync(request, "DeleteObjects", cancellationToken).ConfigureAwait(false);
            deleted.AddRange(root.Children("Deleted").Select(d => d.Text("Key") ?? string.Empty));
            errors.AddRange(root.Children("Error").Select(e => new S3DeleteError(e.Text("Key") ?? string.Empty, e.Text("Code") ?? string.Empty, e.Text("Message"))));
        }

        return new DeleteObjectsResult(deleted, errors);
    }

    /// <summary>Copies an object on the server (CopyObject), up to 5 GiB.</summary>
    /// <param name="sourceBucket">The source bucket.</param>
    /// <param name="sourceKey">The source key.</param>
    /// <param name="bucket">The destination bucket.</param>
    /// <param name="key">The destination key.</param>
    /// <param name="options">Metadata replacement, ACL, condition.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The copy's ETag and time.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<CopyObjectResult> CopyObjectAsync(string sourceBucket, string sourceKey, string bucket, string key, CopyObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Put, CheckBucket(bucket), CheckKey(key)) { ObjectData = true };
        request.AddHeader("x-amz-copy-source", $"/{AwsUriEncoding.Encode(CheckBucket(sourceBucket), keepSlash: false)}/{AwsUriEncoding.Encode(CheckKey(sourceKey), keepSlash: true)}");
        if (options?.ReplaceMetadata is { } replace)
        {
            request.AddHeader("x-amz-metadata-directive", "REPLACE");
            request.AddHeaderIfSet("Content-Type", replace.ContentType);
            AddObjectHeaders(request, replace with { CannedAcl = options.CannedAcl ?? replace.CannedAcl });
        }
        else
        {
            request.AddHeaderIfSet("x-amz-acl", options?.CannedAcl?.ToHeaderValue());
        }

        request.AddHeaderIfSet("x-amz-storage-class", options?.StorageClass);
        request.AddHeaderIfSet("x-amz-copy-source-if-match", options?.IfMatch);
        var (root, _) = await SendForXmlAsync(request, "CopyObject", cancellationToken).ConfigureAwait(false);
        return new CopyObjectResult(root.Text("ETag"), root.Date("LastModified"));
    }

    /// <summary>Sets an object's canned ACL (PutObjectAcl).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="acl">The canned ACL.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the ACL is set.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task PutObjectAclAsync(string bucket, string key, S3CannedAcl acl, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Put, CheckBucket(bucket), CheckKey(key)).AddQuery("acl");
        request.AddHeader("x-amz-acl", acl.ToHeaderValue(), nameof(acl));
        await SendNoBodyAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads an object's ACL (GetObjectAcl).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The owner and grants.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<S3AccessControlList> GetObjectAclAsync(string bucket, string key, CancellationToken cancellationToken = default)
    {
        var (root, _) = await SendForXmlAsync(new S3Request(HttpMethod.Get, CheckBucket(bucket), CheckKey(key)).AddQuery("acl"), "GetObjectAcl", cancellationToken).ConfigureAwait(false);
        return ParseAcl(root);
    }

    private async Task<PutObjectResult> PutAsync(string bucket, string key, RequestBody body, PutObjectOptions? options, CancellationToken cancellationToken)
    {
        CheckObjectOptions(options);
        var request = new S3Request(HttpMethod.Put, CheckBucket(bucket), CheckKey(key)) { Body = body, ObjectData = true, Streamable = true, ContentMd5 = options?.ContentMd5 == true };
        AddObjectHeaders(request, options);
        if (options?.Checksum is { } algorithm)
        {
            request.AddHeader(PayloadChecksum.HeaderName(algorithm), await body.ChecksumAsync(algorithm, cancellationToken).ConfigureAwait(false));
        }

        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        string? checksum = null;
        foreach (var h in response.Headers.NonValidated)
        {
            if (h.Key.StartsWith("x-amz-checksum-", StringComparison.OrdinalIgnoreCase))
            {
                checksum = h.Value.ToString();
                break;
            }
        }

        return new PutObjectResult(
            Header(response, "ETag"),
            Header(response, "x-amz-version-id"),
            string.IsNullOrEmpty(checksum) ? null : checksum);
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.ToString() : null;

    /// <summary>
    /// Checks every header <paramref name="options"/> would send (Content-Type, metadata, extra
    /// headers) before any request goes out: a transfer must not read its data, or start a
    /// multipart upload, only to fail on a header.
    /// </summary>
    /// <exception cref="ArgumentException">A header name or value that cannot be sent (see <see cref="HeaderCheck"/>).</exception>
    private static void CheckObjectOptions(PutObjectOptions? options)
    {
        if (options is not null)
        {
            var probe = new S3Request(HttpMethod.Put);
            probe.AddHeaderIfSet("Content-Type", options.ContentType);
            AddObjectHeaders(probe, options);
        }
    }

    /// <summary>x-amz-meta-*, x-amz-acl and extra headers of an upload (Content-Type goes with the body).</summary>
    private static void AddObjectHeaders(S3Request request, PutObjectOptions? options)
    {
        if (options is null)
        {
            return;
        }

        if (options.Metadata is { } metadata)
        {
            foreach (var (name, value) in metadata)
            {
                request.AddHeader($"x-amz-meta-{name}", value ?? throw new ArgumentException($"options: Metadata[{HeaderCheck.Show(name)}] is null: pass a value.", nameof(options)), nameof(options));
            }
        }

        request.AddHeaderIfSet("x-amz-acl", options.CannedAcl?.ToHeaderValue());
        if (options.Headers is { } headers)
        {
            foreach (var (name, value) in headers)
            {
                request.AddHeader(name, value ?? throw new ArgumentException($"options: Headers[{HeaderCheck.Show(name)}] is null: pass a value.", nameof(options)), nameof(options));
            }
        }
    }
}
