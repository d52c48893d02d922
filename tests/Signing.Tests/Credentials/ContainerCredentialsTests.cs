using System.Diagnostics;

namespace Signing.Tests.Credentials;

/// <summary>Container credentials (ECS, EKS Pod Identity) against a loopback fixture of the documented contract.</summary>
public sealed class ContainerCredentialsTests : IDisposable
{
    private const string Secret = "containerSECRET/abcdefghijklmnopqrstuvwxy";
    private const string Token = "containerSESSIONtoken0123456789";
    private const string AuthToken = "pod-identity-auth-token-0123456789";
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private static string Good(string expires = "2099-01-01T00:00:00Z") =>
        CredentialFixture.Response(200, $"{{\"AccessKeyId\":\"ASIACONTAINER\",\"SecretAccessKey\":\"{Secret}\",\"Token\":\"{Token}\",\"Expiration\":\"{expires}\"}}", "Content-Type: application/json");

    [Fact]
    public async Task Container_FullUriWithTokenFile_AuthorizationSentAndCredentialsRead()
    {
        await using var fixture = new CredentialFixture(_ => Good());
        string tokenFile = _home.File_("token", AuthToken + "\n");
        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = fixture.BaseUrl + "/v1/credentials";
        _home.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = tokenFile;
        _home.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "ignored-when-the-file-is-set";
        var c = await AwsCredentialChain.ResolveAsync(environment: _home.Environment);
        Assert.Equal("ASIACONTAINER", c.AccessKeyId);
        Assert.Equal(Token, c.SessionToken);
        Assert.Equal(new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero), c.Expiration);
        Assert.Equal("container", c.Source);
        var request = Assert.Single(fixture.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1/credentials", request.Target);
        Assert.Equal(AuthToken, request.Header("Authorization"));
    }

    [Fact]
    public async Task Container_LocalhostName_AllowedOverHttp()
    {
        await using var fixture = new CredentialFixture(_ => Good());
        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = $"http://localhost:{fixture.Port}/creds";
        _home.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = AuthToken;
        Assert.Equal("ASIACONTAINER", (await AwsCredentialChain.ResolveAsync(environment: _home.Environment)).AccessKeyId);
        Assert.Equal(AuthToken, Assert.Single(fixture.Requests).Header("Authorization"));
    }

    [Theory]
    [InlineData("http://192.0.2.10/creds")]
    [InlineData("http://169.254.169.254/latest")]
    [InlineData("http://[2001:db8::1]/creds")]
    public async Task Container_FullUriNotAllowedOverHttp_RefusedBeforeSending(string uri)
    {
        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = uri;
        _home.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = AuthToken;
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("not allowed over http", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthToken, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_Unauthorized_SaysCheckTheTokenWithoutShowingIt()
    {
        await using var fixture = new CredentialFixture(_ => CredentialFixture.Response(401, "{\"code\":\"AccessDenied\",\"message\":\"bad token\"}"));
        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = fixture.BaseUrl + "/creds";
        _home.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = AuthToken;
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("HTTP 401 AccessDenied bad token", e.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_CONTAINER_AUTHORIZATION_TOKEN", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(AuthToken, e.ToString(), StringComparison.Ordinal);
        Assert.Single(fixture.Requests); // a 4xx is not retried
    }

    [Fact]
    public async Task Container_MalformedJson_SaysSoWithoutShowingIt()
    {
        await using var fixture = new CredentialFixture(_ => CredentialFixture.Response(200, $"{{\"AccessKeyId\":\"ASIA\",\"SecretAccessKey\":\"{Secret}\""));
        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = fixture.BaseUrl + "/creds";
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_ServerErrorThenGood_Retried()
    {
        int n = 0;
        await using var fixture = new CredentialFixture(_ => Interlocked.Increment(ref n) == 1 ? CredentialFixture.Response(500, "busy") : Good());
        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = fixture.BaseUrl + "/creds";
        Assert.Equal("ASIACONTAINER", (await AwsCredentialChain.ResolveAsync(environment: _home.Environment)).AccessKeyId);
        Assert.Equal(2, fixture.Requests.Count);
    }

    [Fact]
    public async Task Container_SlowAnswer_TimesOutAfterThreeAttempts()
    {
        await using var fixture = new CredentialFixture(async _ => { await Task.Delay(5000); return Good(); });
        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = fixture.BaseUrl + "/creds";
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("no answer within 2 s (3 attempts)", e.Message, StringComparison.Ordinal);
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(5.5), TimeSpan.FromSeconds(9));
    }

    [Fact]
    public async Task Container_ConnectionRefused_Reported()
    {
        int port;
        await using (var closed = new CredentialFixture(_ => Good()))
        {
            port = closed.Port;
        }

        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = $"http://127.0.0.1:{port}/creds";
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("connection failed (ConnectionRefused)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_RelativeUriNotAPath_Refused()
    {
        _home.Variables["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = "@evil.example/creds";
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("not a path starting with '/'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Container_TokenWithLineBreak_RefusedWithoutShowingIt()
    {
        await using var fixture = new CredentialFixture(_ => Good());
        _home.Variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = fixture.BaseUrl + "/creds";
        _home.Variables["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "abc\r\nX-Injected: 1";
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("control character", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Injected", e.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Requests);
    }
}
