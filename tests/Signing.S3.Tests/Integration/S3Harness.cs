using System.Security.Cryptography;

namespace Signing.S3.Tests.Integration;

/// <summary>A signing policy and addressing to run a scenario with.</summary>
public sealed record S3Mode(S3SigningPolicy Policy, S3Addressing Addressing)
{
    public override string ToString() => $"{Policy}/{Addressing}";
}

/// <summary>
/// One scenario's client and a fresh bucket on a real server; disposing empties and deletes the
/// bucket (objects and unfinished multipart uploads).
/// </summary>
public sealed class S3Harness : IAsyncDisposable
{
    private S3Harness(TestServer server, S3Mode mode, S3Client client, string bucket)
    {
        Server = server;
        Mode = mode;
        Client = client;
        Bucket = bucket;
    }

    public TestServer Server { get; }

    public S3Mode Mode { get; }

    public S3Client Client { get; }

    public string Bucket { get; }

    /// <summary>Every policy with path-style, and with virtual-host too.</summary>
    public static TheoryData<S3SigningPolicy, S3Addressing> AllModes()
    {
        var data = new TheoryData<S3SigningPolicy, S3Addressing>();
        foreach (var policy in new[] { S3SigningPolicy.SigV4, S3SigningPolicy.SigV2, S3SigningPolicy.Hybrid })
        {
            foreach (var addressing in new[] { S3Addressing.PathStyle, S3Addressing.VirtualHost })
            {
                data.Add(policy, addressing);
            }
        }

        return data;
    }

    public static TheoryData<S3SigningPolicy> AllPolicies() => new(S3SigningPolicy.SigV4, S3SigningPolicy.SigV2, S3SigningPolicy.Hybrid);

    public static async Task<S3Harness> CreateAsync(string serverName, S3Mode mode, Func<S3ClientOptions, S3ClientOptions>? configure = null)
    {
        var server = TestServers.Get(serverName);
        var client = NewClient(server, mode, configure);
        string bucket = $"it-{Guid.NewGuid():N}"[..30];
        await client.CreateBucketAsync(bucket);
        return new S3Harness(server, mode, client, bucket);
    }

    /// <summary>A client for the server in this mode (virtual-host: the endpoint's host becomes <c>localhost</c>).</summary>
    public static S3Client NewClient(TestServer server, S3Mode mode, Func<S3ClientOptions, S3ClientOptions>? configure = null)
    {
        var endpoint = mode.Addressing == S3Addressing.VirtualHost ? new UriBuilder(server.Endpoint) { Host = "localhost" }.Uri : server.Endpoint;
        var options = new S3ClientOptions
        {
            Endpoint = endpoint,
            Credentials = new AwsCredentials(server.AccessKey, server.SecretKey),
            Addressing = mode.Addressing,
            SigningPolicy = mode.Policy,
            RetryBaseDelay = TimeSpan.FromMilliseconds(50),
        };
        return new S3Client(configure?.Invoke(options) ?? options, TestServers.LoopbackHandler());
    }

    /// <summary>Another client on the same server and mode, with changed options (anonymous, wrong secret...).</summary>
    public S3Client Variant(Func<S3ClientOptions, S3ClientOptions> configure) => NewClient(Server, Mode, configure);

    public static byte[] RandomBytes(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        return data;
    }

    public static string Sha256(byte[] data) => Convert.ToHexString(SHA256.HashData(data));

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var upload in await Client.ListMultipartUploadsAsync(Bucket))
            {
                await Client.AbortMultipartUploadAsync(Bucket, upload.Key, upload.UploadId);
            }

            var keys = new List<string>();
            await foreach (var o in Client.ListAllObjectsAsync(Bucket))
            {
                keys.Add(o.Key);
            }

            foreach (string key in keys)
            {
                await Client.DeleteObjectAsync(Bucket, key);
            }

            await Client.DeleteBucketAsync(Bucket);
        }
        finally
        {
            Client.Dispose();
        }
    }
}
