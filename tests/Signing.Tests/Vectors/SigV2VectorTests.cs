namespace Signing.Tests.Vectors;

/// <summary>Every SigV2 case of testvectors/: string to sign, signature, Authorization or presigned target.</summary>
public class SigV2VectorTests
{
    private const string Algorithm = "AWS-SIGV2";

    public static TheoryData<string> HeaderCases => VectorCase.Names(Algorithm, c => c.Header is not null && c.Skip is null);

    public static TheoryData<string> QueryCases => VectorCase.Names(Algorithm, c => c.QueryExpect is not null && c.Skip is null);

    public static TheoryData<string> SkippedCases => VectorCase.Names(Algorithm, c => c.Skip is not null);

    [Theory]
    [MemberData(nameof(HeaderCases))]
    public void SigV2Signer_HeaderSigning_MatchesVector(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        var expect = c.Header!.Value;
        var signer = new SigV2Signer(c.Credentials);
        var view = new HttpRequestView(c.Method, c.Path, c.Query, c.Headers);
        var explained = signer.Explain(view, c.Timestamp, bucket: c.Bucket);
        SigV4VectorTests.Step(id, "string to sign", c.Redacted(VectorCase.Str(expect, "stringToSign")), explained.StringToSign);
        SigV4VectorTests.Step(id, "signature", VectorCase.Str(expect, "signature"), explained.Signature);
        var signed = signer.Sign(view, c.Timestamp, c.Bucket);
        SigV4VectorTests.Step(id, "authorization", VectorCase.Str(expect, "authorization"), signed.Authorization);
    }

    [Theory]
    [MemberData(nameof(QueryCases))]
    public void SigV2Signer_QuerySigning_MatchesVector(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        var expect = c.QueryExpect!.Value;
        var expiresAt = DateTimeOffset.FromUnixTimeSeconds(c.Root.GetProperty("expires").GetInt64());
        var signer = new SigV2Signer(c.Credentials);
        var view = new HttpRequestView(c.Method, c.Path, c.Query, c.Headers);
        // The vector gives the absolute Expires: signed an hour before it, valid for an hour.
        var signedAt = expiresAt.AddHours(-1);
        var explained = signer.Explain(view, signedAt, SignatureLocation.Query, TimeSpan.FromHours(1), c.Bucket);
        SigV4VectorTests.Step(id, "string to sign", c.Redacted(VectorCase.Str(expect, "stringToSign")), explained.StringToSign);
        SigV4VectorTests.Step(id, "signature", VectorCase.Str(expect, "signature"), explained.Signature);
        string target = signer.PresignTarget(view, TimeSpan.FromHours(1), signedAt, c.Bucket);
        SigV4VectorTests.Step(id, "signed request target", SigV4VectorTests.SortedTarget(VectorCase.Str(expect, "target")), SigV4VectorTests.SortedTarget(target));
    }

    /// <summary>
    /// A skipped case is still run for what it states: each carries a written reason, and the
    /// rule-following result it names must be what we produce.
    /// </summary>
    [Theory]
    [MemberData(nameof(SkippedCases))]
    public void SigV2Signer_SkippedVector_HasReasonAndFollowsRule(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        Assert.False(string.IsNullOrWhiteSpace(c.Skip));
        var signer = new SigV2Signer(c.Credentials);
        var explained = signer.Explain(new HttpRequestView(c.Method, c.Path, c.Query, c.Headers), c.Timestamp, bucket: c.Bucket);
        Assert.Contains(explained.Signature, c.Skip!, StringComparison.Ordinal);
    }
}
