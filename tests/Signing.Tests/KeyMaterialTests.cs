using System.Reflection;
using System.Security.Cryptography;

namespace Signing.Tests;

/// <summary>
/// Where key material lives: only in the key cache's entries (and a SigV2 signer's own keyed
/// HMAC), never in thread statics; and what the cache hands out cannot be written to.
/// </summary>
public class KeyMaterialTests
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly AwsCredentials Creds = new("AKIDEXAMPLE", Secret);
    private static readonly HttpHeader[] Headers = [new("Host", "h.example")];
    private static readonly HttpHeader[] V2Headers = [new("Host", "s3.amazonaws.com"), new("Date", "Sun, 30 Aug 2015 12:36:00 GMT")];

    public static TheoryData<string> Uses => new() { "v4-cached-then-cleared", "v4-none", "v2", "v4-chunk" };

    /// <summary>
    /// After signing in each way on this thread, no thread static of the library holds key
    /// material: each is empty or an unkeyed hash (its hash of nothing is SHA-256 of nothing, which
    /// no keyed HMAC gives).
    /// </summary>
    [Theory]
    [MemberData(nameof(Uses))]
    public void Signing_ThreadStatics_HoldNoKeyMaterial(string use)
    {
        var view = new HttpRequestView("GET", "/k", "", Headers);
        switch (use)
        {
            case "v4-cached-then-cleared":
                var cache = new SigningKeyCache();
                new SigV4Signer(Creds, "us-east-1", "s3", keyCache: cache).Sign(view, Time);
                cache.Clear();
                break;
            case "v4-none":
                new SigV4Signer(Creds, "us-east-1", "s3", keyCache: SigningKeyCache.None).Sign(view, Time);
                break;
            case "v2":
                new SigV2Signer(Creds).Sign(view, Time);
                break;
            default:
                var signer = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: SigningKeyCache.None);
                signer.CreateChunkSigner(signer.Sign(view, Time).Signature, Time).SignChunk(new byte[10]);
                break;
        }

        var threadStatics = typeof(SigV4Signer).Assembly.GetTypes()
            .SelectMany(t => t.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            .Where(f => f.IsDefined(typeof(ThreadStaticAttribute)))
            .ToList();
        Assert.NotEmpty(threadStatics); // the unkeyed SHA-256 instance: the scan sees thread statics
        foreach (var field in threadStatics)
        {
            object? value = field.GetValue(null);
            string where = $"{field.DeclaringType!.Name}.{field.Name}";
            if (value is null)
            {
                continue;
            }

            var hash = Assert.IsType<IncrementalHash>(value, exactMatch: false);
            byte[] current = hash.GetCurrentHash();
            byte[] unkeyed = hash.AlgorithmName == HashAlgorithmName.SHA1 ? SHA1.HashData([]) : SHA256.HashData([]);
            Assert.True(unkeyed.AsSpan().SequenceEqual(current), $"{where} holds a keyed {hash.AlgorithmName} HMAC after {use}");
        }
    }

    /// <summary>The cache hands out a key no caller can write to: no array, span or memory of bytes.</summary>
    [Fact]
    public void ISigningKeyCache_GetSigningKey_ReturnsNoWritableKey()
    {
        var returned = typeof(ISigningKeyCache).GetMethod(nameof(ISigningKeyCache.GetSigningKey))!.ReturnType;
        Type[] writable = [typeof(byte[]), typeof(Span<byte>), typeof(Memory<byte>), typeof(ArraySegment<byte>)];
        Assert.DoesNotContain(returned, writable);
        foreach (var member in returned.GetMembers(BindingFlags.Instance | BindingFlags.Public))
        {
            Type? type = member switch
            {
                PropertyInfo p => p.PropertyType,
                FieldInfo f => f.FieldType,
                MethodInfo m => m.ReturnType,
                _ => null,
            };
            Assert.False(type is not null && writable.Contains(type), $"{returned.Name}.{member.Name} gives out writable key bytes ({type})");
        }
    }

    [Fact]
    public void SigningKeyCache_Clear_ZeroesKeysAndDisposesKeyedHmacs()
    {
        var cache = new SigningKeyCache();
        var signer = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: cache);
        string expected = signer.Sign(View(), Time).Signature;
        Parallel.For(0, 200, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ => signer.Sign(View(), Time));
        var key = cache.GetSigningKey(Creds, "20150830", "us-east-1", "s3");
        Assert.InRange(key.KeptHmacs, 1, int.MaxValue);

        cache.Clear();

        Assert.True(key.IsDisposed);
        Assert.Equal(0, key.KeptHmacs);
        Assert.Throws<ObjectDisposedException>(() => key.CopyTo(new byte[SigningKey.Length]));
        Assert.Equal(0, cache.Count);
        Assert.Equal(expected, signer.Sign(View(), Time).Signature);
        Assert.Equal(2, cache.Derivations);
    }

    [Fact]
    public void SigningKeyCache_Evict_ZeroesTheEvictedKey()
    {
        var cache = new SigningKeyCache(capacity: 1);
        var a = cache.GetSigningKey(Creds, "20150830", "a", "s3");
        var b = cache.GetSigningKey(Creds, "20150830", "b", "s3");
        Assert.True(a.IsDisposed);
        Assert.False(b.IsDisposed);
        var rotated = cache.GetSigningKey(new AwsCredentials("AKIDEXAMPLE", "another-secret"), "20150830", "b", "s3");
        Assert.True(b.IsDisposed);
        Assert.False(rotated.IsDisposed);
    }

    [Fact]
    public void SigningKeyCache_None_KeyIsZeroedAfterItsOneSignature()
    {
        var none = new RecordingCache(SigningKeyCache.None);
        var signer = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: none);
        string expected = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache()).Sign(View(), Time).Signature;

        Assert.Equal(expected, signer.Sign(View(), Time).Signature);
        var chunks = signer.CreateChunkSigner(expected, Time);
        chunks.SignChunk(new byte[10]);
        chunks.SignChunk([]);

        Assert.Equal(3, none.Handed.Count); // the headers' signature and one per chunk: nothing reused
        Assert.All(none.Handed, k => Assert.True(k.IsDisposed));
        Assert.All(none.Handed, k => Assert.Equal(0, k.KeptHmacs));
    }

    [Fact]
    public void SigV4Signer_TryComputeSignature_NoneSignsRightAndAllocatesNothing()
    {
        var signer = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: SigningKeyCache.None);
        string expected = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache()).Sign(View(), Time).Signature;
        Span<char> signature = stackalloc char[64];
        for (int i = 0; i < 100; i++)
        {
            Assert.True(signer.TryComputeSignature(View(), Time, signature, out _));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++)
        {
            signer.TryComputeSignature(View(), Time, signature, out _);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(expected, signature.ToString());
        Assert.Equal(0, allocated); // the key is derived on the stack and zeroed: never on the heap
    }

    [Fact]
    public void SigningKey_CopyTo_IsTheDerivedKeyAndShowsNothing()
    {
        using var key = SigningKey.Create(Creds, "20150830", "us-east-1", "iam");
        byte[] copy = new byte[SigningKey.Length];
        key.CopyTo(copy);
        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(copy));
        Assert.Equal("SigningKey", key.ToString());
        Assert.Throws<ArgumentException>("destination", () => key.CopyTo(new byte[31]));
        Assert.Throws<ArgumentNullException>("credentials", () => SigningKey.Create(null!, "20150830", "us-east-1", "iam"));
    }

    [Fact]
    public void SigV4Signer_Sign_CacheHandingOutDisposedKeysStillSignsRight()
    {
        string expected = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache()).Sign(View(), Time).Signature;
        var disposing = new DisposedKeyCache();
        Assert.Equal(expected, new SigV4Signer(Creds, "us-east-1", "s3", keyCache: disposing).Sign(View(), Time).Signature);
        Assert.Equal(2, disposing.Calls); // asked once more, then derived for this signature alone
    }

    [Fact]
    public void SigV4Signer_Sign_CacheReturningNullNamesTheCache()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new NullCache()).Sign(new HttpRequestView("GET", "/k", "", Headers), Time));
        Assert.Contains(typeof(NullCache).FullName!, e.Message, StringComparison.Ordinal);
    }

    /// <summary>Threads sign with two scopes while the cache is cleared over and over: every signature is right, and a cleared key keeps no keyed HMAC.</summary>
    [Fact]
    public async Task SigningKeyCache_ClearWhileSigningOnManyThreads_RightSignaturesNothingKept()
    {
        var cache = new SigningKeyCache();
        SigV4Signer[] signers = [new(Creds, "us-east-1", "s3", keyCache: cache), new(Creds, "eu-west-1", "s3", keyCache: cache)];
        string[] expected = [.. signers.Select(s => new SigV4Signer(Creds, s.Region, "s3", keyCache: SigningKeyCache.None).Sign(View(), Time).Signature)];
        var seen = new System.Collections.Concurrent.ConcurrentDictionary<SigningKey, byte>(ReferenceEqualityComparer.Instance);
        int wrong = 0;
        int signed = 0;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, 3).Select(t => Task.Run(() =>
        {
            Span<char> signature = stackalloc char[64];
            for (int i = 0; !stop.IsCancellationRequested; i++)
            {
                int s = (i + t) % 2;
                signers[s].TryComputeSignature(View(), Time, signature, out _);
                if (!signature.SequenceEqual(expected[s]))
                {
                    Interlocked.Increment(ref wrong);
                }

                seen.TryAdd(cache.GetSigningKey(Creds, "20150830", signers[s].Region, "s3"), 0);
                Interlocked.Increment(ref signed);
            }
        })).ToArray();
        // At least 50 clears, each with signatures after it: on a fast, quiet machine 5,000 signatures
        // take a few milliseconds, fewer than the clears needed to see more than the first two keys.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        int clears = 0;
        while ((Volatile.Read(ref signed) < 5000 || clears < 50) && DateTime.UtcNow < deadline)
        {
            int before = Volatile.Read(ref signed);
            cache.Clear();
            Thread.Sleep(1);
            if (Volatile.Read(ref signed) > before)
            {
                clears++;
            }
        }

        stop.Cancel();
        await Task.WhenAll(workers);
        cache.Clear();
        Assert.Equal(0, wrong);
        Assert.True(seen.Count > 2, $"only {seen.Count} keys: the clears did not land between signatures");
        Assert.All(seen.Keys, k => Assert.True(k.IsDisposed && k.KeptHmacs == 0));
    }

    [Fact]
    public void SigV2Signer_Sign_ManyThreadsShareTheSignersKeyedHmac()
    {
        var signer = new SigV2Signer(Creds);
        string expected = signer.Sign(V2View(), Time).Signature;
        int wrong = 0;
        Parallel.For(0, 2000, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            if (signer.Sign(V2View(), Time).Signature != expected)
            {
                Interlocked.Increment(ref wrong);
            }
        });
        Assert.Equal(0, wrong);
    }

    private static HttpRequestView View() => new("GET", "/k", "", Headers);

    private static HttpRequestView V2View() => new("GET", "/bucket/k", "", V2Headers);

    private sealed class RecordingCache(ISigningKeyCache inner) : ISigningKeyCache
    {
        public List<SigningKey> Handed { get; } = [];

        public SigningKey GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service)
        {
            var key = inner.GetSigningKey(credentials, scopeDate, region, service);
            Handed.Add(key);
            return key;
        }
    }

    /// <summary>Hands out keys it has already disposed (a cache evicting between its answer and the signer's use, every time).</summary>
    private sealed class DisposedKeyCache : ISigningKeyCache
    {
        public int Calls { get; private set; }

        public SigningKey GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service)
        {
            Calls++;
            var key = SigningKey.Create(credentials, scopeDate, region, service);
            key.Dispose();
            return key;
        }
    }

    private sealed class NullCache : ISigningKeyCache
    {
        public SigningKey GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service) => null!;
    }
}
