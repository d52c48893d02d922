using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;

namespace Signing.Benchmarks;

/// <summary>
/// SigV4a header signing (ECDSA P-256) of the SigV4 header cases, beside SigV4 of the same request.
/// The floor is a bare ECDSA P-256 signature of a 32-byte hash with the same key (what SigV4a adds
/// to a SigV4-shaped canonical request): SigV4a cannot be cheaper. ECDSA is randomized, so the
/// cross-check verifies signatures instead of comparing them.
/// </summary>
[MemoryDiagnoser]
public class SigV4aHeaderSigning
{
    private readonly byte[] _hash = SHA256.HashData("benchmark"u8);
    private readonly byte[] _floorSignature = new byte[72];
    private RequestCase _case = null!;
    private SigV4aSigner _v4a = null!;
    private SigV4Signer _v4 = null!;
    private ECDsa _floor = null!;

    /// <summary>The request signed.</summary>
    [ParamsAllValues]
    public HeaderCase Request { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _case = RequestCase.For(Request);
        _v4a = new SigV4aSigner(Fixture.Credentials, _case.Service, [Fixture.Region], _case.Options, keyCache: new SigningKeyCache());
        _v4 = new SigV4Signer(Fixture.Credentials, Fixture.Region, _case.Service, _case.Options, keyCache: new SigningKeyCache());
        byte[] d = new byte[32];
        Internal.SigV4aKeyDerivation.DerivePrivateKey(Fixture.AccessKeyId, Fixture.SecretAccessKey, d);
        _floor = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, D = d });
        CryptographicOperations.ZeroMemory(d);
    }

    [GlobalCleanup]
    public void Cleanup() => _floor.Dispose();

    /// <summary>ECDSA P-256 (DER) of a 32-byte hash: the signature alone.</summary>
    [Benchmark(Baseline = true)]
    public int Floor()
    {
        _floor.TrySignHash(_hash, _floorSignature, DSASignatureFormat.Rfc3279DerSequence, out int written);
        return written;
    }

    [Benchmark]
    public SignedRequest Ours_SigV4a_Sign() => _v4a.Sign(_case.View(), Fixture.Timestamp);

    [Benchmark]
    public SignedRequest Ours_SigV4_Sign() => _v4.Sign(_case.View(), Fixture.Timestamp);

    /// <summary>For the cross-check: whether our SigV4a signature and the floor's verify with the access key's public key.</summary>
    internal (bool Ours, bool Floor) Verify()
    {
        var e = _v4a.Explain(_case.View(), Fixture.Timestamp);
        var signed = Ours_SigV4a_Sign();
        using var key = SigV4aSigningKey.Create(Fixture.Credentials);
        using var ecdsa = ECDsa.Create(key.ExportPublicKey());
        int n = Floor();
        return (
            ecdsa.VerifyData(Encoding.ASCII.GetBytes(e.StringToSign), Convert.FromHexString(signed.Signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
            ecdsa.VerifyHash(_hash, _floorSignature.AsSpan(0, n), DSASignatureFormat.Rfc3279DerSequence));
    }
}
