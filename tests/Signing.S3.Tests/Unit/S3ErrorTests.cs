using System.Net;
using Signing.S3.Internal;

namespace Signing.S3.Tests.Unit;

public sealed class S3ErrorTests
{
    [Fact]
    public void S3Errors_Create_ParsesErrorXml()
    {
        string xml = "<?xml version=\"1.0\"?><Error><Code>NoSuchBucket</Code><Message>The bucket does not exist</Message><BucketName>b</BucketName><Resource>/b</Resource><RequestId>tx-42</RequestId><HostId>h</HostId></Error>";
        var e = S3Errors.Create(HttpStatusCode.NotFound, xml, null, "GET", "b", null, null, new SecretRedactor(null), advice: null);
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
        Assert.Equal("NoSuchBucket", e.Code);
        Assert.Equal("The bucket does not exist", e.ServerMessage);
        Assert.Equal("tx-42", e.RequestId);
        Assert.Equal("/b", e.Resource);
        Assert.Equal("S3 NoSuchBucket (404 NotFound) on GET /b: The bucket does not exist (request id tx-42)", e.Message);
    }

    [Fact]
    public void S3Errors_Create_NamespacedErrorAndRequestIdHeader()
    {
        string xml = "<Error xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"><Code>AccessDenied</Code></Error>";
        var e = S3Errors.Create(HttpStatusCode.Forbidden, xml, "hdr-id", "PUT", "b", "k", null, new SecretRedactor(null), advice: null);
        Assert.Equal("AccessDenied", e.Code);
        Assert.Equal("hdr-id", e.RequestId);
        Assert.Equal("b/k", e.Resource);
    }

    [Fact]
    public void S3Errors_Create_NonXmlBodyShownInMessage()
    {
        var e = S3Errors.Create(HttpStatusCode.BadGateway, "<html>proxy down", null, "GET", null, null, null, new SecretRedactor(null), advice: null);
        Assert.Equal("BadGateway", e.Code);
        Assert.Contains("proxy down", e.Message);
    }

    [Theory]
    [InlineData("k", "NoSuchKey")]
    [InlineData(null, "NoSuchBucket")]
    public async Task S3Client_Head404_MappedToNoSuchKeyOrBucket(string? key, string code)
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.NotFound);
        var e = await Assert.ThrowsAsync<S3Exception>(() => key is null ? client.HeadBucketAsync("b") : client.HeadObjectAsync("b", key));
        Assert.Equal(code, e.Code);
        Assert.Equal(HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task S3Client_BucketExists_FalseOn404()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.NotFound).Reply(HttpStatusCode.OK);
        Assert.False(await client.BucketExistsAsync("b"));
        Assert.True(await client.BucketExistsAsync("b"));
    }

    [Fact]
    public async Task S3Client_SignatureDoesNotMatch_HintNamesFirstDifferingCanonicalLine()
    {
        var (client, handler, _) = Fake.Client();
        string serverCanonical = "PUT\n/b/other-key\n\nhost:s3.test:9000";
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("SignatureDoesNotMatch", "sig", $"<CanonicalRequest>{serverCanonical}</CanonicalRequest><StringToSign>x</StringToSign>"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.PutObjectAsync("b", "my key", "x"u8.ToArray()));
        Assert.Equal("SignatureDoesNotMatch", e.Code);
        Assert.Equal("canonical request line 2: server has \"/b/other-key\", this client signed \"/b/my%20key\"", e.SignatureMismatchHint);
        Assert.Contains(e.SignatureMismatchHint!, e.Message);
        Assert.DoesNotContain(Fake.SecretKey, e.Message);
    }

    [Fact]
    public async Task S3Client_SignatureDoesNotMatchSigV2_HintFromStringToSign()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { SigningPolicy = S3SigningPolicy.SigV2 });
        string serverStringToSign = "DELETE\n\n\nWed, 01 May 2024 12:00:00 GMT\n/b/k2";
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("SignatureDoesNotMatch", "sig", $"<StringToSign>{serverStringToSign}</StringToSign>"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DeleteObjectAsync("b", "k"));
        Assert.Equal("string to sign line 5: server has \"/b/k2\", this client signed \"/b/k\"", e.SignatureMismatchHint);
    }

    [Fact]
    public async Task S3Client_SignatureDoesNotMatchSameText_HintBlamesSecret()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { SigningPolicy = S3SigningPolicy.SigV2 });
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("SignatureDoesNotMatch", "sig", "<StringToSign>DELETE\n\n\nWed, 01 May 2024 12:00:00 GMT\n/b/k</StringToSign>"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DeleteObjectAsync("b", "k"));
        Assert.Contains("secret key differs", e.SignatureMismatchHint);
    }

    [Fact]
    public async Task S3Client_SignatureDoesNotMatchWithoutServerText_NoHint()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("SignatureDoesNotMatch"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.DeleteObjectAsync("b", "k"));
        Assert.Null(e.SignatureMismatchHint);
    }

    [Fact]
    public async Task S3Client_CopyObjectErrorIn200_Throws()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.OK, FakeHandler.ErrorXml("InternalError", "copy failed"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.CopyObjectAsync("b", "k", "b", "k2"));
        Assert.Equal("InternalError", e.Code);
    }

    [Fact]
    public void SignatureHint_FirstDifference_ExtraLine()
    {
        Assert.Equal("x line 3: server has (no line), this client signed \"c\"", SignatureHint.FirstDifference("x", "a\nb", "a\nb\nc"));
        Assert.Null(SignatureHint.FirstDifference("x", "a\r\nb", "a\nb"));
    }
}
