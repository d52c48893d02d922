using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>The span-based SigV2 signer gives the plain string-based reference's string to sign and signature.</summary>
public class SigV2PropertyTests
{
    private static readonly Gen<string> SubResourceQuery =
        from n in Gen.Choose(1, 5)
        from pairs in Gen.ListOf(
            from key in Gen.Elements("acl", "versionId", "uploadId", "partNumber", "response-content-type", "tagging", "uploads", "%61cl", "version%49d", "x-id", "prefix", "acl")
            from value in Gen.Frequency((1, Gen.Constant<string?>(null)), (4, G.Concat(G.QueryPiece, 4).Select(v => (string?)v)))
            select value is null ? key : key + "=" + value,
            n)
        select string.Join("&", pairs);

    private static readonly Gen<HttpHeader[]> AmzHeaders =
        from n in Gen.Choose(0, 6)
        from hs in Gen.ListOf(
            from name in Gen.Elements("x-amz-meta-a", "X-Amz-Meta-A", "x-amz-acl", "X-AMZ-META-B", "x-amz-date", "Date", "Content-MD5", "content-type", "x-amz-security-token")
            from value in G.HeaderValue
            select new HttpHeader(name, value),
            n)
        select hs.ToArray();

    [Fact]
    public void SigV2Signer_Sign_SameAsStringReference()
    {
        var gen = from method in G.Method
                  from path in G.Path
                  from query in Gen.Frequency((2, G.Query), (3, SubResourceQuery))
                  from headers in Gen.Frequency((1, G.Headers), (2, AmzHeaders), (1, from a in G.Headers from b in AmzHeaders select a.Concat(b).ToArray()))
                  from bucket in Gen.Elements<string?>(null, "bucket", "bü-ket")
                  from secret in G.Secret
                  from token in G.Token
                  from time in G.Time
                  select (method, path, query, headers, bucket, secret, token, time);
        PropertyRunner.Check(nameof(SigV2Signer_Sign_SameAsStringReference), 0x5162_0201, 2000, Arb.From(gen), c =>
        {
            var signer = new SigV2Signer(new AwsCredentials("AKIDEXAMPLE", c.secret, c.token));
            var view = new HttpRequestView(c.method, c.path, c.query, c.headers);
            string expected;
            try
            {
                expected = ReferenceSigV2.StringToSign(c.method, c.path, c.query, c.headers, c.bucket, c.token, c.time);
                Signing.Internal.Validate.Method(c.method);
                Signing.Internal.Validate.Path(c.path);
                Signing.Internal.Validate.Query(c.query);
                foreach (var h in c.headers)
                {
                    Signing.Internal.Validate.HeaderName(h.Name);
                    Signing.Internal.Validate.HeaderValue(h.Name, h.Value);
                }
            }
            catch (ArgumentException)
            {
                Assert.ThrowsAny<ArgumentException>(() => signer.Sign(new HttpRequestView(c.method, c.path, c.query, c.headers), c.time, c.bucket));
                return;
            }

            var signed = signer.Sign(view, c.time, c.bucket);
            Assert.Equal(ReferenceSigV2.Signature(c.secret, expected), signed.Signature);
            Assert.Equal($"AWS AKIDEXAMPLE:{signed.Signature}", signed.Authorization);
            var explained = signer.Explain(view, c.time, bucket: c.bucket);
            Assert.Equal(signed.Signature, explained.Signature);
            if (!expected.Any(char.IsSurrogate))
            {
                Assert.Equal(Redacted.SigV2StringToSign(expected), explained.StringToSign);
            }
        });
    }
}
