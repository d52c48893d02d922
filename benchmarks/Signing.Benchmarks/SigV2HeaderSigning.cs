using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.Runtime.Internal.Util;
using BenchmarkDotNet.Attributes;

namespace Signing.Benchmarks;

/// <summary>
/// S3 SigV2 header signing (<c>Authorization: AWS key:signature</c>, HMAC-SHA1). Neither request
/// carries a date: we format the signing time into a <c>Date</c> header, AWSSDK.Core's
/// <c>S3Signer</c> formats the current time into <c>X-Amz-Date</c> (it has no fixed-time overload),
/// so both do the same work.
/// </summary>
[MemoryDiagnoser]
public class SigV2HeaderSigning
{
    private readonly byte[] _floorSignature = new byte[20];
    private RequestCase _case = null!;
    private SigV2Signer _signer = null!;
    private SigV2Floor _floor = null!;
    private DefaultRequest _sdkRequest = null!;
    private RequestMetrics _sdkMetrics = null!;

    /// <summary>The request signed.</summary>
    [ParamsAllValues]
    public SigV2Case Request { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _case = RequestCase.For(Request);
        _signer = new SigV2Signer(Fixture.Credentials);
        _floor = new SigV2Floor(_signer.Explain(_case.View(), Fixture.Timestamp, bucket: _case.Bucket));
        _sdkRequest = _case.CreateSdkRequest();
        _sdkMetrics = new RequestMetrics();
        AwsSdk_S3Signer();
    }

    [GlobalCleanup]
    public void Cleanup() => _floor.Dispose();

    /// <summary>The floor's last HMAC as base64 (for the cross-check: it equals the signature).</summary>
    internal string FloorSignature => Convert.ToBase64String(_floorSignature);

    /// <summary>Our signature of the request as the SDK last signed it (with its X-Amz-Date), for the cross-check.</summary>
    internal string OursWithSdkDate()
    {
        HttpHeader[] headers = [.. _case.Headers, new("x-amz-date", _sdkRequest.Headers["X-Amz-Date"])];
        var view = new HttpRequestView(_case.Method, _case.Path, _case.Query, headers) { Host = _case.Host };
        return _signer.Sign(view, Fixture.Timestamp, _case.Bucket).Signature;
    }

    /// <summary>HMAC-SHA1 of our string to sign, reused keyed hash instance.</summary>
    [Benchmark(Baseline = true)]
    public byte Floor()
    {
        _floor.Sign(_floorSignature);
        return _floorSignature[0];
    }

    [Benchmark]
    public SignedRequest Ours_Sign() => _signer.Sign(_case.View(), Fixture.Timestamp, _case.Bucket);

    /// <summary>AWSSDK.Core's SigV2 signer (<c>Amazon.Runtime.Internal.Auth.S3Signer</c>, still present in AWSSDK.Core 4).</summary>
    [Benchmark]
    public string AwsSdk_S3Signer()
    {
        S3Signer.SignRequest(_sdkRequest, _sdkMetrics, Fixture.AccessKeyId, Fixture.SecretAccessKey);
        return _sdkRequest.Headers["Authorization"];
    }
}
