using Signing.Tests.Vectors;

namespace Signing.Tests;

public class SigV4aSignerTests
{
    private static readonly DateTimeOffset Time = new(2015, 8, 30, 12, 36, 0, TimeSpan.Zero);
    private static readonly AwsCredentials Credentials = new("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    private static readonly HttpHeader[] HostOnly = [new("Host", "example.amazonaws.com")];

    private static SigV4aSigner Signer(IEnumerable<string>? regionSet = null, ISigningKeyCache? cache = null, AwsCredentials? credentials = null) =>
        new(credentials ?? Credentials, "service", regionSet, keyCache: cache ?? new SigningKeyCache());

    [Fact]
    public void SigV4aSigner_Constructor_DefaultRegionSetIsEveryRegion()
    {
        var signer = Signer();
        Assert.Equal("*", signer.RegionSet);
        Assert.Equal(SigningOptions.Default, signer.Options);
        Assert.Equal("us-east-1,us-west-2,eu-*", Signer(["us-east-1", "us-west-2", "eu-*"]).RegionSet);
    }

    [Theory]
    [InlineData(new string[0], "regionSet is empty")]
    [InlineData(new[] { "" }, "entry 1 is empty")]
    [InlineData(new[] { "us-east-1", "us-west-2,eu-west-1" }, "entry 2 'us-west-2,eu-west-1' contains the character ','")]
    [InlineData(new[] { "us-east-1\r\nX-Evil: 1" }, "the control character U+000D")]
    [InlineData(new[] { "us-east-1\n" }, "the control character U+000A")]
    [InlineData(new[] { "us east-1" }, "a space")]
    public void SigV4aSigner_Constructor_BadRegionSet_ThrowsNamingRegionSet(string[] regionSet, string message)
    {
        var ex = Assert.Throws<ArgumentException>(() => Signer(regionSet));
        Assert.Equal("regionSet", ex.ParamName);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SigV4aSigner_Constructor_BadArguments_ThrowNamingThem()
    {
        Assert.Equal("credentials", Assert.Throws<ArgumentNullException>(() => new SigV4aSigner(null!, "s3")).ParamName);
        Assert.Equal("service", Assert.Throws<ArgumentException>(() => new SigV4aSigner(Credentials, "s 3")).ParamName);
        Assert.Equal("regionSet", Assert.Throws<ArgumentException>(() => new SigV4aSigner(Credentials, "s3", [null!])).ParamName);
    }

    [Fact]
    public void SigV4aSigner_Sign_RequestsOwnRegionSetHeaderIsReplaced()
    {
        var signer = Signer(["us-west-2"]);
        HttpHeader[] headers = [.. HostOnly, new("X-Amz-Region-Set", "cn-north-1")];
        var e = signer.Explain(new HttpRequestView("GET", "/", "", headers), Time);
        Assert.Contains("\nx-amz-region-set:us-west-2\n", e.CanonicalRequest, StringComparison.Ordinal);
        Assert.DoesNotContain("cn-north-1", e.CanonicalRequest, StringComparison.Ordinal);
        Assert.Contains("\nhost;x-amz-date;x-amz-region-set\n", e.CanonicalRequest, StringComparison.Ordinal);
    }

    [Fact]
    public void SigV4Signer_Sign_RegionSetHeaderStillSignedAsGiven()
    {
        // SigV4 has no region set of its own: a request's x-amz-region-set header is an ordinary signed header.
        var signer = new SigV4Signer(Credentials, "us-east-1", "service", keyCache: new SigningKeyCache());
        HttpHeader[] headers = [.. HostOnly, new("X-Amz-Region-Set", "cn-north-1")];
        var e = signer.Explain(new HttpRequestView("GET", "/", "", headers), Time);
        Assert.Contains("\nx-amz-region-set:cn-north-1\n", e.CanonicalRequest, StringComparison.Ordinal);
        Assert.StartsWith("AWS4-HMAC-SHA256\n", e.StringToSign, StringComparison.Ordinal);
    }

    [Fact]
    public void SigV4aSigner_Presign_ReplacesItsOwnParametersAndKeepsOthers()
    {
        var signer = Signer(["us-east-1", "eu-*"]);
        string url = signer.Presign("GET", new Uri("https://example.amazonaws.com/key?X-Amz-Region-Set=old&X-Amz-Signature=x&a=1"), TimeSpan.FromMinutes(5), timestamp: Time);
        Assert.StartsWith("https://example.amazonaws.com/key?a=1&X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-Expires=300&X-Amz-Region-Set=us-east-1%2Ceu-%2A&X-Amz-SignedHeaders=host&X-Amz-Signature=", url, StringComparison.Ordinal);
        Assert.Equal(2, url.Split("X-Amz-Region-Set=").Length); // once: the request's own was dropped

        var e = signer.Explain(new HttpRequestView("GET", "/key", "a=1", HostOnly), Time, SignatureLocation.Query, TimeSpan.FromMinutes(5));
        using var key = SigV4aSigningKey.Create(Credentials);
        Assert.True(SigV4aVectorTests.Verify(key.ExportPublicKey(), e.StringToSign, SigV4aVectorTests.SignatureOf(url)));
    }

    [Fact]
    public void SigV4aSigner_Sign_HeadersAndSignedRequestReportSigV4a()
    {
        var signer = new SigV4aSigner(new AwsCredentials("AKIDEXAMPLE", Credentials.SecretAccessKey, "token"), "s3", ["us-east-1"], keyCache: new SigningKeyCache());
        var signed = signer.Sign(new HttpRequestView("GET", "/", "", HostOnly), Time);
        Assert.Equal(SignatureVersion.SigV4a, signed.Version);
        Assert.Equal(["Authorization", "X-Amz-Date", "X-Amz-Region-Set", "x-amz-content-sha256", "X-Amz-Security-Token"], signed.Headers.Select(h => h.Name));
        Assert.Equal("host;x-amz-content-sha256;x-amz-date;x-amz-region-set;x-amz-security-token", signed.SignedHeaders);
        Assert.InRange(signed.Signature.Length, 136, 144);
        Assert.EndsWith(", Signature=" + signed.Signature, signed.Authorization, StringComparison.Ordinal);
        Assert.DoesNotContain(Credentials.SecretAccessKey, signer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SigningKeyCache_GetSigV4aSigningKey_OneKeyPerAccessKeyDisposedOnClear()
    {
        var cache = new SigningKeyCache();
        var first = cache.GetSigV4aSigningKey(Credentials);
        Assert.Same(first, cache.GetSigV4aSigningKey(new AwsCredentials(Credentials.AccessKeyId, Credentials.SecretAccessKey, "any-token")));
        Assert.Equal(1, cache.SigV4aCount);
        Assert.Equal(1, cache.SigV4aDerivations);

        var signer = Signer(cache: cache);
        signer.Sign(new HttpRequestView("GET", "/", "", HostOnly), Time);
        cache.Clear();
        Assert.True(first.IsDisposed);
        Assert.Equal(0, cache.SigV4aCount);

        // The signer's remembered key is disposed: it asks the cache again and still signs correctly.
        var e = signer.Explain(new HttpRequestView("GET", "/", "", HostOnly), Time);
        using var key = SigV4aSigningKey.Create(Credentials);
        Assert.True(SigV4aVectorTests.Verify(key.ExportPublicKey(), e.StringToSign, e.Signature));
        Assert.Equal(1, cache.SigV4aCount);
    }

    [Fact]
    public void SigningKeyCache_GetSigV4aSigningKey_EvictsAndDisposesWhenFullAndOnRotation()
    {
        var cache = new SigningKeyCache(capacity: 1);
        var a = cache.GetSigV4aSigningKey(Credentials);
        var b = cache.GetSigV4aSigningKey(new AwsCredentials("AKIDOTHER", Credentials.SecretAccessKey));
        Assert.True(a.IsDisposed);
        Assert.False(b.IsDisposed);
        Assert.Equal(1, cache.SigV4aCount);

        var rotated = cache.GetSigV4aSigningKey(new AwsCredentials("AKIDOTHER", "a-new-secret-after-rotation"));
        Assert.True(b.IsDisposed);
        Assert.NotEqual(Convert.ToHexString(b.PublicKeyX.Span), Convert.ToHexString(rotated.PublicKeyX.Span));
    }

    [Fact]
    public void SigningKeyCache_None_SigV4aKeyIsSingleUse()
    {
        var key = SigningKeyCache.None.GetSigV4aSigningKey(Credentials);
        Assert.False(key.IsDisposed);
        var e = Signer(cache: SigningKeyCache.None).Explain(new HttpRequestView("GET", "/", "", HostOnly), Time);
        using var reference = SigV4aSigningKey.Create(Credentials);
        Assert.True(SigV4aVectorTests.Verify(reference.ExportPublicKey(), e.StringToSign, e.Signature));
        key.Dispose();
        Assert.True(key.IsDisposed);
    }

    [Fact]
    public void ISigningKeyCache_CustomCacheWithoutSigV4a_SignsWithSingleUseKeys()
    {
        var e = Signer(cache: new SigV4OnlyCache()).Explain(new HttpRequestView("GET", "/", "", HostOnly), Time);
        using var reference = SigV4aSigningKey.Create(Credentials);
        Assert.True(SigV4aVectorTests.Verify(reference.ExportPublicKey(), e.StringToSign, e.Signature));
    }

    [Fact]
    public async Task HttpRequestSigner_SigV4a_SignsAndReplacesItsHeadersOnRetry()
    {
        var signer = new HttpRequestSigner(Signer(["us-east-1", "us-west-2"]));
        Assert.Equal(SignatureVersion.SigV4a, signer.Version);
        Assert.NotNull(signer.SigV4a);
        Assert.Null(signer.SigV4);
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://example.amazonaws.com/a?b=c");
        request.Headers.TryAddWithoutValidation("X-Amz-Region-Set", "stale");
        await signer.SignAsync(request, Payload.Empty, Time);
        var signed = await signer.SignAsync(request, Payload.Empty, Time.AddMinutes(1));
        Assert.Equal("us-east-1,us-west-2", request.Headers.GetValues("X-Amz-Region-Set").Single());
        Assert.Equal("20150830T123700Z", request.Headers.GetValues("X-Amz-Date").Single());
        Assert.Equal(signed.Authorization, request.Headers.GetValues("Authorization").Single());
        var e = signed.Explain();
        Assert.Contains("\nx-amz-region-set:us-east-1,us-west-2\n", e.CanonicalRequest, StringComparison.Ordinal);
        using var key = SigV4aSigningKey.Create(Credentials);
        Assert.True(SigV4aVectorTests.Verify(key.ExportPublicKey(), e.StringToSign, signed.Signature));
    }

    private sealed class SigV4OnlyCache : ISigningKeyCache
    {
        public SigningKey GetSigningKey(AwsCredentials credentials, ReadOnlySpan<char> scopeDate, string region, string service) =>
            SigningKey.Create(credentials, scopeDate, region, service);
    }
}
