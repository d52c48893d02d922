namespace Signing.Tests;

public sealed class AwsCredentialChainTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("sigv-home").FullName;
    private readonly Dictionary<string, string> _vars = [];

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private CredentialEnvironment Env => new(n => _vars.TryGetValue(n, out var v) ? v : null, _home);

    private void Write(string relative, string text)
    {
        string path = Path.Combine(_home, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    [Fact]
    public void AwsCredentialChain_Resolve_EnvironmentBeforeFiles()
    {
        Write(".aws/credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = filesecret\n");
        _vars["AWS_ACCESS_KEY_ID"] = "ENVKEY";
        _vars["AWS_SECRET_ACCESS_KEY"] = "envsecret";
        _vars["AWS_SESSION_TOKEN"] = "envtoken";
        var c = AwsCredentialChain.Resolve(environment: Env);
        Assert.Equal("ENVKEY", c.AccessKeyId);
        Assert.Equal("envtoken", c.SessionToken);
        Assert.Equal("environment", c.Source);
    }

    [Fact]
    public void AwsCredentialChain_Resolve_ExplicitProfileIgnoresEnvironment()
    {
        Write(".aws/credentials", "[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = devsecret\n");
        _vars["AWS_ACCESS_KEY_ID"] = "ENVKEY";
        _vars["AWS_SECRET_ACCESS_KEY"] = "envsecret";
        Assert.Equal("DEVKEY", AwsCredentialChain.Resolve("dev", Env).AccessKeyId);
    }

    [Fact]
    public void AwsCredentialChain_Resolve_AwsProfileAndConfigFile()
    {
        Write(".aws/config", "# comment\n[profile ops]\nregion = eu-west-1\naws_access_key_id = OPSKEY\naws_secret_access_key = opssecret\naws_session_token = opstoken\n");
        _vars["AWS_PROFILE"] = "ops";
        var c = AwsCredentialChain.Resolve(environment: Env);
        Assert.Equal("OPSKEY", c.AccessKeyId);
        Assert.Equal("opstoken", c.SessionToken);
        Assert.Contains("config", c.Source, StringComparison.Ordinal);
        Assert.Equal("eu-west-1", AwsCredentialChain.ResolveRegion(environment: Env));
    }

    [Fact]
    public void AwsCredentialChain_Resolve_CustomFileLocations()
    {
        Write("elsewhere/creds", "[default]\naws_access_key_id=K\naws_secret_access_key=S\n");
        _vars["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(_home, "elsewhere/creds");
        Assert.Equal("K", AwsCredentialChain.Resolve(environment: Env).AccessKeyId);
    }

    [Fact]
    public void AwsCredentialChain_Resolve_NothingFoundSaysWhereItLooked()
    {
        var e = Assert.Throws<CredentialsNotFoundException>(() => AwsCredentialChain.Resolve(environment: Env));
        Assert.Contains("AWS_ACCESS_KEY_ID", e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home, ".aws", "credentials"), e.Message, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home, ".aws", "config"), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentialChain_ResolveRegion_EnvironmentFirst()
    {
        _vars["AWS_DEFAULT_REGION"] = "ap-south-1";
        Assert.Equal("ap-south-1", AwsCredentialChain.ResolveRegion(environment: Env));
        _vars["AWS_REGION"] = "us-west-2";
        Assert.Equal("us-west-2", AwsCredentialChain.ResolveRegion(environment: Env));
    }
}
