using Signing.S3;

namespace Signing.Cli.Tests;

/// <summary>The loopback Ceph RGW as the end-to-end tests use it: sigv's environment for it, and a client that checks what sigv did.</summary>
internal static class Rgw
{
    public static TestServer Server => TestServers.Get(TestServers.Rgw);

    /// <summary>
    /// <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c> and <c>AWS_ENDPOINT_URL_S3</c>: the server,
    /// or <paramref name="endpoint"/> (a FaultProxy in front of it).
    /// </summary>
    public static Dictionary<string, string> Environment(Uri? endpoint = null) => new()
    {
        ["AWS_ACCESS_KEY_ID"] = Server.AccessKey,
        ["AWS_SECRET_ACCESS_KEY"] = Server.SecretKey,
        ["AWS_ENDPOINT_URL_S3"] = (endpoint ?? Server.Endpoint).ToString(),
    };

    /// <summary>A client straight to the server, owning its handler.</summary>
    public static S3Client Client() => new(new S3ClientOptions
    {
        Endpoint = Server.Endpoint,
        Credentials = new AwsCredentials(Server.AccessKey, Server.SecretKey),
    });
}
