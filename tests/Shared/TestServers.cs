using System.Net;
using System.Net.Sockets;

namespace Signing.TestSupport;

// Shared by tests/Signing.Tests and tests/Signing.S3.Tests (linked into both projects).

/// <summary>A real S3 server the integration tests run against, from SIGNING_TEST_{NAME}_* variables.</summary>
public sealed record TestServer(string Name, Uri Endpoint, string AccessKey, string SecretKey)
{
    public override string ToString() => Name;
}

/// <summary>Finds the servers; decides whether integration tests run, fail (CI) or are skipped with a reason.</summary>
public static class TestServers
{
    public const string Rgw = "RGW";
    public const string Swift = "SWIFT";

    /// <summary>A MinIO server, where one exists (it needs Docker): optional, even in CI.</summary>
    public const string Minio = "MINIO";

    private static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Null when the tests of <paramref name="name"/> must run; else why they are skipped.</summary>
    public static string? SkipReason(string name)
    {
        if (Find(name) is not null || (InCi && name != Minio))
        {
            return null; // in CI a missing server fails the test instead (see Get)
        }

        return name == Minio
            ? "SIGNING_TEST_MINIO_ENDPOINT/_ACCESS_KEY/_SECRET_KEY are not set: MinIO needs a Docker engine (none here); set them to run this suite against one."
            : $"SIGNING_TEST_{name}_ENDPOINT/_ACCESS_KEY/_SECRET_KEY are not set: start the servers with tests/servers/start-all.sh (skipped outside CI, required when CI=true).";
    }

    /// <summary>The server, or an exception explaining that CI requires it.</summary>
    public static TestServer Get(string name) => Find(name)
        ?? throw new InvalidOperationException($"CI=true but SIGNING_TEST_{name}_ENDPOINT/_ACCESS_KEY/_SECRET_KEY are not set: the S3 test servers must run in CI (tests/servers/start-all.sh).");

    private static TestServer? Find(string name)
    {
        string? endpoint = Environment.GetEnvironmentVariable($"SIGNING_TEST_{name}_ENDPOINT");
        string? access = Environment.GetEnvironmentVariable($"SIGNING_TEST_{name}_ACCESS_KEY");
        string? secret = Environment.GetEnvironmentVariable($"SIGNING_TEST_{name}_SECRET_KEY");
        return string.IsNullOrEmpty(endpoint) || string.IsNullOrEmpty(access) || string.IsNullOrEmpty(secret)
            ? null
            : new TestServer(name, new Uri(endpoint), access, secret);
    }

    /// <summary>
    /// A handler that connects <c>*.localhost</c> (virtual-host buckets) to the loopback address, since
    /// the system resolver may not know these names.
    /// </summary>
    public static SocketsHttpHandler LoopbackHandler() => new()
    {
        ConnectCallback = async (context, ct) =>
        {
            string host = context.DnsEndPoint.Host;
            var address = host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase) || host == "localhost"
                ? IPAddress.Loopback
                : (await Dns.GetHostAddressesAsync(host, ct)).First();
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };
}

/// <summary>A fact that runs against server <c>name</c>: skipped with the reason when it is not configured, unless CI=true.</summary>
public sealed class IntegrationFactAttribute : FactAttribute
{
    public IntegrationFactAttribute(string server)
    {
        Skip = TestServers.SkipReason(server);
    }
}

/// <summary>A theory that runs against server <c>name</c>: skipped with the reason when it is not configured, unless CI=true.</summary>
public sealed class IntegrationTheoryAttribute : TheoryAttribute
{
    public IntegrationTheoryAttribute(string server)
    {
        Skip = TestServers.SkipReason(server);
    }
}
