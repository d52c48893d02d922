using System.Security.Cryptography;
using System.Text;

namespace Signing.Tests;

public class PostPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 15, 10, 30, 0, TimeSpan.Zero);
    private static readonly AwsCredentials Credentials = new("AKIAIOSFODNN7EXAMPLE", SigV4SignerTests.Secret);

    [Fact]
    public void PostPolicy_ToString_WritesConditionsInOrderInOneForm()
    {
        var policy = new PostPolicy(Now.AddMinutes(10).AddMilliseconds(999))
            .SetBucket("b")
            .SetKeyStartsWith("up/")
            .SetContentLengthRange(1, 10)
            .SetContentType("text/plain")
            .SetMetadata("uuid", "42")
            .SetSuccessActionStatus(201)
            .SetAcl("public-read")
            .SetField("Cache-Control", "no-cache")
            .SetFieldStartsWith("x-amz-meta-tag", string.Empty);

        Assert.Equal(
            """{"expiration": "2026-01-15T10:40:00Z", "conditions": [{"bucket": "b"}, ["starts-with", "$key", "up/"], ["content-length-range", 1, 10], {"Content-Type": "text/plain"}, {"x-amz-meta-uuid": "42"}, {"success_action_status": "201"}, {"acl": "public-read"}, {"Cache-Control": "no-cache"}, ["starts-with", "$x-amz-meta-tag", ""]]}""",
            policy.ToString());
        Assert.Equal(
            ["key=up/${filename}", "Content-Type=text/plain", "x-amz-meta-uuid=42", "success_action_status=201", "acl=public-read", "Cache-Control=no-cache"],
            policy.FormFields.Select(f => $"{f.Key}={f.Value}"));
    }

    [Fact]
    public void PostPolicy_SetKey_ReplacesThePrefixConditionAndField()
    {
        var policy = new PostPolicy(Now.AddHours(1)).SetKeyStartsWith("up/").SetKey("up/exact.txt");

        var only = Assert.Single(policy.Conditions);
        Assert.Equal(PostPolicyMatch.Exact, only.Match);
        Assert.Equal("{\"key\": \"up/exact.txt\"}", only.ToString());
        Assert.Equal("up/exact.txt", Assert.Single(policy.FormFields).Value);
    }

    [Fact]
    public void PostPolicy_Clone_IsIndependent()
    {
        var policy = new PostPolicy(Now.AddHours(1)).SetKey("a");
        var copy = policy.Clone().SetBucket("b");

        Assert.Single(policy.Conditions);
        Assert.Equal(2, copy.Conditions.Count);
        Assert.NotNull(copy.Find("BUCKET"));
    }

    [Theory]
    [InlineData("key", "a\r\nb")]
    [InlineData("key", "")]
    [InlineData("contentType", "text/plain\n")]
    [InlineData("bucket", "")]
    public void PostPolicy_Set_RefusesBadValuesNamingTheParameter(string parameter, string value)
    {
        var policy = new PostPolicy(Now.AddHours(1));
        Action set = parameter switch
        {
            "key" => () => policy.SetKey(value),
            "contentType" => () => policy.SetContentType(value),
            _ => () => policy.SetBucket(value),
        };

        var e = Assert.Throws<ArgumentException>(set);
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(value.Length == 0 ? "empty" : "control character", e.Message);
    }

    [Fact]
    public void PostPolicy_SetContentLengthRange_RefusesMinimumAboveMaximum()
    {
        var policy = new PostPolicy(Now.AddHours(1));

        var e = Assert.Throws<ArgumentOutOfRangeException>(() => policy.SetContentLengthRange(10, 9));
        Assert.Equal("maximum", e.ParamName);
        Assert.Contains("less than minimum 10", e.Message);
        Assert.Equal("minimum", Assert.Throws<ArgumentOutOfRangeException>(() => policy.SetContentLengthRange(-1, 9)).ParamName);
        Assert.Empty(policy.Conditions);
    }

    [Theory]
    [InlineData("x-amz-signature")]
    [InlineData("Policy")]
    [InlineData("AWSAccessKeyId")]
    [InlineData("$key")]
    [InlineData("bad name")]
    [InlineData("")]
    public void PostPolicy_SetField_RefusesSignerFieldsAndNonTokens(string field)
    {
        var e = Assert.Throws<ArgumentException>(() => new PostPolicy(Now.AddHours(1)).SetField(field, "v"));

        Assert.Equal("field", e.ParamName);
    }

    [Theory]
    [InlineData(199)]
    [InlineData(202)]
    [InlineData(303)]
    public void PostPolicy_SetSuccessActionStatus_RefusesStatusesS3DoesNotAnswer(int status) =>
        Assert.Equal("status", Assert.Throws<ArgumentOutOfRangeException>(() => new PostPolicy(Now).SetSuccessActionStatus(status)).ParamName);

    [Theory]
    [InlineData(0)]
    [InlineData(-60)]
    [InlineData(7 * 24 * 3600 + 1)]
    public void SigV4Signer_SignPostPolicy_RefusesExpirationInThePastOrTooFar(int seconds)
    {
        var signer = new SigV4Signer(Credentials, "us-east-1", "s3");
        var policy = new PostPolicy(Now.AddSeconds(seconds));

        var e = Assert.Throws<ArgumentException>(() => signer.SignPostPolicy(policy, Now));
        Assert.Equal("policy", e.ParamName);
        Assert.Contains("Expiration", e.Message);
        Assert.Equal("policy", Assert.Throws<ArgumentException>(() => new SigV2Signer(Credentials).SignPostPolicy(policy, Now)).ParamName);
    }

    [Fact]
    public void SigV4Signer_SignPostPolicy_OneSecondAfterAFractionalSigningTimeAccepted()
    {
        // now + 1 s is written to the second (10:30:01): it is 1 s after the signing second, not 0.5 s.
        var now = Now.AddMilliseconds(500);
        var signer = new SigV4Signer(Credentials, "us-east-1", "s3");

        var signed = signer.SignPostPolicy(new PostPolicy(now.AddSeconds(1)), now);

        Assert.StartsWith("{\"expiration\": \"2026-01-15T10:30:01Z\"", signed.Document);
    }

    [Fact]
    public void SigV4Signer_SignPostPolicy_SignsTheBase64WithTheScopeKeyFromTheCache()
    {
        var cache = new SigningKeyCache();
        var signer = new SigV4Signer(Credentials, "eu-west-1", "s3", keyCache: cache);
        var policy = new PostPolicy(Now.AddHours(1)).SetBucket("b").SetKey("k");

        var first = signer.SignPostPolicy(policy, Now);
        var second = signer.SignPostPolicy(policy, Now.AddMinutes(1));

        Span<byte> key = stackalloc byte[SigningKey.Length];
        SigningKey.Derive(Credentials.SecretAccessKey, "20260115", "eu-west-1", "s3", key);
        string expected = Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(first.Policy)));
        Assert.Equal(expected, first.Signature);
        Assert.Equal(1, cache.Derivations); // both signatures used the one cached key
        Assert.Contains("{\"x-amz-credential\": \"AKIAIOSFODNN7EXAMPLE/20260115/eu-west-1/s3/aws4_request\"}, {\"x-amz-date\": \"20260115T103000Z\"}]}", first.Document);
        Assert.NotEqual(first.Signature, second.Signature);
    }

    [Fact]
    public void SigV4Signer_SignPostPolicy_PutsTheSessionTokenInConditionAndField()
    {
        var signer = new SigV4Signer(new AwsCredentials("ASIAEXAMPLE", SigV4SignerTests.Secret, "TOKEN+/="), "us-east-1", "s3");

        var signed = signer.SignPostPolicy(new PostPolicy(Now.AddHours(1)), Now);

        Assert.EndsWith("{\"x-amz-security-token\": \"TOKEN+/=\"}]}", signed.Document);
        Assert.Equal(
            ["x-amz-algorithm", "x-amz-credential", "x-amz-date", "x-amz-security-token", "policy", "x-amz-signature"],
            signed.Fields.Select(f => f.Key));
        Assert.DoesNotContain("TOKEN", signed.ToString());
    }

    [Fact]
    public void SigV2Signer_SignPostPolicy_IsBase64HmacSha1OfThePolicy()
    {
        var signer = new SigV2Signer(new AwsCredentials("AKIAIOSFODNN7EXAMPLE", SigV4SignerTests.Secret, "TOK"));

        var signed = signer.SignPostPolicy(new PostPolicy(Now.AddHours(1)).SetKey("k"), Now);

        string expected = Convert.ToBase64String(HMACSHA1.HashData(Encoding.ASCII.GetBytes(SigV4SignerTests.Secret), Encoding.ASCII.GetBytes(signed.Policy)));
        Assert.Equal(expected, signed.Signature);
        Assert.Equal(["key=k", "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE", "x-amz-security-token=TOK", $"policy={signed.Policy}", $"signature={expected}"], signed.Fields.Select(f => $"{f.Key}={f.Value}"));
        Assert.EndsWith("{\"key\": \"k\"}, {\"x-amz-security-token\": \"TOK\"}]}", signed.Document);
    }

    [Fact]
    public void SigV4Signer_SignPostPolicyDocument_RefusesEmptyDocument()
    {
        var signer = new SigV4Signer(Credentials, "us-east-1", "s3");

        Assert.Equal("document", Assert.Throws<ArgumentException>(() => signer.SignPostPolicyDocument(string.Empty, Now)).ParamName);
        Assert.Equal("document", Assert.Throws<ArgumentNullException>(() => new SigV2Signer(Credentials).SignPostPolicyDocument(null!)).ParamName);
        Assert.Equal("policy", Assert.Throws<ArgumentNullException>(() => signer.SignPostPolicy(null!, Now)).ParamName);
    }
}
