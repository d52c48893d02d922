namespace Signing.Tests.Credentials;

public sealed class RefreshingCredentialsProviderTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A source that hands out numbered credentials expiring <c>lifetime</c> after the clock's now; it can be made to fail or to wait.</summary>
    private sealed class CountingSource(ManualClock clock, TimeSpan? lifetime) : IAwsCredentialsProvider
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Exception? Fail { get; set; }

        public TaskCompletionSource? Gate { get; set; }

        public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default)
        {
            int n = Interlocked.Increment(ref _calls);
            if (Gate is { } gate)
            {
                await gate.Task;
            }

            if (Fail is { } fail)
            {
                throw fail;
            }

            return new AwsCredentials($"ASIATEST{n:D12}", "secret" + n, "token" + n) { Source = "test", Expiration = lifetime is { } l ? clock.Now + l : null };
        }
    }

    [Fact]
    public async Task RefreshingCredentialsProvider_GetCredentialsAsync_NoExpiryFetchedOnce()
    {
        var clock = new ManualClock(Start);
        var source = new CountingSource(clock, null);
        var provider = new RefreshingCredentialsProvider(source, clock);
        var first = await provider.GetCredentialsAsync();
        clock.Advance(TimeSpan.FromDays(400));
        Assert.Same(first, await provider.GetCredentialsAsync());
        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public async Task RefreshingCredentialsProvider_GetCredentialsAsync_AheadWindowRefreshesInBackgroundOnce()
    {
        var clock = new ManualClock(Start);
        var source = new CountingSource(clock, TimeSpan.FromHours(1));
        var provider = new RefreshingCredentialsProvider(source, clock);
        var first = await provider.GetCredentialsAsync();
        clock.Advance(TimeSpan.FromMinutes(54));
        Assert.Same(first, await provider.GetCredentialsAsync());
        Assert.Equal(1, source.Calls);

        // 5 minutes before the expiry: the current ones still go out while one renewal runs.
        clock.Advance(TimeSpan.FromMinutes(1.5));
        source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        for (int i = 0; i < 10; i++)
        {
            Assert.Same(first, await provider.GetCredentialsAsync());
        }

        source.Gate.SetResult();
        await WaitUntil(() => provider.Current != first);
        Assert.Equal(2, source.Calls);
        Assert.Equal("ASIATEST000000000002", (await provider.GetCredentialsAsync()).AccessKeyId);
    }

    [Fact]
    public async Task RefreshingCredentialsProvider_GetCredentialsAsync_PastMarginWaitsForNewCredentials()
    {
        var clock = new ManualClock(Start);
        var source = new CountingSource(clock, TimeSpan.FromHours(1));
        var provider = new RefreshingCredentialsProvider(source, clock);
        await provider.GetCredentialsAsync();
        clock.Advance(TimeSpan.FromMinutes(59.5));
        var renewed = await provider.GetCredentialsAsync();
        Assert.Equal("ASIATEST000000000002", renewed.AccessKeyId);
        Assert.True(renewed.Expiration > clock.Now.AddMinutes(59));
    }

    [Fact]
    public async Task RefreshingCredentialsProvider_GetCredentialsAsync_ShortSessionRefreshAtHalfUnusableAtQuarter()
    {
        var clock = new ManualClock(Start);
        var source = new CountingSource(clock, TimeSpan.FromSeconds(60));
        var provider = new RefreshingCredentialsProvider(source, clock);
        var first = await provider.GetCredentialsAsync();
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Same(first, await provider.GetCredentialsAsync());
        Assert.Equal(1, source.Calls);

        clock.Advance(TimeSpan.FromSeconds(2)); // 29 s left: refresh ahead, current still handed out
        source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.Same(first, await provider.GetCredentialsAsync());
        clock.Advance(TimeSpan.FromSeconds(15)); // 14 s left: no longer handed out
        var waiting = provider.GetCredentialsAsync().AsTask();
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        source.Gate.SetResult();
        Assert.NotSame(first, await waiting);
        Assert.Equal(2, source.Calls);
    }

    [Fact]
    public async Task RefreshingCredentialsProvider_GetCredentialsAsync_FailureAheadKeepsCurrentThenThrowsWhenUnusable()
    {
        var clock = new ManualClock(Start);
        var source = new CountingSource(clock, TimeSpan.FromHours(1));
        var provider = new RefreshingCredentialsProvider(source, clock);
        var first = await provider.GetCredentialsAsync();
        source.Fail = new CredentialsNotFoundException("STS is down");
        clock.Advance(TimeSpan.FromMinutes(56));
        Assert.Same(first, await provider.GetCredentialsAsync());
        await WaitUntil(() => provider.LastRefreshError is not null);
        Assert.Same(first, await provider.GetCredentialsAsync()); // retried only after a pause
        Assert.Equal(2, source.Calls);

        clock.Advance(TimeSpan.FromMinutes(3.5)); // inside the last minute
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => provider.GetCredentialsAsync().AsTask());
        Assert.Equal("STS is down", e.Message);

        source.Fail = null;
        Assert.Equal("ASIATEST000000000004", (await provider.GetCredentialsAsync()).AccessKeyId);
        Assert.Null(provider.LastRefreshError);
    }

    [Fact]
    public async Task RefreshingCredentialsProvider_GetCredentialsAsync_AlreadyExpiredRefused()
    {
        var clock = new ManualClock(Start);
        var provider = new RefreshingCredentialsProvider(new CountingSource(clock, TimeSpan.FromSeconds(-5)), clock);
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => provider.GetCredentialsAsync().AsTask());
        Assert.Contains("expired at 2026-12-01T11:59:55Z", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret1", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("token1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefreshingCredentialsProvider_GetCredentialsAsync_CallerCancellationLeavesSharedFetch()
    {
        var clock = new ManualClock(Start);
        var source = new CountingSource(clock, TimeSpan.FromHours(1)) { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var provider = new RefreshingCredentialsProvider(source, clock);
        using var cts = new CancellationTokenSource();
        var cancelled = provider.GetCredentialsAsync(cts.Token).AsTask();
        var other = provider.GetCredentialsAsync().AsTask();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        source.Gate.SetResult();
        Assert.Equal("ASIATEST000000000001", (await other).AccessKeyId);
        Assert.Equal(1, source.Calls);
    }

    [Fact]
    public void RefreshingCredentialsProvider_Constructor_BadTimesNamed()
    {
        var source = new AwsCredentials("AKIDEXAMPLE", "secret");
        Assert.Equal("source", Assert.Throws<ArgumentNullException>(() => new RefreshingCredentialsProvider(null!)).ParamName);
        Assert.Equal("refreshAhead", Assert.Throws<ArgumentOutOfRangeException>(() => new RefreshingCredentialsProvider(source, refreshAhead: TimeSpan.Zero)).ParamName);
        Assert.Equal("expiryMargin", Assert.Throws<ArgumentOutOfRangeException>(() => new RefreshingCredentialsProvider(source, refreshAhead: TimeSpan.FromMinutes(1), expiryMargin: TimeSpan.FromMinutes(2))).ParamName);
        Assert.Equal(TimeSpan.FromMinutes(5), new RefreshingCredentialsProvider(source).RefreshAhead);
        Assert.Equal(TimeSpan.FromMinutes(1), new RefreshingCredentialsProvider(source).ExpiryMargin);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task HttpRequestSigner_SignAsync_64ParallelAcrossRefreshBoundaryOneRefreshNoneExpired(bool mustWait)
    {
        var clock = new ManualClock(Start);
        var source = new CountingSource(clock, TimeSpan.FromMinutes(15));
        var provider = new RefreshingCredentialsProvider(source, clock);
        var signer = new HttpRequestSigner(provider, "us-east-1", "s3", clock: clock, keyCache: new SigningKeyCache());
        using (var warm = new HttpRequestMessage(HttpMethod.Get, "https://bucket.s3.amazonaws.com/k"))
        {
            await signer.SignAsync(warm);
        }

        // Into the refresh-ahead window, or past the margin (the first credentials must not be used).
        clock.Advance(mustWait ? TimeSpan.FromMinutes(14.5) : TimeSpan.FromMinutes(11));
        source.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var requests = Enumerable.Range(0, 64).Select(i => new HttpRequestMessage(HttpMethod.Get, $"https://bucket.s3.amazonaws.com/k{i}")).ToList();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var signing = requests.Select(r => Task.Run(async () => { await start.Task; await signer.SignAsync(r); })).ToList();
        start.SetResult();
        await Task.Delay(100);
        source.Gate.SetResult();
        await Task.WhenAll(signing);

        Assert.Equal(2, source.Calls); // the first fetch, and exactly one refresh
        foreach (var r in requests)
        {
            string authorization = r.Headers.GetValues("Authorization").Single();
            string id = authorization.Split("Credential=")[1].Split('/')[0];
            string token = r.Headers.GetValues("X-Amz-Security-Token").Single();
            Assert.Equal(id[^1], token[^1]); // key and token of the same credentials
            if (mustWait)
            {
                Assert.Equal("ASIATEST000000000002", id);
            }

            r.Dispose();
        }

        Assert.True(provider.Current!.Expiration > clock.Now);
    }

    private static async Task WaitUntil(Func<bool> condition)
    {
        for (int i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
