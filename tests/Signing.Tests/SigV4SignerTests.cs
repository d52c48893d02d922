namespace Signing.Tests;

public class SigV4SignerTests
{
    internal const string Secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    internal const string Token = "FQoGZXIvYXdzEXAMPLETOKENSECRETPART";
    private static readonly DateTimeOffset Time = new(2013, 5, 24, 0, 0, 0, TimeSpan.Zero);

    private static SigV4Signer S3Signer(string? token = null) =>
        new(new AwsCredentials("AKIAIOSFODNN7EXAMPLE", Secret, token), "us-east-1", "s3", keyCache: new SigningKeyCache());

    [Fact]
    public void Options_Defaults_AreTheNonS3Rules()
    {
        SigningOptions d = default;
        Assert.Equal(PathEncoding.Double, d.PathEncoding);
        Assert.Equal(PathNormalization.Normalize, d.PathNormalization);
        Assert.Equal(ContentSha256Header.Omit, d.ContentSha256Header);
        Assert.Equal(SessionTokenSigning.Signed, d.SessionToken);
        Assert.Equal(d, SigningOptions.Default);
        Assert.Equal(d, SigningOptions.ForService("iam"));
        var s3 = SigningOptions.S3;
        Assert.Equal(PathEncoding.Single, s3.PathEncoding);
        Assert.Equal(PathNormalization.None, s3.PathNormalization);
        Assert.Equal(ContentSha256Header.Include, s3.ContentSha256Header);
        Assert.Equal(s3, SigningOptions.ForService("s3"));
        Assert.Equal(s3, new SigV4Signer(new AwsCredentials("AKID", Secret), "us-east-1", "s3").Options);
    }

    [Fact]
    public void SigV4Signer_TryComputeSignature_AllocatesNothingWithCachedKey()
    {
        var signer = S3Signer("token-value");
        HttpHeader[] headers = [new("Host", "examplebucket.s3.amazonaws.com"), new("Range", "bytes=0-9"), new("x-amz-meta-a", "  b   c ")];
        Span<char> signature = stackalloc char[64];
        for (int i = 0; i < 100; i++)
        {
            // warm-up: key cache, per-thread hashes, JIT tiers, array pools
            Assert.True(signer.TryComputeSignature(new HttpRequestView("GET", "/a b/ü+~", "list-type=2&prefix=a%2Fb&acl", headers), Time, signature, out _));
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            signer.TryComputeSignature(new HttpRequestView("GET", "/a b/ü+~", "list-type=2&prefix=a%2Fb&acl", headers), Time, signature, out _);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SigV4Signer_TryComputeSignature_AlternatingScopesAllocateNothing()
    {
        // A thread signing for a few scopes in turn (two regions, S3 and STS): each cached key keeps its own keyed HMAC.
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", Secret);
        var cache = new SigningKeyCache();
        SigV4Signer[] signers = [.. new[] { ("us-east-1", "s3"), ("us-west-2", "s3"), ("us-east-1", "sts") }.Select(s => new SigV4Signer(credentials, s.Item1, s.Item2, keyCache: cache))];
        HttpHeader[] headers = [new("Host", "h.example")];
        string[] expected = [.. signers.Select(s => s.Sign(new HttpRequestView("GET", "/k", "", headers), Time).Signature)];
        Span<char> signature = stackalloc char[64];
        for (int i = 0; i < 100; i++)
        {
            foreach (var signer in signers)
            {
                Assert.True(signer.TryComputeSignature(new HttpRequestView("GET", "/k", "", headers), Time, signature, out _));
            }
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            foreach (var signer in signers)
            {
                signer.TryComputeSignature(new HttpRequestView("GET", "/k", "", headers), Time, signature, out _);
            }
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        for (int s = 0; s < signers.Length; s++)
        {
            signers[s].TryComputeSignature(new HttpRequestView("GET", "/k", "", headers), Time, signature, out _);
            Assert.Equal(expected[s], signature.ToString());
        }
    }

    [Fact]
    public void SigV4Signer_Sign_EightScopesInTurnEachSignWithTheirKey()
    {
        // Eight scopes in turn on one thread (once more than a thread kept keyed HMACs for, evicting each other's on every call).
        var credentials = new AwsCredentials("AKIAIOSFODNN7EXAMPLE", Secret);
        string[] regions = ["us-east-1", "us-east-2", "us-west-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-south-1", "sa-east-1"];
        HttpHeader[] headers = [new("Host", "h.example")];
        // Each expected signature straight from the spec: one-shot HMAC of the string to sign with the derived key.
        string[] once = [.. regions.Select(r =>
        {
            byte[] key = new byte[SigningKey.Length];
            SigningKey.Derive(Secret, "20130524", r, "s3", key);
            var explained = new SigV4Signer(credentials, r, "s3", keyCache: SigningKeyCache.None).Explain(new HttpRequestView("GET", "/k", "", headers), Time);
            return Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.ASCII.GetBytes(explained.StringToSign)));
        })];
        Assert.Equal(regions.Length, once.Distinct().Count());
        var cache = new SigningKeyCache();
        for (int round = 0; round < 3; round++)
        {
            for (int r = 0; r < regions.Length; r++)
            {
                var signer = new SigV4Signer(credentials, regions[r], "s3", keyCache: cache);
                Assert.Equal(once[r], signer.Sign(new HttpRequestView("GET", "/k", "", headers), Time).Signature);
            }
        }
    }

    [Fact]
    public void SigV4Signer_PresignTarget_AllocatesOnlyTheUrl()
    {
        var signer = S3Signer();
        HttpHeader[] headers = [new("Host", "examplebucket.s3.amazonaws.com")];
        var view = new HttpRequestView("GET", "/test.txt", string.Empty, headers);
        string warm = signer.PresignTarget(view, TimeSpan.FromDays(1), Time);
        for (int i = 0; i < 50; i++)
        {
            signer.PresignTarget(view, TimeSpan.FromDays(1), Time);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        string url = signer.PresignTarget(view, TimeSpan.FromDays(1), Time);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(warm, url);
        long stringSize = 22 + (2L * url.Length); // object header + length + chars, rounded up below
        Assert.InRange(allocated, stringSize, stringSize + 8);
    }

    [Theory]
    [InlineData("https://examplebucket.s3.amazonaws.com/test.txt", false)]
    [InlineData("https://s3.example.com:8443/bucket/a%20b.png?versionId=3&x=y", true)]
    public void SigV4Signer_PresignUri_AllocatesOnlyTheUrl(string address, bool bindContentType)
    {
        var signer = S3Signer("token-value");
        var url = new Uri(address);
        HttpHeader[]? headers = bindContentType ? [new("Content-Type", "image/png")] : null;
        string warm = signer.Presign("PUT", url, TimeSpan.FromHours(1), headers, Time);
        for (int i = 0; i < 50; i++)
        {
            signer.Presign("PUT", url, TimeSpan.FromHours(1), headers, Time);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        string presigned = signer.Presign("PUT", url, TimeSpan.FromHours(1), headers, Time);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(warm, presigned);
        Assert.StartsWith(address.Split('?')[0] + "?", presigned, StringComparison.Ordinal);
        long stringSize = 22 + (2L * presigned.Length);
        Assert.InRange(allocated, stringSize, stringSize + 8);
    }

    [Fact]
    public void SigV4Signer_TryComputeSignature_ShortDestinationReturnsFalse()
    {
        var signer = S3Signer();
        Span<char> small = stackalloc char[63];
        Assert.False(signer.TryComputeSignature(new HttpRequestView("GET", "/", "", [new("Host", "h")]), Time, small, out int n));
        Assert.Equal(0, n);
    }

    [Fact]
    public void SigV4Signer_Sign_HostFromViewWhenNoHostHeader()
    {
        var signer = S3Signer();
        var a = signer.Sign(new HttpRequestView("GET", "/k", "", [new("Host", "b.example")]), Time);
        var b = signer.Sign(new HttpRequestView("GET", "/k", "", []) { Host = "b.example" }, Time);
        Assert.Equal(a.Signature, b.Signature);
    }

    [Fact]
    public void SigV4Signer_Sign_UnsignedHeadersDoNotChangeSignature()
    {
        var signer = S3Signer();
        var a = signer.Sign(new HttpRequestView("GET", "/k", "", [new("Host", "h"), new("User-Agent", "a")]), Time);
        var b = signer.Sign(new HttpRequestView("GET", "/k", "", [new("Host", "h"), new("User-Agent", "b"), new("Connection", "close")]), Time);
        Assert.Equal(a.Signature, b.Signature);
        Assert.DoesNotContain("user-agent", a.SignedHeaders, StringComparison.Ordinal);
    }

    [Fact]
    public void SigV4Signer_Sign_S3KeysSignedAsSent()
    {
        var signer = S3Signer();
        var explained = signer.Explain(new HttpRequestView("PUT", "/bucket/a/../b//c%20d+e~%C3%A9", "", [new("Host", "h")]), Time);
        Assert.StartsWith("PUT\n/bucket/a/../b//c%20d%2Be~%C3%A9\n", explained.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void SigV4Signer_Sign_SessionTokenSignedAndReturned()
    {
        var signed = S3Signer(Token).Sign(new HttpRequestView("GET", "/", "", [new("Host", "h")]), Time);
        Assert.Contains("x-amz-security-token", signed.SignedHeaders, StringComparison.Ordinal);
        Assert.Contains(signed.Headers, h => h.Name == "X-Amz-Security-Token" && h.Value == Token);
        Assert.DoesNotContain(Token, signed.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentials_ToString_RedactsSecretAndToken()
    {
        var c = new AwsCredentials("AKIDEXAMPLE", Secret, Token);
        Assert.Contains("AKIDEXAMPLE", c.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, c.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Token, c.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, S3Signer(Token).ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "region", "", "region" },
        { "region", "us east 1", "'us east 1'" },
        { "service", "s3/x", "'s3/x'" },
        { "header", "Bad Name", "'Bad Name'" },
        { "value", "caf\u00e9", "'caf\u00e9'" },
        { "value", "a\u0001b", "U+0001" },
        { "method", "GE T", "'GE T'" },
        { "path", "no-slash", "'no-slash'" },
        { "expires", "604801", "7.00:00:01" },
        { "expires", "0", "00:00:00" },
        { "host", "", "Host" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void SigV4Signer_BadInput_ThrowsArgumentExceptionNamingValueAndNoSecret(string what, string value, string shown)
    {
        var creds = new AwsCredentials("AKIDEXAMPLE", Secret, Token);
        var e = Assert.ThrowsAny<ArgumentException>(() =>
        {
            switch (what)
            {
                case "region": _ = new SigV4Signer(creds, value, "s3"); break;
                case "service": _ = new SigV4Signer(creds, "us-east-1", value); break;
                case "header": new SigV4Signer(creds, "us-east-1", "s3").Sign(new HttpRequestView("GET", "/", "", [new("Host", "h"), new(value, "v")]), Time); break;
                case "value": new SigV4Signer(creds, "us-east-1", "s3").Sign(new HttpRequestView("GET", "/", "", [new("Host", "h"), new("x-amz-meta-a", value)]), Time); break;
                case "method": new SigV4Signer(creds, "us-east-1", "s3").Sign(new HttpRequestView(value, "/", "", [new("Host", "h")]), Time); break;
                case "path": new SigV4Signer(creds, "us-east-1", "s3").Sign(new HttpRequestView("GET", value, "", [new("Host", "h")]), Time); break;
                case "expires": new SigV4Signer(creds, "us-east-1", "s3").PresignTarget(new HttpRequestView("GET", "/", "", [new("Host", "h")]), TimeSpan.FromSeconds(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture)), Time); break;
                case "host": new SigV4Signer(creds, "us-east-1", "s3").Sign(new HttpRequestView("GET", "/", "", []), Time); break;
            }
        });
        Assert.Contains(shown, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentials_BadSecret_MessageNeverShowsIt()
    {
        var e = Assert.Throws<ArgumentException>(() => new AwsCredentials("AKID", "secret with space"));
        Assert.Equal("secretAccessKey", e.ParamName);
        Assert.DoesNotContain("secret with space", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SigV4Signer_Presign_UrlHasAllParametersAndKeepsQuery()
    {
        var signer = S3Signer(Token);
        string url = signer.Presign("GET", new Uri("https://b.s3.amazonaws.com/k%20y?versionId=3"), TimeSpan.FromMinutes(5), timestamp: Time);
        Assert.StartsWith("https://b.s3.amazonaws.com/k%20y?versionId=3&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=300&X-Amz-Security-Token=", url, StringComparison.Ordinal);
        Assert.Matches("&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$", url);
    }
}
