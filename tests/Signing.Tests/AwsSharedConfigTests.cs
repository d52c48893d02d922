using Signing.Internal;

namespace Signing.Tests;

/// <summary>endpoint_url and ca_bundle from the environment and the shared config file, in the AWS CLI's order.</summary>
public sealed class AwsSharedConfigTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("shared-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const string Config = """
        [default]
        endpoint_url = http://profile-default:1
        services = local

        [profile dev]
        endpoint_url = http://profile-dev:2
        ca_bundle = /etc/dev-ca.pem

        [profile ignoring]
        endpoint_url = http://ignored:3
        ignore_configured_endpoint_urls = true

        [services local]
        dynamodb =
          endpoint_url = http://dynamo:4
        s3 =
          endpoint_url = http://services-s3:5
          # a comment inside the sub-section
        sts =
          endpoint_url = http://sts:6
        """;

    private CredentialEnvironment Env(params (string Name, string Value)[] vars)
    {
        string path = Path.Combine(_dir, "config");
        File.WriteAllText(path, Config);
        var all = vars.Append(("AWS_CONFIG_FILE", path)).ToArray();
        return new CredentialEnvironment(name => all.FirstOrDefault(v => v.Item1 == name).Item2, string.Empty);
    }

    [Fact]
    public void IniFile_Parse_IndentedKeysUnderEmptyKey_AreItsSubSection()
    {
        var ini = IniFile.Parse(Config.Split('\n'));
        Assert.Equal("http://services-s3:5", ini.Get("services local", "s3.endpoint_url"));
        Assert.Equal("http://dynamo:4", ini.Get("services local", "dynamodb.endpoint_url"));
        Assert.Equal("http://sts:6", ini.Get("services local", "sts.endpoint_url"));
        Assert.Null(ini.Get("services local", "endpoint_url")); // not flattened into the section
        Assert.Equal("http://profile-dev:2", ini.Get("profile dev", "endpoint_url"));
    }

    [Fact]
    public void AwsSharedConfig_ResolveEndpointUrl_AwsCliPrecedence()
    {
        var all = Env(("AWS_ENDPOINT_URL_S3", "http://env-s3:7"), ("AWS_ENDPOINT_URL", "http://env-all:8"));
        Assert.Equal(new ConfigSetting("http://env-s3:7", "AWS_ENDPOINT_URL_S3"), AwsSharedConfig.ResolveEndpointUrl("s3", null, all));
        Assert.Equal(new ConfigSetting("http://env-all:8", "AWS_ENDPOINT_URL"), AwsSharedConfig.ResolveEndpointUrl("s3", null, Env(("AWS_ENDPOINT_URL", "http://env-all:8"))));
        var services = AwsSharedConfig.ResolveEndpointUrl("s3", null, Env())!;
        Assert.Equal("http://services-s3:5", services.Value);
        Assert.StartsWith("endpoint_url of s3 in [services local]", services.Source, StringComparison.Ordinal);
        Assert.Equal("http://sts:6", AwsSharedConfig.ResolveEndpointUrl("sts", null, Env())!.Value);
        Assert.Equal("http://profile-default:1", AwsSharedConfig.ResolveEndpointUrl("sqs", null, Env())!.Value); // no services entry: the profile's
        Assert.Equal("http://profile-dev:2", AwsSharedConfig.ResolveEndpointUrl("s3", "dev", Env())!.Value);
        Assert.Equal("http://profile-dev:2", AwsSharedConfig.ResolveEndpointUrl("s3", null, Env(("AWS_PROFILE", "dev")))!.Value);
        Assert.Null(AwsSharedConfig.ResolveEndpointUrl("s3", "nobody", Env()));
    }

    [Fact]
    public void AwsSharedConfig_ResolveEndpointUrl_IgnoreConfigured_EnvironmentBeforeProfile()
    {
        Assert.Null(AwsSharedConfig.ResolveEndpointUrl("s3", null, Env(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"), ("AWS_ENDPOINT_URL_S3", "http://env-s3:7"))));
        Assert.Null(AwsSharedConfig.ResolveEndpointUrl("s3", "ignoring", Env(("AWS_ENDPOINT_URL", "http://env-all:8"))));
        Assert.Equal("http://ignored:3", AwsSharedConfig.ResolveEndpointUrl("s3", "ignoring", Env(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false")))!.Value);
    }

    [Fact]
    public void AwsSharedConfig_ResolveCaBundle_EnvironmentThenProfile()
    {
        Assert.Equal(new ConfigSetting("/env-ca.pem", "AWS_CA_BUNDLE"), AwsSharedConfig.ResolveCaBundle("dev", Env(("AWS_CA_BUNDLE", "/env-ca.pem"))));
        var profile = AwsSharedConfig.ResolveCaBundle("dev", Env())!;
        Assert.Equal("/etc/dev-ca.pem", profile.Value);
        Assert.StartsWith("ca_bundle of profile dev in ", profile.Source, StringComparison.Ordinal);
        Assert.Null(AwsSharedConfig.ResolveCaBundle(null, Env()));
    }

    [Fact]
    public void AwsSharedConfig_ResolveCaBundle_TildeIsTheHomeDirectory()
    {
        // "~/corp-ca.pem" was handed on as typed, a relative path that no reader finds.
        string path = Path.Combine(_dir, "config");
        File.WriteAllText(path, "[profile home]\nca_bundle = ~/certs/corp-ca.pem\n");
        (string, string)[] vars = [("AWS_CONFIG_FILE", path)];
        var env = new CredentialEnvironment(name => vars.FirstOrDefault(v => v.Item1 == name).Item2, "/home/ada");
        Assert.Equal(Path.Combine("/home/ada", "certs", "corp-ca.pem"), AwsSharedConfig.ResolveCaBundle("home", env)!.Value);

        var fromVariable = new CredentialEnvironment(name => name == "AWS_CA_BUNDLE" ? "~/ca.pem" : null, "/home/ada");
        Assert.Equal(Path.Combine("/home/ada", "ca.pem"), AwsSharedConfig.ResolveCaBundle(null, fromVariable)!.Value);

        var noHome = new CredentialEnvironment(name => name == "AWS_CA_BUNDLE" ? "~/ca.pem" : null, string.Empty);
        Assert.Equal("~/ca.pem", AwsSharedConfig.ResolveCaBundle(null, noHome)!.Value);
    }
}
