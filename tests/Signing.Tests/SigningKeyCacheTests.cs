namespace Signing.Tests;

public class SigningKeyCacheTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    [Fact]
    public void SigningKey_Derive_MatchesGeneralReferenceExample()
    {
        // AWS General Reference SigV4 example (testvectors/sigv4-general).
        var key = new byte[32];
        SigningKey.Derive(Secret, "20150830", "us-east-1", "iam", key);
        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexString(key).ToLowerInvariant());
    }

    [Fact]
    public void SigningKeyCache_GetSigningKey_ReturnsSameArrayForSameScope()
    {
        var cache = new SigningKeyCache();
        var creds = new AwsCredentials("AKID", Secret);
        var a = cache.GetSigningKey(creds, "20150830", "us-east-1", "iam");
        var b = cache.GetSigningKey(new AwsCredentials("AKID", Secret), "20150830", "us-east-1", "iam");
        Assert.Same(a, b);
        Assert.NotSame(a, cache.GetSigningKey(creds, "20150831", "us-east-1", "iam"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void SigningKeyCache_GetSigningKey_RotatedSecretDerivesAgain()
    {
        var cache = new SigningKeyCache();
        var a = cache.GetSigningKey(new AwsCredentials("AKID", Secret), "20150830", "us-east-1", "iam");
        var b = cache.GetSigningKey(new AwsCredentials("AKID", "another-secret"), "20150830", "us-east-1", "iam");
        Assert.NotEqual(Convert.ToHexString(a), Convert.ToHexString(b));
    }

    [Fact]
    public void SigningKeyCache_Capacity_IsNeverExceeded()
    {
        var cache = new SigningKeyCache(capacity: 4);
        var creds = new AwsCredentials("AKID", Secret);
        for (int i = 0; i < 20; i++)
        {
            cache.GetSigningKey(creds, "20150830", "region-" + i, "s3");
            Assert.InRange(cache.Count, 1, 4);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => new SigningKeyCache(0));
    }

    [Fact]
    public void SigningKeyCache_ConcurrentUse_GivesCorrectKeys()
    {
        var cache = new SigningKeyCache(capacity: 8);
        var creds = new AwsCredentials("AKID", Secret);
        var expected = new Dictionary<string, string>();
        for (int r = 0; r < 16; r++)
        {
            var k = new byte[32];
            SigningKey.Derive(Secret, "20150830", "r" + r, "s3", k);
            expected["r" + r] = Convert.ToHexString(k);
        }

        Parallel.For(0, 4000, i =>
        {
            string region = "r" + (i % 16);
            Assert.Equal(expected[region], Convert.ToHexString(cache.GetSigningKey(creds, "20150830", region, "s3")));
        });
    }

    [Fact]
    public void SigningKeyCache_ToString_ShowsNoKeyMaterial()
    {
        var cache = new SigningKeyCache();
        cache.GetSigningKey(new AwsCredentials("AKID", Secret), "20150830", "us-east-1", "iam");
        Assert.Equal("SigningKeyCache { Count = 1, Capacity = 256 }", cache.ToString());
    }
}
