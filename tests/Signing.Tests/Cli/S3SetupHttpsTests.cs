using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signing.Cli;
using Signing.S3;

namespace Signing.Tests.Cli;

/// <summary>sigv s3: the endpoint from the config file, the CA bundle's precedence and its errors.</summary>
public sealed class S3SetupHttpsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("s3setup-https-").FullName;
    private readonly string _caA;
    private readonly string _caB;

    public S3SetupHttpsTests()
    {
        _caA = WriteCa("a");
        _caB = WriteCa("b");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string WriteCa(string name)
    {
        using var key = ECDsa.Create();
        using var ca = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(1));
        string path = Path.Combine(_dir, name + ".pem");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }

    private Func<string, string?> Env(string config, params (string Name, string Value)[] vars)
    {
        string path = Path.Combine(_dir, "config");
        File.WriteAllText(path, config);
        var all = vars.Append(("AWS_CONFIG_FILE", path)).ToArray();
        return name => all.FirstOrDefault(v => v.Item1 == name).Item2;
    }

    private static S3ClientOptions Options(Func<string, string?> env, params string[] args) =>
        S3Setup.ClientOptions(S3Args.Parse(["ls", "--user", "AK:SK", .. args]), [], env, home: string.Empty);

    private static string Subject(S3ClientOptions o) => Assert.Single(o.CaCertificates!).Subject;

    [Fact]
    public void S3Setup_ClientOptions_CaBundle_FlagThenEnvironmentThenProfile()
    {
        string config = $"[default]\nca_bundle = {_caA}\nendpoint_url = https://s3.example.com\n";
        Assert.Equal("CN=a", Subject(Options(Env(config))));
        Assert.Equal("CN=b", Subject(Options(Env(config, ("AWS_CA_BUNDLE", _caB)))));
        Assert.Equal("CN=a", Subject(Options(Env(config, ("AWS_CA_BUNDLE", _caB)), "--ca-bundle", _caA)));
        Assert.Null(Options(Env("[default]\n")).CaCertificates);
    }

    [Fact]
    public void S3Setup_ClientOptions_NoVerifySsl_WinsOverEveryBundle()
    {
        var o = Options(Env($"[default]\nca_bundle = {_caA}\n", ("AWS_CA_BUNDLE", _caB)), "--ca-bundle", _caA, "--no-verify-ssl");
        Assert.True(o.DangerousAcceptAnyServerCertificate);
        Assert.Null(o.CaCertificates);
    }

    [Theory]
    [InlineData("flag")]
    [InlineData("env")]
    [InlineData("profile")]
    public void S3Setup_ClientOptions_UnreadableBundle_UsageErrorNamingSourceAndPath(string where)
    {
        string junk = Path.Combine(_dir, "junk.pem");
        File.WriteAllText(junk, "not a certificate");
        var (env, args, source) = where switch
        {
            "flag" => (Env("[default]\n"), new[] { "--ca-bundle", junk }, "--ca-bundle"),
            "env" => (Env("[default]\n", ("AWS_CA_BUNDLE", junk)), Array.Empty<string>(), "AWS_CA_BUNDLE"),
            _ => (Env($"[default]\nca_bundle = {junk}\n"), Array.Empty<string>(), "ca_bundle of profile default in "),
        };
        var e = Assert.Throws<UsageException>(() => Options(env, args));
        Assert.StartsWith(source, e.Message, StringComparison.Ordinal);
        Assert.Contains($"'{junk}'", e.Message, StringComparison.Ordinal);
        Assert.Contains("holds no PEM certificate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Setup_ClientOptions_Endpoint_FlagThenVariablesThenServicesThenProfile()
    {
        string config = "[profile p]\nendpoint_url = https://profile:1\nservices = svc\n\n[services svc]\ns3 =\n  endpoint_url = https://services:2\n\n[profile plain]\nendpoint_url = https://plain:3\n";
        Assert.Equal(new Uri("https://flag:4"), Options(Env(config, ("AWS_ENDPOINT_URL_S3", "https://s3var:5")), "--profile", "p", "--endpoint-url", "https://flag:4").Endpoint);
        Assert.Equal(new Uri("https://s3var:5"), Options(Env(config, ("AWS_ENDPOINT_URL_S3", "https://s3var:5"), ("AWS_ENDPOINT_URL", "https://all:6")), "--profile", "p").Endpoint);
        Assert.Equal(new Uri("https://all:6"), Options(Env(config, ("AWS_ENDPOINT_URL", "https://all:6")), "--profile", "p").Endpoint);
        Assert.Equal(new Uri("https://services:2"), Options(Env(config), "--profile", "p").Endpoint);
        Assert.Equal(new Uri("https://plain:3"), Options(Env(config, ("AWS_PROFILE", "plain"))).Endpoint);
        Assert.Equal(new Uri("https://s3.us-east-1.amazonaws.com"), Options(Env(config, ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")), "--profile", "p").Endpoint);
        Assert.Equal(new Uri("https://flag:4"), Options(Env(config, ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")), "--profile", "p", "--endpoint-url", "https://flag:4").Endpoint);
    }

    [Fact]
    public void S3Setup_ClientOptions_MalformedEndpointInProfile_NamesTheFileAndKey()
    {
        var e = Assert.Throws<UsageException>(() => Options(Env("[default]\nendpoint_url = s3.example.com:9000\n")));
        Assert.StartsWith("endpoint_url of profile default in ", e.Message, StringComparison.Ordinal);
        Assert.Contains("'s3.example.com:9000' is not an http(s) URL", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Command_BadCaBundleFlag_UsageExitNamingIt()
    {
        var r = CliRunner.Run(["s3", "--endpoint-url", "https://127.0.0.1:1", "--user", "AK:SK", "--ca-bundle", Path.Combine(_dir, "missing.pem"), "ls"]);
        CliRunner.AssertUsageError(r, "--ca-bundle '");
        Assert.Contains("no such file", r.Stderr, StringComparison.Ordinal);
    }
}
