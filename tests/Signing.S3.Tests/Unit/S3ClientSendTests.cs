using System.Net;

namespace Signing.S3.Tests.Unit;

public sealed class S3ClientSendTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "SlowDown")]
    [InlineData(HttpStatusCode.BadGateway, "")]
    [InlineData((HttpStatusCode)429, "TooManyRequests")]
    [InlineData(HttpStatusCode.BadRequest, "RequestTimeout")]
    public async Task SendAsync_RetryableError_RetriedUpToMaxAttempts(HttpStatusCode status, string code)
    {
        var (client, handler, delays) = Fake.Client();
        string body = code.Length == 0 ? string.Empty : FakeHandler.ErrorXml(code);
        handler.Reply(status, body).Reply(status, body).Reply(status, body).Reply(status, body);
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.ListBucketsAsync());
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task SendAsync_SlowDownThenOk_Succeeds()
    {
        var (client, handler, delays) = Fake.Client();
        handler.Reply(HttpStatusCode.ServiceUnavailable, FakeHandler.ErrorXml("SlowDown"));
        await client.PutObjectAsync("b", "k", "data"u8.ToArray());
        Assert.Equal(2, handler.Requests.Count);
        Assert.Single(delays);
        Assert.Equal("data"u8.ToArray(), handler.Requests[1].Body);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotImplemented, "NotImplemented")]
    [InlineData(HttpStatusCode.Forbidden, "AccessDenied")]
    [InlineData(HttpStatusCode.NotFound, "NoSuchKey")]
    [InlineData(HttpStatusCode.BadRequest, "InvalidArgument")]
    public async Task SendAsync_PermanentError_NotRetried(HttpStatusCode status, string code)
    {
        var (client, handler, delays) = Fake.Client();
        handler.Reply(status, FakeHandler.ErrorXml(code));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DeleteObjectAsync("b", "k"));
        Assert.Equal(code, e.Code);
        Assert.Single(handler.Requests);
        Assert.Empty(delays);
    }

    [Fact]
    public async Task SendAsync_ConnectionFailures_RetriedThenSucceeds()
    {
        var (client, handler, delays) = Fake.Client();
        handler.Throw(new HttpRequestException("connection refused")).Throw(new IOException("reset"));
        await client.HeadBucketAsync("b");
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(2, delays.Count);
    }

    [Fact]
    public async Task SendAsync_ConnectionFailureEveryTime_ThrowsLastOneWithContext()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { MaxAttempts = 2 });
        handler.Throw(new HttpRequestException("one")).Throw(new HttpRequestException("two"));
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.HeadBucketAsync("b"));
        Assert.Equal("two", e.InnerException!.Message);
        Assert.Equal("S3 HEAD b failed after 2 attempt(s): the server could not be reached or dropped the connection (two).", e.Message);
    }

    [Fact]
    public async Task SendAsync_EachAttempt_SignedAfresh()
    {
        var clock = new ManualClock(Fake.Time) { Step = TimeSpan.FromSeconds(2) };
        var (client, handler, _) = Fake.Client(Fake.Options() with { TimeProvider = clock });
        handler.Reply(HttpStatusCode.InternalServerError).Reply(HttpStatusCode.InternalServerError);
        await client.PutObjectAsync("b", "k", "body"u8.ToArray());
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(3, handler.Requests.Select(r => r.Header("X-Amz-Date")).Distinct().Count());
        Assert.Equal(3, handler.Requests.Select(r => r.Authorization).Distinct().Count());
        Assert.All(handler.Requests, r => Assert.Equal("body"u8.ToArray(), r.Body));
    }

    [Fact]
    public async Task SendAsync_SeekableStreamBody_ReplayedOnRetry()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.ServiceUnavailable);
        using var stream = new MemoryStream("0123456789"u8.ToArray()) { Position = 3 };
        await client.PutObjectAsync("b", "k", stream);
        Assert.All(handler.Requests, r => Assert.Equal("3456789"u8.ToArray(), r.Body));
    }

    [Fact]
    public async Task SendAsync_Timeout_RetriedThenTimeoutException()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { Timeout = TimeSpan.FromMilliseconds(50), MaxAttempts = 2 });
        handler.Hang().Hang();
        var e = await Assert.ThrowsAsync<TimeoutException>(() => client.HeadBucketAsync("b"));
        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("timed out", e.Message);
    }

    [Fact]
    public async Task SendAsync_CallerCancels_NotRetried()
    {
        var (client, handler, _) = Fake.Client();
        handler.Hang();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.HeadBucketAsync("b", cts.Token));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void BackoffDelay_Attempt_WithinJitteredExponentialCap()
    {
        using var client = new S3Client(Fake.Options() with { RetryBaseDelay = TimeSpan.FromMilliseconds(100), MaxRetryDelay = TimeSpan.FromMilliseconds(700) }, new FakeHandler());
        for (int attempt = 1; attempt <= 6; attempt++)
        {
            double cap = Math.Min(700, 100 * Math.Pow(2, attempt - 1));
            var samples = Enumerable.Range(0, 200).Select(_ => client.BackoffDelay(attempt).TotalMilliseconds).ToList();
            Assert.All(samples, d => Assert.InRange(d, 0, cap));
            Assert.True(samples.Distinct().Count() > 100, "the delays are jittered");
        }
    }

    [Fact]
    public async Task SendAsync_RequestTimeTooSkewed_CorrectsClockAndRetries()
    {
        var serverNow = Fake.Time + TimeSpan.FromMinutes(20);
        var (client, handler, delays) = Fake.Client();
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("RequestTimeTooSkewed"), ("Date", serverNow.ToString("r")));
        await client.DeleteObjectAsync("b", "k");
        Assert.Equal(2, handler.Requests.Count);
        Assert.Empty(delays);
        Assert.Equal("20240501T120000Z", handler.Requests[0].Header("X-Amz-Date"));
        Assert.Equal("20240501T122000Z", handler.Requests[1].Header("X-Amz-Date"));
        Assert.Equal(TimeSpan.FromMinutes(20), client.ClockOffset);

        await client.HeadBucketAsync("b");
        Assert.Equal("20240501T122000Z", handler.Requests[2].Header("X-Amz-Date"));
    }

    [Fact]
    public async Task SendAsync_RequestTimeTooSkewedSigV2_CorrectsDateHeader()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { SigningPolicy = S3SigningPolicy.SigV2 });
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("RequestTimeTooSkewed"), ("Date", (Fake.Time - TimeSpan.FromHours(1)).ToString("r")));
        await client.DeleteObjectAsync("b", "k");
        Assert.Equal("Wed, 01 May 2024 11:00:00 GMT", handler.Requests[1].Header("Date"));
    }

    [Fact]
    public async Task SendAsync_RequestTimeTooSkewedTwice_CorrectsOnceThenThrows()
    {
        var (client, handler, _) = Fake.Client();
        var skewed = FakeHandler.ErrorXml("RequestTimeTooSkewed");
        handler.Reply(HttpStatusCode.Forbidden, skewed, ("Date", "Wed, 01 May 2024 13:00:00 GMT"))
            .Reply(HttpStatusCode.Forbidden, skewed, ("Date", "Wed, 01 May 2024 14:00:00 GMT"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.ListBucketsAsync());
        Assert.Equal("RequestTimeTooSkewed", e.Code);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task SendAsync_BodilessForbiddenWithFarDate_TreatedAsSkew()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.Forbidden, string.Empty, ("Date", "Wed, 01 May 2024 12:30:00 GMT"));
        await client.HeadObjectAsync("b", "k");
        Assert.Equal("20240501T123000Z", handler.Requests[1].Header("X-Amz-Date"));
    }

    [Fact]
    public async Task SendAsync_BodilessForbiddenWithNearDate_IsForbidden()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.Forbidden, string.Empty, ("Date", "Wed, 01 May 2024 12:01:00 GMT"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.HeadObjectAsync("b", "k"));
        Assert.Equal("Forbidden", e.Code);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SendAsync_SkewCorrectionDisabled_Throws()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { ClockSkewCorrection = S3ClockSkewCorrection.Disabled });
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("RequestTimeTooSkewed"), ("Date", "Wed, 01 May 2024 13:00:00 GMT"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.ListBucketsAsync());
        Assert.Equal("RequestTimeTooSkewed", e.Code);
        Assert.Single(handler.Requests);
        Assert.Equal(TimeSpan.Zero, client.ClockOffset);
    }
}
