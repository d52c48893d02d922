using BenchmarkDotNet.Attributes;

namespace Signing.Benchmarks;

/// <summary>
/// Two warm signatures per operation on one thread: from one signer, or alternating between two
/// signers whose scopes differ (us-east-1 and us-west-2, as an application talking to two regions,
/// or to S3 and STS, does). Both keys are cached; the difference is what switching keys costs.
/// </summary>
[MemoryDiagnoser]
public class SigV4ScopeSwitch
{
    private readonly char[] _signature = new char[64];
    private readonly byte[] _floorSignature = new byte[32];
    private RequestCase _case = null!;
    private SigV4Signer _east = null!;
    private SigV4Signer _west = null!;
    private SigV4Floor _floor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _case = RequestCase.For(HeaderCase.S3GetRange);
        var cache = new SigningKeyCache();
        _east = new SigV4Signer(Fixture.Credentials, "us-east-1", "s3", SigningOptions.S3, keyCache: cache);
        _west = new SigV4Signer(Fixture.Credentials, "us-west-2", "s3", SigningOptions.S3, keyCache: cache);
        _floor = new SigV4Floor(_east.Explain(_case.View(), Fixture.Timestamp), "us-east-1", "s3");
        Ours_TwoScopes();
    }

    [GlobalCleanup]
    public void Cleanup() => _floor.Dispose();

    /// <summary>Two floors: two signatures' worth of SHA-256 and HMAC.</summary>
    [Benchmark(Baseline = true)]
    public byte Floor_Twice()
    {
        _floor.Warm(_floorSignature);
        _floor.Warm(_floorSignature);
        return _floorSignature[0];
    }

    [Benchmark]
    public int Ours_OneScope_Twice()
    {
        _east.TryComputeSignature(_case.View(), Fixture.Timestamp, _signature, out _);
        _east.TryComputeSignature(_case.View(), Fixture.Timestamp, _signature, out int written);
        return written;
    }

    [Benchmark]
    public int Ours_TwoScopes()
    {
        _east.TryComputeSignature(_case.View(), Fixture.Timestamp, _signature, out _);
        _west.TryComputeSignature(_case.View(), Fixture.Timestamp, _signature, out int written);
        return written;
    }
}
