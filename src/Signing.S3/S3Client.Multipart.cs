using System.Globalization;
using Signing.S3.Internal;

namespace Signing.S3;

public sealed partial class S3Client
{
    /// <summary>Starts a multipart upload (CreateMultipartUpload).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="options">Content-Type, metadata and ACL of the final object.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The upload id.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<string> CreateMultipartUploadAsync(string bucket, string key, PutObjectOptions? options = null, CancellationToken cancellationToken = default)
    {
        var request = new S3Request(HttpMethod.Post, CheckBucket(bucket), CheckKey(key)).AddQuery("uploads");
        request.AddHeaderIfSet("Content-Type", options?.ContentType);
        AddObjectHeaders(request, options);
        var (root, _) = await SendForXmlAsync(request, "CreateMultipartUpload", cancellationToken).ConfigureAwait(false);
        return root.Text("UploadId") is { Length: > 0 } id ? id : throw new S3Exception($"CreateMultipartUpload of {bucket}/{key} returned no UploadId.");
    }

    /// <summary>Uploads one part from memory (UploadPart).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="partNumber">The part number, 1 to 10000.</param>
    /// <param name="data">The part: at least 5 MiB unless it is the last.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The part's number, ETag and size, for <see cref="CompleteMultipartUploadAsync"/>.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<S3Part> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        UploadPartAsync(bucket, key, uploadId, partNumber, RequestBody.FromBytes(data), cancellationToken);

    /// <summary>Uploads one part from a window of a seekable stream (UploadPart); the stream is not disposed. Do not share one stream between concurrent calls (each read seeks it); parallel parts of a file are what <see cref="UploadFileAsync"/> does.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="partNumber">The part number, 1 to 10000.</param>
    /// <param name="content">A seekable stream.</param>
    /// <param name="offset">Where the part starts in it.</param>
    /// <param name="length">The part's length.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The part's number, ETag and size.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public Task<S3Part> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, Stream content, long offset, long length, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (!content.CanSeek)
        {
            throw new ArgumentException("content is not seekable: a part is read again on a retry; pass a seekable stream or the part's bytes.", nameof(content));
        }

        return UploadPartAsync(bucket, key, uploadId, partNumber, RequestBody.FromSegment(content, offset, length), cancellationToken);
    }

    /// <summary>Completes a multipart upload (CompleteMultipartUpload); parts are sent sorted by number.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="parts">The uploaded parts.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The object's ETag (null if the server sent none, as RGW 16 does) and version.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<PutObjectResult> CompleteMultipartUploadAsync(string bucket, string key, string uploadId, IEnumerable<S3Part> parts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var xml = S3Xml.Element("CompleteMultipartUpload", parts.OrderBy(p => p.PartNumber).Select(p =>
            S3Xml.Element("Part", S3Xml.Element("PartNumber", p.PartNumber.ToString(CultureInfo.InvariantCulture)), S3Xml.Element("ETag", p.ETag))));
        var request = new S3Request(HttpMethod.Post, CheckBucket(bucket), CheckKey(key)) { Body = RequestBody.FromBytes(S3Xml.ToBytes(xml), "application/xml") }
            .AddQuery("uploadId", CheckUploadId(uploadId));
        var (root, response) = await SendForXmlAsync(request, "CompleteMultipartUpload", cancellationToken).ConfigureAwait(false);
        // RGW 16 sends an empty ETag element: null then (HeadObject has it).
        string? etag = root.Text("ETag") is { Length: > 0 } e ? e : Header(response, "ETag");
        return new PutObjectResult(etag, Header(response, "x-amz-version-id"), null);
    }

    /// <summary>Aborts a multipart upload, freeing its parts (AbortMultipartUpload).</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>A task that completes when the upload is aborted.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task AbortMultipartUploadAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken = default) =>
        await SendNoBodyAsync(new S3Request(HttpMethod.Delete, CheckBucket(bucket), CheckKey(key)).AddQuery("uploadId", CheckUploadId(uploadId)), cancellationToken).ConfigureAwait(false);

    /// <summary>Lists the parts uploaded so far (ListParts), all pages.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="key">The key.</param>
    /// <param name="uploadId">The upload id.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The parts in number order.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<IReadOnlyList<S3Part>> ListPartsAsync(string bucket, string key, string uploadId, CancellationToken cancellationToken = default)
    {
        var parts = new List<S3Part>();
        string? marker = null;
        while (true)
        {
            var request = new S3Request(HttpMethod.Get, CheckBucket(bucket), CheckKey(key)).AddQuery("uploadId", CheckUploadId(uploadId)).AddQueryIfSet("part-number-marker", marker);
            var (root, _) = await SendForXmlAsync(request, "ListParts", cancellationToken).ConfigureAwait(false);
            parts.AddRange(root.Children("Part").Select(p => new S3Part((int)Math.Clamp(p.Long("PartNumber"), int.MinValue, int.MaxValue), p.Text("ETag") ?? string.Empty, p.Long("Size"))));
            marker = root.Text("NextPartNumberMarker");
            if (!root.Bool("IsTruncated") || string.IsNullOrEmpty(marker))
            {
                return parts;
            }
        }
    }

    /// <summary>Lists the multipart uploads in progress in a bucket (ListMultipartUploads), all pages.</summary>
    /// <param name="bucket">The bucket.</param>
    /// <param name="prefix">Only keys starting with this; null for all.</param>
    /// <param name="cancellationToken">Cancels the requests.</param>
    /// <returns>The uploads.</returns>
    /// <exception cref="ArgumentException">A bad bucket, key or option value; nothing is sent.</exception>
    /// <exception cref="S3Exception">The server answered with an error or a redirect (never followed), or with an answer this client refuses (code <c>InvalidResponse</c>).</exception>
    /// <exception cref="HttpRequestException">The server could not be reached, or dropped the connection, on every attempt.</exception>
    /// <exception cref="IOException">A body was cut off on every attempt (or, for files, could not be read or written).</exception>
    /// <exception cref="TimeoutException">Every attempt timed out or stalled (<see cref="S3ClientOptions.Timeout"/>, <see cref="S3ClientOptions.IdleTimeout"/>).</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<IReadOnlyList<S3MultipartUpload>> ListMultipartUploadsAsync(string bucket, string? prefix = null, CancellationToken cancellationToken = default)
    {
        var uploads = new List<S3MultipartUpload>();
        string? keyMarker = null, idMarker = null;
        while (true)
        {
            var request = new S3Request(HttpMethod.Get, CheckBucket(bucket)).AddQuery("uploads")
                .AddQueryIfSet("prefix", prefix).AddQueryIfSet("key-marker", keyMarker).AddQueryIfSet("upload-id-marker", idMarker);
            var (root, _) = await SendForXmlAsync(request, "ListMultipartUploads", cancellationToken).ConfigureAwait(false);
            uploads.AddRange(root.Children("Upload").Select(u => new S3MultipartUpload(u.Text("Key") ?? string.Empty, u.Text("UploadId") ?? string.Empty, u.Date("Initiated"))));
            keyMarker = root.Text("NextKeyMarker");
            idMarker = root.Text("NextUploadIdMarker");
            if (!root.Bool("IsTruncated") || string.IsNullOrEmpty(keyMarker))
            {
                return uploads;
            }
        }
    }

    private async Task<S3Part> UploadPartAsync(string bucket, string key, string uploadId, int partNumber, RequestBody body, CancellationToken cancellationToken)
    {
        if (partNumber is < 1 or > 10000)
        {
            throw new ArgumentOutOfRangeException(nameof(partNumber), partNumber, $"partNumber {partNumber} is out of range: S3 parts are numbered 1 to 10000.");
        }

        var request = new S3Request(HttpMethod.Put, CheckBucket(bucket), CheckKey(key)) { Body = body, ObjectData = true, Streamable = true }
            .AddQuery("partNumber", partNumber.ToString(CultureInfo.InvariantCulture))
            .AddQuery("uploadId", CheckUploadId(uploadId));
        using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        string etag = Header(response, "ETag") ?? throw new S3Exception($"UploadPart {partNumber} of {bucket}/{key} returned no ETag.");
        return new S3Part(partNumber, etag, body.Length);
    }

    private static string CheckUploadId(string uploadId)
    {
        ArgumentException.ThrowIfNullOrEmpty(uploadId);
        return uploadId;
    }
}
