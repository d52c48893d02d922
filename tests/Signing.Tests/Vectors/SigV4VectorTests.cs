namespace Signing.Tests.Vectors;

/// <summary>
/// Every SigV4 case of testvectors/, for header signing and for query signing. Steps are checked in
/// order (canonical request, string to sign, signature, signed request) so a failure names the
/// first step that differs. Explanations show the session token as <c>&lt;redacted&gt;</c>, so the
/// published canonical request is compared with the token so replaced; the string to sign (its
/// hash is over the real canonical request) and the signature are compared as published.
/// </summary>
public class SigV4VectorTests
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    public static TheoryData<string> HeaderCases => VectorCase.Names(Algorithm, c => c.Header is not null);

    public static TheoryData<string> QueryCases => VectorCase.Names(Algorithm, c => c.QueryExpect is not null);

    [Fact]
    public void Vectors_Loaded_AllSetsPresent()
    {
        var sets = VectorCase.Load(Algorithm).Select(c => c.Set).Distinct().ToList();
        Assert.Contains("sigv4-s3-docs", sets);
        Assert.Contains("sigv4-general", sets);
    }

    [Theory]
    [MemberData(nameof(HeaderCases))]
    public void SigV4Signer_HeaderSigning_MatchesVector(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        Assert.True(c.Skip is null, $"{id} is marked skip: {c.Skip}");
        var expect = c.Header!.Value;
        var signer = new SigV4Signer(c.Credentials, c.Region, c.Service, c.Options, keyCache: new SigningKeyCache());
        var headers = c.Headers;
        var view = new HttpRequestView(c.Method, c.Path, c.Query, headers) { PayloadHash = c.PayloadHash };

        var explained = signer.Explain(view, c.Timestamp);
        Step(id, "canonical request", c.Redacted(VectorCase.Str(expect, "canonicalRequest")), explained.CanonicalRequest);
        Step(id, "string to sign", VectorCase.Str(expect, "stringToSign"), explained.StringToSign);
        Step(id, "signature", VectorCase.Str(expect, "signature"), explained.Signature);

        var signed = signer.Sign(view, c.Timestamp);
        Step(id, "signature (Sign)", VectorCase.Str(expect, "signature"), signed.Signature);
        Step(id, "authorization", NormalizeAuthorization(VectorCase.Str(expect, "authorization")), NormalizeAuthorization(signed.Authorization));

        Span<char> hex = stackalloc char[64];
        Assert.True(signer.TryComputeSignature(view, c.Timestamp, hex, out int n));
        Step(id, "signature (TryComputeSignature)", VectorCase.Str(expect, "signature"), hex[..n].ToString());

        if (VectorCase.Str(expect, "signingKey") is { } key)
        {
            var derived = new byte[32];
            SigningKey.Derive(c.Credentials.SecretAccessKey, c.Timestamp.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture), c.Region, c.Service, derived);
            Step(id, "signing key", key, Convert.ToHexString(derived).ToLowerInvariant());
        }
    }

    [Theory]
    [MemberData(nameof(QueryCases))]
    public void SigV4Signer_QuerySigning_MatchesVector(string id)
    {
        var c = VectorCase.Get(Algorithm, id);
        Assert.True(c.Skip is null, $"{id} is marked skip: {c.Skip}");
        var expect = c.QueryExpect!.Value;
        var signer = new SigV4Signer(c.Credentials, c.Region, c.Service, c.Options, keyCache: new SigningKeyCache());
        var view = new HttpRequestView(c.Method, c.Path, c.Query, c.Headers) { PayloadHash = VectorCase.Str(c.Request, "payloadHash") ?? c.PayloadHash };

        var explained = signer.Explain(view, c.Timestamp, SignatureLocation.Query, c.Expires);
        Step(id, "canonical request", c.Redacted(VectorCase.Str(expect, "canonicalRequest")), explained.CanonicalRequest);
        Step(id, "string to sign", VectorCase.Str(expect, "stringToSign"), explained.StringToSign);
        Step(id, "signature", VectorCase.Str(expect, "signature"), explained.Signature);

        string target = signer.PresignTarget(view, c.Expires, c.Timestamp);
        Step(id, "signed request target", SortedTarget(VectorCase.Str(expect, "target")), SortedTarget(target));
    }

    /// <summary>Fails with the case and the step when <paramref name="expected"/> is given and differs.</summary>
    internal static void Step(string id, string step, string? expected, string? actual)
    {
        if (expected is not null && expected != actual)
        {
            Assert.Fail($"{id}: {step} differs.\nexpected:\n{expected}\nactual:\n{actual}");
        }
    }

    // Sources print "Credential=..,SignedHeaders=" with or without a space after the commas.
    private static string? NormalizeAuthorization(string? value) => value?.Replace(", ", ",", StringComparison.Ordinal);

    // Published targets list the parameters in the order the publisher's client wrote them (and
    // aws-c-auth's get-vanilla-with-session-token repeats the token after the signature); the
    // signature covers the set, so compare the path and the sorted set of parameters.
    internal static string? SortedTarget(string? target)
    {
        if (target is null)
        {
            return null;
        }

        var parts = target.Split('?', 2);
        IEnumerable<string> query = parts.Length > 1 ? parts[1].Split('&').Distinct().Order(StringComparer.Ordinal) : [];
        return parts[0] + "?" + string.Join('&', query);
    }
}
