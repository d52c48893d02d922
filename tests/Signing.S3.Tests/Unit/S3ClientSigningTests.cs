using System.Net;
using System.Security.Cryptography;

namespace Signing.S3.Tests.Unit;

public sealed class S3ClientSigningTests
{
    private const string V4 = "AWS4-HMAC-SHA256 ";
    private const string V2 = "AWS ";

    /// <summary>Runs one operation of each kind and returns the Authorization scheme each was signed with.</summary>
    private static async Task<Dictionary<string, string>> SchemesAsync(S3SigningPolicy policy)
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { SigningPolicy = policy });
        handler.Default = _ => FakeHandler.Response(HttpStatusCode.OK, ListXml);
        var result = new Dictionary<string, string>();
        async Task Run(string name, Func<Task> op)
        {
            handler.Requests.Clear();
            await op();
            string auth = handler.Requests[0].Authorization;
            result[name] = auth.StartsWith(V4, StringComparison.Ordinal) ? "V4" : auth.StartsWith(V2, StringComparison.Ordinal) ? "V2" : "none";
        }

        await Run("PutObject", () => client.PutObjectAsync("b", "k", "x"u8.ToArray()));
        await Run("GetObject", () => client.GetObjectBytesAsync("b", "k"));
        await Run("DeleteObject", () => client.DeleteObjectAsync("b", "k"));
        await Run("HeadObject", () => client.HeadObjectAsync("b", "k"));
        await Run("ListObjectsV2", () => client.ListObjectsV2Async("b"));
        await Run("CreateBucket", () => client.CreateBucketAsync("b"));
        await Run("HeadBucket", () => client.HeadBucketAsync("b"));
        await Run("PutObjectAcl", () => client.PutObjectAclAsync("b", "k", S3CannedAcl.PublicRead));
        return result;
    }

    private const string ListXml = "<ListBucketResult><IsTruncated>false</IsTruncated></ListBucketResult>";

    [Fact]
    public async Task S3Client_HybridPolicy_ObjectDataWithSigV2RestWithSigV4()
    {
        var schemes = await SchemesAsync(S3SigningPolicy.Hybrid);
        Assert.Equal("V2", schemes["PutObject"]);
        Assert.Equal("V2", schemes["GetObject"]);
        Assert.Equal("V2", schemes["DeleteObject"]);
        Assert.Equal("V4", schemes["HeadObject"]);
        Assert.Equal("V4", schemes["ListObjectsV2"]);
        Assert.Equal("V4", schemes["CreateBucket"]);
        Assert.Equal("V4", schemes["HeadBucket"]);
        Assert.Equal("V4", schemes["PutObjectAcl"]);
    }

    [Theory]
    [InlineData(S3SigningPolicy.SigV4, "V4")]
    [InlineData(S3SigningPolicy.SigV2, "V2")]
    public async Task S3Client_SinglePolicy_EveryOperation(S3SigningPolicy policy, string scheme) =>
        Assert.All(await SchemesAsync(policy), kv => Assert.Equal(scheme, kv.Value));

    [Fact]
    public async Task S3Client_Anonymous_NoAuthorization()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { Credentials = null });
        await client.GetObjectBytesAsync("b", "k");
        Assert.Null(handler.Requests[0].Header("Authorization"));
        Assert.Null(handler.Requests[0].Header("x-amz-content-sha256"));
        Assert.Throws<InvalidOperationException>(() => client.PresignGetObject("b", "k", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task S3Client_SigV4_SignsBodySha256()
    {
        var (client, handler, _) = Fake.Client();
        byte[] body = "payload"u8.ToArray();
        await client.PutObjectAsync("b", "k", body, new PutObjectOptions { ContentType = "text/plain" });
        var r = handler.Requests[0];
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)).ToLowerInvariant(), r.Header("x-amz-content-sha256"));
        Assert.Contains("content-type", r.Authorization);
        Assert.Contains("x-amz-content-sha256", r.Authorization);
        Assert.Contains("Credential=AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request", r.Authorization);
    }

    [Fact]
    public async Task S3Client_SigV2_NoPayloadHashHeader()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { SigningPolicy = S3SigningPolicy.SigV2 });
        await client.PutObjectAsync("b", "k", "x"u8.ToArray());
        var r = handler.Requests[0];
        Assert.StartsWith("AWS AKIDEXAMPLE:", r.Authorization);
        Assert.Null(r.Header("x-amz-content-sha256"));
        Assert.Equal("Wed, 01 May 2024 12:00:00 GMT", r.Header("Date"));
    }

    [Fact]
    public async Task S3Client_SigV2VirtualHost_SignsBucketInResource()
    {
        var (client, handler, _) = Fake.Client(Fake.Options("http://localhost:9000") with { SigningPolicy = S3SigningPolicy.SigV2, Addressing = S3Addressing.VirtualHost });
        await client.DeleteObjectAsync("bkt", "a b");
        var r = handler.Requests[0];
        var signer = new SigV2Signer(new AwsCredentials(Fake.AccessKey, Fake.SecretKey));
        HttpHeader[] headers = [new("Date", r.Header("Date")!)];
        var withBucket = signer.Sign(new HttpRequestView("DELETE", "/a%20b", "", headers), Fake.Time, "bkt");
        Assert.Equal(withBucket.Authorization, r.Authorization);
    }

    [Fact]
    public async Task S3Client_UnsignedPayload_WhenAllowed()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { Payload = Payload.Unsigned, AllowUnsignedPayloadOverHttp = true });
        await client.PutObjectAsync("b", "k", "x"u8.ToArray());
        Assert.Equal("UNSIGNED-PAYLOAD", handler.Requests[0].Header("x-amz-content-sha256"));
    }

    [Fact]
    public async Task S3Client_StreamingChunked_SendsAwsChunkedBody()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { Payload = Payload.Streaming() });
        byte[] data = new byte[100_000];
        await client.PutObjectAsync("b", "k", data);
        var r = handler.Requests[0];
        Assert.Equal("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", r.Header("x-amz-content-sha256"));
        Assert.Equal("aws-chunked", r.Header("Content-Encoding"));
        Assert.Equal("100000", r.Header("x-amz-decoded-content-length"));
        string start = System.Text.Encoding.ASCII.GetString(r.Body, 0, 90);
        Assert.StartsWith("10000;chunk-signature=", start);
        Assert.True(r.Body.Length > data.Length);
    }

    [Fact]
    public async Task S3Client_StreamingChunked_SmallBodiesOfOtherRequestsHashed()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { Payload = Payload.Streaming() });
        handler.Default = _ => FakeHandler.Response(HttpStatusCode.OK, "<DeleteResult/>");
        await client.DeleteObjectsAsync("b", ["k"]);
        Assert.Equal(64, handler.Requests[0].Header("x-amz-content-sha256")!.Length);
    }

    [Theory]
    [InlineData(S3SigningPolicy.SigV4, "X-Amz-Signature=")]
    [InlineData(S3SigningPolicy.SigV2, "Signature=")]
    [InlineData(S3SigningPolicy.Hybrid, "AWSAccessKeyId=")]
    public void S3Client_PresignGetObject_SchemePerPolicy(S3SigningPolicy policy, string marker)
    {
        var (client, _, _) = Fake.Client(Fake.Options() with { SigningPolicy = policy });
        var url = client.PresignGetObject("b", "a/../b c", TimeSpan.FromMinutes(5), new PresignGetOptions { ResponseContentType = "text/csv" });
        Assert.StartsWith("http://s3.test:9000/b/a/../b%20c?response-content-type=text%2Fcsv&", url.OriginalString);
        Assert.Contains(marker, url.OriginalString);
    }

    [Fact]
    public void S3Client_PresignPutObject_BindsContentType()
    {
        var (client, _, _) = Fake.Client();
        var url = client.PresignPutObject("b", "k", TimeSpan.FromMinutes(5), "image/png");
        Assert.Contains("X-Amz-SignedHeaders=content-type%3Bhost", url.OriginalString);
    }
}
