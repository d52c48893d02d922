using System.Diagnostics;
using System.Net;

namespace Signing.S3.Tests.Integration;

/// <summary>
/// Issue 10's wire faults, reproduced with FaultProxy between S3Client and Ceph RGW: redirects,
/// a server that ignores Range, stalled bodies, resets mid-response, SlowDown, and a server that
/// echoes the session token back. Each asserts what reached which host, and that nothing claims success.
/// </summary>
public sealed class S3ClientFaultTests
{
    private const string Server = TestServers.Rgw;
    private const int MiB = 1024 * 1024;

    [IntegrationTheory(Server)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Redirect_ToAnotherHost_NothingReachesItAndNothingClaimsSuccess(bool ownHandler)
    {
        await using var rig = await Rig.StartAsync();
        await using var sink = await FaultProxy.StartAsync(upstream: null);
        rig.Proxy.AddRule(new FaultRule().Respond(FaultResponse.Redirect(307, new Uri(sink.Endpoint, "/x"))));
        var options = rig.Options() with { Credentials = new AwsCredentials(rig.Harness.Server.AccessKey, rig.Harness.Server.SecretKey, "SESSIONTOKENxyz") };
        using var client = ownHandler ? new S3Client(options) : new S3Client(options, TestServers.LoopbackHandler());

        var put = await Assert.ThrowsAsync<S3Exception>(() => client.PutObjectAsync(rig.Harness.Bucket, "new", "secret body"u8.ToArray()));
        Assert.Equal("TemporaryRedirect", put.Code);
        Assert.Contains($"redirects to {sink.Endpoint.Scheme}://{sink.Endpoint.Authority}", put.Message);
        await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectBytesAsync(rig.Harness.Bucket, "obj"));
        await Assert.ThrowsAsync<S3Exception>(() => client.DeleteObjectAsync(rig.Harness.Bucket, "obj"));
        string file = Path.Combine(Path.GetTempPath(), $"redirect-{Guid.NewGuid():N}");
        await Assert.ThrowsAsync<S3Exception>(() => client.DownloadFileAsync(rig.Harness.Bucket, "obj", file));
        Assert.False(File.Exists(file));

        Assert.Empty(sink.Requests);
        Assert.Equal(0, sink.ConnectionCount);
        Assert.Equal(rig.Data, await rig.Harness.Client.GetObjectBytesAsync(rig.Harness.Bucket, "obj"));
        var missing = await Assert.ThrowsAsync<S3Exception>(() => rig.Harness.Client.HeadObjectAsync(rig.Harness.Bucket, "new"));
        Assert.Equal("NoSuchKey", missing.Code);
    }

    [IntegrationFact(Server)]
    public async Task DownloadFile_ServerIgnoresRange_RefusedAndNoFile()
    {
        await using var rig = await Rig.StartAsync(objectSize: 12 * MiB);
        rig.Proxy.AddRule(new FaultRule().Method("GET").HasHeader("Range").IgnoreRange());
        // SigV2 (hybrid: object data) leaves Range unsigned, so RGW still serves the request the proxy stripped.
        using var client = rig.Client(o => o with { SigningPolicy = S3SigningPolicy.Hybrid });
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "out.bin");
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DownloadFileAsync(rig.Harness.Bucket, "obj", path, Parts));
        Assert.Equal("InvalidResponse", e.Code);
        Assert.Contains("it ignores Range", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));

        var get = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectAsync(rig.Harness.Bucket, "obj", new GetObjectOptions { RangeFrom = 100, RangeTo = 199 }));
        Assert.Equal("InvalidResponse", get.Code);
    }

    [IntegrationFact(Server)]
    public async Task DownloadFile_BodyStallsEveryTime_TimesOutQuicklyAndNoFile()
    {
        await using var rig = await Rig.StartAsync(objectSize: 3 * MiB);
        rig.Proxy.AddRule(new FaultRule().Method("GET").StallResponseBody(MiB, TimeSpan.FromSeconds(60)));
        using var client = rig.Client(o => o with { IdleTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 2 });
        using var dir = new TempDirectory();
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => client.DownloadFileAsync(rig.Harness.Bucket, "obj", Path.Combine(dir.Path, "out.bin")));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");
        Assert.Contains("timed out on each of 2 attempt(s)", e.Message);
        Assert.Contains("IdleTimeout", e.Message);
        Assert.Equal(2, rig.Proxy.Requests.Count(r => r.Method == "GET"));
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [IntegrationFact(Server)]
    public async Task DownloadFile_BodyStallsOnce_FetchedAgainByteExact()
    {
        await using var rig = await Rig.StartAsync(objectSize: 12 * MiB);
        rig.Proxy.AddRule(new FaultRule().Method("GET").HasHeader("Range").Times(1).StallResponseBody(MiB, TimeSpan.FromSeconds(60)));
        using var client = rig.Client(o => o with { IdleTimeout = TimeSpan.FromSeconds(1) });
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "out.bin");
        await client.DownloadFileAsync(rig.Harness.Bucket, "obj", path, Parts);
        Assert.Equal(rig.Data, await File.ReadAllBytesAsync(path));
    }

    [IntegrationFact(Server)]
    public async Task DownloadFile_RangeResetEveryTime_SentMaxAttemptsTimesExactly()
    {
        await using var rig = await Rig.StartAsync(objectSize: 12 * MiB);
        string range = $"bytes={5 * MiB}-{(10 * MiB) - 1}";
        rig.Proxy.AddRule(new FaultRule().When(r => r.Header("Range") == range, range).ResetResponseAfter(MiB));
        using var client = rig.Client();
        using var dir = new TempDirectory();
        var e = await Assert.ThrowsAnyAsync<Exception>(() => client.DownloadFileAsync(rig.Harness.Bucket, "obj", Path.Combine(dir.Path, "out.bin"), Parts));
        Assert.True(e is IOException or HttpRequestException, e.ToString());
        Assert.Equal(3, rig.Proxy.Requests.Count(r => r.Header("Range") == range));
        Assert.Contains("failed after 3 attempt(s)", e.Message);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [IntegrationFact(Server)]
    public async Task GetObjectBytes_CutOnce_FetchedAgain()
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("GET").Times(1).CutResponseAfter(1000));
        using var client = rig.Client();
        Assert.Equal(rig.Data, await client.GetObjectBytesAsync(rig.Harness.Bucket, "obj"));
        Assert.Equal(2, rig.Proxy.Requests.Count(r => r.Method == "GET"));
    }

    [IntegrationFact(Server)]
    public async Task PutObject_ServerStopsReadingOnce_IdleTimeoutThenRetryStoresIt()
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("PUT").Times(1).StallRequestBody(MiB, TimeSpan.FromSeconds(60)));
        using var client = rig.Client(o => o with { IdleTimeout = TimeSpan.FromSeconds(1) });
        var data = S3Harness.RandomBytes(12 * MiB);
        var clock = Stopwatch.StartNew();
        await client.PutObjectAsync(rig.Harness.Bucket, "stalled", data);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
        // The stalled attempt and the one that stored it (a third only if the loaded machine stalled a write for 1 s).
        Assert.InRange(rig.Proxy.Requests.Count(r => r.Method == "PUT"), 2, 3);
        Assert.Equal(data, await rig.Harness.Client.GetObjectBytesAsync(rig.Harness.Bucket, "stalled"));
    }

    [IntegrationFact(Server)]
    public async Task PutObject_ServerNeverReads_TimeoutExceptionNamesTheBody()
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("PUT").StallRequestBody(MiB, TimeSpan.FromSeconds(60)));
        using var client = rig.Client(o => o with { IdleTimeout = TimeSpan.FromSeconds(1), MaxAttempts = 1 });
        var e = await Assert.ThrowsAsync<TimeoutException>(() => client.PutObjectAsync(rig.Harness.Bucket, "stalled", new byte[12 * MiB]));
        Assert.Contains("while sending the request body", e.Message);
    }

    [IntegrationTheory(Server)]
    [InlineData(2, true)]
    [InlineData(3, false)]
    public async Task PutObject_SlowDownNTimes_RetriedWithinMaxAttempts(int slowDowns, bool succeeds)
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("PUT").Times(slowDowns).Respond(FaultResponse.SlowDown()));
        using var client = rig.Client();
        var put = client.PutObjectAsync(rig.Harness.Bucket, "slow", "x"u8.ToArray());
        if (succeeds)
        {
            await put;
        }
        else
        {
            var e = await Assert.ThrowsAsync<S3Exception>(() => put);
            Assert.Equal("SlowDown", e.Code);
        }

        Assert.Equal(3, rig.Proxy.Requests.Count(r => r.Method == "PUT"));
    }

    [IntegrationFact(Server)]
    public async Task UploadFile_PartResetEveryTime_ThreeSendsAndNoUploadLeft()
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("PUT").QueryContains("partNumber=2").ResetBeforeResponse());
        using var client = rig.Client();
        using var dir = new TempDirectory();
        string file = Path.Combine(dir.Path, "big.bin");
        await File.WriteAllBytesAsync(file, S3Harness.RandomBytes(12 * MiB));
        await Assert.ThrowsAnyAsync<Exception>(() => client.UploadFileAsync(rig.Harness.Bucket, "big", file, Parts));
        Assert.Equal(3, rig.Proxy.Requests.Count(r => r.Query.Contains("partNumber=2", StringComparison.Ordinal)));
        Assert.Empty(await rig.Harness.Client.ListMultipartUploadsAsync(rig.Harness.Bucket));
    }

    [IntegrationTheory(Server)]
    [InlineData(S3SigningPolicy.SigV4)]
    [InlineData(S3SigningPolicy.SigV2)]
    public async Task SignatureMismatch_ServerEchoesToken_RedactedInEverything(S3SigningPolicy policy)
    {
        const string Token = "FQoGZXIvYXdzEJr+TOKEN/with+slash==";
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().EchoCanonicalRequest());
        using var client = rig.Client(o => o with { SigningPolicy = policy, Credentials = new AwsCredentials(rig.Harness.Server.AccessKey, rig.Harness.Server.SecretKey, Token) });
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectBytesAsync(rig.Harness.Bucket, "obj"));
        Assert.Equal("SignatureDoesNotMatch", e.Code);
        Assert.NotNull(e.SignatureMismatchHint);
        foreach (string text in new[] { e.Message, e.ToString(), e.SignatureMismatchHint!, e.ServerMessage ?? string.Empty })
        {
            Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
            Assert.DoesNotContain(Uri.EscapeDataString(Token), text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(rig.Harness.Server.SecretKey, text, StringComparison.Ordinal);
        }
    }

    private static TransferOptions Parts => new() { MultipartThreshold = 5 * MiB, PartSize = 5 * MiB, MaxConcurrency = 2 };

    /// <summary>A bucket on RGW holding "obj", and a proxy in front of RGW.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        public S3Harness Harness { get; private init; } = null!;

        public FaultProxy Proxy { get; private init; } = null!;

        public byte[] Data { get; private init; } = [];

        public static async Task<Rig> StartAsync(int objectSize = MiB)
        {
            var harness = await S3Harness.CreateAsync(Server, new(S3SigningPolicy.SigV4, S3Addressing.PathStyle));
            var rig = new Rig { Harness = harness, Proxy = await FaultProxy.StartAsync(harness.Server.Endpoint), Data = S3Harness.RandomBytes(objectSize) };
            await harness.Client.PutObjectAsync(harness.Bucket, "obj", rig.Data);
            return rig;
        }

        /// <summary>Options of a client that goes through the proxy.</summary>
        public S3ClientOptions Options() => new()
        {
            Endpoint = Proxy.Endpoint,
            Credentials = new AwsCredentials(Harness.Server.AccessKey, Harness.Server.SecretKey),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        };

        public S3Client Client(Func<S3ClientOptions, S3ClientOptions>? configure = null) =>
            new(configure?.Invoke(Options()) ?? Options(), TestServers.LoopbackHandler());

        public async ValueTask DisposeAsync()
        {
            await Proxy.DisposeAsync();
            await Harness.DisposeAsync();
            Assert.Empty(Proxy.Errors);
        }
    }
}
