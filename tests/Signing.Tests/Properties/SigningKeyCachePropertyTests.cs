using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// Signing keys: a shared, small, concurrently used cache, and a replacement cache, all give the
/// reference signature.
/// </summary>
public class SigningKeyCachePropertyTests
{
    private const int Runs = 1000;

    /// <summary>
    /// A small shared cache gives the reference signature, also when scopes evict each other and
    /// when one access key id's secret changes within a scope (few dates, so scopes repeat).
    /// </summary>
    [Fact]
    public void SigningKeyCache_GetSigningKey_SameSignatureAsFreshCache()
    {
        var shared = new SigningKeyCache(capacity: 3);
        var gen = from c in G.Cases(G.AnyOptions)
                  from day in Gen.Choose(0, 2)
                  from secret in Gen.Elements("secret-one", "secret-two", c.Secret)
                  select c with { Time = new DateTimeOffset(2024, 2, 28, 23, 59, 59, TimeSpan.Zero).AddDays(day), Secret = secret };
        PropertyRunner.Check(nameof(SigningKeyCache_GetSigningKey_SameSignatureAsFreshCache), 0x5167_0901, Runs, Arb.From(gen, G.Shrink), c =>
        {
            var viaShared = new SigV4Signer(c.Credentials(), c.Region, c.Service, c.Options, keyCache: shared);
            Span<char> a = stackalloc char[64];
            Assert.True(viaShared.TryComputeSignature(c.View(), c.Time, a, out _));
            Assert.Equal(ReferenceSigV4.Signature(c), a.ToString());
            Assert.True(shared.Count <= shared.Capacity, $"cache holds {shared.Count} keys, capacity {shared.Capacity}");
        });
    }

    /// <summary>
    /// Signers on many threads sharing a small cache (so keys are evicted and re-derived while
    /// others use them) each give the reference signature.
    /// </summary>
    [Fact]
    public void SigV4Signer_Sign_ConcurrentSigningMatchesReference()
    {
        var gen = Gen.ArrayOf(G.Cases(G.AnyOptions), 64);
        PropertyRunner.Check(nameof(SigV4Signer_Sign_ConcurrentSigningMatchesReference), 0x5167_0902, 20, Arb.From(gen), cases =>
        {
            var cache = new SigningKeyCache(capacity: 2);
            string[] expected = [.. cases.Select(c => ReferenceSigV4.Signature(c))];
            var wrong = new System.Collections.Concurrent.ConcurrentBag<string>();
            Parallel.For(0, cases.Length * 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            {
                var c = cases[i % cases.Length];
                string actual = new SigV4Signer(c.Credentials(), c.Region, c.Service, c.Options, keyCache: cache).Sign(c.View(), c.Time).Signature;
                if (actual != expected[i % cases.Length])
                {
                    wrong.Add($"case {i % cases.Length}: {actual} != {expected[i % cases.Length]}");
                }
            });
            Assert.True(wrong.IsEmpty, string.Join("\n", wrong.Take(5)));
        });
    }

    /// <summary>
    /// A replacement cache that keeps one key and disposes it when it hands out another (the
    /// smallest cache a user may write): signing with alternating secrets, and on many threads at
    /// once, still uses each one's key; a key disposed under a signer is asked for again.
    /// </summary>
    [Fact]
    public void SigV4Signer_Sign_CacheKeepingOneKeyStillSignsWithEachKey()
    {
        var cache = new OneKeyCache();
        var gen = from a in G.Cases(G.AnyOptions) from b in G.Secret select (Case: a, OtherSecret: b);
        PropertyRunner.Check(nameof(SigV4Signer_Sign_CacheKeepingOneKeyStillSignsWithEachKey), 0x5167_0903, 300, Arb.From(gen), x =>
        {
            var first = x.Case;
            var second = first with { Secret = first.Secret + x.OtherSecret };
            foreach (var c in new[] { first, second, first })
            {
                var signer = new SigV4Signer(c.Credentials(), c.Region, c.Service, c.Options, keyCache: cache);
                Assert.Equal(ReferenceSigV4.Signature(c), signer.Sign(c.View(), c.Time).Signature);
            }

            SigningCase[] both = [first, second];
            string[] expected = [.. both.Select(c => ReferenceSigV4.Signature(c))];
            var wrong = 0;
            Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                var c = both[i % 2];
                if (new SigV4Signer(c.Credentials(), c.Region, c.Service, c.Options, keyCache: cache).Sign(c.View(), c.Time).Signature != expected[i % 2])
                {
                    Interlocked.Increment(ref wrong);
                }
            });
            Assert.Equal(0, wrong);
        });
    }

    private sealed class OneKeyCache : ISigningKeyCache
    {
        private readonly object _gate = new();
        private (string Secret, string Scope, SigningKey Key)? _held;

        public SigningKey GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service)
        {
            string scope = $"{credentials.AccessKeyId}/{scopeDate}/{region}/{service}";
            lock (_gate)
            {
                if (_held is { } h && h.Secret == credentials.SecretAccessKey && h.Scope == scope)
                {
                    return h.Key;
                }

                _held?.Key.Dispose();
                var key = SigningKey.Create(credentials, scopeDate, region, service);
                _held = (credentials.SecretAccessKey, scope, key);
                return key;
            }
        }
    }
}
