namespace Signing.Tests;

/// <summary>Inputs the engine must refuse or leave out at its entry points.</summary>
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
}
