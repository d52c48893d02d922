using System.Globalization;
using System.Net;
using System.Text;

namespace Signing.Benchmarks;

/// <summary>
/// An in-process S3 "server" for the client benchmarks: answers every request from canned bytes
/// built once, so that what is timed is the client (request building, signing, sending through
/// <see cref="HttpClient"/>, reading and parsing the answer), not a network or a server.
/// <list type="bullet">
/// <item>PUT: drains the request body (as a transport would) and answers 200 with an ETag.</item>
/// <item>GET of an object: 200 with <see cref="ObjectBody"/> (1 KiB) and the headers S3 sends.</item>
/// <item>GET of a bucket (<c>list-type=2</c>): 200 with a ListObjectsV2 page of <see cref="ListedKeys"/> keys,
/// URL-encoded when the request asks for it.</item>
/// </list>
/// Response headers are added without validation, as <c>SocketsHttpHandler</c> stores what it reads
/// (parsed on first access). The last request's method, URL and headers are kept for the cross-check.
/// </summary>
internal sealed class CannedS3Handler : HttpMessageHandler
{
    public const int ObjectLength = 1024;
    public const int ListedKeys = 1000;

    private const string LastModified = "Sat, 21 Nov 2026 01:02:03 GMT";
    private const string RequestId = "4442587FB7D0A2F9";
    private const string HostId = "vlR7PnpV2Ce81l0PRw6jlUpck7Jo5ZsQjryTjKlc5aLWGVHPZLj5NeC6qMa0emYBDXOo6QBU0Wo=";

    private readonly RecordingStream _sink = new();
    private bool _record;

    /// <summary>The object GET returns (and the benchmarks PUT): 1 KiB of printable bytes.</summary>
    public static byte[] ObjectBody { get; } = Enumerable.Range(0, ObjectLength).Select(i => (byte)('a' + (i % 26))).ToArray();

    /// <summary>
    /// The object's ETag, its MD5 as S3 gives for a single-part upload. AWSSDK.S3 checks a GET body
    /// against it (on by default, with no switch), so it must be right.
    /// </summary>
#pragma warning disable CA5351 // S3's ETag is an MD5 by protocol
    public static string ObjectETag { get; } = $"\"{Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(ObjectBody))}\"";
#pragma warning restore CA5351

    /// <summary>The ListObjectsV2 page for <c>encoding-type=url</c> (what our client asks for), UTF-8, built once.</summary>
    public byte[] UrlEncodedListing { get; } = BuildListing(urlEncoded: true);

    /// <summary>The same page without <c>encoding-type</c> (AWSSDK.S3's default): keys as they are.</summary>
    public byte[] PlainListing { get; } = BuildListing(urlEncoded: false);

    /// <summary>The last request's method, URL and headers (request and content), as sent.</summary>
    public (string Method, Uri? Url, Dictionary<string, string> Headers, long BodyLength) Last { get; private set; } = (string.Empty, null, [], 0);

    /// <summary>The requests (method and path with query) recorded since <see cref="Record"/> was last turned on.</summary>
    public List<string> Recorded { get; } = [];

    /// <summary>Whether to record <see cref="Last"/> (the cross-check); off while timing.</summary>
    public bool Record
    {
        get => _record;
        set
        {
            _record = value;
            Recorded.Clear();
        }
    }

    protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SendAsync(request, cancellationToken).GetAwaiter().GetResult();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _sink.Position = 0;
        if (request.Content is not null)
        {
            await request.Content.CopyToAsync(_sink, cancellationToken).ConfigureAwait(false);
        }

        if (Record)
        {
            var headers = request.Headers.NonValidated.Concat(request.Content?.Headers.NonValidated ?? default)
                .ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            Last = (request.Method.Method, request.RequestUri, headers, _sink.Length);
            Recorded.Add($"{request.Method} {request.RequestUri?.PathAndQuery}");
        }

        var response = new HttpResponseMessage(HttpStatusCode.OK) { RequestMessage = request };
        response.Headers.TryAddWithoutValidation("x-amz-id-2", HostId);
        response.Headers.TryAddWithoutValidation("x-amz-request-id", RequestId);
        response.Headers.TryAddWithoutValidation("Date", LastModified);
        response.Headers.TryAddWithoutValidation("Server", "AmazonS3");
        if (request.Method == HttpMethod.Put)
        {
            response.Headers.TryAddWithoutValidation("ETag", ObjectETag);
            response.Content = new ByteArrayContent([]);
            response.Content.Headers.TryAddWithoutValidation("Content-Length", "0");
        }
        else if (request.RequestUri!.Query.Contains("list-type=2", StringComparison.Ordinal))
        {
            var listing = request.RequestUri.Query.Contains("encoding-type=url", StringComparison.Ordinal) ? UrlEncodedListing : PlainListing;
            response.Content = new ByteArrayContent(listing);
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/xml");
            response.Content.Headers.TryAddWithoutValidation("Content-Length", listing.Length.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            response.Headers.TryAddWithoutValidation("ETag", ObjectETag);
            response.Headers.TryAddWithoutValidation("Accept-Ranges", "bytes");
            response.Content = new ByteArrayContent(ObjectBody);
            response.Content.Headers.TryAddWithoutValidation("Content-Type", "application/octet-stream");
            response.Content.Headers.TryAddWithoutValidation("Content-Length", "1024");
            response.Content.Headers.TryAddWithoutValidation("Last-Modified", LastModified);
        }

        return response;
    }

    /// <summary>
    /// A full page as S3 sends it for <c>?list-type=2</c>: 1000 keys of a date-partitioned log
    /// layout (every 10th with a space: <c>%20</c> with <c>encoding-type=url</c>), sizes, ETags,
    /// times, storage class, truncated with a continuation token.
    /// </summary>
    private static byte[] BuildListing(bool urlEncoded)
    {
        var sb = new StringBuilder(256 * ListedKeys);
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.Append("<ListBucketResult xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">");
        sb.Append("<Name>bench-bucket</Name><Prefix>logs/</Prefix>");
        sb.Append(CultureInfo.InvariantCulture, $"<KeyCount>{ListedKeys}</KeyCount><MaxKeys>1000</MaxKeys>");
        sb.Append(urlEncoded ? "<EncodingType>url</EncodingType>" : string.Empty).Append("<IsTruncated>true</IsTruncated>");
        for (int i = 0; i < ListedKeys; i++)
        {
            string name = i % 10 == 0 ? $"app{(urlEncoded ? "%20" : " ")}server-{i:D6}.json.gz" : $"app-server-{i:D6}.json.gz";
            sb.Append(CultureInfo.InvariantCulture, $"<Contents><Key>logs/2026/11/{1 + (i % 21):D2}/{name}</Key>");
            sb.Append(CultureInfo.InvariantCulture, $"<LastModified>2026-11-{1 + (i % 21):D2}T{i % 24:D2}:{i % 60:D2}:{(i * 7) % 60:D2}.000Z</LastModified>");
            sb.Append(CultureInfo.InvariantCulture, $"<ETag>&quot;{i * 2654435761L:x16}{i:x16}&quot;</ETag>");
            sb.Append(CultureInfo.InvariantCulture, $"<Size>{1000 + (i * 7919 % 900000)}</Size><StorageClass>STANDARD</StorageClass></Contents>");
        }

        sb.Append("<NextContinuationToken>1ueGcxLPRx1Tr/XYExHnhbYLgveDs2J/wm36Hy4vbOwM=</NextContinuationToken>");
        sb.Append("</ListBucketResult>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>A write-only sink that counts what was written (the request body's length).</summary>
    private sealed class RecordingStream : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Position;

        public override long Position { get; set; }

        public override void SetLength(long value) => Position = value;

        public override void Write(byte[] buffer, int offset, int count) => Position += count;

        public override void Write(ReadOnlySpan<byte> buffer) => Position += buffer.Length;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Position += count;
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Position += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    }
}
