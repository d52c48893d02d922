using System.Security.Cryptography;
using System.Text;

namespace Signing.Tests.Credentials;

/// <summary>SSO profiles: the token cache as `aws sso login` writes it, GetRoleCredentials against a loopback portal.</summary>
public sealed class SsoCredentialsTests : IDisposable
{
    private const string AccessToken = "aoaAAAAAGsso-access-token-0123456789";
    private const string Secret = "ssoSECRET/abcdefghijklmnopqrstuvwxyz012345";
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private void Cache(string key, DateTimeOffset expiresAt)
    {
#pragma warning disable CA5350 // the CLI's cache file name
        string name = Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(key))).ToLowerInvariant();
#pragma warning restore CA5350
        _home.File_(Path.Combine(".aws", "sso", "cache", name + ".json"),
            $"{{\"startUrl\": \"https://my-sso.awsapps.com/start\", \"region\": \"us-east-1\", \"accessToken\": \"{AccessToken}\", \"expiresAt\": \"{expiresAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\", \"clientId\": \"c\", \"clientSecret\": \"s\", \"refreshToken\": \"r\"}}");
    }

    private static string Portal(RawRequest r) =>
        r.Headers.Any(h => h.Name == "x-amz-sso_bearer_token" && h.Value == AccessToken)
            ? CredentialFixture.Response(200, $"{{\"roleCredentials\":{{\"accessKeyId\":\"ASIASSO\",\"secretAccessKey\":\"{Secret}\",\"sessionToken\":\"ssoSessionToken\",\"expiration\":4102444800000}}}}")
            : CredentialFixture.Response(401, "{\"message\":\"Session token not found or invalid\"}");

    [Fact]
    public async Task Sso_SessionProfileWithCachedToken_GetRoleCredentials()
    {
        await using var portal = new CredentialFixture(Portal);
        _home.Variables["AWS_ENDPOINT_URL_SSO"] = portal.BaseUrl;
        _home.Config("[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\nregion = us-west-2\n\n[sso-session my-sso]\nsso_start_url = https://my-sso.awsapps.com/start\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n");
        Cache("my-sso", DateTimeOffset.UtcNow.AddHours(1));
        var c = await AwsCredentialChain.ResolveAsync("dev", _home.Environment);
        Assert.Equal("ASIASSO", c.AccessKeyId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(4102444800000), c.Expiration);
        Assert.Equal("SSO role ReadOnly in account 111122223333 (profile dev)", c.Source);
        var request = Assert.Single(portal.Requests);
        Assert.Equal("/federation/credentials?role_name=ReadOnly&account_id=111122223333", request.Target);
    }

    [Fact]
    public async Task Sso_LegacyStartUrlProfile_CacheKeyedByStartUrl()
    {
        await using var portal = new CredentialFixture(Portal);
        _home.Variables["AWS_ENDPOINT_URL_SSO"] = portal.BaseUrl;
        _home.Config("[default]\nsso_start_url = https://legacy.awsapps.com/start\nsso_region = eu-west-1\nsso_account_id = 111122223333\nsso_role_name = Admin\n");
        Cache("https://legacy.awsapps.com/start", DateTimeOffset.UtcNow.AddHours(1));
        Assert.Equal("ASIASSO", (await AwsCredentialChain.ResolveAsync(environment: _home.Environment)).AccessKeyId);
    }

    [Fact]
    public async Task Sso_ExpiredToken_SaysToRunSsoLogin()
    {
        _home.Config("[profile dev]\nsso_session = my-sso\nsso_account_id = 111122223333\nsso_role_name = ReadOnly\n\n[sso-session my-sso]\nsso_start_url = https://my-sso.awsapps.com/start\nsso_region = us-east-1\n");
        Cache("my-sso", DateTimeOffset.UtcNow.AddMinutes(-1));
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("dev", _home.Environment));
        Assert.Contains("run `aws sso login --profile dev`", e.Message, StringComparison.Ordinal);
        Assert.Contains("expired at", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sso_NoCachedToken_SaysToRunSsoLogin()
    {
        _home.Config("[profile dev]\nsso_session = my-sso\nsso_account_id = 1\nsso_role_name = R\n\n[sso-session my-sso]\nsso_start_url = https://x/start\nsso_region = us-east-1\n");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("dev", _home.Environment));
        Assert.Contains("no SSO token cached", e.Message, StringComparison.Ordinal);
        Assert.Contains("aws sso login --profile dev", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sso_PortalRefusesToken_SaysToRunSsoLogin()
    {
        await using var portal = new CredentialFixture(_ => CredentialFixture.Response(401, "{\"message\":\"Session token not found or invalid\"}"));
        _home.Variables["AWS_ENDPOINT_URL_SSO"] = portal.BaseUrl;
        _home.Config("[profile dev]\nsso_session = my-sso\nsso_account_id = 1\nsso_role_name = R\n\n[sso-session my-sso]\nsso_start_url = https://x/start\nsso_region = us-east-1\n");
        Cache("my-sso", DateTimeOffset.UtcNow.AddHours(1));
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("dev", _home.Environment));
        Assert.Contains("HTTP 401 Session token not found or invalid", e.Message, StringComparison.Ordinal);
        Assert.Contains("aws sso login --profile dev", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AccessToken, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sso_MissingSessionSection_Named()
    {
        _home.Config("[profile dev]\nsso_session = nowhere\nsso_account_id = 1\nsso_role_name = R\n");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("dev", _home.Environment));
        Assert.Contains("[sso-session nowhere]", e.Message, StringComparison.Ordinal);
    }
}
