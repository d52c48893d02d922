using System.Net;

namespace Signing.S3.Tests.Unit;

/// <summary>SignatureDoesNotMatch says what to check; nothing a server echoes back carries the session token into a message.</summary>
public sealed class S3ClientMismatchTests
{
    private const string Token = "TOKENzq9+Ab/Cd==SESSIONxy7";

    [Fact]
    public async Task SignatureDoesNotMatch_NoServerHint_SaysWhatToCheck()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { Region = "eu-central-1" });
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("SignatureDoesNotMatch", "The request signature we calculated does not match"), ("Date", "Wed, 01 May 2024 12:00:03 GMT"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectBytesAsync("b", "k"));
        Assert.Contains("check the secret key of access key AKIDEXAMPLE", e.Message);
        Assert.Contains("the region (eu-central-1, signed into the scope)", e.Message);
        Assert.Contains("the clock (signed at 2024-05-01T12:00:00Z, server time 2024-05-01T12:00:03Z)", e.Message);
        Assert.Contains("changed a signed header or the path", e.Message);
        Assert.DoesNotContain(Fake.SecretKey, e.Message);
    }

    [Fact]
    public async Task SignatureDoesNotMatch_SigV2_SaysWhatToCheck()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { SigningPolicy = S3SigningPolicy.SigV2 });
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("SignatureDoesNotMatch"));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectBytesAsync("b", "k"));
        Assert.Contains("check the secret key of access key AKIDEXAMPLE", e.Message);
        Assert.DoesNotContain("region", e.Message);
    }

    [Theory]
    [InlineData(S3SigningPolicy.SigV4)]
    [InlineData(S3SigningPolicy.SigV2)]
    public async Task SignatureDoesNotMatch_ServerEchoesToken_RedactedEverywhere(S3SigningPolicy policy)
    {
        var options = Fake.Options() with { SigningPolicy = policy, Credentials = new AwsCredentials(Fake.AccessKey, Fake.SecretKey, Token) };
        var (client, handler, _) = Fake.Client(options);
        string encoded = Uri.EscapeDataString(Token);
        string canonical = $"GET\n/b/k\nX-Amz-Security-Token={encoded}\nhost:s3.test:9000\nx-amz-security-token:{Token}\n\nhost;x-amz-security-token\nUNSIGNED-PAYLOAD";
        string extra = $"<CanonicalRequest>{canonical}</CanonicalRequest><StringToSign>AWS4-HMAC-SHA256\nx-amz-security-token:{Token}</StringToSign>";
        handler.Reply(HttpStatusCode.Forbidden, FakeHandler.ErrorXml("SignatureDoesNotMatch", $"token {Token} / {encoded.ToLowerInvariant()}", extra));
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.GetObjectBytesAsync("b", "k"));
        foreach (string text in new[] { e.Message, e.ServerMessage ?? string.Empty, e.SignatureMismatchHint ?? string.Empty, e.ToString() })
        {
            Assert.DoesNotContain(Token, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(encoded, text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(Fake.SecretKey, text);
        }

        Assert.Contains("<redacted>", e.ServerMessage);
    }

    [Fact]
    public async Task ErrorBody_NotXml_EchoedTokenRedacted()
    {
        var (client, handler, _) = Fake.Client(Fake.Options() with { Credentials = new AwsCredentials(Fake.AccessKey, Fake.SecretKey, Token) });
        handler.Reply(HttpStatusCode.BadRequest, $"bad request with x-amz-security-token: {Token}");
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.ListBucketsAsync());
        Assert.Contains("<redacted>", e.Message);
        Assert.DoesNotContain(Token, e.Message);
    }

    [Fact]
    public async Task ErrorBody_Huge_ReadOnlyUpToLimit()
    {
        var (client, handler, _) = Fake.Client();
        handler.Reply(HttpStatusCode.BadRequest, "<Error><Code>Bad</Code><Message>" + new string('m', 4 * 1024 * 1024) + "</Message></Error>");
        var e = await Assert.ThrowsAsync<S3Exception>(() => client.ListBucketsAsync());
        Assert.Equal(HttpStatusCode.BadRequest, e.StatusCode);
        Assert.True(e.Message.Length < 1024, "a cut-off error document is shown short");
    }
}
