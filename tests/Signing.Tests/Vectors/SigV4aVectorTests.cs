using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Signing.Tests.Vectors;

/// <summary>
/// Every SigV4a case of testvectors/ (the aws-c-auth v4a suite), for header and for query signing.
/// ECDSA signatures are randomized, so signatures are never compared: the canonical request and
/// string to sign must equal the published ones, the public key derived from the credentials must
/// equal the published one, our signatures must verify with the published key, and the published
/// signatures must verify with the key we derive.
/// </summary>
public class SigV4aVectorTests
{
    internal const string Algorithm = "AWS4-ECDSA-P256-SHA256";

    public static TheoryData<string> HeaderCases => VectorCase.Names(Algorithm, c => c.Header is not null);

    public static TheoryData<string> QueryCases => VectorCase.Names(Algorithm, c => c.QueryExpect is not null);

    public static TheoryData<string> KeyCases => VectorCase.Names(Algorithm, c => PublicKey(c) is not null);

    public static TheoryData<string> RequestOnlyCases => VectorCase.Names(Algorithm, c => c.Header is null && c.QueryExpect is null);

    [Fact]
    public void Vectors_Loaded_EveryAwsCAuthV4aCase()
    {
        var suite = VectorCase.Load(Algorithm).Where(c => c.Set == "sigv4a-aws-c-auth").ToList();
        Assert.Equal(40, suite.Count); // every folder of tests/aws-signing-test-suite/v4a
        Assert.Equal(38, suite.Count(c => c.Header is not null && c.QueryExpect is not null));
        Assert.All(suite, c => Assert.Null(c.Skip));
    }

    [Theory]
    [MemberData(nameof(HeaderCases))]
    public void SigV4aSigner_HeaderSigning_MatchesVector(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        var expect = c.Header!.Value;
        var signer = Signer(c);
        var view = new HttpRequestView(c.Method, c.Path, c.Query, c.Headers) { PayloadHash = c.PayloadHash };

        var explained = signer.Explain(view, c.Timestamp);
        SigV4VectorTests.Step(id, "canonical request", c.Redacted(VectorCase.Str(expect, "canonicalRequest")), explained.CanonicalRequest);
        string? stringToSign = VectorCase.Str(expect, "stringToSign");
        SigV4VectorTests.Step(id, "string to sign", stringToSign, explained.StringToSign);
        if (stringToSign is null)
        {
            return; // a streaming case: its own test checks the chunks
        }

        var published = PublicKey(c)!.Value;
        Assert.True(Verify(published, stringToSign, explained.Signature), $"{id}: the explained signature does not verify with the published key");

        var signed = signer.Sign(view, c.Timestamp);
        Assert.Equal(SignatureVersion.SigV4a, signed.Version);
        Assert.True(Verify(published, stringToSign, signed.Signature), $"{id}: the signature does not verify with the published key");
        SigV4VectorTests.Step(id, "authorization (less the signature)", WithoutSignature(VectorCase.Str(expect, "authorization")), WithoutSignature(signed.Authorization));
        Assert.Contains(signed.Headers, h => h.Name == "X-Amz-Region-Set" && h.Value == signer.RegionSet);
    }

    [Theory]
    [MemberData(nameof(QueryCases))]
    public void SigV4aSigner_QuerySigning_MatchesVector(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        var expect = c.QueryExpect!.Value;
        var signer = Signer(c);
        var view = new HttpRequestView(c.Method, c.Path, c.Query, c.Headers) { PayloadHash = c.PayloadHash };

        var explained = signer.Explain(view, c.Timestamp, SignatureLocation.Query, c.Expires);
        SigV4VectorTests.Step(id, "canonical request", c.Redacted(VectorCase.Str(expect, "canonicalRequest")), explained.CanonicalRequest);
        string stringToSign = VectorCase.Str(expect, "stringToSign")!;
        SigV4VectorTests.Step(id, "string to sign", stringToSign, explained.StringToSign);

        string target = signer.PresignTarget(view, c.Expires, c.Timestamp);
        SigV4VectorTests.Step(id, "signed request target (less the signature)", SigV4VectorTests.SortedTarget(WithoutSignature(VectorCase.Str(expect, "target"))), SigV4VectorTests.SortedTarget(WithoutSignature(target)));
        Assert.True(Verify(PublicKey(c)!.Value, stringToSign, SignatureOf(target)), $"{id}: the presigned signature does not verify with the published key");
    }

    [Theory]
    [MemberData(nameof(KeyCases))]
    public void SigV4aSigningKey_Create_PublicKeyMatchesVector(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        using var key = SigV4aSigningKey.Create(c.Credentials);
        var published = PublicKey(c)!.Value;
        Assert.Equal(Convert.ToHexString(published.Q.X!), Convert.ToHexString(key.PublicKeyX.Span));
        Assert.Equal(Convert.ToHexString(published.Q.Y!), Convert.ToHexString(key.PublicKeyY.Span));
    }

    [Theory]
    [MemberData(nameof(QueryCases))]
    public void SigV4aSigningKey_Create_PublishedSignaturesVerifyWithDerivedKey(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        using var key = SigV4aSigningKey.Create(c.Credentials);
        var derived = key.ExportPublicKey();
        var header = c.Header!.Value;
        var query = c.QueryExpect!.Value;
        string headerSts = VectorCase.Str(header, "stringToSign")!;
        string querySts = VectorCase.Str(query, "stringToSign")!;

        // Each case publishes four signatures from separate runs: two per string to sign.
        Assert.True(Verify(derived, headerSts, VectorCase.Str(header, "signature")!), $"{id}: header-signature.txt");
        Assert.True(Verify(derived, headerSts, SignatureOf(VectorCase.Str(header, "authorization")!)), $"{id}: header-signed-request.txt");
        Assert.True(Verify(derived, querySts, VectorCase.Str(query, "signature")!), $"{id}: query-signature.txt");
        Assert.True(Verify(derived, querySts, SignatureOf(VectorCase.Str(query, "target")!)), $"{id}: query-signed-request.txt");

        // And they are bound to their string to sign: the header one does not verify the query one.
        Assert.False(Verify(derived, querySts, VectorCase.Str(header, "signature")!), $"{id}: a header signature verified the query string to sign");
    }

    [Theory]
    [MemberData(nameof(RequestOnlyCases))]
    public void SigV4aSigner_RequestOnlyCase_SignsAndVerifies(string id)
    {
        // get-vanilla-query-order-key and -value publish only the request and context: sign them
        // both ways and check the signatures with the derived key, which the other cases (same
        // credentials) pin to the published one.
        var c = VectorCase.Get(Algorithm, id);
        var signer = Signer(c);
        var view = new HttpRequestView(c.Method, c.Path, c.Query, c.Headers) { PayloadHash = c.PayloadHash };
        using var key = SigV4aSigningKey.Create(c.Credentials);
        foreach (var location in new[] { SignatureLocation.Header, SignatureLocation.Query })
        {
            var e = signer.Explain(view, c.Timestamp, location, c.Expires);
            Assert.True(Verify(key.ExportPublicKey(), e.StringToSign, e.Signature), $"{id}: {location}");
        }

        var published = VectorCase.Load(Algorithm).First(o => o.Set == c.Set && PublicKey(o) is not null && o.Credentials.AccessKeyId == c.Credentials.AccessKeyId && o.Credentials.SecretAccessKey == c.Credentials.SecretAccessKey);
        Assert.Equal(Convert.ToHexString(PublicKey(published)!.Value.Q.X!), Convert.ToHexString(key.PublicKeyX.Span));
    }

    internal static SigV4aSigner Signer(VectorCase c) =>
        new(c.Credentials, c.Service, RegionSet(c), c.Options, keyCache: new SigningKeyCache());

    internal static string[] RegionSet(VectorCase c) => [.. c.Root.GetProperty("regionSet").EnumerateArray().Select(e => e.GetString()!)];

    internal static ECParameters? PublicKey(VectorCase c) =>
        c.Root.TryGetProperty("publicKey", out var k) && k.ValueKind == JsonValueKind.Object
            ? new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = Convert.FromHexString(k.GetProperty("x").GetString()!), Y = Convert.FromHexString(k.GetProperty("y").GetString()!) },
            }
            : null;

    /// <summary>Whether the hex DER signature is ECDSA P-256 / SHA-256 of the string to sign under the key; a malformed signature does not verify.</summary>
    internal static bool Verify(ECParameters publicKey, string stringToSign, string hexSignature) =>
        Verify(publicKey, Encoding.UTF8.GetBytes(stringToSign), Convert.FromHexString(hexSignature.TrimEnd('*')));

    internal static bool Verify(ECParameters publicKey, byte[] data, byte[] derSignature)
    {
        using var ecdsa = ECDsa.Create(publicKey);
        try
        {
            return ecdsa.VerifyData(data, derSignature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The signature at the end of an Authorization value or a presigned target.</summary>
    internal static string SignatureOf(string authorizationOrTarget)
    {
        int at = authorizationOrTarget.IndexOf("Signature=", StringComparison.Ordinal);
        string rest = authorizationOrTarget[(at + "Signature=".Length)..];
        int end = rest.IndexOf('&', StringComparison.Ordinal);
        return end < 0 ? rest : rest[..end];
    }

    private static string? WithoutSignature(string? value)
    {
        if (value is null)
        {
            return null;
        }

        string signature = SignatureOf(value);
        return value.Replace("Signature=" + signature, "Signature=", StringComparison.Ordinal).Replace(", ", ",", StringComparison.Ordinal);
    }
}
