using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Signing;
using Amazon.S3;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Signing.Benchmarks;

/// <summary>
/// SigV4 header signing (the Authorization header) of three requests. Category <c>Warm</c>: the
/// signing key is cached, as in steady use; category <c>Cold</c>: it is derived on every call
/// (<see cref="SigningKeyCache.None"/>). Each category has its own floor as the baseline.
/// AWSSDK.Core keeps a static signing-key cache that cannot be switched off, so it appears under
/// Warm only.
/// </summary>
[MemoryDiagnoser]
[CategoriesColumn]
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory)]
public class SigV4HeaderSigning
{
    private const string Warm = "Warm";
    private const string Cold = "Cold";

    private readonly char[] _signature = new char[64];
    private readonly byte[] _floorSignature = new byte[32];
    private RequestCase _case = null!;
    private SigV4Signer _warm = null!;
    private SigV4Signer _cold = null!;
    private SigV4Floor _floor = null!;
    private DefaultRequest _sdkRequest = null!;
    private AWS4Signer _sdkSigner = null!;
    private AmazonS3Config _sdkConfig = null!;
    private DateTime _sdkTime;
    private AWSSigningRequest _standaloneRequest = null!;
    private AWSSigV4Parameters _standaloneParameters = null!;

    /// <summary>The request signed.</summary>
    [ParamsAllValues]
    public HeaderCase Request { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _case = RequestCase.For(Request);
        _warm = new SigV4Signer(Fixture.Credentials, Fixture.Region, _case.Service, _case.Options, keyCache: new SigningKeyCache());
        _cold = new SigV4Signer(Fixture.Credentials, Fixture.Region, _case.Service, _case.Options, keyCache: SigningKeyCache.None);
        _floor = new SigV4Floor(_warm.Explain(_case.View(), Fixture.Timestamp), Fixture.Region, _case.Service);

        _sdkRequest = _case.CreateSdkRequest();
        _sdkSigner = new AWS4Signer();
        _sdkConfig = new AmazonS3Config { RegionEndpoint = RegionEndpoint.USEast1 };
        _sdkTime = Fixture.Timestamp.UtcDateTime;

        _standaloneRequest = new AWSSigningRequest { HttpMethod = new HttpMethod(_case.Method), RequestUri = _case.Url };
        foreach (var h in _case.Headers)
        {
            _standaloneRequest.Headers[h.Name] = h.Value;
        }

        if (_case.PayloadHash.Length > 0)
        {
            _standaloneRequest.Headers["x-amz-content-sha256"] = _case.PayloadHash;
        }

        _standaloneParameters = new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(Fixture.AccessKeyId, Fixture.SecretAccessKey),
            Region = RegionEndpoint.USEast1,
            Service = _case.Service,
            SignPayload = true,
            SignedAt = _sdkTime,
        };

        // Fill the key caches so that Warm measures the steady state.
        Ours_TryCompute();
        AwsSdk_AWS4Signer();
        AwsSdk_AWSSigV4Signer();
    }

    [GlobalCleanup]
    public void Cleanup() => _floor.Dispose();

    /// <summary>The hex signature the last core call wrote (for the cross-check).</summary>
    internal string CoreSignature => new(_signature);

    /// <summary>The floor's last HMAC as hex (for the cross-check: it equals the signature).</summary>
    internal string FloorSignature => Convert.ToHexStringLower(_floorSignature);

    /// <summary>SHA-256 of our canonical request and HMAC-SHA256 of our string to sign, reused hash instances.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Warm)]
    public byte Floor()
    {
        _floor.Warm(_floorSignature);
        return _floorSignature[0];
    }

    /// <summary>Our allocation-free core: the 64-char hex signature into a caller's buffer.</summary>
    [Benchmark]
    [BenchmarkCategory(Warm)]
    public int Ours_TryCompute()
    {
        _warm.TryComputeSignature(_case.View(), Fixture.Timestamp, _signature, out int written);
        return written;
    }

    /// <summary>Our convenience path: the headers to add (Authorization, X-Amz-Date, x-amz-content-sha256).</summary>
    [Benchmark]
    [BenchmarkCategory(Warm)]
    public SignedRequest Ours_Sign() => _warm.Sign(_case.View(), Fixture.Timestamp);

    /// <summary>AWSSDK.Core's signer on a prepared request: signing only, as its client pipeline calls it.</summary>
    [Benchmark]
    [BenchmarkCategory(Warm)]
    public AWS4SigningResult AwsSdk_AWS4Signer() =>
        _sdkSigner.SignRequest(_sdkRequest, _sdkConfig, null, Fixture.AccessKeyId, Fixture.SecretAccessKey, _sdkTime);

    /// <summary>AWSSDK.Core's public standalone facade (Amazon.Runtime.Signing.AWSSigV4Signer): URI and headers in, headers out.</summary>
    [Benchmark]
    [BenchmarkCategory(Warm)]
    public AWSSigningResult AwsSdk_AWSSigV4Signer() => AWSSigV4Signer.Sign(_standaloneRequest, _standaloneParameters);

    /// <summary>The floor plus the four-HMAC key derivation.</summary>
    [Benchmark(Baseline = true)]
    [BenchmarkCategory(Cold)]
    public byte Floor_Cold()
    {
        _floor.Cold(_floorSignature);
        return _floorSignature[0];
    }

    /// <summary>Our core with no key cache: derives the signing key on every call.</summary>
    [Benchmark]
    [BenchmarkCategory(Cold)]
    public int Ours_TryCompute_Cold()
    {
        _cold.TryComputeSignature(_case.View(), Fixture.Timestamp, _signature, out int written);
        return written;
    }

    /// <summary>Our convenience path with no key cache.</summary>
    [Benchmark]
    [BenchmarkCategory(Cold)]
    public SignedRequest Ours_Sign_Cold() => _cold.Sign(_case.View(), Fixture.Timestamp);
}
