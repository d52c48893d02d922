using System.Net;

namespace Signing.Tests.Credentials;

/// <summary>The chain's order, its not-found message, profile roles (against a loopback STS) and endpoint rules.</summary>
public sealed class CredentialChainTests : IDisposable
{
    private const string Secret = "chainSECRET/abcdefghijklmnopqrstuvwxyz0123";
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private static string StsAnswer(string action, string id) =>
        CredentialFixture.Response(200, $"<{action}Response xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><{action}Result><Credentials><AccessKeyId>{id}</AccessKeyId><SecretAccessKey>stsSecret/abcdefghijklmnopqrstuvwxyz0123</SecretAccessKey><SessionToken>stsToken0123456789</SessionToken><Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></{action}Result></{action}Response>", "Content-Type: text/xml");

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_NothingFoundListsEverySourceInOrder()
    {
        _home.Variables["AWS_ACCESS_KEY_ID"] = "AKIAONLYID";
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Equal(5, e.Attempts.Count);
        Assert.StartsWith("environment: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (AWS_SECRET_ACCESS_KEY not set)", e.Attempts[0], StringComparison.Ordinal);
        Assert.StartsWith("web identity:", e.Attempts[1], StringComparison.Ordinal);
        Assert.StartsWith("profile default:", e.Attempts[2], StringComparison.Ordinal);
        Assert.StartsWith("container:", e.Attempts[3], StringComparison.Ordinal);
        Assert.StartsWith("EC2 instance metadata", e.Attempts[4], StringComparison.Ordinal);
        Assert.Contains("(1) environment", e.Message, StringComparison.Ordinal);
        Assert.Contains("(5) EC2 instance metadata", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_ExplicitProfileSkipsEnvironment()
    {
        _home.Variables["AWS_ACCESS_KEY_ID"] = "AKIAENV";
        _home.Variables["AWS_SECRET_ACCESS_KEY"] = Secret;
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("dev", _home.Environment));
        Assert.StartsWith("profile dev:", e.Attempts[0], StringComparison.Ordinal);
        Assert.Equal(3, e.Attempts.Count);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_EnvironmentExpirationRead()
    {
        _home.Variables["AWS_ACCESS_KEY_ID"] = "ASIAENV";
        _home.Variables["AWS_SECRET_ACCESS_KEY"] = Secret;
        _home.Variables["AWS_SESSION_TOKEN"] = "envToken";
        _home.Variables["AWS_CREDENTIAL_EXPIRATION"] = "2099-01-01T00:00:00Z";
        var c = await AwsCredentialChain.ResolveAsync(environment: _home.Environment);
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), c.Expiration);
        Assert.Equal("AwsCredentials { AccessKeyId = ASIAENV, SecretAccessKey = ***, SessionToken = ***, Source = environment, Expiration = 2099-01-01T00:00:00Z }", c.ToString());
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_AssumeRoleSignedWithSourceKeysForStsRegion()
    {
        await using var sts = new CredentialFixture(_ => StsAnswer("AssumeRole", "ASIAROLE"));
        _home.Variables["AWS_ENDPOINT_URL_STS"] = sts.BaseUrl;
        _home.Config($"[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {Secret}\n\n[profile role]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\nregion = eu-central-1\nexternal_id = ext-1\nduration_seconds = 900\nrole_session_name = me@example.com\n");
        var c = await AwsCredentialChain.ResolveAsync("role", _home.Environment);
        Assert.Equal("ASIAROLE", c.AccessKeyId);
        Assert.Equal("assume role arn:aws:iam::123456789012:role/Dev (profile role)", c.Source);
        var request = Assert.Single(sts.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Contains("Credential=AKIABASE/", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Contains("/eu-central-1/sts/aws4_request", request.Header("Authorization"), StringComparison.Ordinal);
        Assert.Equal("Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FDev&RoleSessionName=me%40example.com&DurationSeconds=900&ExternalId=ext-1", System.Text.Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_ServicesSectionStsEndpointBeatsProfileEndpoint()
    {
        await using var sts = new CredentialFixture(_ => StsAnswer("AssumeRole", "ASIASERVICES"));
        _home.Config($"[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {Secret}\n\n[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\nendpoint_url = http://127.0.0.1:1\nservices = local\n\n[services local]\nsts =\n  endpoint_url = {sts.BaseUrl}\n");
        Assert.Equal("ASIASERVICES", (await AwsCredentialChain.ResolveAsync("role", _home.Environment)).AccessKeyId);
        Assert.Single(sts.Requests);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_StsEndpointFollowsAwsSharedConfig()
    {
        // The STS endpoint is the one AwsSharedConfig.ResolveEndpointUrl gives: the variable
        // AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=false wins over the profile's ignore_configured_endpoint_urls = true.
        await using var sts = new CredentialFixture(_ => StsAnswer("AssumeRole", "ASIANOTIGNORED"));
        _home.Variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "false";
        _home.Config($"[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {Secret}\n\n[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\nignore_configured_endpoint_urls = true\nendpoint_url = {sts.BaseUrl}\n");
        Assert.Equal("ASIANOTIGNORED", (await AwsCredentialChain.ResolveAsync("role", _home.Environment)).AccessKeyId);
        Assert.Single(sts.Requests);
        Assert.Equal(sts.BaseUrl, AwsSharedConfig.ResolveEndpointUrl("sts", "role", _home.Environment)!.Value);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_StsErrorResponseTyped()
    {
        await using var sts = new CredentialFixture(_ => CredentialFixture.Response(403, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User is not authorized to perform: sts:AssumeRole</Message></Error><RequestId>req-123</RequestId></ErrorResponse>"));
        _home.Variables["AWS_ENDPOINT_URL_STS"] = sts.BaseUrl;
        _home.Config($"[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {Secret}\n\n[profile role]\nrole_arn = arn:aws:iam::123456789012:role/Dev\nsource_profile = base\n");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("role", _home.Environment));
        var inner = Assert.IsType<StsException>(e.InnerException);
        Assert.Equal(HttpStatusCode.Forbidden, inner.StatusCode);
        Assert.Equal("AccessDenied", inner.ErrorCode);
        Assert.Equal("req-123", inner.RequestId);
        Assert.Contains("User is not authorized to perform: sts:AssumeRole", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_CredentialSourceEnvironmentAssumes()
    {
        await using var sts = new CredentialFixture(_ => StsAnswer("AssumeRole", "ASIAFROMENV"));
        _home.Variables["AWS_ENDPOINT_URL"] = sts.BaseUrl;
        _home.Variables["AWS_ACCESS_KEY_ID"] = "AKIAENVSRC";
        _home.Variables["AWS_SECRET_ACCESS_KEY"] = Secret;
        _home.Config("[profile role]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Environment\n");
        Assert.Equal("ASIAFROMENV", (await AwsCredentialChain.ResolveAsync("role", _home.Environment)).AccessKeyId);
        Assert.Contains("Credential=AKIAENVSRC/", Assert.Single(sts.Requests).Header("Authorization"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[profile role]\nrole_arn = arn:aws:iam::1:role/R\n", "without source_profile, credential_source or web_identity_token_file")]
    [InlineData("[profile a]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = b\n\n[profile b]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = a\n", "a -> b -> a")]
    [InlineData("[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = nobody\n", "its source_profile 'nobody' has no credentials")]
    [InlineData("[profile role]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Somewhere\n", "credential_source 'Somewhere' is not known")]
    [InlineData("[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = role\naws_access_key_id = A\naws_secret_access_key = S\nmfa_serial = arn:aws:iam::1:mfa/me\n", "mfa_serial")]
    [InlineData("[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = role\naws_access_key_id = A\naws_secret_access_key = S\nrole_session_name = x\n", "role session name 'x' is not valid")]
    public async Task AwsCredentialChain_ResolveAsync_MisconfiguredRoleSaysWhy(string config, string expected)
    {
        _home.Config(config);
        string profile = config.Contains("[profile a]", StringComparison.Ordinal) ? "a" : "role";
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(profile, _home.Environment));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCredentialChain_CreateProvider_ProfileRoleRenewedThroughSameSource()
    {
        int n = 0;
        await using var sts = new CredentialFixture(_ => StsAnswer("AssumeRole", $"ASIAROLE{Interlocked.Increment(ref n)}").Replace("2099-01-01T00:00:00Z", DateTimeOffset.UtcNow.AddMinutes(15).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        _home.Variables["AWS_ENDPOINT_URL_STS"] = sts.BaseUrl;
        _home.Config($"[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {Secret}\n\n[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var provider = AwsCredentialChain.CreateProvider("role", _home.Environment, clock);
        Assert.Equal("ASIAROLE1", (await provider.GetCredentialsAsync()).AccessKeyId);
        clock.Advance(TimeSpan.FromMinutes(14.5));
        Assert.Equal("ASIAROLE2", (await provider.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal(2, sts.Requests.Count);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_IgnoreConfiguredEndpointsUsesRegional()
    {
        _home.Variables["AWS_ENDPOINT_URL_STS"] = "http://127.0.0.1:1";
        _home.Variables["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"] = "true";
        _home.Variables["AWS_REGION"] = "ap-south-1";
        _home.Config($"[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {Secret}\n\n[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("role", _home.Environment));
        Assert.Contains("https://sts.ap-south-1.amazonaws.com/", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_BadStsEndpointNamed()
    {
        _home.Variables["AWS_ENDPOINT_URL_STS"] = "not a url";
        _home.Config($"[profile base]\naws_access_key_id = AKIABASE\naws_secret_access_key = {Secret}\n\n[profile role]\nrole_arn = arn:aws:iam::1:role/R\nsource_profile = base\n");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync("role", _home.Environment));
        Assert.Contains("AWS_ENDPOINT_URL_STS 'not a url' is not an absolute http(s) URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_WebIdentityEnvWithoutRoleArnSaysSo()
    {
        _home.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = _home.File_("t", "jwt");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("AWS_ROLE_ARN is not", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AwsCredentialChain_ResolveAsync_WebIdentityEnvSendsTokenUnsigned()
    {
        await using var sts = new CredentialFixture(_ => StsAnswer("AssumeRoleWithWebIdentity", "ASIAWEB"));
        _home.Variables["AWS_ENDPOINT_URL_STS"] = sts.BaseUrl;
        _home.Variables["AWS_WEB_IDENTITY_TOKEN_FILE"] = _home.File_("t", "eyJhbGciOiJSUzI1NiJ9.payload.sig\n");
        _home.Variables["AWS_ROLE_ARN"] = "arn:aws:iam::1:role/Web";
        _home.Variables["AWS_ROLE_SESSION_NAME"] = "pod-1";
        Assert.Equal("ASIAWEB", (await AwsCredentialChain.ResolveAsync(environment: _home.Environment)).AccessKeyId);
        var request = Assert.Single(sts.Requests);
        Assert.DoesNotContain(request.Headers, h => h.Name.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("&WebIdentityToken=eyJhbGciOiJSUzI1NiJ9.payload.sig", System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Contains("RoleSessionName=pod-1", System.Text.Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
    }
}
