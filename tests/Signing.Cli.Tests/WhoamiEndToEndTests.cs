namespace Signing.Cli.Tests;

/// <summary><c>sigv whoami</c> as a process: the source, key id and expiry of what the chain finds, never a secret.</summary>
public sealed class WhoamiEndToEndTests : IDisposable
{
    private const string Secret = "whoamiSECRET/abcdefghijklmnopqrstuvwxyz01";
    private const string Token = "whoamiSESSIONTOKENabcdefghijklmnop0123";
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "whoami-" + Guid.NewGuid().ToString("N"));

    public WhoamiEndToEndTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string> Files(string config, string credentials = "")
    {
        File.WriteAllText(Path.Combine(_dir, "config"), config);
        File.WriteAllText(Path.Combine(_dir, "credentials"), credentials);
        return new()
        {
            ["AWS_CONFIG_FILE"] = Path.Combine(_dir, "config"),
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_dir, "credentials"),
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };
    }

    private static void NoSecrets(SigvResult r)
    {
        Assert.DoesNotContain(Secret, r.Stdout + r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_StaticProfile_SourceKeyAndNoExpiry()
    {
        var r = await SigvProcess.RunAsync(["whoami", "--profile", "dev"], Files(string.Empty, $"[dev]\naws_access_key_id = AKIAWHOAMI\naws_secret_access_key = {Secret}\n"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("source: profile dev in ", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("access key id: AKIAWHOAMI", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("session token: none", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("expires: never (long-term keys)", r.Stdout, StringComparison.Ordinal);
        NoSecrets(r);
    }

    [Fact]
    public async Task Whoami_CredentialProcess_ExpiryShownTokenNot()
    {
        string script = Path.Combine(_dir, "creds.sh");
        File.WriteAllText(script, $"#!/bin/sh\necho '{{\"Version\": 1, \"AccessKeyId\": \"ASIAPROC\", \"SecretAccessKey\": \"{Secret}\", \"SessionToken\": \"{Token}\", \"Expiration\": \"2099-01-01T00:00:00Z\"}}'\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var r = await SigvProcess.RunAsync(["credentials"], Files($"[default]\ncredential_process = {script}\n"));
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains("source: credential_process of profile default", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("session token: yes (not shown)", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("expires: 2099-01-01T00:00:00Z (in ", r.Stdout, StringComparison.Ordinal);
        NoSecrets(r);
    }

    [Fact]
    public async Task Whoami_NothingFound_ListsEverySourceExit3()
    {
        var r = await SigvProcess.RunAsync(["whoami"], Files(string.Empty));
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("(1) environment", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("(3) profile default", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("(5) EC2 instance metadata (IMDSv2): off", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whoami_UnknownFlag_Usage()
    {
        var r = await SigvProcess.RunAsync(["whoami", "-X", "GET"], Files(string.Empty));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("whoami: unknown argument '-X'", r.Stderr, StringComparison.Ordinal);
    }

    [IntegrationFact(TestServers.Rgw)]
    public async Task Whoami_AssumeRoleProfileOnRgw_TemporaryKeysThenS3LsWithThem()
    {
        var server = Rgw.Server;
        string sts = Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_STS_ENDPOINT") is { Length: > 0 } e ? e : server.Endpoint.ToString();
        string role = Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_STS_ROLE_ARN") is { Length: > 0 } arn ? arn : "arn:aws:iam:::role/S3Access";
        var env = Files($"[profile user]\naws_access_key_id = {server.AccessKey}\naws_secret_access_key = {server.SecretKey}\n\n[profile role]\nrole_arn = {role}\nsource_profile = user\nduration_seconds = 900\n");
        env["AWS_ENDPOINT_URL_STS"] = sts;
        env["AWS_ENDPOINT_URL_S3"] = sts;
        var r = await SigvProcess.RunAsync(["whoami", "--profile", "role"], env);
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Contains($"source: assume role {role} (profile role)", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain($"access key id: {server.AccessKey}", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("session token: yes (not shown)", r.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"expires: \S+Z \(in 1[45] min\)", r.Stdout);
        Assert.DoesNotContain(server.SecretKey, r.Stdout + r.Stderr, StringComparison.Ordinal);

        var ls = await SigvProcess.RunAsync(["s3", "ls", "--profile", "role"], env);
        Assert.True(ls.ExitCode == 0, ls.ToString());
    }
}
