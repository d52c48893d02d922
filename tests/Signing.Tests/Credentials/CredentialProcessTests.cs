namespace Signing.Tests.Credentials;

/// <summary>credential_process with real processes (POSIX shell scripts written by the test).</summary>
public sealed class CredentialProcessTests : IDisposable
{
    private const string Secret = "procSecretKEY/abcdefghijklmnopqrstuvwxyz0";
    private const string Token = "procTOKENabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private string Script(string name, string body)
    {
        string file = _home.File_(name, "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        return file;
    }

    private Task<AwsCredentials> ResolveAsync(string command)
    {
        _home.Config($"[profile proc]\ncredential_process = {command}\n");
        return AwsCredentialChain.ResolveAsync("proc", _home.Environment);
    }

    [Fact]
    public async Task CredentialProcess_ValidJson_CredentialsWithExpiry()
    {
        string expires = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        string script = Script("ok.sh", $$"""
            [ "$1" = "--role" ] && [ "$2" = "two words" ] || { echo "bad args: $*" >&2; exit 9; }
            echo '{"Version": 1, "AccessKeyId": "ASIAPROCESS", "SecretAccessKey": "{{Secret}}", "SessionToken": "{{Token}}", "Expiration": "{{expires}}"}'
            """);
        var c = await ResolveAsync($"{script} --role \"two words\"");
        Assert.Equal("ASIAPROCESS", c.AccessKeyId);
        Assert.Equal(Secret, c.SecretAccessKey);
        Assert.Equal(Token, c.SessionToken);
        Assert.Equal(expires, c.Expiration!.Value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("credential_process of profile proc", c.Source);
        Assert.DoesNotContain(Secret, c.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialProcess_NonZeroExit_StderrShownStdoutNot()
    {
        string script = Script("fail.sh", $"echo '{Secret}'\necho 'token expired: run sso login' >&2\nexit 3");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => ResolveAsync(script));
        Assert.Contains("exited with code 3", e.Message, StringComparison.Ordinal);
        Assert.Contains("token expired: run sso login", e.Message, StringComparison.Ordinal);
        Assert.Contains("credential_process of profile proc", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialProcess_BadJson_RefusedWithoutShowingOutput()
    {
        string script = Script("bad.sh", $"echo '{{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"{Secret}\"'");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => ResolveAsync(script));
        Assert.Contains("not valid JSON", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialProcess_ExpirationInThePast_Refused()
    {
        string script = Script("old.sh", $"echo '{{\"Version\": 1, \"AccessKeyId\": \"ASIAOLD\", \"SecretAccessKey\": \"{Secret}\", \"SessionToken\": \"{Token}\", \"Expiration\": \"2020-01-01T00:00:00Z\"}}'");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => ResolveAsync(script));
        Assert.Contains("expired at 2020-01-01T00:00:00Z", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, e.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"S\"}", "Version '2'")]
    [InlineData("{\"Version\": 1, \"SecretAccessKey\": \"S\"}", "no AccessKeyId")]
    [InlineData("[1, 2]", "not a JSON object")]
    public async Task CredentialProcess_WrongDocument_SaysWhat(string json, string expected)
    {
        string script = Script("doc.sh", $"echo '{json}'");
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => ResolveAsync(script));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialProcess_MissingProgram_SaysItCouldNotStart()
    {
        var e = await Assert.ThrowsAsync<CredentialsNotFoundException>(() => ResolveAsync(Path.Combine(_home.Path, "no-such-program")));
        Assert.Contains("could not be started", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CredentialProcess_Provider_RunAgainWhenExpiring()
    {
        string counter = Path.Combine(_home.Path, "count");
        string script = Script("count.sh", $$"""
            echo x >> '{{counter}}'
            n=$(wc -l < '{{counter}}' | tr -d ' ')
            exp=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
            echo "{\"Version\": 1, \"AccessKeyId\": \"ASIARUN$n\", \"SecretAccessKey\": \"{{Secret}}\", \"SessionToken\": \"{{Token}}\", \"Expiration\": \"$exp\"}"
            """);
        _home.Config($"[profile proc]\ncredential_process = {script}\n");
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var provider = AwsCredentialChain.CreateProvider("proc", _home.Environment, clock);
        Assert.Equal("ASIARUN1", (await provider.GetCredentialsAsync()).AccessKeyId);
        Assert.Equal("ASIARUN1", (await provider.GetCredentialsAsync()).AccessKeyId);
        clock.Advance(TimeSpan.FromMinutes(59.5));
        Assert.Equal("ASIARUN2", (await provider.GetCredentialsAsync()).AccessKeyId);
    }
}
