namespace Signing.S3.Tests.Unit;

/// <summary>An endpoint with a base path (a gateway's /s3) is sent and signed as one path.</summary>
public sealed class S3ClientEndpointPathTests
{
    [Theory]
    [InlineData(S3SigningPolicy.SigV4, S3Addressing.PathStyle, "/gateway/s3/b/dir/k%20x")]
    [InlineData(S3SigningPolicy.SigV2, S3Addressing.PathStyle, "/gateway/s3/b/dir/k%20x")]
    [InlineData(S3SigningPolicy.SigV4, S3Addressing.VirtualHost, "/gateway/s3/dir/k%20x")]
    [InlineData(S3SigningPolicy.SigV2, S3Addressing.VirtualHost, "/gateway/s3/dir/k%20x")]
    public async Task PutObjectAsync_EndpointWithBasePath_PathSentIsPathSigned(S3SigningPolicy policy, S3Addressing addressing, string expectedPath)
    {
        var options = Fake.Options("http://s3.test:9000/gateway/s3/") with { SigningPolicy = policy, Addressing = addressing };
        var (client, handler, _) = Fake.Client(options);
        await client.PutObjectAsync("b", "dir/k x", "data"u8.ToArray());
        var sent = handler.Requests.Single();
        Assert.Equal(expectedPath, sent.Uri.AbsolutePath);
        Assert.Equal(Resign(sent, policy, addressing == S3Addressing.VirtualHost ? "b" : null), sent.Authorization);
    }

    [Fact]
    public void PresignGetObject_EndpointWithBasePath_PathKept()
    {
        var (client, _, _) = Fake.Client(Fake.Options("http://s3.test:9000/gateway/s3"));
        var url = client.PresignGetObject("b", "k", TimeSpan.FromMinutes(5));
        Assert.StartsWith("http://s3.test:9000/gateway/s3/b/k?X-Amz-Algorithm=", url.OriginalString);
    }

    /// <summary>Signs what the server received, as a server would check it: the path as it arrived, the signed headers' values.</summary>
    private static string Resign(RecordedRequest sent, S3SigningPolicy policy, string? virtualBucket)
    {
        var credentials = new AwsCredentials(Fake.AccessKey, Fake.SecretKey);
        if (policy == S3SigningPolicy.SigV2)
        {
            var headers2 = sent.Headers.Where(h => h.Key != "Authorization").Select(h => new HttpHeader(h.Key, h.Value)).ToArray();
            var view2 = new HttpRequestView(sent.Method, sent.Uri.AbsolutePath, sent.Uri.Query.TrimStart('?'), headers2);
            return new SigV2Signer(credentials).Sign(view2, Fake.Time, virtualBucket).Authorization;
        }

        string signedHeaders = sent.Authorization.Split("SignedHeaders=")[1].Split(',')[0];
        var headers = signedHeaders.Split(';').Select(n => new HttpHeader(n, sent.Header(n) ?? (n == "host" ? sent.Uri.Authority : string.Empty))).ToArray();
        var view = new HttpRequestView(sent.Method, sent.Uri.AbsolutePath, sent.Uri.Query.TrimStart('?'), headers) { PayloadHash = sent.Header("x-amz-content-sha256") };
        return new SigV4Signer(credentials, "us-east-1", "s3").Sign(view, Fake.Time).Authorization;
    }
}
