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
    public void SigningKeyCache_GetSigningKey_ReturnsSameKeyForSameScope()
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
        string a = Hex(cache.GetSigningKey(new AwsCredentials("AKID", Secret), "20150830", "us-east-1", "iam"));
        string b = Hex(cache.GetSigningKey(new AwsCredentials("AKID", "another-secret"), "20150830", "us-east-1", "iam"));
        Assert.NotEqual(a, b);
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

        int read = 0;
        Parallel.For(0, 4000, i =>
        {
            string region = "r" + (i % 16);

            // A key evicted by another thread right after the cache's answer is disposed (zeroed): it
            // cannot be read then, and never reads as another key.
            if (HexUnlessDisposed(cache.GetSigningKey(creds, "20150830", region, "s3")) is { } hex)
            {
                Assert.Equal(expected[region], hex);
                Interlocked.Increment(ref read);
            }
        });
        Assert.True(read > 0);
    }

    [Fact]
    public void SigningKeyCache_ToString_ShowsNoKeyMaterial()
    {
        var cache = new SigningKeyCache();
        cache.GetSigningKey(new AwsCredentials("AKID", Secret), "20150830", "us-east-1", "iam");
        Assert.Equal("SigningKeyCache { Count = 1, Capacity = 256 }", cache.ToString());
    }

    [Fact]
    public void SigningKeyCache_GetSigningKey_HotScopesSurviveAStreamOfColdOnes()
    {
        // The shape that made the old clear-when-full cache ~3x slower past 256 scopes: a few scopes
        // used on every call, mixed with a long stream of scopes used once.
        var cache = new SigningKeyCache(capacity: 16);
        var creds = new AwsCredentials("AKID", Secret);
        string[] hot = ["us-east-1", "eu-west-1", "ap-south-1"];
        for (int i = 0; i < 5000; i++)
        {
            foreach (string region in hot)
            {
                cache.GetSigningKey(creds, "20150830", region, "s3");
            }

            cache.GetSigningKey(creds, "20150830", "cold-" + i, "s3");
            Assert.InRange(cache.Count, 1, cache.Capacity);
        }

        // Each hot scope derived once, each cold one once: nothing re-derived.
        Assert.Equal(hot.Length + 5000, cache.Derivations);
    }

    [Fact]
    public void SigningKeyCache_GetSigningKey_WorkingSetLargerThanOldLimitStaysCached()
    {
        // 300 scopes in round robin in a cache of 512: derived once each, however many rounds.
        var cache = new SigningKeyCache(capacity: 512);
        var creds = new AwsCredentials("AKID", Secret);
        for (int round = 0; round < 5; round++)
        {
            for (int r = 0; r < 300; r++)
            {
                cache.GetSigningKey(creds, "20150830", "r" + r, "s3");
            }
        }

        Assert.Equal(300, cache.Derivations);
    }

    [Fact]
    public void SigningKeyCache_GetSigningKey_FullCacheEvictsOneAtATime()
    {
        var cache = new SigningKeyCache(capacity: 8);
        var creds = new AwsCredentials("AKID", Secret);
        for (int i = 0; i < 8; i++)
        {
            cache.GetSigningKey(creds, "20150830", "r" + i, "s3");
        }

        Assert.Equal(8, cache.Count);
        cache.GetSigningKey(creds, "20150830", "new", "s3");
        Assert.Equal(8, cache.Count); // not emptied: one entry made room
        long before = cache.Derivations;
        cache.GetSigningKey(creds, "20150830", "new", "s3");
        Assert.Equal(before, cache.Derivations);
    }

    [Fact]
    public void SigningKeyCache_ConcurrentHotAndColdScopes_CorrectKeysBoundedCountFewDerivations()
    {
        var cache = new SigningKeyCache(capacity: 32);
        var creds = new AwsCredentials("AKID", Secret);
        string[] hot = ["h0", "h1", "h2", "h3"];
        var expected = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        string Fresh(string region) => expected.GetOrAdd(region, r =>
        {
            var k = new byte[32];
            SigningKey.Derive(Secret, "20150830", r, "s3", k);
            return Convert.ToHexString(k);
        });
        var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
        int over = 0;
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
        {
            for (int i = 0; i < 3000; i++)
            {
                string region = i % 4 == 3 ? $"cold-{t}-{i}" : hot[(i + t) % hot.Length];
                if (HexUnlessDisposed(cache.GetSigningKey(creds, "20150830", region, "s3")) is { } hex && hex != Fresh(region))
                {
                    wrong.Add(region);
                }

                if (cache.Count > cache.Capacity)
                {
                    Interlocked.Increment(ref over);
                }
            }
        });
        Assert.Empty(wrong);
        Assert.Equal(0, over);
        long cold = 4 * 3000 / 4;
        // Hot scopes may be derived by several threads at once on their first miss, and now and then
        // again; never once per use as a clear-when-full cache does.
        Assert.InRange(cache.Derivations, cold + hot.Length, cold + (hot.Length * 4 * 4));
    }

    [Fact]
    public void SigningKeyCache_Clear_EmptiesAndRefills()
    {
        var cache = new SigningKeyCache(capacity: 2);
        var creds = new AwsCredentials("AKID", Secret);
        cache.GetSigningKey(creds, "20150830", "a", "s3");
        cache.GetSigningKey(creds, "20150830", "b", "s3");
        cache.Clear();
        Assert.Equal(0, cache.Count);
        cache.GetSigningKey(creds, "20150830", "a", "s3");
        cache.GetSigningKey(creds, "20150830", "c", "s3");
        cache.GetSigningKey(creds, "20150830", "d", "s3");
        Assert.Equal(2, cache.Count);
        Assert.Equal(5, cache.Derivations);
    }

    internal static string Hex(SigningKey key)
    {
        byte[] bytes = new byte[SigningKey.Length];
        key.CopyTo(bytes);
        return Convert.ToHexString(bytes);
    }

    /// <summary>The key's hex, or null when another thread's eviction disposed it between the cache's answer and this read.</summary>
    private static string? HexUnlessDisposed(SigningKey key)
    {
        try
        {
            return Hex(key);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }
}
