using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Signing.Tests.Vectors;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// SigV4a over generated requests (the SigV4 generators' paths, queries, headers, options, tokens
/// and times, signed for a header or a presigned URL): every signature verifies with the derived
/// public key over the string to sign, the string to sign has the SigV4a shape, and one flipped
/// byte of the canonical request, the string to sign or the signature makes verification fail.
/// </summary>
public class SigV4aPropertyTests
{
    private const int Runs = 150;

    [Fact]
    public void SigV4aSigner_Sign_EverySignatureVerifies()
    {
        int rejected = 0;
        PropertyRunner.Check(nameof(SigV4aSigner_Sign_EverySignatureVerifies), 0x5134_0a01, Runs, Arb.From(Cases), x =>
        {
            var (c, regionSet, location, _, _) = x;
            var signer = Signer(c, regionSet);
            SigningExplanation e;
            try
            {
                e = signer.Explain(c.View(), c.Time, location, TimeSpan.FromHours(1));
            }
            catch (ArgumentException)
            {
                rejected++; // the generators make invalid requests too; those are refused, never signed
                return;
            }

            using var key = SigV4aSigningKey.Create(c.Credentials());
            var publicKey = key.ExportPublicKey();
            Assert.True(Verify(publicKey, e.StringToSign, e.Signature), $"explained signature\n{e.StringToSign}");

            string amzDate = c.Time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
            string prefix = $"AWS4-ECDSA-P256-SHA256\n{amzDate}\n{amzDate[..8]}/{c.Service}/aws4_request\n";
            Assert.StartsWith(prefix, e.StringToSign, StringComparison.Ordinal);
            if (c.Token is null && !c.Headers.Any(h => h.Name.Equals("x-amz-security-token", StringComparison.OrdinalIgnoreCase)))
            {
                Assert.Equal(prefix + Sha256Hex(e.CanonicalRequest), e.StringToSign); // nothing redacted: the hash is of what is shown
            }

            string signature = location == SignatureLocation.Header
                ? signer.Sign(c.View(), c.Time).Signature
                : SigV4aVectorTests.SignatureOf(signer.PresignTarget(c.View(), TimeSpan.FromHours(1), c.Time));
            Assert.True(Verify(publicKey, e.StringToSign, signature), $"{location} signature");
        });
        Assert.True(rejected < Runs * PropertyRunner.RunFactor / 2, $"{rejected} of {Runs} requests were rejected: the generator is too weak.");
    }

    [Fact]
    public void SigV4aSigner_Sign_FlippedByteFailsVerification()
    {
        PropertyRunner.Check(nameof(SigV4aSigner_Sign_FlippedByteFailsVerification), 0x5134_0a02, Runs, Arb.From(Cases), x =>
        {
            var (c, regionSet, location, pick, mask) = x;
            SigningExplanation e;
            try
            {
                e = Signer(c, regionSet).Explain(c.View(), c.Time, location, TimeSpan.FromHours(1));
            }
            catch (ArgumentException)
            {
                return;
            }

            using var key = SigV4aSigningKey.Create(c.Credentials());
            var publicKey = key.ExportPublicKey();
            byte[] stringToSign = Encoding.UTF8.GetBytes(e.StringToSign);
            byte[] signature = Convert.FromHexString(e.Signature);
            Assert.True(SigV4aVectorTests.Verify(publicKey, stringToSign, signature));

            // A byte of the request as signed: the canonical request, hashed into the string to sign.
            byte[] canonical = Encoding.UTF8.GetBytes(e.CanonicalRequest);
            canonical[pick % canonical.Length] ^= mask;
            string hashLine = e.StringToSign[(e.StringToSign.LastIndexOf('\n') + 1)..];
            byte[] changedRequest = Encoding.UTF8.GetBytes(e.StringToSign.Replace(hashLine, Convert.ToHexString(SHA256.HashData(canonical)).ToLowerInvariant(), StringComparison.Ordinal));
            Assert.False(SigV4aVectorTests.Verify(publicKey, changedRequest, signature), "a changed canonical request verified");

            byte[] changedString = (byte[])stringToSign.Clone();
            changedString[pick % changedString.Length] ^= mask;
            Assert.False(SigV4aVectorTests.Verify(publicKey, changedString, signature), "a changed string to sign verified");

            byte[] changedSignature = (byte[])signature.Clone();
            changedSignature[pick % changedSignature.Length] ^= mask;
            Assert.False(SigV4aVectorTests.Verify(publicKey, stringToSign, changedSignature), "a changed signature verified");
        });
    }

    private static readonly Gen<string[]> RegionSets = Gen.Frequency(
        (3, G.Region.Select(r => new[] { r })),
        (1, Gen.Constant(new[] { "*" })),
        (1, G.Region.Select(r => new[] { r, "us-west-2", "eu-*" })));

    private static readonly Gen<(SigningCase Case, string[] RegionSet, SignatureLocation Location, int Pick, byte Mask)> Cases =
        from c in G.Cases(G.AnyOptions)
        from regionSet in RegionSets
        from location in Gen.Elements(SignatureLocation.Header, SignatureLocation.Query)
        from pick in Gen.Choose(0, int.MaxValue)
        from mask in Gen.Choose(1, 255)
        select (c, regionSet, location, pick, (byte)mask);

    private static SigV4aSigner Signer(SigningCase c, string[] regionSet) =>
        new(c.Credentials(), c.Service, regionSet, c.Options, keyCache: new SigningKeyCache());

    private static bool Verify(ECParameters publicKey, string stringToSign, string hex) => SigV4aVectorTests.Verify(publicKey, stringToSign, hex);

    private static string Sha256Hex(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
