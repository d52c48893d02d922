using FsCheck;
using FsCheck.Fluent;
using G = Signing.Tests.Properties.SigningCaseGenerators;

namespace Signing.Tests.Properties;

/// <summary>
/// Property 4: the allocation-free core agrees with header signing, and with any destination size
/// either fails cleanly (shorter than 64: false, nothing written) or writes the same 64 chars and
/// nothing past them.
/// </summary>
public class TryComputeSignaturePropertyTests
{
    private const int Runs = 1000;
    private const char Untouched = '\u2603';

    [Fact]
    public void SigV4Signer_TryComputeSignature_AgreesWithSignForAnyDestinationLength()
    {
        var gen = from c in G.Cases(G.AnyOptions)
                  from length in Gen.Frequency((3, Gen.Choose(0, 70)), (1, Gen.Choose(71, 300)), (1, Gen.Elements(63, 64, 65)))
                  select (Case: c, Length: length);
        var arb = Arb.From(gen, x => G.Shrink(x.Case).Select(c => (c, x.Length)));
        PropertyRunner.Check(nameof(SigV4Signer_TryComputeSignature_AgreesWithSignForAnyDestinationLength), 0x5167_0401, Runs, arb, x =>
        {
            var (c, length) = x;
            var signer = c.Signer();
            var signed = signer.Sign(c.View(), c.Time);
            Assert.Equal(signer.Explain(c.View(), c.Time).Signature, signed.Signature);
            Assert.Matches("^[0-9a-f]{64}$", signed.Signature);
            Assert.Contains($"Signature={signed.Signature}", signed.Authorization, StringComparison.Ordinal);

            char[] destination = new char[length];
            Array.Fill(destination, Untouched);
            bool ok = signer.TryComputeSignature(c.View(), c.Time, destination, out int written);
            if (length < 64)
            {
                Assert.False(ok, $"TryComputeSignature returned true with a {length}-char destination.");
                Assert.Equal(0, written);
                Assert.All(destination, ch => Assert.Equal(Untouched, ch));
            }
            else
            {
                Assert.True(ok, $"TryComputeSignature returned false with a {length}-char destination.");
                Assert.Equal(64, written);
                Assert.Equal(signed.Signature, new string(destination, 0, 64));
                Assert.All(destination[64..], ch => Assert.Equal(Untouched, ch));
            }
        });
    }

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
        PropertyRunner.Check(nameof(SigningKeyCache_GetSigningKey_SameSignatureAsFreshCache), 0x5167_0402, Runs, Arb.From(gen, G.Shrink), c =>
        {
            var viaShared = new SigV4Signer(c.Credentials(), c.Region, c.Service, c.Options, keyCache: shared);
            Span<char> a = stackalloc char[64];
            Assert.True(viaShared.TryComputeSignature(c.View(), c.Time, a, out _));
            Assert.Equal(ReferenceSigV4.Signature(c), a.ToString());
            Assert.True(shared.Count <= shared.Capacity, $"cache holds {shared.Count} keys, capacity {shared.Capacity}");
        });
    }

    /// <summary>
    /// A replacement cache may hand out one buffer that it re-derives in place (the contract only
    /// forbids callers to modify it): signing with alternating secrets must still use each one's key.
    /// </summary>
    [Fact]
    public void SigV4Signer_Sign_CacheReusingOneBufferStillSignsWithEachKey()
    {
        var cache = new ReusedBufferCache();
        var gen = from a in G.Cases(G.AnyOptions) from b in G.Secret select (Case: a, OtherSecret: b);
        PropertyRunner.Check(nameof(SigV4Signer_Sign_CacheReusingOneBufferStillSignsWithEachKey), 0x5167_0403, 300, Arb.From(gen), x =>
        {
            var first = x.Case;
            var second = first with { Secret = first.Secret + x.OtherSecret };
            foreach (var c in new[] { first, second, first })
            {
                var signer = new SigV4Signer(c.Credentials(), c.Region, c.Service, c.Options, keyCache: cache);
                Assert.Equal(ReferenceSigV4.Signature(c), signer.Sign(c.View(), c.Time).Signature);
            }
        });
    }

    private sealed class ReusedBufferCache : ISigningKeyCache
    {
        private readonly byte[] _buffer = new byte[SigningKey.Length];

        public byte[] GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service)
        {
            SigningKey.Derive(credentials.SecretAccessKey, scopeDate, region, service, _buffer);
            return _buffer;
        }
    }
}
