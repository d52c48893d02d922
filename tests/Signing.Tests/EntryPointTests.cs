namespace Signing.Tests;

/// <summary>
/// Inputs the engine must refuse or leave out at its entry points: hop-by-hop headers, percent
/// signs that are no escape, and scope parts too long to be real.
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

    public static TheoryData<string, string> BadEscapes => new()
    {
        // where (path or query), the value
        { "path", "/a%zz" },
        { "path", "/a%" },
        { "path", "/a%4" },
        { "path", "/a%4/b" },
        { "path", "/%G1" },
        { "path", "/a%%41" },
        { "path", "/a% 1" },
        { "query", "x=%4" },
        { "query", "x=%" },
        { "query", "%zz=1" },
        { "query", "a=1&b=%2" },
        { "query", "a=%C3%A9%E" },
    };

    [Theory]
    [MemberData(nameof(BadEscapes))]
    public void SigV4Signer_Sign_BadPercentEscapeThrowsNamingPartValueAndFix(string where, string value)
    {
        string path = where == "path" ? value : "/k";
        string query = where == "query" ? value : "a=%20";
        HttpHeader[] host = [new("Host", "h")];
        var view = () => new HttpRequestView("GET", path, query, host);
        var v4 = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());
        var v2 = new SigV2Signer(Creds);
        var calls = new List<Action>
        {
            () => v4.Sign(view(), Time),
            () => v4.TryComputeSignature(view(), Time, new char[64], out _),
            () => v4.Explain(view(), Time),
            () => v4.PresignTarget(view(), TimeSpan.FromMinutes(5), Time),
            () => v2.Sign(view(), Time),
            () => v2.PresignTarget(view(), TimeSpan.FromMinutes(5), Time),
            () => v2.Explain(view(), Time),
        };
        var url = new Uri("https://h" + path + "?" + query, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        calls.Add(() => v4.Presign("GET", url, TimeSpan.FromMinutes(5), timestamp: Time));
        calls.Add(() => v2.Presign("GET", url, TimeSpan.FromMinutes(5), timestamp: Time));
        for (int i = 0; i < calls.Count; i++)
        {
            var e = Assert.ThrowsAny<ArgumentException>(calls[i]);
            // The view's methods name their parameter, the view; Presign takes the URL apart (issue 11, item 8).
            Assert.Equal(i < calls.Count - 2 ? "request" : "url", e.ParamName);
            Assert.Contains(where + " " + "'" + value + "'", e.Message, StringComparison.Ordinal);
            Assert.Contains("write a literal % as %25", e.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/a%20b%2F%2f%7E%C3%A9", "x=%41&y=%e9&z=%25")]
    [InlineData("/100%25", "pct=%25%25")]
    [InlineData("/", "")]
    public void SigV4Signer_Sign_ValidEscapesStillSigned(string path, string query)
    {
        var view = new HttpRequestView("GET", path, query, [new("Host", "h")]);
        new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache()).Sign(view, Time);
        new SigV2Signer(Creds).Sign(view, Time);
    }

    [Fact]
    public void SigV4Signer_Presign_UriEscapesAPercentItselfSoItStaysValid()
    {
        // Without the dangerous option, Uri turns a lone % into %25: signed and sent alike.
        var signer = new SigV4Signer(Creds, "us-east-1", "s3", keyCache: new SigningKeyCache());
        string url = signer.Presign("GET", new Uri("https://h/a%zz"), TimeSpan.FromMinutes(5), timestamp: Time);
        Assert.StartsWith("https://h/a%25zz?", url, StringComparison.Ordinal);
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
