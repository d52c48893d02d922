using System.Security.Cryptography;
using System.Text;

namespace Signing.Benchmarks;

/// <summary>
/// The hash floor of one SigV4 signature: the cryptography a signer cannot avoid, over the very bytes
/// our signer produced (taken from <see cref="SigV4Signer.Explain"/> once, in setup).
/// Warm: SHA-256 of the canonical request and one HMAC-SHA256 of the string to sign, through reused
/// <see cref="IncrementalHash"/> instances (the cheapest BCL route, see PERFORMANCE.md).
/// Cold: the same plus the four-HMAC signing-key derivation; the keys change at each step, so the
/// HMACs are one-shot <see cref="HMACSHA256.HashData(ReadOnlySpan{byte}, ReadOnlySpan{byte}, Span{byte})"/>.
/// </summary>
internal sealed class SigV4Floor : IDisposable
{
    private readonly byte[] _canonicalRequest;
    private readonly byte[] _stringToSign;
    private readonly byte[] _secret;
    private readonly byte[] _date;
    private readonly byte[] _region;
    private readonly byte[] _service;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly IncrementalHash _hmac;

    public SigV4Floor(SigningExplanation explanation, string region, string service)
    {
        _canonicalRequest = Encoding.UTF8.GetBytes(explanation.CanonicalRequest);
        _stringToSign = Encoding.ASCII.GetBytes(explanation.StringToSign);
        _secret = Encoding.ASCII.GetBytes("AWS4" + Fixture.SecretAccessKey);
        _date = Encoding.ASCII.GetBytes(Fixture.ScopeDate);
        _region = Encoding.ASCII.GetBytes(region);
        _service = Encoding.ASCII.GetBytes(service);
        Span<byte> key = stackalloc byte[32];
        DeriveKey(key);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
    }

    /// <summary>SHA-256 of the canonical request, then HMAC-SHA256 of the string to sign with the cached key.</summary>
    public void Warm(Span<byte> signature)
    {
        _sha256.AppendData(_canonicalRequest);
        _sha256.GetHashAndReset(signature);
        _hmac.AppendData(_stringToSign);
        _hmac.GetHashAndReset(signature);
    }

    /// <summary>Key derivation (4 HMACs), SHA-256 of the canonical request, HMAC of the string to sign.</summary>
    public void Cold(Span<byte> signature)
    {
        Span<byte> key = stackalloc byte[32];
        DeriveKey(key);
        _sha256.AppendData(_canonicalRequest);
        _sha256.GetHashAndReset(signature);
        HMACSHA256.HashData(key, _stringToSign, signature);
    }

    public void Dispose()
    {
        _sha256.Dispose();
        _hmac.Dispose();
    }

    private void DeriveKey(Span<byte> key)
    {
        Span<byte> k = stackalloc byte[32];
        HMACSHA256.HashData(_secret, _date, k);
        HMACSHA256.HashData(k, _region, key);
        HMACSHA256.HashData(key, _service, k);
        HMACSHA256.HashData(k, "aws4_request"u8, key);
    }
}

/// <summary>The hash floor of one SigV2 signature: HMAC-SHA1 of the string to sign through a reused, keyed <see cref="IncrementalHash"/>.</summary>
internal sealed class SigV2Floor : IDisposable
{
    private readonly byte[] _stringToSign;
    private readonly IncrementalHash _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, Encoding.ASCII.GetBytes(Fixture.SecretAccessKey));

    public SigV2Floor(SigningExplanation explanation) => _stringToSign = Encoding.UTF8.GetBytes(explanation.StringToSign);

    public void Sign(Span<byte> signature)
    {
        _hmac.AppendData(_stringToSign);
        _hmac.GetHashAndReset(signature);
    }

    public void Dispose() => _hmac.Dispose();
}
