using System.Diagnostics;
using System.Net;

namespace Signing.S3.Tests.Unit;

/// <summary>No byte for IdleTimeout while a body moves fails that attempt; a body that keeps moving never times out.</summary>
public sealed class S3ClientIdleTimeoutTests
{
    private static S3ClientOptions Quick => Fake.Options() with { IdleTimeout = TimeSpan.FromMilliseconds(300), MaxAttempts = 2 };

    [Fact]
    public async Task GetObjectBytesAsync_BodyStalls_EachAttemptTimesOut()
    {
        var (client, handler, _) = Fake.Client(Quick);
        handler.Default = _ => FaultyContent.Response(HttpStatusCode.OK, FaultyContent.Stalled(new byte[1000], 5000));
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => client.GetObjectBytesAsync("b", "k"));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
        Assert.Equal(2, handler.Requests.Count);
        Assert.StartsWith("S3 GET b/k timed out on each of 2 attempt(s)", e.Message);
        Assert.Contains("while reading the response body after 1000 byte(s) (IdleTimeout)", e.Message);
    }

    [Fact]
    public async Task GetObjectAsync_StreamStalls_ReadThrowsTimeout()
    {
        var (client, handler, _) = Fake.Client(Quick);
        handler.Reply(_ => FaultyContent.Response(HttpStatusCode.OK, FaultyContent.Stalled(new byte[100], 5000)));
        using var r = await client.GetObjectAsync("b", "k");
        var buffer = new byte[4096];
        int n = await r.Content.ReadAtLeastAsync(buffer, 100);
        Assert.Equal(100, n);
        var e = await Assert.ThrowsAsync<TimeoutException>(() => r.Content.ReadAtLeastAsync(buffer, 1).AsTask());
        Assert.Contains("no byte arrived for 0.3 s", e.Message);
    }

    [Fact]
    public async Task GetObjectAsync_SlowConsumer_NeverTimesOut()
    {
        var (client, handler, _) = Fake.Client(Quick);
        handler.Reply(HttpStatusCode.OK, "0123456789");
        using var r = await client.GetObjectAsync("b", "k");
        var buffer = new byte[5];
        Assert.Equal(5, await r.Content.ReadAsync(buffer));
        await Task.Delay(800); // the caller is slow, not the server
        Assert.Equal(5, await r.Content.ReadAsync(buffer));
        Assert.Equal(0, await r.Content.ReadAsync(buffer));
    }

    [Fact]
    public async Task GetObjectBytesAsync_SteadyTrickle_NotAStall()
    {
        // Each byte comes well within the idle limit, the whole body well past it.
        var (client, handler, _) = Fake.Client(Quick with { IdleTimeout = TimeSpan.FromSeconds(2), MaxAttempts = 1 });
        handler.Reply(_ => FaultyContent.Response(HttpStatusCode.OK, new StreamContent(new TrickleStream(16, TimeSpan.FromMilliseconds(200)))));
        var bytes = await client.GetObjectBytesAsync("b", "k");
        Assert.Equal(16, bytes.Length);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task PutObjectAsync_ServerStopsReading_EachAttemptTimesOut()
    {
        var sinks = new List<FaultyContent.StallingSinkStream>();
        using var client = new S3Client(Quick, new SinkHandler(() =>
        {
            var sink = new FaultyContent.StallingSinkStream(accept: 64 * 1024);
            sinks.Add(sink);
            return sink;
        }));
        client.Delay = (_, _) => Task.CompletedTask;
        var e = await Assert.ThrowsAsync<TimeoutException>(() => client.PutObjectAsync("b", "k", new byte[1024 * 1024]));
        Assert.Equal(2, sinks.Count);
        Assert.Contains("while sending the request body (IdleTimeout)", e.Message);
        Assert.All(sinks, s => Assert.Equal(64 * 1024, s.Taken));
    }

    [Fact]
    public void Options_IdleTimeoutOutOfRange_Refused()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new S3Client(Fake.Options() with { IdleTimeout = TimeSpan.Zero }, new FakeHandler()));
        Assert.Contains("IdleTimeout 00:00:00 is out of range", e.Message);
        using var off = new S3Client(Fake.Options() with { IdleTimeout = Timeout.InfiniteTimeSpan, ConnectTimeout = Timeout.InfiniteTimeSpan }, new FakeHandler());
    }

    /// <summary>Writes each request body into a fresh sink (which may stop reading), then answers 200.</summary>
    private sealed class SinkHandler(Func<Stream> sink) : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await request.Content!.CopyToAsync(sink(), cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([]) };
        }
    }
}
