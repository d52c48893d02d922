using System.Diagnostics;

namespace Signing.Tests.Credentials;

/// <summary>IMDSv2 against a loopback fixture of its documented contract: token PUT with TTL, token on every GET (401 without), role list, role credentials.</summary>
public sealed class ImdsCredentialsTests : IDisposable
{
    private const string Secret = "imdsSECRET/abcdefghijklmnopqrstuvwxyz01234";
    private const string SessionToken = "imdsSESSIONtoken0123456789";
    private readonly TestHome _home = new();

    public ImdsCredentialsTests() => _home.Variables.Remove("AWS_EC2_METADATA_DISABLED");

    public void Dispose() => _home.Dispose();

    /// <summary>The contract; <paramref name="tokens"/> counts tokens handed out, <paramref name="expireFirstToken"/> answers 401 to the first one once.</summary>
    private static Func<RawRequest, string> Imds(string role = "app-role", string? credentials = null, Action? onToken = null, bool expireFirstToken = false)
    {
        int issued = 0;
        bool expired = false;
        return r =>
        {
            if (r.Method == "PUT" && r.Target == "/latest/api/token")
            {
                if (!r.Headers.Any(h => h.Name.Equals("X-aws-ec2-metadata-token-ttl-seconds", StringComparison.OrdinalIgnoreCase) && h.Value == "21600"))
                {
                    return CredentialFixture.Response(400, "missing TTL");
                }

                onToken?.Invoke();
                return CredentialFixture.Response(200, $"imds-token-{Interlocked.Increment(ref issued)}");
            }

            string? token = r.Headers.FirstOrDefault(h => h.Name.Equals("X-aws-ec2-metadata-token", StringComparison.OrdinalIgnoreCase)).Value;
            if (token is null || !token.StartsWith("imds-token-", StringComparison.Ordinal))
            {
                return CredentialFixture.Response(401, string.Empty);
            }

            if (expireFirstToken && token == "imds-token-1" && !expired)
            {
                expired = true;
                return CredentialFixture.Response(401, string.Empty);
            }

            return r.Target switch
            {
                "/latest/meta-data/iam/security-credentials/" => CredentialFixture.Response(200, role),
                var t when t == "/latest/meta-data/iam/security-credentials/" + role => CredentialFixture.Response(200, credentials ??
                    $"{{\"Code\":\"Success\",\"LastUpdated\":\"2026-12-01T00:00:00Z\",\"Type\":\"AWS-HMAC\",\"AccessKeyId\":\"ASIAIMDS\",\"SecretAccessKey\":\"{Secret}\",\"Token\":\"{SessionToken}\",\"Expiration\":\"2099-01-01T00:00:00Z\"}}"),
                _ => CredentialFixture.Response(404, "not found"),
            };
        };
    }

    [Fact]
    public async Task Imds_TokenThenRoleThenCredentials_Read()
    {
        await using var fixture = new CredentialFixture(Imds());
        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fixture.BaseUrl;
        var c = await AwsCredentialChain.ResolveAsync(environment: _home.Environment);
        Assert.Equal("ASIAIMDS", c.AccessKeyId);
        Assert.Equal(SessionToken, c.SessionToken);
        Assert.Equal("EC2 instance metadata (role app-role)", c.Source);
        Assert.Equal(["PUT /latest/api/token", "GET /latest/meta-data/iam/security-credentials/", "GET /latest/meta-data/iam/security-credentials/app-role"], fixture.Requests.Select(r => $"{r.Method} {r.Target}"));
        Assert.All(fixture.Requests.Skip(1), r => Assert.Equal("imds-token-1", r.Header("X-aws-ec2-metadata-token")));
    }

    [Fact]
    public async Task Imds_ExpiredToken401_NewTokenOnce()
    {
        int tokens = 0;
        await using var fixture = new CredentialFixture(Imds(onToken: () => Interlocked.Increment(ref tokens), expireFirstToken: true));
        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fixture.BaseUrl;
        Assert.Equal("ASIAIMDS", (await AwsCredentialChain.ResolveAsync(environment: _home.Environment)).AccessKeyId);
        Assert.Equal(2, tokens);
    }

    [Fact]
    public async Task Imds_RoleNotFound404_Reported()
    {
        await using var fixture = new CredentialFixture(r => r.Method == "PUT" ? CredentialFixture.Response(200, "imds-token-1") : CredentialFixture.Response(404, string.Empty));
        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fixture.BaseUrl;
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("no IAM role", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imds_MalformedJson_ReportedWithoutShowingIt()
    {
        await using var fixture = new CredentialFixture(Imds(credentials: $"{{\"Code\":\"Success\",\"SecretAccessKey\":\"{Secret}\","));
        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fixture.BaseUrl;
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imds_SlowAnswer_GivesUpInAboutOneSecondAsNotFound()
    {
        await using var fixture = new CredentialFixture(async _ => { await Task.Delay(5000); return CredentialFixture.Response(200, "late"); });
        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fixture.BaseUrl;
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(1.9));
        Assert.StartsWith("No AWS credentials found", e.Message, StringComparison.Ordinal);
        Assert.Contains("no answer within 1 s (not on EC2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imds_ConnectionRefused_FailsFastAsNotFound()
    {
        int port;
        await using (var closed = new CredentialFixture(_ => string.Empty))
        {
            port = closed.Port;
        }

        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = $"http://127.0.0.1:{port}";
        var watch = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), watch.Elapsed.ToString());
        Assert.Contains("ConnectionRefused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imds_Disabled_NotAsked()
    {
        await using var fixture = new CredentialFixture(Imds());
        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fixture.BaseUrl;
        _home.Variables["AWS_EC2_METADATA_DISABLED"] = "TRUE";
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.Contains("off (AWS_EC2_METADATA_DISABLED=true)", e.Message, StringComparison.Ordinal);
        Assert.Empty(fixture.Requests);
    }

    [Fact]
    public async Task Imds_CredentialSourceOfProfile_AssumesNothingElse()
    {
        await using var fixture = new CredentialFixture(Imds());
        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fixture.BaseUrl;
        _home.Config("[profile ec2]\nec2_metadata_service_endpoint = http://127.0.0.1:1\n");
        // The environment variable wins over the profile's endpoint.
        Assert.Equal("ASIAIMDS", (await AwsCredentialChain.ResolveAsync(environment: _home.Environment)).AccessKeyId);
    }

    [Fact]
    public async Task Imds_TokenRefused_ListedAsNotFound()
    {
        await using var fixture = new CredentialFixture(_ => CredentialFixture.Response(403, "Forbidden"));
        _home.Variables["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = fixture.BaseUrl;
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveAsync(environment: _home.Environment));
        Assert.StartsWith("No AWS credentials found", e.Message, StringComparison.Ordinal);
        Assert.Contains("answered HTTP 403 (IMDSv2 is required", e.Attempts[^1], StringComparison.Ordinal);
        Assert.Single(fixture.Requests); // no IMDSv1 fallback
    }
}
