using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Signing.S3.Tests.Integration;

/// <summary>
/// The fault-injection proxy in front of RGW: with no rule every S3 operation works through it (so
/// framing and keep-alive are right); each fault does what it says, as a plain HttpClient sees it.
/// </summary>
public sealed partial class FaultProxyTests
{
    private const string Server = TestServers.Rgw;
    private const int MiB = 1024 * 1024;

    [IntegrationTheory(Server)]
    [InlineData(S3SigningPolicy.SigV4, S3Addressing.PathStyle)]
    [InlineData(S3SigningPolicy.SigV2, S3Addressing.PathStyle)]
    [InlineData(S3SigningPolicy.SigV4, S3Addressing.VirtualHost)]
    public async Task FaultProxy_NoRules_S3ClientOperationsWorkThrough(S3SigningPolicy policy, S3Addressing addressing)
    {
        var rgw = TestServers.Get(Server);
        await using var proxy = await FaultProxy.StartAsync(rgw.Endpoint);
        var mode = new S3Mode(policy, addressing);
        using var direct = S3Harness.NewClient(rgw, mode);
        using var c = S3Harness.NewClient(rgw with { Endpoint = proxy.Endpoint }, mode, o => o with { MaxAttempts = 1 });
        string bucket = $"fp-{Guid.NewGuid():N}"[..30];
        await c.CreateBucketAsync(bucket);
        try
        {
            byte[] data = S3Harness.RandomBytes(12 * MiB);
            await c.PutObjectAsync(bucket, "big.bin", data);
            Assert.Equal(S3Harness.Sha256(data), S3Harness.Sha256(await c.GetObjectBytesAsync(bucket, "big.bin")));
            Assert.Equal(data[100..200], await c.GetObjectBytesAsync(bucket, "big.bin", new GetObjectOptions { RangeFrom = 100, RangeTo = 199 }));
            string id = await c.CreateMultipartUploadAsync(bucket, "multi.bin");
            var p1 = await c.UploadPartAsync(bucket, "multi.bin", id, 1, data.AsMemory(0, 5 * MiB));
            var p2 = await c.UploadPartAsync(bucket, "multi.bin", id, 2, data.AsMemory(5 * MiB, MiB));
            await c.CompleteMultipartUploadAsync(bucket, "multi.bin", id, [p1, p2]);
            Assert.Equal(S3Harness.Sha256(data[..(6 * MiB)]), S3Harness.Sha256(await c.GetObjectBytesAsync(bucket, "multi.bin")));
            Assert.Equal(["big.bin", "multi.bin"], (await c.ListObjectsV2Async(bucket)).Objects.Select(o => o.Key));
            Assert.Equal(6 * MiB, (await c.HeadObjectAsync(bucket, "multi.bin")).ContentLength);
            await c.DeleteObjectAsync(bucket, "big.bin");
            await c.DeleteObjectAsync(bucket, "multi.bin");
            await c.DeleteBucketAsync(bucket);
            Assert.False(await direct.BucketExistsAsync(bucket));
        }
        finally
        {
            await DeleteQuietlyAsync(direct, bucket);
        }

        var log = proxy.Requests;
        Assert.Empty(proxy.Errors);
        Assert.Equal(14, log.Count);
        Assert.Equal(12 * MiB, log.Single(r => r.Method == "PUT" && r.Path.EndsWith("/big.bin", StringComparison.Ordinal)).BodyBytes);
        Assert.All(log, r => Assert.Null(r.Rule));
        Assert.True(proxy.ConnectionCount <= 2, $"{proxy.ConnectionCount} connections for {log.Count} requests: keep-alive broken");
        Assert.Equal(proxy.ConnectionCount, proxy.UpstreamConnectionCount);
    }

    [IntegrationFact(Server)]
    public async Task FaultProxy_RespondTimes2_ThenPassesThrough()
    {
        await using var rig = await Rig.StartAsync();
        var rule = rig.Proxy.AddRule(new FaultRule().Method("GET").PathContains("/obj").Times(2).Respond(FaultResponse.SlowDown()));
        for (int i = 0; i < 2; i++)
        {
            using var slow = await rig.Http.GetAsync(rig.GetUrl());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, slow.StatusCode);
            Assert.Contains("<Code>SlowDown</Code>", await slow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(rig.Data, await rig.Http.GetByteArrayAsync(rig.GetUrl()));
        Assert.Equal(2, rule.Fired);
        Assert.Equal([rule, rule, null], rig.Proxy.Requests.Select(r => r.Rule));
        Assert.Equal(1, rig.Proxy.ConnectionCount);
    }

    [IntegrationFact(Server)]
    public async Task FaultProxy_Redirect_FollowerSendsBodyAndTokenToSink()
    {
        await using var rig = await Rig.StartAsync();
        await using var sink = await FaultProxy.StartAsync(upstream: null);
        rig.Proxy.AddRule(new FaultRule().Method("PUT").Respond(FaultResponse.Redirect(307, new Uri(sink.Endpoint, "/elsewhere"))));
        using var put = new HttpRequestMessage(HttpMethod.Put, rig.PutUrl("moved")) { Content = new ByteArrayContent(new byte[1000]) };
        put.Headers.Add("x-amz-security-token", "token-for-the-sink");
        using (var followed = await rig.Http.SendAsync(put))
        {
            Assert.Equal(HttpStatusCode.OK, followed.StatusCode); // the sink's answer
        }

        var got = Assert.Single(sink.Requests);
        Assert.Equal(("PUT", "/elsewhere", 1000L, "token-for-the-sink"), (got.Method, got.Path, got.BodyBytes, got.Header("x-amz-security-token")));
        var e = await Assert.ThrowsAsync<S3Exception>(() => rig.Harness.Client.HeadObjectAsync(rig.Harness.Bucket, "moved"));
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);

        rig.Proxy.ClearRules();
        rig.Proxy.AddRule(new FaultRule().Respond(FaultResponse.WrongRegion("eu-west-1")));
        using var region = await rig.Http.GetAsync(rig.GetUrl());
        Assert.Equal(HttpStatusCode.MovedPermanently, region.StatusCode);
        Assert.Equal("eu-west-1", region.Headers.GetValues("x-amz-bucket-region").Single());
        Assert.Single(sink.Requests);
    }

    [IntegrationTheory(Server)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FaultProxy_CutOrResetResponseAfter1000_ClientGetsExactly1000BytesThenError(bool reset)
    {
        await using var rig = await Rig.StartAsync();
        var rule = new FaultRule().Method("GET").Times(1);
        rig.Proxy.AddRule(reset ? rule.ResetResponseAfter(1000) : rule.CutResponseAfter(1000));
        using var response = await rig.Http.GetAsync(rig.GetUrl(), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(rig.Data.Length, response.Content.Headers.ContentLength);
        var (read, error) = await ReadAllAsync(await response.Content.ReadAsStreamAsync(), TimeSpan.FromSeconds(5));
        Assert.Equal(1000, read);
        var io = Assert.IsAssignableFrom<IOException>(error);
        bool sawReset = Chain(io).OfType<SocketException>().Any(s => s.SocketErrorCode == SocketError.ConnectionReset);
        Assert.True(reset == sawReset, $"reset={reset} but the client saw: {io}");
        Assert.Equal(rig.Data, await rig.Http.GetByteArrayAsync(rig.GetUrl())); // fired once, then passes through
        Assert.Equal(2, rig.Proxy.ConnectionCount);
    }

    [IntegrationTheory(Server)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task FaultProxy_ResetBeforeResponse_NoAnswerAndServerDidWorkOnlyWhenForwarded(bool forward)
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("PUT").ResetBeforeResponse(forward));
        await Assert.ThrowsAsync<HttpRequestException>(() => rig.Http.PutAsync(rig.PutUrl("reset"), new ByteArrayContent(new byte[5000])));
        Assert.Equal(5000, Assert.Single(rig.Proxy.Requests).BodyBytes);
        bool stored = await rig.Harness.Client.ListObjectsV2Async(rig.Harness.Bucket) is { } list && list.Objects.Any(o => o.Key == "reset");
        Assert.Equal(forward, stored);
    }

    [IntegrationFact(Server)]
    public async Task FaultProxy_DelayResponse_HeadArrivesLateOrClientTimesOut()
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("GET").Times(1).DelayResponse(TimeSpan.FromMilliseconds(400)));
        var watch = Stopwatch.StartNew();
        Assert.Equal(rig.Data, await rig.Http.GetByteArrayAsync(rig.GetUrl()));
        Assert.InRange(watch.Elapsed, TimeSpan.FromMilliseconds(380), TimeSpan.FromSeconds(5));

        rig.Proxy.AddRule(new FaultRule().Method("GET").Times(1).DelayResponse(TimeSpan.FromSeconds(30)));
        using var impatient = new HttpClient { Timeout = TimeSpan.FromMilliseconds(300) };
        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetByteArrayAsync(rig.GetUrl()));
    }

    [IntegrationFact(Server)]
    public async Task FaultProxy_StallResponseBody_NoDataWithinDeadlineAndDisposeIsPrompt()
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("GET").StallResponseBody(1000, TimeSpan.FromSeconds(60)));
        using var response = await rig.Http.GetAsync(rig.GetUrl(), HttpCompletionOption.ResponseHeadersRead);
        var (read, error) = await ReadAllAsync(await response.Content.ReadAsStreamAsync(), TimeSpan.FromMilliseconds(700));
        Assert.Equal(1000, read);
        Assert.IsAssignableFrom<OperationCanceledException>(error);

        var watch = Stopwatch.StartNew();
        await rig.Proxy.DisposeAsync();
        Assert.False(rig.Proxy.DisposeTimedOut, "a stalled connection's task did not end when its socket closed");
        Assert.InRange(watch.Elapsed, TimeSpan.Zero, FaultProxy.DisposeWait - TimeSpan.FromSeconds(1));
    }

    [IntegrationFact(Server)]
    public async Task FaultProxy_StallRequestBody_ClientWriteBlocksThenUploadCompletes()
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Method("PUT").StallRequestBody(MiB, TimeSpan.FromSeconds(2)));
        var body = new CountingContent(16 * MiB);
        var put = rig.Http.PutAsync(rig.PutUrl("stalled"), body);
        await Task.Delay(TimeSpan.FromSeconds(1));
        long during = body.Written;
        Assert.InRange(during, MiB, 10 * MiB); // about 5 MiB past the stall point sit in socket buffers
        Assert.False(put.IsCompleted);
        using (var done = await put)
        {
            Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        }

        Assert.Equal(16 * MiB, (await rig.Harness.Client.HeadObjectAsync(rig.Harness.Bucket, "stalled")).ContentLength);
        Assert.Equal(16 * MiB, rig.Proxy.Requests.Single().BodyBytes);
    }

    [IntegrationFact(Server)]
    public async Task FaultProxy_IgnoreRange_ServerAnswers200WithWholeObject()
    {
        await using var rig = await Rig.StartAsync();
        using (var ranged = await rig.Http.SendAsync(RangeGet(rig.GetUrl())))
        {
            Assert.Equal((HttpStatusCode.PartialContent, 100), (ranged.StatusCode, (await ranged.Content.ReadAsByteArrayAsync()).Length));
        }

        rig.Proxy.AddRule(new FaultRule().HasHeader("Range").IgnoreRange());
        using var whole = await rig.Http.SendAsync(RangeGet(rig.GetUrl()));
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(rig.Data, await whole.Content.ReadAsByteArrayAsync());
        Assert.Equal("bytes=0-99", rig.Proxy.Requests[^1].Header("Range")); // logged as the client sent it
    }

    [IntegrationFact(Server)]
    public async Task FaultProxy_RewriteResponse_ClientSeesEditedHeadAndBody()
    {
        await using var rig = await Rig.StartAsync();
        rig.Proxy.AddRule(new FaultRule().Times(1).RewriteResponse(h =>
        {
            (h.StatusCode, h.ReasonPhrase) = (206, "Partial Content");
            h.Set("Content-Range", "bytes 0-9/20");
            h.Set("ETag", "\"changed\"");
        }));
        using (var edited = await rig.Http.GetAsync(rig.GetUrl()))
        {
            Assert.Equal(HttpStatusCode.PartialContent, edited.StatusCode);
            Assert.Equal("bytes 0-9/20", edited.Content.Headers.ContentRange?.ToString());
            Assert.Equal("\"changed\"", edited.Headers.ETag?.Tag);
            Assert.Equal(rig.Data, await edited.Content.ReadAsByteArrayAsync());
        }

        // Without Content-Length the body is delimited by the close: still complete, then a new connection.
        rig.Proxy.AddRule(new FaultRule().Times(1).RewriteResponse(h => h.Remove("Content-Length")));
        Assert.Equal(rig.Data, await rig.Http.GetByteArrayAsync(rig.GetUrl()));
        Assert.Equal(rig.Data, await rig.Http.GetByteArrayAsync(rig.GetUrl()));
        Assert.Equal(2, rig.Proxy.ConnectionCount);
        Assert.Empty(rig.Proxy.Errors);
    }
}
