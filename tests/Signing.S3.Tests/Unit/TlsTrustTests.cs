using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Signing.S3.Tests.Integration;

namespace Signing.S3.Tests.Unit;

public sealed class TlsTrustTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string name, string text)
    {
        string path = Path.Combine(_temp.Path, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static X509Certificate2 SelfSigned(string name, params string[] dnsNames)
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        foreach (string dns in dnsNames)
        {
            san.AddDnsName(dns);
        }

        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void TlsTrust_LoadCaBundle_TwoCertificatesAmongOtherBlocks_ReadsBoth()
    {
        using var a = SelfSigned("a");
        using var b = SelfSigned("b");
        string path = Write("bundle.pem", "# comment\n" + a.ExportCertificatePem() + "\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" + b.ExportCertificatePem());
        var loaded = TlsTrust.LoadCaBundle(path, "--ca-bundle");
        Assert.Equal([a.Thumbprint, b.Thumbprint], loaded.Select(c => c.Thumbprint));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("  \n", "is empty")]
    [InlineData("this is not a certificate\n", "holds no PEM certificate")]
    [InlineData("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n", "cannot be read")]
    public void TlsTrust_LoadCaBundle_BadContent_NamesSourceAndPath(string content, string expected)
    {
        string path = Write("bad.pem", content);
        var e = Assert.Throws<ArgumentException>(() => TlsTrust.LoadCaBundle(path, "--ca-bundle"));
        Assert.StartsWith($"--ca-bundle '{path}'", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Contains("PEM file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsTrust_LoadCaBundle_MissingFileOrDirectory_NamesSourceAndPath()
    {
        string missing = Path.Combine(_temp.Path, "nope.pem");
        var e = Assert.Throws<ArgumentException>(() => TlsTrust.LoadCaBundle(missing, "AWS_CA_BUNDLE"));
        Assert.StartsWith($"AWS_CA_BUNDLE '{missing}': no such file", e.Message, StringComparison.Ordinal);
        var d = Assert.Throws<ArgumentException>(() => TlsTrust.LoadCaBundle(_temp.Path, "--cacert"));
        Assert.Contains("is a directory", d.Message, StringComparison.Ordinal);
        var empty = Assert.Throws<ArgumentException>(() => TlsTrust.LoadCaBundle(string.Empty, "--cacert"));
        Assert.StartsWith("--cacert is empty", empty.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TlsTrust_DescribeRejection_NameMismatch_QuotesTheCertificatesNames()
    {
        using var cert = SelfSigned("server", "s3.example.com", "*.s3.example.com");
        var (kind, reason) = TlsTrust.DescribeRejection(SslPolicyErrors.RemoteCertificateNameMismatch, null, cert);
        Assert.Equal(TlsFailureKind.NameMismatch, kind);
        Assert.Contains("s3.example.com, *.s3.example.com", reason, StringComparison.Ordinal);
        Assert.Equal(TlsFailureKind.NoCertificate, TlsTrust.DescribeRejection(SslPolicyErrors.RemoteCertificateNotAvailable, null, null).Kind);
    }

    [Fact]
    public void TlsTrust_DescribeRejection_ExpiredCertificate_Expired()
    {
        using var key = ECDsa.Create();
        using var old = new CertificateRequest("CN=old", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-5));
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(old);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.False(chain.Build(old));
        var (kind, reason) = TlsTrust.DescribeRejection(SslPolicyErrors.RemoteCertificateChainErrors, chain, old);
        Assert.Equal(TlsFailureKind.Expired, kind);
        Assert.Contains("expired", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Client_Ctor_BadCaBundle_ArgumentExceptionNamingIt()
    {
        string path = Write("junk.pem", "junk");
        var e = Assert.Throws<ArgumentException>(() => new S3Client(Fake.Options("https://h") with { CaBundle = path }));
        Assert.StartsWith($"CaBundle '{path}'", e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void S3Client_Ctor_TlsOptionsThatCannotApply_Refused()
    {
        using var ca = SelfSigned("ca");
        var withCa = Fake.Options("https://h") with { CaCertificates = [ca] };
        Assert.Contains("exclude each other", Assert.Throws<ArgumentException>(() => new S3Client(withCa with { DangerousAcceptAnyServerCertificate = true })).Message, StringComparison.Ordinal);
        using var http = new HttpClient();
        Assert.Contains("HttpClient", Assert.Throws<ArgumentException>(() => new S3Client(withCa, http)).Message, StringComparison.Ordinal);
        Assert.Contains("SocketsHttpHandler", Assert.Throws<ArgumentException>(() => new S3Client(withCa, new FakeHandler())).Message, StringComparison.Ordinal);
        var own = new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, errors) => errors == SslPolicyErrors.None } };
        Assert.Contains("of its own", Assert.Throws<ArgumentException>(() => new S3Client(withCa, own)).Message, StringComparison.Ordinal);
        Assert.Contains("empty", Assert.Throws<ArgumentException>(() => new S3Client(withCa with { CaCertificates = [] })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3Client_Ctor_CaOnHandlerPassedIn_SetsChainPolicy()
    {
        using var ca = SelfSigned("ca");
        var handler = new SocketsHttpHandler();
        using var client = new S3Client(Fake.Options("https://h") with { CaCertificates = [ca] }, new PassThrough(handler));
        Assert.Equal(X509ChainTrustMode.CustomRootTrust, handler.SslOptions.CertificateChainPolicy?.TrustMode);
        Assert.Equal(ca.Thumbprint, Assert.Single(handler.SslOptions.CertificateChainPolicy!.CustomTrustStore).Thumbprint);
        Assert.NotNull(handler.SslOptions.RemoteCertificateValidationCallback);
    }

    private sealed class PassThrough(HttpMessageHandler inner) : DelegatingHandler(inner);
}
