using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.S3;
using Amazon.S3.Model;
using BenchmarkDotNet.Attributes;
using Minio;
using Minio.DataModel.Args;

namespace Signing.Benchmarks;

/// <summary>
/// SigV4 presigned URLs (query signing), signing key cached. The floor is the SHA-256 of the presign
/// canonical request and one HMAC-SHA256 of its string to sign.
/// </summary>
[MemoryDiagnoser]
public class SigV4Presign
{
    private readonly byte[] _floorSignature = new byte[32];
    private RequestCase _case = null!;
    private TimeSpan _expires;
    private Uri _url = null!;
    private SigV4Signer _signer = null!;
    private SigV4Floor _floor = null!;
    private DefaultRequest _sdkRequest = null!;
    private DateTime _sdkTime;
    private AmazonS3Client _sdkClient = null!;
    private GetPreSignedUrlRequest _sdkClientRequest = null!;
    private IMinioClient _minio = null!;
    private string _key = null!;

    /// <summary>The request presigned.</summary>
    [ParamsAllValues]
    public PresignCase Request { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _case = RequestCase.For(Request);
        _expires = RequestCase.ExpiresFor(Request);
        _url = _case.Url;
        _signer = new SigV4Signer(Fixture.Credentials, Fixture.Region, _case.Service, _case.Options, keyCache: new SigningKeyCache());
        _floor = new SigV4Floor(_signer.Explain(_case.View(), Fixture.Timestamp, SignatureLocation.Query, _expires), Fixture.Region, _case.Service);

        _sdkRequest = _case.CreateSdkRequest();
        _sdkRequest.UseQueryString = true;
        _sdkRequest.Parameters["X-Amz-Expires"] = ((long)_expires.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        _sdkTime = Fixture.Timestamp.UtcDateTime;

        _sdkClient = new AmazonS3Client(
            new BasicAWSCredentials(Fixture.AccessKeyId, Fixture.SecretAccessKey),
            new AmazonS3Config { RegionEndpoint = RegionEndpoint.USEast1 });
        _sdkClientRequest = new GetPreSignedUrlRequest
        {
            BucketName = "examplebucket",
            Key = Uri.UnescapeDataString(_case.Path[1..]),
            Verb = Request == PresignCase.S3Get ? HttpVerb.GET : HttpVerb.PUT,
            ContentType = Request == PresignCase.S3Put ? "image/jpeg" : null,
            // The client signs at the current time and takes an absolute expiry.
            Expires = DateTime.UtcNow.Add(_expires),
        };

        // MinIO's client resolves virtual-hosted addressing for an AWS endpoint, as the case's URL is.
        _key = Uri.UnescapeDataString(_case.Path[1..]);
        _minio = new MinioClient().WithEndpoint("s3.amazonaws.com").WithSSL().WithRegion(Fixture.Region)
            .WithCredentials(Fixture.AccessKeyId, Fixture.SecretAccessKey).Build();

        Ours_PresignTarget();
        AwsSdk_AWS4PreSignedUrlSigner();
        AwsSdk_S3Client_GetPreSignedURL();
        Minio_PresignedObject().GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Dispose();
        _sdkClient.Dispose();
        _minio.Dispose();
    }

    /// <summary>The floor's last HMAC as hex (for the cross-check: it equals the signature).</summary>
    internal string FloorSignature => Convert.ToHexStringLower(_floorSignature);

    /// <summary>Ours presigning <paramref name="url"/> (no headers but Host) at <paramref name="time"/>, for the MinIO cross-check.</summary>
    internal string OursPresign(Uri url, DateTimeOffset time) => _signer.Presign(_case.Method, url, _expires, [], time);

    /// <summary>The URL origin, to make our request target an absolute URL in the cross-check.</summary>
    internal string Origin => "https://" + _case.Host;

    /// <summary>SHA-256 of our presign canonical request and HMAC-SHA256 of its string to sign.</summary>
    [Benchmark(Baseline = true)]
    public byte Floor()
    {
        _floor.Warm(_floorSignature);
        return _floorSignature[0];
    }

    /// <summary>Our core presign: the signed request target (path and query).</summary>
    [Benchmark]
    public string Ours_PresignTarget() => _signer.PresignTarget(_case.View(), _expires, Fixture.Timestamp);

    /// <summary>Our convenience presign: absolute URL in, absolute URL out.</summary>
    [Benchmark]
    public string Ours_Presign_Url() => _signer.Presign(_case.Method, _url, _expires, _case.Headers, Fixture.Timestamp);

    /// <summary>
    /// AWSSDK.Core's presigner on a prepared request, and the URL composed as the SDK's standalone
    /// presign does (<c>ComposeUrl(request) + "&amp;" + ForQueryParameters</c>).
    /// </summary>
    [Benchmark]
    public string AwsSdk_AWS4PreSignedUrlSigner()
    {
        var result = AWS4PreSignedUrlSigner.SignRequest(_sdkRequest, null, null, Fixture.AccessKeyId, Fixture.SecretAccessKey, _case.Service, Fixture.Region, _sdkTime);
        return AmazonServiceClient.ComposeUrl(_sdkRequest).AbsoluteUri + "&" + result.ForQueryParameters;
    }

    /// <summary>What an AWSSDK.S3 user calls: <c>AmazonS3Client.GetPreSignedURL</c> (endpoint resolution, marshalling, signing).</summary>
    [Benchmark]
    public string AwsSdk_S3Client_GetPreSignedURL() => _sdkClient.GetPreSignedURL(_sdkClientRequest);

    /// <summary>
    /// What a MinIO .NET SDK user calls: <c>PresignedGetObjectAsync</c> (at the fixed signing time,
    /// which its arguments take) or <c>PresignedPutObjectAsync</c> (at the current time: it takes none).
    /// </summary>
    [Benchmark]
    public Task<string> Minio_PresignedObject()
    {
        int expiry = (int)_expires.TotalSeconds;
        return Request == PresignCase.S3Get
            ? _minio.PresignedGetObjectAsync(new PresignedGetObjectArgs().WithBucket("examplebucket").WithObject(_key).WithExpiry(expiry).WithRequestDate(_sdkTime))
            : _minio.PresignedPutObjectAsync(new PresignedPutObjectArgs().WithBucket("examplebucket").WithObject(_key).WithExpiry(expiry));
    }
}
