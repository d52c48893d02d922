using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Signing.TestSupport;

// Shared by tests/Signing.Tests, tests/Signing.S3.Tests and tests/Signing.Cli.Tests (linked into each).

/// <summary>
/// RGW over HTTPS with the test's private CA (tests/servers): SIGNING_TEST_RGW_HTTPS_ENDPOINT,
/// SIGNING_TEST_CA_FILE and SIGNING_TEST_RGW_VHOST_DOMAIN, with the RGW keys. The certificate is
/// for 127.0.0.1, ::1, localhost, DOMAIN and *.DOMAIN; nothing resolves DOMAIN, so clients connect
/// through <see cref="LoopbackHandler"/> (or curl's --connect-to).
/// </summary>
public sealed record TlsTestServer(Uri Endpoint, string CaFile, string VhostDomain, string AccessKey, string SecretKey)
{
    /// <summary>The endpoint under the virtual-host domain, such as https://s3.test:17443.</summary>
    public Uri NamedEndpoint => new UriBuilder(Endpoint) { Host = VhostDomain }.Uri;

    public override string ToString() => "RGW-TLS";

    /// <summary>Null when the TLS tests must run (the variables are set, or CI=true); else why they are skipped.</summary>
    public static string? SkipReason() =>
        Find() is not null || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : "SIGNING_TEST_RGW_HTTPS_ENDPOINT/_CA_FILE/_RGW_VHOST_DOMAIN (and the RGW keys) are not set: start the servers with tests/servers/start-all.sh and load tests/servers/.env (skipped outside CI, required when CI=true).";

    public static TlsTestServer Get() => Find()
        ?? throw new InvalidOperationException("CI=true but SIGNING_TEST_RGW_HTTPS_ENDPOINT, SIGNING_TEST_CA_FILE or SIGNING_TEST_RGW_VHOST_DOMAIN is not set: the RGW TLS endpoint must run in CI (tests/servers/start-all.sh).");

    private static TlsTestServer? Find()
    {
        string? endpoint = Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_HTTPS_ENDPOINT");
        string? ca = Environment.GetEnvironmentVariable("SIGNING_TEST_CA_FILE");
        string? domain = Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_VHOST_DOMAIN");
        string? access = Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_ACCESS_KEY");
        string? secret = Environment.GetEnvironmentVariable("SIGNING_TEST_RGW_SECRET_KEY");
        return string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(ca) || string.IsNullOrEmpty(domain) || string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret) || !File.Exists(ca)
            ? null
            : new TlsTestServer(new Uri(endpoint), ca, domain, access, secret);
    }

    /// <summary>A handler that connects every host name to 127.0.0.1 (TLS still checks the name asked for, and sends it as SNI).</summary>
    public static SocketsHttpHandler LoopbackHandler() => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    /// <summary>Writes a PEM file with a CA certificate that signed nothing the server has (an untrusted CA) and returns its path.</summary>
    public static string WriteOtherCa(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Some Other Test CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        string path = Path.Combine(directory, "other-ca.pem");
        File.WriteAllText(path, ca.ExportCertificatePem());
        return path;
    }
}

/// <summary>A fact that runs against RGW over HTTPS: skipped with the reason when it is not configured, unless CI=true.</summary>
public sealed class TlsFactAttribute : FactAttribute
{
    public TlsFactAttribute()
    {
        Skip = TlsTestServer.SkipReason();
    }
}

/// <summary>A theory that runs against RGW over HTTPS: skipped with the reason when it is not configured, unless CI=true.</summary>
public sealed class TlsTheoryAttribute : TheoryAttribute
{
    public TlsTheoryAttribute()
    {
        Skip = TlsTestServer.SkipReason();
    }
}
