using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Signing.S3.Tests.Unit;

public sealed class S3ClientPostCorsTests
{
    [Theory]
    [InlineData(S3Addressing.PathStyle, "http://s3.test:9000/b")]
    [InlineData(S3Addressing.VirtualHost, "http://b.s3.test:9000/")]
    public void S3Client_PresignPost_UrlFollowsAddressing(S3Addressing addressing, string url)
    {
        var (client, _, _) = Fake.Client(Fake.Options() with { Addressing = addressing });

        var post = client.PresignPost("b", "k", TimeSpan.FromMinutes(1));

        Assert.Equal(url, post.Url.OriginalString);
    }

    [Fact]
    public void S3Client_PresignPost_WritesOptionsThenBucketThenKey()
    {
        var (client, _, _) = Fake.Client();

        var post = client.PresignPost("b", "up/${filename}", TimeSpan.FromSeconds(1), new PresignPostOptions
        {
            MaxContentLength = 10,
            ContentType = "text/plain",
            Acl = S3CannedAcl.PublicRead,
            SuccessActionStatus = 201,
            Metadata = new Dictionary<string, string> { ["a"] = "1" },
        });

        Assert.StartsWith(
            """{"expiration": "2024-05-01T12:00:01Z", "conditions": [["content-length-range", 0, 10], {"Content-Type": "text/plain"}, {"acl": "public-read"}, {"success_action_status": "201"}, {"x-amz-meta-a": "1"}, {"bucket": "b"}, ["starts-with", "$key", "up/"], {"x-amz-algorithm": "AWS4-HMAC-SHA256"}, {"x-amz-credential": "AKIDEXAMPLE/20240501/us-east-1/s3/aws4_request"}, {"x-amz-date": "20240501T120000Z"}]}""",
            post.Document);
        Assert.Equal(
            ["Content-Type", "acl", "success_action_status", "x-amz-meta-a", "key", "x-amz-algorithm", "x-amz-credential", "x-amz-date", "policy", "x-amz-signature"],
            post.Fields.Select(f => f.Key));
        Assert.Equal("up/${filename}", post.Fields.Single(f => f.Key == "key").Value);
        Assert.Equal(Fake.Time.AddSeconds(1), post.Expiration);
    }

    [Theory]
    [InlineData(S3SigningPolicy.SigV2)]
    [InlineData(S3SigningPolicy.Hybrid)]
    public void S3Client_PresignPost_SigV2UnderSigV2AndHybrid(S3SigningPolicy policy)
    {
        var (client, _, _) = Fake.Client(Fake.Options() with { SigningPolicy = policy });

        var post = client.PresignPost("b", "k", TimeSpan.FromMinutes(1));

        Assert.Equal(["key", "AWSAccessKeyId", "policy", "signature"], post.Fields.Select(f => f.Key));
    }

    [Fact]
    public void S3Client_PresignPost_PolicyForAnotherBucketRefused()
    {
        var (client, _, _) = Fake.Client();
        var policy = new PostPolicy(Fake.Time.AddHours(1)).SetBucket("other");

        var e = Assert.Throws<ArgumentException>(() => client.PresignPost("b", policy));

        Assert.Equal("policy", e.ParamName);
        Assert.Null(new PostPolicy(Fake.Time.AddHours(1)).Find("bucket"));
        Assert.Contains("{\"bucket\": \"b\"}", client.PresignPost("b", new PostPolicy(Fake.Time.AddHours(1))).Document);
    }

    [Fact]
    public void S3Client_PresignPost_BadInputsRefused()
    {
        var (client, _, _) = Fake.Client();
        var anonymous = Fake.Client(Fake.Options() with { Credentials = null }).Client;

        Assert.Equal("expires", Assert.Throws<ArgumentOutOfRangeException>(() => client.PresignPost("b", "k", TimeSpan.FromDays(8))).ParamName);
        Assert.Equal("key", Assert.Throws<ArgumentException>(() => client.PresignPost("b", "k\r\n", TimeSpan.FromMinutes(1))).ParamName);
        Assert.Equal("maximum", Assert.Throws<ArgumentOutOfRangeException>(() => client.PresignPost("b", "k", TimeSpan.FromMinutes(1), new PresignPostOptions { MinContentLength = 5, MaxContentLength = 4 })).ParamName);
        Assert.Throws<InvalidOperationException>(() => anonymous.PresignPost("b", "k", TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public async Task S3Client_PutBucketCors_SendsXmlWithContentMd5()
    {
        var (client, handler, _) = Fake.Client();

        await client.PutBucketCorsAsync("b", [new S3CorsRule { Id = "r1", AllowedOrigins = ["https://a.example"], AllowedMethods = ["PUT"], AllowedHeaders = ["*"], ExposeHeaders = ["ETag"], MaxAgeSeconds = 30 }]);

        var r = handler.Requests[0];
        Assert.Equal("PUT", r.Method);
        Assert.Equal("/b?cors", r.PathAndQuery);
        Assert.Equal(Convert.ToBase64String(MD5.HashData(r.Body)), r.Header("Content-MD5"));
        Assert.EndsWith(
            """<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><CORSRule><ID>r1</ID><AllowedOrigin>https://a.example</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><MaxAgeSeconds>30</MaxAgeSeconds><ExposeHeader>ETag</ExposeHeader></CORSRule></CORSConfiguration>""",
            Encoding.UTF8.GetString(r.Body));
    }

    [Fact]
    public async Task S3Client_GetBucketCors_ParsesRules()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, """
            <CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod><AllowedOrigin>*</AllowedOrigin>
            <AllowedHeader>x</AllowedHeader><MaxAgeSeconds>9</MaxAgeSeconds></CORSRule><CORSRule><ID>two</ID><AllowedMethod>POST</AllowedMethod><AllowedOrigin>o</AllowedOrigin></CORSRule></CORSConfiguration>
            """);

        var rules = await client.GetBucketCorsAsync("b");

        Assert.Equal("/b?cors", handler.Requests[0].PathAndQuery);
        Assert.Equal(2, rules.Count);
        Assert.Equal(["GET", "PUT"], rules[0].AllowedMethods);
        Assert.Equal(["x"], rules[0].AllowedHeaders);
        Assert.Empty(rules[0].ExposeHeaders);
        Assert.Equal(9, rules[0].MaxAgeSeconds);
        Assert.Null(rules[0].Id);
        Assert.Equal("two", rules[1].Id);
        Assert.Null(rules[1].MaxAgeSeconds);
    }

    [Fact]
    public async Task S3Client_DeleteBucketCors_SendsDelete()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.NoContent);

        await client.DeleteBucketCorsAsync("b");

        Assert.Equal("DELETE /b?cors", $"{handler.Requests[0].Method} {handler.Requests[0].PathAndQuery}");
    }

    public static TheoryData<S3CorsRule[], string> BadRules() => new()
    {
        { [], "1 to 100" },
        { [new S3CorsRule { AllowedMethods = ["GET"] }], "AllowedOrigins" },
        { [new S3CorsRule { AllowedOrigins = ["*"] }], "AllowedMethods" },
        { [new S3CorsRule { AllowedOrigins = ["*"], AllowedMethods = ["get"] }], "'get'" },
        { [new S3CorsRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"], MaxAgeSeconds = -1 }], "MaxAgeSeconds" },
        { [new S3CorsRule { AllowedOrigins = ["https://a\r\nb"], AllowedMethods = ["GET"] }], "control character" },
        { [new S3CorsRule { AllowedOrigins = ["*"], AllowedMethods = ["GET"], AllowedHeaders = [""] }], "empty" },
    };

    [Theory]
    [MemberData(nameof(BadRules))]
    public async Task S3Client_PutBucketCors_BadRulesRefusedBeforeSending(S3CorsRule[] rules, string expected)
    {
        var (client, handler, _) = Fake.Client();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => client.PutBucketCorsAsync("b", rules));

        Assert.Equal("rules", e.ParamName);
        Assert.Contains(expected, e.Message);
        Assert.Empty(handler.Requests);
    }
}
