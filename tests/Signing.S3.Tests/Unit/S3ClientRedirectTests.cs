using System.Net;

namespace Signing.S3.Tests.Unit;

/// <summary>A 3xx is never followed: it is an S3Exception naming the status, the host pointed at and what to do.</summary>
public sealed class S3ClientRedirectTests
{
    [Theory]
    [InlineData(HttpStatusCode.TemporaryRedirect, "TemporaryRedirect")]
    [InlineData(HttpStatusCode.Found, "Found")]
    [InlineData(HttpStatusCode.PermanentRedirect, "PermanentRedirect")]
    public async Task SendAsync_Redirect_NotFollowedNotRetried(HttpStatusCode status, string code)
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(status, string.Empty, ("Location", "http://other-host:9/x?X-Amz-Signature=abc123"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.PutObjectAsync("b", "k", "data"u8.ToArray()));
        Assert.Equal(status, e.StatusCode);
        Assert.Equal(code, e.Code);
        Assert.Contains("redirects to http://other-host:9", e.Message);
        Assert.Contains("never followed", e.Message);
        Assert.DoesNotContain("X-Amz-Signature", e.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task SendAsync_PermanentRedirectWithBucketRegion_NamesTheRegion()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.MovedPermanently, FakeHandler.ErrorXml("PermanentRedirect", "use the endpoint", "<Endpoint>b.s3.eu-west-1.amazonaws.com</Endpoint>"), ("x-amz-bucket-region", "eu-west-1"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectBytesAsync("b", "k"));
        Assert.Equal("PermanentRedirect", e.Code);
        Assert.Contains("redirects to b.s3.eu-west-1.amazonaws.com", e.Message);
        Assert.Contains("The bucket is in region eu-west-1, not us-east-1: set Region = \"eu-west-1\"", e.Message);
    }

    [Fact]
    public async Task SendAsync_NotModified_StillNotModified()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.NotModified);
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectAsync("b", "k", new GetObjectOptions { IfNoneMatch = "\"e\"" }));
        Assert.Equal("NotModified", e.Code);
        Assert.DoesNotContain("redirect", e.Message);
    }

    [Fact]
    public void Constructor_HandlersThatFollowRedirects_SwitchedOff()
    {
        var sockets = new SocketsHttpHandler();
        var inner = new HttpClientHandler();
        Assert.True(sockets.AllowAutoRedirect);
        using (new S3Client(Fake.Options(), sockets))
        {
            Assert.False(sockets.AllowAutoRedirect);
        }

        using (new S3Client(Fake.Options(), new PassThrough(inner)))
        {
            Assert.False(inner.AllowAutoRedirect);
        }
    }

    [Fact]
    public void Constructor_OwnHandler_DoesNotFollowRedirects()
    {
        using var client = new S3Client(Fake.Options());
        var field = typeof(HttpMessageInvoker).GetField("_handler", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance);
        var http = (HttpClient)typeof(S3Client).GetField("_http", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(client)!;
        var handler = Assert.IsType<SocketsHttpHandler>(field!.GetValue(http));
        Assert.False(handler.AllowAutoRedirect);
        Assert.Equal(TimeSpan.FromSeconds(10), handler.ConnectTimeout);
    }

    [Fact]
    public async Task SendAsync_HandlerFollowedARedirect_Refused()
    {
        using var client = new S3Client(Fake.Options(), new FollowingHandler());
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DeleteObjectAsync("b", "k"));
        Assert.Contains("followed a redirect to http://elsewhere.test:8080", e.Message);
        Assert.Contains("AllowAutoRedirect = false", e.Message);
    }

    /// <summary>Answers as a handler that followed a redirect does: the response's request points elsewhere.</summary>
    private sealed class FollowingHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = new Uri("http://elsewhere.test:8080/landing");
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NoContent) { RequestMessage = request, Content = new ByteArrayContent([]) });
        }
    }

    private sealed class PassThrough(HttpMessageHandler inner) : DelegatingHandler(inner);
}
