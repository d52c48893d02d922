namespace Signing.Tests;

/// <summary>
/// Credential errors never echo a value that may be a secret: an access key id that holds the
/// secret by mistake, a secret, a token, a line of a credentials file.
/// </summary>
public sealed class CredentialMessagesTests : IDisposable
{
    private const string Secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private readonly string _home = Directory.CreateTempSubdirectory("sigv-home").FullName;
    private readonly Dictionary<string, string> _vars = [];

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private CredentialEnvironment Env => new(n => _vars.TryGetValue(n, out var v) ? v : null, _home);

    public static TheoryData<string, string, string> BadIds => new()
    {
        // access key id, what the message says of the character, its position
        { Secret, "'/'", "position 14" },
        { "AKID EXAMPLE", "a space", "position 5" },
        { "AKID\u00e9XAMPLE", "a non-ASCII character", "position 5" },
        { "AKIDEXAMPLE\n", "a control character", "position 12" },
    };

    [Theory]
    [MemberData(nameof(BadIds))]
    public void AwsCredentials_BadAccessKeyId_MessageNeverShowsTheValue(string id, string what, string position)
    {
        var e = Assert.Throws<ArgumentException>(() => new AwsCredentials(id, "secret"));
        Assert.Equal("accessKeyId", e.ParamName);
        Assert.DoesNotContain(id.Trim(), e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(id[..8], e.Message, StringComparison.Ordinal);
        Assert.Contains(what, e.Message, StringComparison.Ordinal);
        Assert.Contains(position, e.Message, StringComparison.Ordinal);
        Assert.Contains("if this is the secret access key, the access key id and the secret are swapped", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentialChain_FromEnvironment_SecretInAccessKeyIdNamesTheVariableNotTheValue()
    {
        _vars["AWS_ACCESS_KEY_ID"] = Secret;
        _vars["AWS_SECRET_ACCESS_KEY"] = "AKIAIOSFODNN7EXAMPLE";
        var e = Assert.ThrowsAny<ArgumentException>(() => AwsCredentialChain.Resolve(environment: Env));
        Assert.Contains("AWS_ACCESS_KEY_ID", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EXAMPLEKEY", e.Message, StringComparison.Ordinal);
        Assert.Contains("swapped", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentialChain_FromEnvironment_BadTokenNamesTheVariableNotTheValue()
    {
        _vars["AWS_ACCESS_KEY_ID"] = "AKIAIOSFODNN7EXAMPLE";
        _vars["AWS_SECRET_ACCESS_KEY"] = Secret;
        _vars["AWS_SESSION_TOKEN"] = "FQoGZXIvYXdz\u0001ThisIsTheToken";
        var e = Assert.ThrowsAny<ArgumentException>(() => AwsCredentialChain.Resolve(environment: Env));
        Assert.Contains("AWS_SESSION_TOKEN", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FQoGZXIvYXdz", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("ThisIsTheToken", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentialChain_FromProfile_BadValuesNameTheFileAndKeyNotTheValue()
    {
        string file = Path.Combine(_home, ".aws", "credentials");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, $"[default]\naws_access_key_id = {Secret}\naws_secret_access_key = AKIAIOSFODNN7EXAMPLE\n");
        var e = Assert.ThrowsAny<ArgumentException>(() => AwsCredentialChain.Resolve(environment: Env));
        Assert.Contains("aws_access_key_id", e.Message, StringComparison.Ordinal);
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wJalrXUtnFEMI", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentialChain_Resolve_ControlCharsInProfileNameRefused()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => AwsCredentialChain.Resolve("dev\r\nInjected: line", Env));
        Assert.Contains(@"'dev\x0D\x0AInjected: line'", e.Message, StringComparison.Ordinal);
        _vars["AWS_PROFILE"] = "o\u0007ps";
        Assert.ThrowsAny<ArgumentException>(() => AwsCredentialChain.Resolve(environment: Env));
    }

    [Fact]
    public void AwsCredentialChain_Resolve_HugeCredentialsFileRefusedWithoutReadingIt()
    {
        string file = Path.Combine(_home, "huge");
        using (var f = File.Create(file))
        {
            f.SetLength(64L * 1024 * 1024);
        }

        _vars["AWS_SHARED_CREDENTIALS_FILE"] = file;
        var e = Assert.Throws<CredentialsNotFoundException>(() => AwsCredentialChain.Resolve(environment: Env));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("too large", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AwsCredentialChain_ResolveRegion_EndlessConfigFileRefused()
    {
        Assert.True(File.Exists("/dev/zero") || !OperatingSystem.IsLinux());
        if (!OperatingSystem.IsLinux())
        {
            return; // an endless file is a Linux device here
        }

        _vars["AWS_CONFIG_FILE"] = "/dev/zero";
        var e = Assert.Throws<CredentialsNotFoundException>(() => AwsCredentialChain.ResolveRegion(environment: Env));
        Assert.Contains("/dev/zero", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CredentialEnvironment_NoHomeDirectory_NeverReadsARelativeAwsFolder()
    {
        var env = new CredentialEnvironment(n => _vars.TryGetValue(n, out var v) ? v : null, string.Empty);
        Assert.Equal(string.Empty, env.CredentialsFile); // not ".aws/credentials" under the current directory
        Assert.Equal(string.Empty, env.ConfigFile);
        _vars["AWS_CONFIG_FILE"] = "~/cfg";
        Assert.Equal(string.Empty, env.ConfigFile);
        var e = Assert.Throws<CredentialsNotFoundException>(() => AwsCredentialChain.Resolve(environment: env));
        Assert.Contains("no home directory", e.Message, StringComparison.Ordinal);
        Assert.Null(AwsCredentialChain.ResolveRegion(environment: env));
        Assert.Equal("homeDirectory", Assert.Throws<ArgumentException>(() => new CredentialEnvironment(_ => null, "relative/home")).ParamName);
    }
}
