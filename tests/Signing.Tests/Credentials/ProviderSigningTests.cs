namespace Signing.Tests.Credentials;

/// <summary>Signing through a provider whose credentials rotate: each signature uses the credentials handed out at that moment, with the right signing key.</summary>
public sealed class ProviderSigningTests
{
    private static readonly DateTimeOffset Time = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private sealed class Rotating(params AwsCredentials[] all) : IAwsCredentialsProvider
    {
        private int _next;

        public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken = default) => new(all[Math.Min(_next++, all.Length - 1)]);
    }

    private static async Task<string> SignAsync(HttpRequestSigner signer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://bucket.s3.amazonaws.com/key");
        return (await signer.SignAsync(request, Payload.Empty, Time)).Signature;
    }

    private static async Task<string> ExpectedAsync(AwsCredentials c)
    {
        var fixedSigner = new HttpRequestSigner(new SigV4Signer(c, "us-east-1", "s3", keyCache: SigningKeyCache.None));
        return await SignAsync(fixedSigner);
    }

    [Fact]
    public async Task HttpRequestSigner_SignAsync_RotatedSecretSameKeyIdUsesNewKey()
    {
        // The same access key id with a new secret (a rotated key): the shared-style cache must not sign with the old derived key.
        var first = new AwsCredentials("ASIAROTATING", "secret-one", "token-one");
        var second = new AwsCredentials("ASIAROTATING", "secret-two", "token-two");
        var cache = new SigningKeyCache();
        var signer = new HttpRequestSigner(new Rotating(first, second), "us-east-1", "s3", keyCache: cache);
        Assert.Equal(await ExpectedAsync(first), await SignAsync(signer));
        Assert.Equal(await ExpectedAsync(second), await SignAsync(signer));
        Assert.NotEqual(await ExpectedAsync(first), await ExpectedAsync(second));
        Assert.Same(second, signer.SigV4!.Credentials);
    }

    [Fact]
    public async Task HttpRequestSigner_SignAsync_SigV2ProviderSendsCurrentToken()
    {
        var first = new AwsCredentials("ASIAONE", "secret-one", "token-one");
        var second = new AwsCredentials("ASIATWO", "secret-two", "token-two");
        var signer = HttpRequestSigner.CreateSigV2(new Rotating(first, second));
        using var a = new HttpRequestMessage(HttpMethod.Get, "https://s3.example.com/bucket/key");
        await signer.SignAsync(a);
        using var b = new HttpRequestMessage(HttpMethod.Get, "https://s3.example.com/bucket/key");
        await signer.SignAsync(b);
        Assert.StartsWith("AWS ASIAONE:", a.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        Assert.Equal("token-one", a.Headers.GetValues("x-amz-security-token").Single());
        Assert.StartsWith("AWS ASIATWO:", b.Headers.GetValues("Authorization").Single(), StringComparison.Ordinal);
        Assert.Equal("token-two", b.Headers.GetValues("x-amz-security-token").Single());
    }

    [Fact]
    public async Task AwsSigningHandler_Provider_ToStringAndErrorsHoldNoSecret()
    {
        var provider = new RefreshingCredentialsProvider(new Rotating(new AwsCredentials("ASIAHANDLER", "handlerSecretValue", "handlerTokenValue") { Expiration = DateTimeOffset.UtcNow.AddHours(1) }));
        await provider.GetCredentialsAsync();
        string shown = provider.ToString();
        Assert.Contains("ASIAHANDLER", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("handlerSecretValue", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("handlerTokenValue", shown, StringComparison.Ordinal);
        Assert.Equal("credentials", Assert.Throws<ArgumentNullException>(() => new AwsSigningHandler((IAwsCredentialsProvider)null!, "us-east-1", "s3")).ParamName);
        Assert.Equal("region", Assert.ThrowsAny<ArgumentException>(() => new HttpRequestSigner(provider, "", "s3")).ParamName);
    }
}
