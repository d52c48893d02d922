using System.Net;

namespace Signing.S3.Tests.Integration.Sts;

/// <summary>AssumeRoleWithWebIdentity against RGW with a loopback OIDC issuer the tests run: the env variables (EKS IRSA) and a profile's web_identity_token_file.</summary>
public sealed class RgwWebIdentityTests : IClassFixture<OidcIssuer>
{
    private const string Server = TestServers.Rgw;
    private readonly OidcIssuer _issuer;

    public RgwWebIdentityTests(OidcIssuer issuer) => _issuer = issuer;

    [IntegrationFact(Server)]
    public async Task WebIdentityEnvironment_TokenFile_CredentialsWorkForS3()
    {
        using var temp = new TempDirectory();
        string tokenFile = Path.Combine(temp.Path, "token");
        await File.WriteAllTextAsync(tokenFile, _issuer.Token("alice") + "\n");
        using var profiles = new StsProfiles(TestServers.Get(Server), string.Empty,
            ("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile), ("AWS_ROLE_ARN", OidcIssuer.RoleArn), ("AWS_ROLE_SESSION_NAME", "irsa-test"));
        var provider = AwsCredentialChain.CreateProvider(environment: profiles.Environment);
        var credentials = await provider.GetCredentialsAsync();
        Assert.Contains("web identity", credentials.Source, StringComparison.Ordinal);
        Assert.NotNull(credentials.SessionToken);

        using var client = profiles.Client(provider, new S3Mode(S3SigningPolicy.SigV4, S3Addressing.PathStyle));
        string bucket = StsProfiles.NewBucket();
        await client.CreateBucketAsync(bucket);
        try
        {
            await client.PutObjectAsync(bucket, "w", "web identity"u8.ToArray());
            Assert.Equal("web identity"u8.ToArray(), await client.GetObjectBytesAsync(bucket, "w"));
        }
        finally
        {
            await StsProfiles.DeleteBucketAsync(client, bucket);
        }
    }

    [IntegrationFact(Server)]
    public async Task WebIdentityProfile_TokenFile_Assumes()
    {
        using var temp = new TempDirectory();
        string tokenFile = Path.Combine(temp.Path, "token");
        await File.WriteAllTextAsync(tokenFile, _issuer.Token("bob"));
        using var profiles = new StsProfiles(TestServers.Get(Server), $"[profile web]\nrole_arn = {OidcIssuer.RoleArn}\nweb_identity_token_file = {tokenFile}\n");
        var credentials = await AwsCredentialChain.ResolveAsync("web", profiles.Environment);
        using var client = profiles.Client(credentials, new S3Mode(S3SigningPolicy.SigV2, S3Addressing.PathStyle));
        await client.ListBucketsAsync();
    }

    [IntegrationFact(Server)]
    public async Task WebIdentity_TokenSignedByAnotherKey_RefusedWithoutShowingIt()
    {
        using var temp = new TempDirectory();
        string tokenFile = Path.Combine(temp.Path, "token");
        string forged = _issuer.Token("mallory", _issuer.OtherKeys());
        await File.WriteAllTextAsync(tokenFile, forged);
        using var profiles = new StsProfiles(TestServers.Get(Server), string.Empty, ("AWS_WEB_IDENTITY_TOKEN_FILE", tokenFile), ("AWS_ROLE_ARN", OidcIssuer.RoleArn));
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: profiles.Environment));
        var sts = Assert.IsType<StsException>(e.InnerException);
        Assert.Equal(HttpStatusCode.Forbidden, sts.StatusCode);
        Assert.Contains("web identity", e.Message, StringComparison.Ordinal);
        Assert.Contains(tokenFile, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(forged, e.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(forged[..40], e.ToString(), StringComparison.Ordinal);
    }
}
