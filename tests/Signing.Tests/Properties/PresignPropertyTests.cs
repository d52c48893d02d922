using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// Property 1 for query signing: the presigned canonical request, string to sign, signature and
/// request target equal the reference, also when the request already carries X-Amz-* parameters.
/// </summary>
public class PresignPropertyTests
{
    private const int Runs = 1000;

    [Fact]
    public void SigV4Signer_PresignTarget_MatchesReference()
    {
        var ownParameter = Gen.Elements("X-Amz-Signature=abc", "X-Amz-Date=20000101T000000Z", "X-Amz-Expires=1", "X-Amz-Credential=x%2Fy", "X-Amz-SignedHeaders=host", "X-Amz-Algorithm=x", "X-Amz-Security-Token=t", "x-amz-signature=lower", "X-Amz-Signature");
        var gen = from c in G.Cases(G.AnyOptions)
                  from extra in Gen.Frequency((3, Gen.Constant(string.Empty)), (1, ownParameter))
                  from seconds in Gen.Frequency((3, Gen.Choose(1, 604800)), (1, Gen.Elements(1, 604800, 3600)))
                  select new PresignCase(extra.Length == 0 ? c : c with { Query = c.Query.Length == 0 ? extra : c.Query + "&" + extra }, seconds);
        var arb = Arb.From(gen, p => G.Shrink(p.Case).Select(c => p with { Case = c }));
        PropertyRunner.Check(nameof(SigV4Signer_PresignTarget_MatchesReference), 0x5167_0801, Runs, arb, p =>
        {
            var (c, seconds) = p;
            var signer = c.Signer();
            var expires = TimeSpan.FromSeconds(seconds);
            var explained = signer.Explain(c.View(), c.Time, SignatureLocation.Query, expires);
            CanonicalRequestPropertyTests.Same("canonical request", Redacted.CanonicalRequest(ReferenceSigV4.CanonicalRequest(c, seconds)), explained.CanonicalRequest);
            CanonicalRequestPropertyTests.Same("string to sign", ReferenceSigV4.StringToSign(c, seconds), explained.StringToSign);
            CanonicalRequestPropertyTests.Same("signature", ReferenceSigV4.Signature(c, seconds), explained.Signature);
            CanonicalRequestPropertyTests.Same("target", ReferenceSigV4.PresignTarget(c, seconds), signer.PresignTarget(c.View(), expires, c.Time));
        });
    }

    internal sealed record PresignCase(SigningCase Case, int Seconds)
    {
        public override string ToString() => $"expires {Seconds} s, {Case}";
    }
}
