using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BenchmarkDotNet.Attributes;
using Minio;
using Minio.DataModel.Args;
using Signing.S3;

namespace Signing.Benchmarks;

/// <summary>The S3 operations whose client overhead is measured.</summary>
public enum S3Operation
{
    /// <summary>PutObject of a 1 KiB body, payload SHA-256 signed.</summary>
    PutObject,

    /// <summary>GetObject of a 1 KiB object, the whole body read.</summary>
    GetObject,

    /// <summary>One ListObjectsV2 page of 1000 keys, parsed.</summary>
    ListObjectsV2,
}

/// <summary>
/// What an S3 client costs per request, against AWSSDK.S3's <see cref="AmazonS3Client"/>
/// (<c>Baseline = true</c>, so <c>Ratio</c> and <c>Alloc Ratio</c> are ours over the SDK's).
/// Both clients, MinIO's <c>MinioClient</c> (a third peer), and a bare <see cref="HttpClient"/> for reference, send through one
/// <see cref="CannedS3Handler"/> that answers from canned bytes: no network, no server, so the time
/// is the client's (URL, headers, payload hash, signature, HttpClient, reading and parsing).
/// <para>
/// Both sign SigV4 with the same credentials and region, path-style on <c>http://127.0.0.1:9000</c>,
/// with the body's SHA-256 in <c>x-amz-content-sha256</c> (ours by default; the SDK with
/// <c>UseChunkEncoding = false</c>). What our client does not do is turned off in the SDK where it
/// can be: request checksums and response checksum validation only when required, no MD5 of the
/// upload. The cross-check verifies both send the same request line and payload hash and return
/// the same answer.
/// </para>
/// </summary>
[MemoryDiagnoser]
public class S3ClientOverhead
{
    public const string Bucket = "bench-bucket";
    public const string Key = "logs/2026/11/21/app-server-000001.json.gz";
    public const string Prefix = "logs/";
    private const string ContentType = "application/octet-stream";
    private static readonly Uri Endpoint = new("http://127.0.0.1:9000");

    private readonly byte[] _readBuffer = new byte[4096];
    private readonly byte[] _putBody = CannedS3Handler.ObjectBody;
    private CannedS3Handler _handler = null!;
    private S3Client _ours = null!;
    private AmazonS3Client _sdk = null!;
    private HttpClient _raw = null!;
    private IMinioClient _minio = null!;
    private PutObjectOptions _oursPutOptions = null!;
    private ListObjectsOptions _oursListOptions = null!;

    /// <summary>The operation measured.</summary>
    [ParamsAllValues]
    public S3Operation Operation { get; set; }

    internal CannedS3Handler Handler => _handler;

    [GlobalSetup]
    public void Setup()
    {
        _handler = new CannedS3Handler();
        // Over a handler, the client makes and owns its HttpClient, as new S3Client(options) does over a SocketsHttpHandler.
        _ours = new S3Client(new S3ClientOptions { Endpoint = Endpoint, Region = Fixture.Region, Credentials = Fixture.Credentials }, _handler);
        _sdk = new AmazonS3Client(
            new BasicAWSCredentials(Fixture.AccessKeyId, Fixture.SecretAccessKey),
            new AmazonS3Config
            {
                ServiceURL = Endpoint.ToString(),
                AuthenticationRegion = Fixture.Region,
                ForcePathStyle = true,
                HttpClientFactory = new CannedHttpClientFactory(_handler),
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            });
        _raw = new HttpClient(_handler, disposeHandler: false);
        // MinIO's client over the same handler; the region given, so it asks no bucket location first.
        _minio = new MinioClient().WithEndpoint(Endpoint.Host, Endpoint.Port).WithSSL(false).WithRegion(Fixture.Region)
            .WithCredentials(Fixture.AccessKeyId, Fixture.SecretAccessKey)
            .WithHttpClient(new HttpClient(_handler, disposeHandler: false), disposeHttpClient: true).Build();
        _oursPutOptions = new PutObjectOptions { ContentType = ContentType };
        _oursListOptions = new ListObjectsOptions { Prefix = Prefix };

        // First calls: the SDK's endpoint rules and marshallers, our JIT; none of it is per request.
        Ours_S3Client().GetAwaiter().GetResult();
        AwsSdk_AmazonS3Client().GetAwaiter().GetResult();
        Minio_MinioClient().GetAwaiter().GetResult();
        HttpClient_Only().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _ours.Dispose();
        _sdk.Dispose();
        _raw.Dispose();
        _minio.Dispose();
        _handler.Dispose();
    }

    /// <summary>AWSSDK.S3 4.1.0.1: what an SDK user calls.</summary>
    [Benchmark(Baseline = true)]
    public Task<long> AwsSdk_AmazonS3Client() => Operation switch
    {
        S3Operation.PutObject => SdkPut(),
        S3Operation.GetObject => SdkGet(),
        _ => SdkList(),
    };

    /// <summary>Our <see cref="S3Client"/>.</summary>
    [Benchmark]
    public Task<long> Ours_S3Client() => Operation switch
    {
        S3Operation.PutObject => OursPut(),
        S3Operation.GetObject => OursGet(),
        _ => OursList(),
    };

    /// <summary>The MinIO .NET SDK 7.0.0's <see cref="MinioClient"/>: what a MinIO SDK user calls.</summary>
    [Benchmark]
    public Task<long> Minio_MinioClient() => Operation switch
    {
        S3Operation.PutObject => MinioPut(),
        S3Operation.GetObject => MinioGet(),
        _ => MinioList(),
    };

    /// <summary>
    /// For reference, what neither client can avoid: the same request (unsigned) through a bare
    /// <see cref="HttpClient"/> over the same handler, the answer read but not parsed.
    /// </summary>
    [Benchmark]
    public async Task<long> HttpClient_Only()
    {
        var (method, query) = Operation switch
        {
            S3Operation.PutObject => (HttpMethod.Put, string.Empty),
            S3Operation.GetObject => (HttpMethod.Get, string.Empty),
            _ => (HttpMethod.Get, "?list-type=2&prefix=logs%2F"),
        };
        string path = Operation == S3Operation.ListObjectsV2 ? $"/{Bucket}" : $"/{Bucket}/{Key}";
        using var request = new HttpRequestMessage(method, new Uri(Endpoint, path + query));
        if (method == HttpMethod.Put)
        {
            request.Content = new ByteArrayContent(_putBody);
        }

        using var response = await _raw.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        return await Drain(body).ConfigureAwait(false);
    }

    /// <summary>Our answers, for the cross-check: PUT's ETag, the GET body's length, the listed keys.</summary>
    internal async Task<(string? ETag, long Length, IReadOnlyList<string> Keys)> OursAnswer()
    {
        var put = await _ours.PutObjectAsync(Bucket, Key, _putBody, _oursPutOptions).ConfigureAwait(false);
        long length = await OursGet().ConfigureAwait(false);
        var page = await _ours.ListObjectsV2Async(Bucket, _oursListOptions).ConfigureAwait(false);
        return (put.ETag, length, page.Objects.Select(o => o.Key).ToList());
    }

    /// <summary>The SDK's answers, for the cross-check.</summary>
    internal async Task<(string? ETag, long Length, IReadOnlyList<string> Keys)> SdkAnswer()
    {
        using var input = new MemoryStream(_putBody, writable: false);
        var put = await _sdk.PutObjectAsync(SdkPutRequest(input)).ConfigureAwait(false);
        long length = await SdkGet().ConfigureAwait(false);
        var page = await _sdk.ListObjectsV2Async(SdkListRequest()).ConfigureAwait(false);
        return (put.ETag, length, page.S3Objects.Select(o => o.Key).ToList());
    }

    /// <summary>MinIO's answers, for the cross-check.</summary>
    internal async Task<(string? ETag, long Length, IReadOnlyList<string> Keys)> MinioAnswer()
    {
        using var input = new MemoryStream(_putBody, writable: false);
        var put = await _minio.PutObjectAsync(MinioPutArgs(input)).ConfigureAwait(false);
        long length = await MinioGet().ConfigureAwait(false);
        var keys = new List<string>();
        await foreach (var item in _minio.ListObjectsEnumAsync(MinioListArgs()).ConfigureAwait(false))
        {
            keys.Add(item.Key);
            if (keys.Count == CannedS3Handler.ListedKeys)
            {
                break; // the canned page says more follow; one page is the work measured
            }
        }

        return (put.Etag, length, keys);
    }

    private async Task<long> MinioPut()
    {
        using var input = new MemoryStream(_putBody, writable: false);
        var result = await _minio.PutObjectAsync(MinioPutArgs(input)).ConfigureAwait(false);
        return result.Etag.Length;
    }

    private async Task<long> MinioGet()
    {
        long length = 0;
        await _minio.GetObjectAsync(new GetObjectArgs().WithBucket(Bucket).WithObject(Key)
            .WithCallbackStream(async (body, ct) => length = await Drain(body).ConfigureAwait(false))).ConfigureAwait(false);
        return length;
    }

    /// <summary>One page: MinIO's enumeration asks for the next page only when the first is consumed.</summary>
    private async Task<long> MinioList()
    {
        long count = 0;
        await foreach (var item in _minio.ListObjectsEnumAsync(MinioListArgs()).ConfigureAwait(false))
        {
            if (++count == CannedS3Handler.ListedKeys)
            {
                break;
            }
        }

        return count;
    }

    private static PutObjectArgs MinioPutArgs(Stream input) =>
        new PutObjectArgs().WithBucket(Bucket).WithObject(Key).WithStreamData(input).WithObjectSize(input.Length).WithContentType(ContentType);

    private static ListObjectsArgs MinioListArgs() => new ListObjectsArgs().WithBucket(Bucket).WithPrefix(Prefix).WithRecursive(true);

    private async Task<long> OursPut()
    {
        var result = await _ours.PutObjectAsync(Bucket, Key, _putBody, _oursPutOptions).ConfigureAwait(false);
        return result.ETag!.Length;
    }

    private async Task<long> OursGet()
    {
        using var response = await _ours.GetObjectAsync(Bucket, Key).ConfigureAwait(false);
        return await Drain(response.Content).ConfigureAwait(false);
    }

    private async Task<long> OursList()
    {
        var page = await _ours.ListObjectsV2Async(Bucket, _oursListOptions).ConfigureAwait(false);
        return page.Objects.Count;
    }

    private async Task<long> SdkPut()
    {
        // The SDK closes the input stream after the upload (AutoCloseStream): a fresh one per call, as its users do.
        var input = new MemoryStream(_putBody, writable: false);
        var result = await _sdk.PutObjectAsync(SdkPutRequest(input)).ConfigureAwait(false);
        return result.ETag.Length;
    }

    private async Task<long> SdkGet()
    {
        using var response = await _sdk.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = Key }).ConfigureAwait(false);
        return await Drain(response.ResponseStream).ConfigureAwait(false);
    }

    private async Task<long> SdkList()
    {
        var page = await _sdk.ListObjectsV2Async(SdkListRequest()).ConfigureAwait(false);
        return page.S3Objects.Count;
    }

    /// <summary>
    /// The SDK's PutObject doing what ours does: the body's SHA-256 signed (no aws-chunked
    /// streaming signature), no MD5 of the upload, no flexible checksum (the config asks only when required).
    /// </summary>
    private static PutObjectRequest SdkPutRequest(Stream input) => new()
    {
        BucketName = Bucket,
        Key = Key,
        InputStream = input,
        ContentType = ContentType,
        UseChunkEncoding = false,
        DisablePayloadSigning = false,
        DisableDefaultChecksumValidation = true,
    };

    /// <summary>
    /// The SDK's default listing request: without <c>encoding-type=url</c>, which our client always
    /// sends (so that any key survives XML) and then decodes. The SDK would not decode the keys if
    /// asked for it (AWSSDK.S3 4.0.103.4 returned them still encoded; not re-checked on 4.1.0.1), so each client is used as its
    /// users use it and both return the same keys.
    /// </summary>
    private static ListObjectsV2Request SdkListRequest() => new() { BucketName = Bucket, Prefix = Prefix };

    private async Task<long> Drain(Stream body)
    {
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(_readBuffer).ConfigureAwait(false)) > 0)
        {
            total += n;
        }

        return total;
    }

    /// <summary>Gives the SDK an <see cref="HttpClient"/> over the canned handler (it caches the client per config).</summary>
    private sealed class CannedHttpClientFactory(HttpMessageHandler handler) : HttpClientFactory
    {
        public override HttpClient CreateHttpClient(IClientConfig clientConfig) => new(handler, disposeHandler: false);
    }
}
