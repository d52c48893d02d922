namespace Signing.S3.Tests.Integration;

/// <summary>
/// The S3 client against RGW over HTTPS with the test's private CA: the three payload modes, path
/// and virtual-host addressing (SNI = BUCKET.DOMAIN), and each kind of refused certificate as one
/// clear, unretried error.
/// </summary>
public sealed class RgwTlsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static TlsTestServer Server => TlsTestServer.Get();

    private static S3ClientOptions Options(Uri endpoint, S3Addressing addressing = S3Addressing.PathStyle) => new()
    {
        Endpoint = endpoint,
        Credentials = new AwsCredentials(Server.AccessKey, Server.SecretKey),
        Addressing = addressing,
        CaBundle = Server.CaFile,
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
    };

    public static TheoryData<string> Payloads() => new("hash", "unsigned", "streaming");

    private static Payload PayloadOf(string name) => name switch
    {
        "hash" => Payload.HashBody,
        "unsigned" => Payload.Unsigned,
        _ => Payload.Streaming(),
    };

    [TlsTheory]
    [MemberData(nameof(Payloads))]
    public async Task S3Client_Https_CaBundle_EachPayloadModeRoundTrips(string payload)
    {
        using var client = new S3Client(Options(Server.Endpoint) with { Payload = PayloadOf(payload) });
        await RoundTripAsync(client, sizes: [0, 1, 200_000]);
    }

    [TlsTheory]
    [InlineData(S3SigningPolicy.SigV4)]
    [InlineData(S3SigningPolicy.SigV2)]
    public async Task S3Client_HttpsVirtualHost_SniIsBucketName(S3SigningPolicy policy)
    {
        // https://s3.test:17443 → https://BUCKET.s3.test:17443: the certificate's *.s3.test must match
        // the bucket's host name, which only happens when SNI and the name check use it.
        using var client = new S3Client(Options(Server.NamedEndpoint, S3Addressing.VirtualHost) with { SigningPolicy = policy }, TlsTestServer.LoopbackHandler());
        string bucket = await RoundTripAsync(client, sizes: [5, 70_000]);
        Assert.StartsWith($"https://{bucket}.{Server.VhostDomain}:", client.GetPublicUrl(bucket, "k").ToString(), StringComparison.Ordinal);
    }

    [TlsFact]
    public async Task S3Client_HttpsWithoutCa_UntrustedNotRetried()
    {
        var counting = new CountingHandler(TlsTestServer.LoopbackHandler());
        using var client = new S3Client(Options(Server.Endpoint) with { CaBundle = null, MaxAttempts = 3 }, counting);
        var e = await Assert.ThrowsAsync<S3TlsException>(() => client.ListBucketsAsync());
        Assert.Equal(TlsFailureKind.Untrusted, e.Kind);
        Assert.Equal(1, counting.Sends);
        Assert.Contains($"{Server.Endpoint.Host}:{Server.Endpoint.Port}", e.Message, StringComparison.Ordinal);
        Assert.Contains("CaBundle", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [TlsFact]
    public async Task S3Client_HttpsOtherCa_UntrustedSaysBundleLacksTheCa()
    {
        using var client = new S3Client(Options(Server.Endpoint) with { CaBundle = TlsTestServer.WriteOtherCa(_temp.Path) });
        var e = await Assert.ThrowsAsync<S3TlsException>(() => client.ListBucketsAsync());
        Assert.Equal(TlsFailureKind.Untrusted, e.Kind);
        Assert.Contains("does not hold the CA", e.Message, StringComparison.Ordinal);
    }

    [TlsFact]
    public async Task S3Client_HttpsNameNotInCertificate_NameMismatchNamesTheHost()
    {
        // Connects to 127.0.0.1 but asks for other.invalid, a name the certificate does not hold.
        var endpoint = new UriBuilder(Server.Endpoint) { Host = "other.invalid" }.Uri;
        using var client = new S3Client(Options(endpoint), TlsTestServer.LoopbackHandler());
        var e = await Assert.ThrowsAsync<S3TlsException>(() => client.ListBucketsAsync());
        Assert.Equal(TlsFailureKind.NameMismatch, e.Kind);
        Assert.Contains("other.invalid", e.Message, StringComparison.Ordinal);
        Assert.Contains("*." + Server.VhostDomain, e.Message, StringComparison.Ordinal); // the names the certificate holds
    }

    [TlsFact]
    public async Task S3Client_HttpsVirtualHostDottedBucket_HintsPathStyle()
    {
        using var client = new S3Client(Options(Server.NamedEndpoint, S3Addressing.VirtualHost), TlsTestServer.LoopbackHandler());
        var e = await Assert.ThrowsAsync<S3TlsException>(() => client.HeadBucketAsync("my.dotted.bucket"));
        Assert.Equal(TlsFailureKind.NameMismatch, e.Kind);
        Assert.Contains("path-style", e.Message, StringComparison.Ordinal);
        Assert.Contains("'my.dotted.bucket'", e.Message, StringComparison.Ordinal);
    }

    [TlsFact]
    public async Task S3Client_HttpsDangerousAcceptAny_WorksWithoutCa()
    {
        using var client = new S3Client(Options(Server.Endpoint) with { CaBundle = null, DangerousAcceptAnyServerCertificate = true });
        await client.ListBucketsAsync();
    }

    /// <summary>Creates a bucket, puts, lists, gets and deletes objects of the sizes given, deletes the bucket; returns the bucket's name.</summary>
    private static async Task<string> RoundTripAsync(S3Client client, int[] sizes)
    {
        string bucket = $"tls-{Guid.NewGuid():N}"[..24];
        await client.CreateBucketAsync(bucket);
        try
        {
            foreach (int size in sizes)
            {
                byte[] data = S3Harness.RandomBytes(size);
                await client.PutObjectAsync(bucket, $"o{size}", data);
                Assert.Equal(S3Harness.Sha256(data), S3Harness.Sha256(await client.GetObjectBytesAsync(bucket, $"o{size}")));
            }

            var listed = new List<string>();
            await foreach (var o in client.ListAllObjectsAsync(bucket))
            {
                listed.Add(o.Key);
            }

            Assert.Equal(sizes.Select(s => $"o{s}").Order(StringComparer.Ordinal), listed);
            foreach (string key in listed)
            {
                await client.DeleteObjectAsync(bucket, key);
            }
        }
        finally
        {
            await client.DeleteBucketAsync(bucket);
        }

        return bucket;
    }

    private sealed class CountingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        public int Sends;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Sends);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
