namespace Signing.Tests;

/// <summary>
/// Inputs the engine must refuse or leave out at its entry points: hop-by-hop headers, and scope
/// parts and credentials too long to be real.
/// </summary>
public class EntryPointTests
{
    private static readonly AwsCredentials Creds = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "token");
    private static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Proxy-Authenticate")]
    [InlineData("proxy-authenticate")]
    [InlineData("PROXY-AUTHENTICATE")]
    public void SigV4Signer_Sign_ProxyAuthenticateNeverSigned(string name)
    {
        var signer = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());
        HttpHeader[] plain = [new("Host", "h"), new("x-amz-meta-a", "b")];
        var without = signer.Sign(new HttpRequestView("GET", "/k", "", plain), Time);
        var with = signer.Sign(new HttpRequestView("GET", "/k", "", [.. plain, new(name, "Basic realm=\"proxy\"")]), Time);
        Assert.Equal(without.Signature, with.Signature);
        Assert.DoesNotContain("proxy-authenticate", with.SignedHeaders, StringComparison.Ordinal);
        string presigned = signer.PresignTarget(new HttpRequestView("GET", "/k", "", [.. plain, new(name, "x")]), TimeSpan.FromMinutes(5), Time);
        Assert.Equal(signer.PresignTarget(new HttpRequestView("GET", "/k", "", plain), TimeSpan.FromMinutes(5), Time), presigned);
    }

    [Theory]
    [InlineData("region")]
    [InlineData("service")]
    public void SigV4Signer_Constructor_HugeScopePartThrows(string which)
    {
        // A scope is written on the stack: an unbounded one must never get that far.
        string huge = new('a', 5_000_000);
        var e = Assert.ThrowsAny<ArgumentException>(() => _ = which == "region" ? new SigV4Signer(Creds, huge, "s3") : new SigV4Signer(Creds, "us-east-1", huge));
        Assert.Equal(which, e.ParamName);
        Assert.True(e.Message.Length < 600, e.Message);
        Assert.ThrowsAny<ArgumentException>(() => SigningKey.Derive("secret", "20150830", which == "region" ? huge : "us-east-1", which == "service" ? huge : "s3", new byte[32]));
    }

    [Fact]
    public void AwsCredentials_Constructor_HugeValuesThrowWithoutShowingThem()
    {
        string huge = new('A', 100_000);
        Assert.Equal("accessKeyId", Assert.ThrowsAny<ArgumentException>(() => new AwsCredentials(huge, "secret")).ParamName);
        Assert.Equal("secretAccessKey", Assert.ThrowsAny<ArgumentException>(() => new AwsCredentials("AKID", huge)).ParamName);
        var e = Assert.ThrowsAny<ArgumentException>(() => new AwsCredentials("AKID", "secret", huge));
        Assert.Equal("sessionToken", e.ParamName);
        Assert.DoesNotContain("AAAAAAAA", e.Message, StringComparison.Ordinal);
    }
}
